"""Resume after a killed run: release the Snakemake locks that no live run holds.

Snakemake locks the working directory while it runs (``.snakemake/locks``) and removes the
locks when it exits. A run killed with SIGKILL (out of memory, a dead node, ``kill -9``)
cannot remove them, and the next ``snakemake`` refuses to start until someone runs
``snakemake --unlock``. The locks do not say which process wrote them, so the ``Snakefile``
records the PID of every run (``.snakemake/nanomag_runs.pid``, dead ones pruned) and, before
Snakemake checks its locks, removes them if none of the recorded runs is alive. A lock held
by a live run is never touched, so two concurrent runs on the same outputs are still refused.
Together with ``rerun-incomplete`` (profile) the interrupted jobs are then simply rerun.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

LOCK_DIR = Path(".snakemake/locks")
RUNS_FILE = Path(".snakemake/nanomag_runs.pid")


def _alive(pid: int) -> bool:
    """True if a process with this PID exists (signal 0 probes without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _recorded_runs(runs_file: Path) -> list[int]:
    if not runs_file.exists():
        return []
    return [int(line) for line in runs_file.read_text().split() if line.isdigit()]


def release_stale_locks(lock_dir: Path = LOCK_DIR, runs_file: Path = RUNS_FILE) -> bool:
    """Remove Snakemake's locks if no recorded run is alive; record this run.

    Parameters
    ----------
    lock_dir : Path
        Snakemake's lock folder (``.snakemake/locks``).
    runs_file : Path
        PIDs of the runs that may hold locks, one per line.

    Returns
    -------
    bool
        True if stale locks were removed.
    """
    live = [pid for pid in _recorded_runs(runs_file) if _alive(pid) and pid != os.getpid()]
    removed = False
    if lock_dir.is_dir() and any(lock_dir.glob("*.lock")) and not live:
        shutil.rmtree(lock_dir)
        removed = True
    runs_file.parent.mkdir(parents=True, exist_ok=True)
    runs_file.write_text("".join(f"{pid}\n" for pid in [*live, os.getpid()]))
    return removed
