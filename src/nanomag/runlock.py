"""Resume after a killed run: release the Snakemake locks that no live run holds.

Snakemake locks the working directory while it runs (``.snakemake/locks``) and removes the
locks when it exits. A run killed with SIGKILL (out of memory, a dead node, ``kill -9``)
cannot remove them, and the next ``snakemake`` refuses to start until someone runs
``snakemake --unlock``. The locks do not say which process wrote them, so the ``Snakefile``
records the PID of every run (``.snakemake/nanomag_runs.pid``, dead ones pruned) and, before
Snakemake checks its locks, removes them if none of the recorded runs is alive. A lock held
by a live run is never touched, so two concurrent runs on the same outputs are still refused.
Together with ``rerun-incomplete`` (profile) the interrupted jobs are then simply rerun.
The PID file is read, pruned and rewritten under an exclusive ``fcntl`` lock, so runs that
start together never lose each other's PID.

The jobs of a run killed with SIGKILL would keep running as orphans while the next run
redoes them: the ``Snakefile`` publishes the main process as ``NANOMAG_MAIN_PROCESS``
(``host:pid``) and every job watches it (:func:`end_with_main_process`) and exits when it
is gone.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import threading
from pathlib import Path

LOCK_DIR = Path(".snakemake/locks")
RUNS_FILE = Path(".snakemake/nanomag_runs.pid")
MAIN_PROCESS_VARIABLE = "NANOMAG_MAIN_PROCESS"


def _alive(pid: int) -> bool:
    """True if a process with this PID exists (signal 0 probes without sending)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _zombie(pid: int) -> bool:
    """True if the process has exited and waits to be reaped (Linux ``/proc``)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] == "Z"


def _recorded_runs(text: str) -> list[int]:
    return [int(line) for line in text.split() if line.isdigit()]


def release_stale_locks(lock_dir: Path = LOCK_DIR, runs_file: Path = RUNS_FILE) -> bool:
    """Remove Snakemake's locks if no recorded run is alive; record this run.

    The whole read-prune-write of ``runs_file`` holds an exclusive ``fcntl`` lock on it.

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
    runs_file.parent.mkdir(parents=True, exist_ok=True)
    with open(runs_file, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed
        handle.seek(0)
        live = [pid for pid in _recorded_runs(handle.read())
                if _alive(pid) and pid != os.getpid()]
        removed = False
        if lock_dir.is_dir() and any(lock_dir.glob("*.lock")) and not live:
            shutil.rmtree(lock_dir)
            removed = True
        handle.seek(0)
        handle.truncate()
        handle.write("".join(f"{pid}\n" for pid in [*live, os.getpid()]))
        handle.flush()
    return removed


def publish_main_process() -> None:
    """Let this run's jobs (child processes) know the main process: ``host:pid``."""
    os.environ[MAIN_PROCESS_VARIABLE] = f"{socket.gethostname()}:{os.getpid()}"


def end_with_main_process(poll_s: float = 0.5) -> threading.Thread | None:
    """Exit this job as soon as the run's main Snakemake process is gone.

    A daemon thread polls the PID published by :func:`publish_main_process` (only on the
    host that published it: a cluster job on another node is left alone). A job whose main
    process was killed with SIGKILL then ends within ``poll_s`` instead of running on as an
    orphan while the next run redoes it; its output is incomplete and rerun.

    Returns
    -------
    threading.Thread or None
        The watchdog, or None when no main process is published for this host.
    """
    host, _, pid = os.environ.get(MAIN_PROCESS_VARIABLE, "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return None

    def watch() -> None:
        while _alive(int(pid)) and not _zombie(int(pid)):
            threading.Event().wait(poll_s)
        from nanomag.io import remove_unfinished_files

        remove_unfinished_files()
        os._exit(143)  # as if terminated by SIGTERM

    thread = threading.Thread(target=watch, name="nanomag-watchdog", daemon=True)
    thread.start()
    return thread
