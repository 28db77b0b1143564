"""A fix for Snakemake's scheduler, applied by the ``Snakefile`` to the main process.

Snakemake 9 (9.27 here) ends every scheduling round of a local run by starting a
``threading.Timer`` that starts another round one rate-limit timespan (``--max-jobs-per-
timespan``, default 1 s) later, and that round starts another timer. Each finished job adds
a round and with it a new, never-ending chain of timers: after n finished jobs, n rounds per
second (snakemake/snakemake#3804 reports the same thread growth). Every round stats the
inputs of every ready job (``update_input_sizes``) and runs the job selector: in a profiled
run of the small configuration, 85 jobs started 5,707 timers, and the main process spent
about a fifth of its CPU time on rounds that could not start anything, on a 2-core machine
where that CPU is taken from the jobs. The timers are also non-daemon threads, so a run
waited up to a second for the last one before exiting.

:func:`single_rescheduling_timer` keeps at most one pending timer per scheduler (a daemon):
a round that finds one pending starts none. A re-evaluation still happens within one
timespan of any round, which is all the rate limiter needs.
"""

from __future__ import annotations

import threading


def single_rescheduling_timer() -> bool:
    """Patch Snakemake's ``JobScheduler`` to keep one pending re-scheduling timer.

    Returns
    -------
    bool
        True if the patch applies (the scheduler has the method it replaces); False leaves
        Snakemake untouched (another Snakemake version).
    """
    try:
        from snakemake.scheduling.job_scheduler import JobScheduler
    except ImportError:
        return False
    if not hasattr(JobScheduler, "_schedule_reevalutation"):
        return False
    if getattr(JobScheduler, "_nanomag_single_timer", False):
        return True

    def _schedule_reevalutation(self, delay) -> None:
        pending = getattr(self, "_nanomag_timer", None)
        if pending is not None and pending.is_alive():
            return
        timer = threading.Timer(delay, lambda: self._open_jobs.release())
        timer.daemon = True
        self._nanomag_timer = timer
        timer.start()

    JobScheduler._schedule_reevalutation = _schedule_reevalutation
    JobScheduler._nanomag_single_timer = True
    return True


def run_blocks_in_threads(workflow) -> bool:
    """Run the ``run:`` jobs of a local run in threads of the main process.

    Snakemake runs every ``script:`` and ``shell:`` job from a thread of the main process,
    but a ``run:`` job in a new Snakemake process of its own (about 2 s of start-up) unless
    ``--force-use-threads`` is given. The generic rules' ``run:`` blocks only start a lean
    job process (:func:`nanomag.jobs.hand_over`), as a ``shell:`` job does, so they belong in
    a thread too. Called from ``onstart``, once the local executor exists.

    Returns
    -------
    bool
        True if set; False (nothing changed) if the run has no local executor with the
        ``use_threads`` setting.
    """
    scheduler = getattr(workflow, "scheduler", None)
    executors = [getattr(scheduler, name, None) for name in ("_executor", "_local_executor")]
    local = [e for e in executors if e is not None and hasattr(e, "use_threads")]
    for executor in local:
        executor.use_threads = True
    return bool(local)


def benchmark_run_blocks_by_their_job_process() -> bool:
    """Patch Snakemake's ``benchmarked`` so that a ``run:`` job's benchmark record measures
    its job process, not the whole main process.

    Snakemake benchmarks a ``run:`` job by sampling the process that runs the block, here
    the main Snakemake process, and all its descendants (the job server, every job running),
    reading each one's full memory map twice a second: about 8 s of system CPU in a run of the
    small target, and numbers that describe the whole run. The block now records only its
    wall time, the job's. Nothing samples the lean job process either
    (:func:`nanomag.jobs.hand_over`): it does none of the work, which the job server's
    forked child does; the job logs state that child's CPU time. Applied in the main
    process (a ``run:`` job is the only caller that benchmarks its own process).

    Returns
    -------
    bool
        True if the patch applies (Snakemake has ``snakemake.benchmark.benchmarked``).
    """
    import contextlib
    import time

    import snakemake.benchmark as benchmark

    original = getattr(benchmark, "benchmarked", None)
    if original is None or getattr(original, "_nanomag", False):
        return original is not None

    @contextlib.contextmanager
    def benchmarked(pid=None, benchmark_record=None, interval=benchmark.BENCHMARK_INTERVAL):
        if pid is not None:
            with original(pid, benchmark_record, interval) as record:
                yield record
            return
        record = benchmark_record or benchmark.BenchmarkRecord()
        start = time.time()
        try:
            yield record
        finally:
            record.running_time = time.time() - start

    benchmarked._nanomag = True
    benchmark.benchmarked = benchmarked
    return True


def params_hashed_without_importing_pandas() -> bool:
    """Patch Snakemake's parameter serialisation so that checking whether a job's params
    changed imports pandas only if the run has imported it.

    When pandas is installed, Snakemake 9 serialises every job's params through a function
    that imports pandas to recognise DataFrames (hashed by content), so every run, a no-op
    included, paid the import (0.3-0.5 s of a 2 s no-op) while this workflow's params are
    plain values. A param can only be a pandas object if pandas was imported, so looking it
    up in ``sys.modules`` gives the same serialisation for every value.

    Returns
    -------
    bool
        True if the patch applies (Snakemake has ``PersistenceBase._serialize_param_pandas``).
    """
    import sys

    try:
        from snakemake.persistence import PersistenceBase as Persistence
    except ImportError:
        return False
    original = getattr(Persistence, "_serialize_param_pandas", None)
    if original is None or getattr(original, "_nanomag", False):
        return original is not None

    def _serialize_param_pandas(self, value):
        pandas = sys.modules.get("pandas")
        if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series,
                                                     pandas.Index)):
            return original(self, value)
        return self._serialize_param_builtin(value)

    _serialize_param_pandas._nanomag = True
    Persistence._serialize_param_pandas = _serialize_param_pandas
    return True
