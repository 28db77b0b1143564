"""Warm job server: every job of a local run starts from an interpreter that has already
imported NumPy, SciPy, pandas, pyarrow, Matplotlib and the physics modules.

Why: a job of this pipeline computes or draws for 0.1-1 s but used to spend about 1 s
importing its libraries (measured with ``python -X importtime``: Matplotlib 0.5 s, pandas
0.45 s, SciPy 0.5 s, pyarrow 0.2 s), and a full run has about 90 jobs. Like the persistent
workers of Bazel, one process pays the imports once and forks a child per job.

How: the ``Snakefile`` of a local run starts :func:`serve` while Snakemake builds the DAG
(:class:`JobServer`; not for a dry run, a report or a lint) and publishes its address when
the jobs start (``onstart``), in the environment variable ``NANOMAG_JOB_SERVER`` (``host:path``
of a Unix socket), which Snakemake passes to every job. A job's process (the lean
:mod:`nanomag.jobclient` of the generic rules' ``run:`` blocks, or a thin ``script:`` calling
:func:`nanomag.jobs.run_job`) sends the job (library function, keyword arguments, log
file, working directory, environment) and its standard input, output and error to the
server; the server forks a child that runs it with those three files and answers with its
exit status, which the job's own process exits with. Snakemake sees an ordinary job: its
wall time, exit status, log and stderr are the job's; only its ``benchmark:`` CPU and memory
columns miss the child (Snakemake measures the job's process tree).

Every job is a fresh fork of the same warm parent, so jobs share no state (every job sets
its own logging and Matplotlib style, every random generator is seeded from the config). Without a server (a dry run, a job
on another host of a cluster, a job started by hand, ``NANOMAG_JOB_SERVER`` unset or the
socket gone) :func:`nanomag.jobs.run_job` runs the job in its own process as before.

Lifetime: the server exits when its standard input closes, which happens when the run's
main process ends, however it ends (``kill -9`` included); it then terminates the jobs still
running. A job whose process is killed (Snakemake cancelling it, or the main process gone)
ends its child too: the child exits as soon as the job's connection closes.
"""

from __future__ import annotations

import gc
import importlib
import marshal
import os
import pickle
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Mapping

from nanomag.jobclient import ADDRESS_VARIABLE, HEADER, STATUS, receive_exactly

# Modules every job of the pipeline needs (their import is what the server saves). Some
# are imported lazily by the libraries, in every job that uses them (measured in forked
# jobs): pyarrow.dataset by the first read_table (15 ms of every job that reads a table),
# contourpy by the first contour (11 ms), pandas' reshape by the first pivot (4 ms), the
# UTF-16/32 codecs by fontTools (2 ms); nanomag.jobs by every job (9 ms: the project's
# modules are compiled from source where PYTHONDONTWRITEBYTECODE is set).
PRELOAD = (
    "numpy", "pandas", "pandas.core.reshape.reshape", "pyarrow.parquet", "pyarrow.dataset",
    "scipy.special", "scipy.optimize", "scipy.integrate", "scipy.linalg", "scipy.interpolate",
    "matplotlib", "contourpy", "encodings.utf_16_be", "encodings.utf_32_be",
    "nanomag.io", "nanomag.config", "nanomag.jobs", "nanomag.plotting", "nanomag.scorecard",
    "nanomag.variants",
)
PAPERS = ("orbital_dimers", "emr_anisotropy", "vibrational_magnetism", "granular_exchange",
          "cluster_pairing")
# Per-process caches of pure functions that several jobs of a run fill with the same values:
# filled once in the server, every job inherits them (bit-identical to computing them itself).
# The spherical Bessel zeros below 120 (0.5-0.6 s) serve five orbital_dimers tables and its
# scorecard.
WARM_CACHES = ("nanomag.orbital_dimers.orbital_response:_default_zeros",)


def preload() -> None:
    """Import the libraries and every physics and plotting module of the five papers, set up
    Matplotlib as every plot job does (backend, style, font subsetting), fill the caches
    of :data:`WARM_CACHES`, build the mathtext grammar and decompile the fonts that PDFs
    embed (:func:`nanomag.plotting.build_mathtext_parser`,
    :func:`nanomag.plotting.prepare_embedded_fonts`).

    Nothing here opens a font file for drawing: matplotlib's FreeType fonts read their files
    through a file offset that forked jobs would share. A warm-up figure drawn here (fonts
    then closed) was measured to make the 33 forked plot jobs slower, not faster."""
    for _ in preload_steps():
        pass


