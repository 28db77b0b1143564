"""The small target built once per test session, shared by the rule-level tests.

Under pytest-xdist every worker is its own process with its own session: the first worker
that needs the run builds it (under a file lock) in the temporary folder all workers share,
the others wait for it and reuse it. Tests must not change the shared run's files; tests
that need to change outputs copy it first (:func:`copy_ci_run`).
"""

import fcntl
import json
import shutil
from pathlib import Path

import pytest

from nanomag.runner import run_ci_target


@pytest.fixture(scope="session")
def ci_run(tmp_path_factory, worker_id):
    """(workdir, results) of `snakemake ci --configfile config/ci.yaml --cores 2`."""
    if worker_id == "master":  # not under xdist
        workdir = tmp_path_factory.mktemp("ci")
        return workdir, run_ci_target(workdir, cores=2)
    shared = tmp_path_factory.getbasetemp().parent  # common to all workers of this run
    with open(shared / "ci_run.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "ci_run.json"
        if not done.exists():
            workdir = shared / "ci_run"
            shutil.rmtree(workdir, ignore_errors=True)  # a build that failed in another worker
            workdir.mkdir()
            results = run_ci_target(workdir, cores=2)
            done.write_text(json.dumps([str(workdir), str(results)]))
        workdir, results = map(Path, json.loads(done.read_text()))
    return workdir, results


@pytest.fixture
def copy_ci_run(ci_run, tmp_path):
    """A private copy of the shared run (workflow, results and Snakemake's records)."""
    workdir, results = ci_run
    copy = tmp_path / "ci_copy"
    shutil.copytree(workdir, copy, symlinks=True,
                    ignore=shutil.ignore_patterns("locks", "nanomag_runs.pid", "log"))
    return copy, copy / results.relative_to(workdir)
