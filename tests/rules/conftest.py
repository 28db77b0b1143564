"""The small target built once per test session, shared by the rule-level tests."""

import pytest

from nanomag.reference import run_ci_target


@pytest.fixture(scope="session")
def ci_run(tmp_path_factory):
    """(workdir, results) of `snakemake ci --configfile config/ci.yaml --cores 2`."""
    workdir = tmp_path_factory.mktemp("ci")
    return workdir, run_ci_target(workdir, cores=2)