def preload_steps():
    """:func:`preload` one module at a time (a generator: the server serves the jobs that
    arrive between two imports, they import what is still missing themselves)."""
    for name in PRELOAD:
        importlib.import_module(name)
        yield name
    from nanomag.plotting import use_style

    use_style()
    import matplotlib.backends.backend_agg  # noqa: F401  (both formats every figure saves)
    import matplotlib.backends.backend_pdf  # noqa: F401
    from PIL import Image

    Image.preinit()  # the image plugins a PNG's save imports (7 ms of every plot job)

    for paper in PAPERS:
        package = importlib.import_module(f"nanomag.{paper}")
        folder = Path(package.__file__).parent
        for path in sorted(folder.glob("*.py")) + sorted(folder.glob("plots/*.py")):
            if path.stem != "__init__":
                relative = path.relative_to(folder).with_suffix("")
                name = f"nanomag.{paper}." + ".".join(relative.parts)
                importlib.import_module(name)
                yield name
    for target in WARM_CACHES:
        module, function = target.split(":")
        getattr(importlib.import_module(module), function)()
        yield target
    from nanomag.plotting import build_mathtext_parser, prepare_embedded_fonts

    build_mathtext_parser()
    prepare_embedded_fonts()
    yield "mathtext parser and the fonts embedded in PDFs"


# glibc's mallopt parameters (malloc.h) and the values the jobs run with.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3
MALLOC_SETTINGS = {_M_MMAP_THRESHOLD: 32 << 20, _M_TRIM_THRESHOLD: 128 << 20,
                   _M_TOP_PAD: 16 << 20}


def keep_freed_memory() -> bool:
    """Let this process reuse the memory of freed NumPy temporaries instead of returning it
    to the system after every array operation (glibc only; elsewhere nothing changes).

    By default glibc maps every allocation above its (adaptive) threshold of 128 kB to
    pages of its own and unmaps them on free, and trims the heap's free top: each temporary
    of a vectorised quadrature or pair sum then costs system calls and page faults for
    every page it touches. Here allocations up to 32 MB come from the heap, up to 128 MB
    of free heap are kept, and the heap grows in steps of 16 MB. Measured (2 cores, full
    configuration): the granular Fig. 4 map 14.4 -> 11.9 s (2.8 s of system time and 1.9
    million page faults -> 0), a full run 15-17 -> 8.5 s of system time. Results are
    unchanged to the last bit (all 57 tables and 33 figures compared). A job's memory
    can stay up to ~150 MB above what it uses at the moment, never above its peak plus that.

    Returns
    -------
    bool
        Whether the settings were applied.
    """
    import ctypes

    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this interpreter runs on
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    return all(mallopt(option, value) == 1 for option, value in MALLOC_SETTINGS.items())


def serve(socket_path: str | Path) -> None:
    """Serve jobs on the Unix socket ``socket_path`` until standard input closes.

    The socket listens before the imports; a job that arrives while the server imports is
    forked between two imports (it imports what is still missing), so no job waits for the
    whole preload. A daemon thread blocked in ``os.read`` on standard input ends the server
    and its jobs when the pipe closes; it holds no lock, so the forked children (which have
    only the forking thread) inherit none.
    """
    keep_freed_memory()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(socket_path))
    listener.listen(128)
    threading.Thread(target=_end_when_stdin_closes, daemon=True).start()
    for _ in preload_steps():
        _serve_arrived(listener, timeout_s=0.0)
    while True:
        _serve_arrived(listener, timeout_s=1.0)


def _serve_arrived(listener: socket.socket, timeout_s: float) -> None:
    """Fork a child for every job waiting on ``listener`` (waiting up to ``timeout_s`` for
    one), and reap the finished ones."""
    while True:
        ready, _, _ = select.select([listener], [], [], timeout_s)
        _reap_children()
        if not ready:
            return
        connection, _ = listener.accept()
        sys.stdout.flush()
        sys.stderr.flush()
        # The child's garbage collector never scans what the server holds (the imported
        # libraries: a gen-2 collection of a plot job traversed them about once per
        # figure, 12 % of the figures' CPU, and touching them copied their memory pages).
        gc.freeze()
        if os.fork() == 0:
            listener.close()
            _run_request(connection)  # never returns
        connection.close()
        timeout_s = 0.0


def _end_when_stdin_closes() -> None:
    try:
        while os.read(sys.stdin.fileno(), 4096):
            pass
    finally:  # end of file, or any error reading it: never outlive the run
        _end_all_jobs()


