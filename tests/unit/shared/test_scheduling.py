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
