"""nanomag.scheduling: the fix of Snakemake's re-scheduling timers."""

import threading


def test_the_scheduler_keeps_one_pending_rescheduling_timer():
    """However many rounds ask for a re-evaluation, one timer is pending
    and it still releases the scheduler once."""
    from snakemake.scheduling.job_scheduler import JobScheduler

    from nanomag.scheduling import single_rescheduling_timer

    assert single_rescheduling_timer()
    scheduler = JobScheduler.__new__(JobScheduler)  # only the attribute the timer uses
    scheduler._open_jobs = threading.Semaphore(0)
    before = threading.active_count()
    for _ in range(50):
        scheduler._schedule_reevalutation(0.2)
    assert threading.active_count() - before == 1
    assert scheduler._open_jobs.acquire(timeout=5)  # the one timer fired
    assert not scheduler._open_jobs.acquire(timeout=0.5)  # and only once


def test_run_blocks_go_to_threads_of_the_local_executor():
    """`run:` jobs run in a thread (the local executor's `use_threads`), not in a new
    Snakemake process each; a run without a local executor is left alone."""
    from types import SimpleNamespace

    from nanomag.scheduling import run_blocks_in_threads

    local = SimpleNamespace(use_threads=False)
    workflow = SimpleNamespace(scheduler=SimpleNamespace(_executor=local,
                                                         _local_executor=None))
    assert run_blocks_in_threads(workflow) and local.use_threads is True
    remote = SimpleNamespace(scheduler=SimpleNamespace(_executor=object(),
                                                       _local_executor=None))
    assert not run_blocks_in_threads(remote)
    assert not run_blocks_in_threads(SimpleNamespace())


def test_a_run_block_records_its_wall_time_and_samples_no_process():
    """After the patch, benchmarking this (main) process records the wall time only; a job
    process (given by pid, as shell() does) is still sampled."""
    import os
    import time

    import snakemake.benchmark as benchmark

    from nanomag.scheduling import benchmark_run_blocks_by_their_job_process

    assert benchmark_run_blocks_by_their_job_process()
    assert benchmark_run_blocks_by_their_job_process()  # applying it twice is harmless
    before = threading.active_count()
    with benchmark.benchmarked() as record:
        assert threading.active_count() == before  # no sampling thread
        time.sleep(0.05)
    assert record.running_time >= 0.05
    with benchmark.benchmarked(os.getpid()) as sampled:
        assert threading.active_count() == before + 1  # the sampling thread of the pid
    assert sampled.running_time >= 0


def test_params_serialise_as_before_without_importing_pandas():
    """Plain params serialise as Snakemake's builtin serialiser does, a DataFrame still by
    its content hash; a process that never imported pandas does not import it."""
    import subprocess
    import sys
    from types import SimpleNamespace

    import pandas as pd
    from snakemake.persistence import PersistenceBase

    from nanomag.scheduling import params_hashed_without_importing_pandas

    original = PersistenceBase._serialize_param_pandas
    assert params_hashed_without_importing_pandas()
    assert params_hashed_without_importing_pandas()  # applied once
    patched = PersistenceBase._serialize_param_pandas
    persistence = SimpleNamespace()  # (an abstract class: the methods use no other state)
    persistence._serialize_param_builtin = \
        lambda value: PersistenceBase._serialize_param_builtin(persistence, value)
    try:
        frame = pd.DataFrame({"x": [1.0, 2.0]})
        for value in ({"grid": {"start": 0.0, "num": 3}}, [1, 2], "a", 2.5, None, frame):
            assert patched(persistence, value) == original(persistence, value)
        assert patched(persistence, frame) != patched(persistence, frame + 1)
    finally:
        PersistenceBase._serialize_param_pandas = original
    code = ("import sys, types\nfrom snakemake.persistence import PersistenceBase as P\n"
            "from nanomag.scheduling import params_hashed_without_importing_pandas as patch\n"
            "patch()\ns = types.SimpleNamespace()\n"
            "s._serialize_param_builtin = lambda v: P._serialize_param_builtin(s, v)\n"
            "print(P._serialize_param_pandas(s, 1.5), 'pandas' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.split() == ["1.5", "False"]