def _reap_children() -> None:
    """Collect the exit status of finished jobs (their CPU time then counts in this
    process's children's time, as for jobs Snakemake starts itself)."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:  # no child left
        pass


def _end_all_jobs() -> None:
    """Terminate this server and the jobs it forked (they share its process group). A job
    removes the file it was writing and exits (:func:`_end_job`; between two Python
    operations, so a long NumPy call finishes first); the server has SIGTERM's default
    action."""
    try:
        os.killpg(os.getpgid(0), signal.SIGTERM)
    finally:
        os._exit(0)


def _run_request(connection: socket.socket) -> None:
    """In the forked child: receive one job, run it, send its exit status, exit."""
    status = 1
    try:
        header, fds, _, _ = socket.recv_fds(connection, HEADER.size, 3)
        message = marshal.loads(receive_exactly(connection, HEADER.unpack(header)[0]))
        request = pickle.loads(message["request"])
        for target, fd in zip((0, 1, 2), fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(message["cwd"])
        os.environ.clear()
        os.environ.update(message["env"])
        # The job ends when its process does (cancelled by Snakemake, or killed), or when the
        # server ends its jobs (SIGTERM).
        signal.signal(signal.SIGTERM, _end_job)
        threading.Thread(target=_exit_when_closed, args=(connection,), daemon=True).start()
        status = run_locally(request["function"], request["log"], request["kwargs"])
    except BaseException:  # noqa: BLE001  (reported on the job's stderr, exit status 1)
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            connection.sendall(STATUS.pack(status))
        finally:
            os._exit(status)


def _exit_when_closed(connection: socket.socket) -> None:
    try:
        connection.recv(1)
    finally:
        _end_job(signal.SIGTERM, None)


def _end_job(signum, frame) -> None:
    """End this job at once (its process was killed, or the server ends), without leaving
    the file it was writing behind."""
    from nanomag.io import remove_unfinished_files

    remove_unfinished_files()
    os._exit(128 + signum)  # 143: as if terminated by SIGTERM


def run_locally(function: str, log_path: str | None, kwargs: Mapping[str, Any]) -> int:
    """Run one job in this process: its logging, then ``function(**kwargs)``.

    Returns the exit status (0, or that of a ``SystemExit``); other exceptions propagate.
    """
    from nanomag.config import resolve
    from nanomag.jobs import start_logging

    keep_freed_memory()
    start_logging(log_path)
    try:
        resolve(function)(**kwargs)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return 0


# Snakemake options after which no job runs (a server started for them is only wasted work).
_NO_JOBS = {"-n", "--dry-run", "--dryrun", "--just-print", "--lint", "--report", "--dag",
            "--rulegraph", "--filegraph", "--list", "-l", "--list-rules", "--unlock",
            "--touch", "-t", "--summary", "-S", "--detailed-summary", "-D",
            "--delete-all-output", "--delete-temp-output", "--cleanup-metadata",
            "--list-changes", "--lc", "--list-target-rules", "--lt", "--help", "-h",
            "--version", "-v"}


def command_runs_jobs(argv) -> bool:
    """False if the Snakemake command line ``argv`` plainly runs no job (a dry run, a
    report, a lint...). A wrong guess costs only speed: a job without a server runs in its
    own process, a server without jobs ends with the run."""
    for argument in argv[1:]:
        option = argument.split("=", 1)[0]
        short_cluster = (argument.startswith("-") and not argument.startswith("--")
                         and argument[1:].isalpha() and "n" in argument[1:])
        if option in _NO_JOBS or short_cluster:
            return False
    return True


class JobServer:
    """The server process of one run, started by the ``Snakefile``.

    Its standard input is a pipe from this process: closing it (:meth:`stop`, or this
    process ending in any way) ends the server and its jobs.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="nanomag-jobs-"))
        self.socket_path = self.folder / "socket"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nanomag.jobserver", str(self.socket_path)],
            stdin=subprocess.PIPE, start_new_session=True)

    def publish(self, timeout_s: float = 10.0) -> bool:
        """Let the run's jobs find the server (environment variable ``NANOMAG_JOB_SERVER``)
        once it listens; False (jobs then run in their own processes) if it does not within
        ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while not self.socket_path.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        os.environ[ADDRESS_VARIABLE] = f"{socket.gethostname()}:{self.socket_path}"
        return True

    def stop(self) -> None:
        """End the server (and any job still running on it) and remove its socket."""
        os.environ.pop(ADDRESS_VARIABLE, None)
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.socket_path.unlink(missing_ok=True)
        self.folder.rmdir()


if __name__ == "__main__":
    serve(sys.argv[1])
