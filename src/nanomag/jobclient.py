"""The process of one workflow job: it hands the job to the run's warm job server.

A rule's ``run:`` block (in the main Snakemake process) writes the job's request with
:func:`write_request` and starts ``python -m nanomag.jobclient REQUEST_FILE`` through
Snakemake's ``shell()``, so that Snakemake sees, cancels and kills the job as it does any
shell job. This process imports only the standard library (about 0.03 s instead of the
0.2 s of a ``script:`` job, which imports Snakemake to unpickle its ``snakemake`` object):
it passes its working directory, environment, standard streams and the request to the job
server (:mod:`nanomag.jobserver`), which forks a warm child to run it, and exits with the
job's status. Without a server on this host (cluster node, ``NANOMAG_NO_JOB_SERVER=1``) it
runs the job itself.
"""

from __future__ import annotations

import os
import pickle
import socket
import struct
import sys
from typing import Any, Mapping

ADDRESS_VARIABLE = "NANOMAG_JOB_SERVER"
HEADER = struct.Struct("!Q")
STATUS = struct.Struct("!i")


def write_request(function: str, log_path: str | None, kwargs: Mapping[str, Any]) -> str:
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
    import tempfile  # (not needed by the job process itself)

    descriptor, path = tempfile.mkstemp(prefix="nanomag-job-", suffix=".pickle")
    with os.fdopen(descriptor, "wb") as file:
        pickle.dump({"function": function, "log": log_path, "kwargs": dict(kwargs)}, file)
    return path


def connect() -> socket.socket | None:
    """A connection to this host's job server, or None if there is none."""
    host, _, path = os.environ.get(ADDRESS_VARIABLE, "").partition(":")
    if not path or host != socket.gethostname():
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        connection.close()
        return None
    return connection


def receive_exactly(connection: socket.socket, size: int) -> bytes:
    """``size`` bytes from ``connection`` (ConnectionError if it closes before)."""
    data = bytearray()
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the connection closed before the message was complete")
        data += chunk
    return bytes(data)


def submit(connection: socket.socket, function: str, log_path: str | None,
           kwargs: Mapping[str, Any]) -> int:
    """Run a job on the server through ``connection``, with this process's working
    directory, environment and standard streams; return its exit status."""
    request = pickle.dumps({"function": function, "log": log_path, "kwargs": dict(kwargs),
                            "cwd": os.getcwd(), "env": dict(os.environ)})
    socket.send_fds(connection, [HEADER.pack(len(request))],
                    [sys.stdin.fileno(), sys.stdout.fileno(), sys.stderr.fileno()])
    connection.sendall(request)
    try:
        return STATUS.unpack(receive_exactly(connection, STATUS.size))[0]
    except ConnectionError:
        print("nanomag job server: the job ended without an exit status "
              "(killed, or the server stopped)", file=sys.stderr)
        return 1


def main(request_path: str) -> int:
    """Run the job of ``request_path`` (removed once read); return its exit status."""
    with open(request_path, "rb") as file:
        request = pickle.load(file)
    os.unlink(request_path)
    connection = connect()
    if connection is None:
        from nanomag.jobserver import run_locally

        return run_locally(request["function"], request["log"], request["kwargs"])
    # With a server, this process ends with the run: the server ends its jobs when the main
    # process is gone, and this process with the job's connection.
    with connection:
        return submit(connection, request["function"], request["log"], request["kwargs"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
