"""The warm job server (nanomag.jobserver): a job submitted to it runs in a fork of the
server with the submitting process's working directory, environment, standard streams and
exit status; without a server a job runs in its own process; the server ends with its
parent's pipe."""

import ast
import os
import subprocess
import sys
import time

import pytest

from nanomag import jobserver


def _submit(tmp_path, function, env, **kwargs):
    """Run ``run_job(function, log, **kwargs)`` in a fresh process in ``tmp_path``."""
    code = ("import sys\nfrom nanomag.jobs import run_job\n"
            f"run_job({function!r}, {str(tmp_path / 'job.log')!r}, **{kwargs!r})\n")
    return subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def server():
    started = jobserver.JobServer()
    assert started.publish(timeout_s=60), "the job server did not start listening"
    env = dict(os.environ)
    os.environ.pop(jobserver.ADDRESS_VARIABLE)
    yield started, env
    started.stop()


def _probe(tmp_path, text):
    path = tmp_path / "probe.py"
    path.write_text(text)
    return str(path)


def test_a_job_runs_in_a_fork_of_the_server_in_the_callers_folder(server, tmp_path):
    started, env = server
    probe = _probe(tmp_path, "import os\nopen('parent', 'w').write(str(os.getppid()))\n")
    done = _submit(tmp_path, "runpy:run_path", env, path_name=probe)
    assert done.returncode == 0, done.stderr
    # written in the caller's working directory, by a child of the server
    assert int((tmp_path / "parent").read_text()) == started.process.pid
    assert (tmp_path / "job.log").is_file()  # the job's log file was opened


def test_a_failing_job_reports_its_traceback_and_exit_status(server, tmp_path):
    _, env = server
    (tmp_path / "made").mkdir()
    failed = _submit(tmp_path, "os:makedirs", env, name="made")
    assert failed.returncode == 1
    assert "FileExistsError" in failed.stderr  # the child wrote on the caller's stderr
    stopped = _submit(tmp_path, "runpy:run_path", env,
                      path_name=_probe(tmp_path, "raise SystemExit(3)\n"))
    assert stopped.returncode == 3


def test_the_job_sees_the_callers_environment(server, tmp_path):
    _, env = server
    probe = _probe(tmp_path, "import os\nassert os.environ['NANOMAG_TEST_MARK'] == 'caller'\n")
    done = _submit(tmp_path, "runpy:run_path", dict(env, NANOMAG_TEST_MARK="caller"),
                   path_name=probe)
    assert done.returncode == 0, done.stderr


def test_without_a_server_the_job_runs_in_its_own_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != jobserver.ADDRESS_VARIABLE}
    done = _submit(tmp_path, "os:makedirs", env, name="made")
    assert done.returncode == 0 and (tmp_path / "made").is_dir()
    gone = dict(env, **{jobserver.ADDRESS_VARIABLE: f"{os.uname().nodename}:/nonexistent"})
    assert _submit(tmp_path, "os:makedirs", gone, name="other").returncode == 0


def _client(tmp_path, function, env, **kwargs):
    """Run ``function(**kwargs)`` as a ``run:`` block's job does: a request file, then the
    lean job process ``python -I -S .../jobclient.py FILE`` (nanomag.jobs.hand_over)."""
    from nanomag.jobclient import command, write_request

    request = write_request(function, str(tmp_path / "job.log"), kwargs)
    done = subprocess.run(command(request), cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    return done, request


def test_the_lean_client_hands_its_job_to_the_server(server, tmp_path):
    started, env = server
    probe = _probe(tmp_path, "import os\nopen('parent', 'w').write(str(os.getppid()))\n")
    done, request = _client(tmp_path, "runpy:run_path", env, path_name=probe)
    assert done.returncode == 0, done.stderr
    assert int((tmp_path / "parent").read_text()) == started.process.pid
    assert not os.path.exists(request)  # the request file is removed once read
    failed, _ = _client(tmp_path, "runpy:run_path", env,
                        path_name=_probe(tmp_path, "raise SystemExit(3)\n"))
    assert failed.returncode == 3


def test_without_a_server_the_lean_client_runs_its_job_itself(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != jobserver.ADDRESS_VARIABLE}
    probe = _probe(tmp_path, "import os\nopen('pid', 'w').write(str(os.getpid()))\n")
    done, _ = _client(tmp_path, "runpy:run_path", env, path_name=probe)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "pid").is_file() and (tmp_path / "job.log").is_file()
    failed, _ = _client(tmp_path, "os:makedirs", env, name=str(tmp_path))
    assert failed.returncode != 0 and "FileExistsError" in failed.stderr


def test_the_server_ends_when_its_parent_closes_the_pipe():
    started = jobserver.JobServer()
    assert started.publish(timeout_s=60)
    os.environ.pop(jobserver.ADDRESS_VARIABLE)
    process, socket_path = started.process, started.socket_path
    started.stop()
    assert process.poll() is not None
    assert not socket_path.exists()


