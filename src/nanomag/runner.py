"""Run the workflow from Python: a clean copy of it in a folder, and Snakemake inside it.

Used by the rule-level tests, the reference regeneration (:mod:`nanomag.reference`) and the
benchmark (:mod:`nanomag.benchmark`); none of them ever touches the ``results/`` of the
repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW_FILES = ("Snakefile", "workflow", "config", "profiles", "src", "environment.yml")


def copy_workflow(destination: Path) -> Path:
    """Copy what the workflow needs (not results, caches or the venv) into ``destination``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".snakemake", "results")
    for name in WORKFLOW_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=ignore, symlinks=True)
        else:
            shutil.copy2(source, destination / name)
    return destination


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run Snakemake in ``workdir`` with caches kept inside it; return the finished process."""
    env = dict(os.environ, XDG_CACHE_HOME=str(workdir / ".cache"),
               MPLCONFIGDIR=str(workdir / ".cache" / "matplotlib"))
    command = [sys.executable, "-m", "snakemake", *args]
    result = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed in {workdir}:\n"
                           f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def results_root(config_file: str | Path = ROOT / "config" / "config.yaml") -> Path:
    """The ``results_root`` a configuration file writes under (relative to the workdir)."""
    import yaml

    return Path(yaml.safe_load(Path(config_file).read_text())["results_root"])


CI_ROOT = results_root(ROOT / "config" / "ci.yaml")
"""Where the small configuration (``config/ci.yaml``) writes: ``results/ci``."""


def run_ci_target(workdir: Path, cores: int = 2, *extra: str) -> Path:
    """Copy the workflow into ``workdir``, build the ``ci`` target, return its results root.

    ``extra`` are further Snakemake arguments (e.g. ``--executor``).
    """
    copy_workflow(workdir)
    snakemake(workdir, "ci", "--configfile", "config/ci.yaml", "--cores", str(cores), *extra)
    return workdir / CI_ROOT
