"""The process of one workflow job: it hands the job to the run's warm job server.

A rule's ``run:`` block (in the main Snakemake process) writes the job's request with
:func:`write_request` and starts this module's job process (:func:`command`) through
Snakemake's ``shell()``, so that Snakemake sees, cancels and kills the job as it does any
shell job. The process starts lean (``python -I -S`` on this file: no site packages) and
imports only C modules of the standard library: about 25 ms of CPU with the shell that
starts it, against 40-50 ms for ``python -m nanomag.jobclient`` (site packages, ``socket``,
``pickle``, ``typing``) and 0.2 s for a ``script:`` job, which imports Snakemake to
unpickle its ``snakemake`` object. It passes its working directory, environment, standard streams and the request (as
written, still pickled) to the job server (:mod:`nanomag.jobserver`), which forks a warm child
to run it, and exits with the job's status. Without a server on this host (cluster node,
``NANOMAG_NO_JOB_SERVER=1``) it replaces itself by a full interpreter that runs the job.
"""

from __future__ import annotations

import marshal
import os
import sys
from array import array
from struct import Struct

import _socket  # the C module under `socket`, which alone would double this process's start

ADDRESS_VARIABLE = "NANOMAG_JOB_SERVER"
HEADER = Struct("!Q")
STATUS = Struct("!i")


def command(request_path: str) -> list[str]:
    """The command line of the job process of ``request_path``: this file run by the current
    interpreter without site packages (``-S``) or environment (``-I``: ``PYTHON*`` variables
    ignored, the file's folder not on ``sys.path``)."""
    return [sys.executable, "-I", "-S", os.path.abspath(__file__), request_path]


def write_request(function: str, log_path: str | None, kwargs: dict) -> str:
    """Write one job's request to a new temporary file; return its path.

    Parameters
    ----------
    function : str
        ``"module:function"`` of the job, e.g. ``"nanomag.jobs:compute_table"``.
    log_path : str or None
        The job's Snakemake log file.
    kwargs : mapping
        Plain (picklable) arguments of ``function``.
    """
    import pickle
    import tempfile

    descriptor, path = tempfile.mkstemp(prefix="nanomag-job-", suffix=".pickle")
    with os.fdopen(descriptor, "wb") as file:
        pickle.dump({"function": function, "log": log_path, "kwargs": dict(kwargs)}, file)
    return path


def connect() -> _socket.socket | None:
    """A connection to this host's job server, or None if there is none."""
    host, _, path = os.environ.get(ADDRESS_VARIABLE, "").partition(":")
    if not path or host != _socket.gethostname():
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection


def receive_exactly(connection, size: int) -> bytes:
    """``size`` bytes from ``connection`` (ConnectionError if it closes before)."""
    data = bytearray()
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the connection closed before the message was complete")
        data += chunk
    return bytes(data)


def submit(connection, function: str, log_path: str | None, kwargs: dict) -> int:
    """Run a job on the server through ``connection``, with this process's working
    directory, environment and standard streams; return its exit status."""
    import pickle

    return send_request(connection, pickle.dumps({"function": function, "log": log_path,
                                                  "kwargs": dict(kwargs)}))


def send_request(connection, request: bytes) -> int:
    """Send ``request`` (the pickled function, log and arguments of a job, see
    :func:`write_request`) with this process's working directory, environment and standard
    streams to the server; return the job's exit status."""
    message = marshal.dumps({"request": request, "cwd": os.getcwd(), "env": dict(os.environ)})
    streams = array("i", [sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno()])
    connection.sendmsg([HEADER.pack(len(message))],
                       [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, streams)])
    connection.sendall(message)
    try:
        return STATUS.unpack(receive_exactly(connection, STATUS.size))[0]
    except ConnectionError:
        print("nanomag job server: the job ended without an exit status "
              "(killed, or the server stopped)", file=sys.stderr)
        return 1


def main(request_path: str) -> int:
    """Run the job of ``request_path`` (removed once read); return its exit status."""
    connection = connect()
    if connection is None:
        if sys.flags.no_site:  # started lean: the job needs the site packages
            os.execv(sys.executable, [sys.executable, "-m", "nanomag.jobclient", request_path])
        import pickle

        from nanomag.jobserver import run_locally

        with open(request_path, "rb") as file:
            request = pickle.load(file)
        os.unlink(request_path)
        return run_locally(request["function"], request["log"], request["kwargs"])
    with open(request_path, "rb") as file:
        request = file.read()
    os.unlink(request_path)
    # With a server, this process ends with the run: the server ends its jobs when the main
    # process is gone, and this process with the job's connection.
    try:
        return send_request(connection, request)
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
