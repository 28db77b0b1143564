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