def test_words_keep_math_together():
    from nanomag.plotting import _words

    assert _words(r"A $x + y$ and  $\$5$ b") == ["A", "$x + y$", "and", r"$\$5$", "b"]


@pytest.mark.parametrize("argv, runs", [
    (["snakemake"], True),
    (["snakemake", "--cores", "2", "ci", "--configfile", "config/ci.yaml"], True),
    (["snakemake", "-n"], False),
    (["snakemake", "-np", "all"], False),
    (["snakemake", "--dry-run"], False),
    (["snakemake", "--report", "r.html"], False),
    (["snakemake", "--lint"], False),
    (["snakemake", "-j", "2"], True),
])
def test_command_runs_jobs(argv, runs):
    assert jobserver.command_runs_jobs(argv) is runs


_TEMPORARIES = """
import resource, sys
import numpy as np
from nanomag.jobserver import keep_freed_memory
applied = keep_freed_memory() if sys.argv[1] == "keep" else None
rng = np.random.default_rng(0)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for size in rng.integers(20_000, 400_000, 200):  # temporaries of 160 kB - 3.2 MB
    x = np.linspace(0.1, 1.0, int(size))
    y = np.exp(-x) * np.sqrt(x) + x * x
print(applied, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_jobs_keep_freed_memory_instead_of_faulting_in_every_temporary():
    """glibc's default maps and unmaps such temporaries: ~100,000 page faults for these 200
    (each of its pages touched anew). Kept in the heap: a few thousand (its growth)."""
    runs = {mode: subprocess.run([sys.executable, "-c", _TEMPORARIES, mode], capture_output=True,
                                 text=True, timeout=120, check=True).stdout.split()
            for mode in ("default", "keep")}
    assert runs["keep"][0] == "True"
    default_faults, kept_faults = int(runs["default"][1]), int(runs["keep"][1])
    assert kept_faults * 5 < default_faults, (default_faults, kept_faults)


def test_the_warm_caches_are_argument_free_cached_functions():
    """What the server fills before forking must be a process cache a job would fill with the
    same values (an lru_cache of a function without arguments), not state of its own."""
    import importlib

    for target in jobserver.WARM_CACHES:
        module, name = target.split(":")
        function = getattr(importlib.import_module(module), name)
        function.cache_clear()
        function()
        assert function.cache_info().currsize == 1, target


def test_jobs_inherit_the_plotting_set_up_but_no_open_font(server, tmp_path):
    """Once the server has preloaded, a forked job finds the mathtext grammar built and the
    PDF fonts decompiled, and no font file open: FreeType reads a font through its file's
    offset, which the server's forked jobs would share."""
    from nanomag.plotting import EMBEDDED_FONT_COPIES

    _, env = server
    probe = _probe(tmp_path, (
        "import os\nfrom matplotlib import mathtext\nfrom nanomag import plotting\n"
        "opened = []\n"
        "for fd in os.listdir('/proc/self/fd'):\n"
        "    try:\n"
        "        opened.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
        "    except OSError:\n"
        "        pass\n"
        "fonts = [path for path in opened if path.endswith(('.ttf', '.otf', '.afm'))]\n"
        "ready = mathtext.MathTextParser._parser is not None\n"
        "copies = sum(map(len, plotting._PREPARED_FONTS.values()))\n"
        "open('state', 'w').write(repr((ready, copies, fonts)))\n"))
    deadline = time.monotonic() + 60
    while True:  # the server serves jobs while it still preloads
        done = _submit(tmp_path, "runpy:run_path", env, path_name=probe)
        assert done.returncode == 0, done.stderr
        ready, copies, fonts = ast.literal_eval((tmp_path / "state").read_text())
        if copies or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert ready
    assert copies == sum(EMBEDDED_FONT_COPIES.values())
    assert fonts == []


def test_a_job_whose_process_is_killed_removes_the_file_it_was_writing(server, tmp_path):
    """The job process killed (Snakemake cancelling it, or ``kill -9`` of the run): the
    forked job ends without leaving its half-written output's temporary file behind."""
    import signal

    from nanomag.jobclient import command, write_request

    started, env = server
    probe = _probe(tmp_path, (
        "import time\nfrom nanomag.io import replace_atomically\n"
        "with replace_atomically('table.parquet') as temporary:\n"
        "    temporary.write_bytes(b'half')\n"
        "    time.sleep(60)\n"))
    request = write_request("runpy:run_path", str(tmp_path / "job.log"), {"path_name": probe})
    client = subprocess.Popen(command(request), cwd=tmp_path, env=env)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".table.*.tmp.parquet")):
        assert time.monotonic() < deadline, "the job never started writing"
        time.sleep(0.02)
    client.send_signal(signal.SIGKILL)
    client.wait()
    deadline = time.monotonic() + 10
    while list(tmp_path.glob(".table.*.tmp.parquet")):
        assert time.monotonic() < deadline, "the killed job left its temporary file"
        time.sleep(0.02)
    assert not (tmp_path / "table.parquet").exists()
