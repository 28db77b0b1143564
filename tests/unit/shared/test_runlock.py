"""Stale Snakemake locks are released only when no recorded run is alive."""

import os
import subprocess
import sys

from nanomag.runlock import release_stale_locks


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _locks(tmp_path):
    lock_dir = tmp_path / "locks"
    lock_dir.mkdir()
    (lock_dir / "0.output.lock").write_text("results/x.parquet\n")
    return lock_dir


def test_locks_of_a_dead_run_are_released_and_this_run_recorded(tmp_path):
    lock_dir, runs = _locks(tmp_path), tmp_path / "runs.pid"
    runs.write_text(f"{_dead_pid()}\n")
    assert release_stale_locks(lock_dir, runs)
    assert not lock_dir.exists()
    assert runs.read_text().split() == [str(os.getpid())]


def test_locks_of_a_live_run_are_kept(tmp_path):
    lock_dir, runs = _locks(tmp_path), tmp_path / "runs.pid"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        runs.write_text(f"{_dead_pid()}\n{live.pid}\n")
        assert not release_stale_locks(lock_dir, runs)
        assert (lock_dir / "0.output.lock").exists()
        assert runs.read_text().split() == [str(live.pid), str(os.getpid())]
    finally:
        live.kill()
        live.wait()


def test_nothing_to_do_without_locks(tmp_path):
    assert not release_stale_locks(tmp_path / "locks", tmp_path / "runs.pid")


def test_runs_started_together_never_lose_each_others_pid(tmp_path):
    """Many runs register at the same moment: every live PID is still recorded."""
    lock_dir, runs = tmp_path / "locks", tmp_path / "runs.pid"
    go = tmp_path / "go"
    script = (
        "import sys, time, pathlib\n"
        "from nanomag.runlock import release_stale_locks\n"
        f"go = pathlib.Path({str(go)!r})\n"
        "while not go.exists(): time.sleep(0.001)\n"
        f"release_stale_locks(pathlib.Path({str(lock_dir)!r}), pathlib.Path({str(runs)!r}))\n"
        "print('registered', flush=True)\n"
        "sys.stdin.read()\n"  # stay alive until the test has looked
    )
    runs_started = [subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True) for _ in range(24)]
    try:
        go.touch()
        for run in runs_started:
            assert run.stdout.readline().strip() == "registered"
        assert sorted(map(int, runs.read_text().split())) == sorted(r.pid for r in runs_started)
    finally:
        for run in runs_started:
            run.stdin.close()
            run.wait()


def test_a_job_ends_with_the_main_process(tmp_path):
    """kill -9 of the main process: its job (a grandchild) exits instead of running on."""
    job = (
        "import time\n"
        "from nanomag.runlock import end_with_main_process\n"
        "assert end_with_main_process(poll_s=0.05) is not None\n"
        "print('job started', flush=True)\n"
        "time.sleep(60)\n"
    )
    main = (
        "import subprocess, sys, time\n"
        "from nanomag.runlock import publish_main_process\n"
        "publish_main_process()\n"
        f"job = subprocess.Popen([sys.executable, '-c', {job!r}])\n"
        "print(job.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", main], stdout=subprocess.PIPE, text=True)
    job_pid = int(parent.stdout.readline())
    parent.stdout.readline()  # 'job started' (inherited stdout)
    assert _alive_for(job_pid, 0.3)
    parent.kill()
    parent.wait()
    assert not _alive_for(job_pid, 5.0), "the job outlived its main process"


def test_no_watchdog_without_a_published_main_process_on_this_host(monkeypatch):
    from nanomag.runlock import MAIN_PROCESS_VARIABLE, end_with_main_process

    monkeypatch.delenv(MAIN_PROCESS_VARIABLE, raising=False)
    assert end_with_main_process() is None
    monkeypatch.setenv(MAIN_PROCESS_VARIABLE, f"another-node:{os.getppid()}")
    assert end_with_main_process() is None


def _alive_for(pid, seconds):
    """True if ``pid`` is still running (not a zombie) after ``seconds``."""
    import time

    from nanomag.runlock import _alive, _zombie

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid) or _zombie(pid):
            return False
        time.sleep(0.02)
    return True
