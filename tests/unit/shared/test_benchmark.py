"""The benchmark's per-job table: wall times from Snakemake's benchmark files, CPU times from
the jobs' logs."""

import math

import pytest


def _job(results, paper, job, wall_s, log_lines):
    bench = results / "benchmarks" / (paper if paper != "all" else "") / f"{job}.tsv"
    bench.parent.mkdir(parents=True, exist_ok=True)
    bench.write_text("s\th:m:s\tmax_rss\n"
                     f"{wall_s}\t0:00:01\t-\n")
    if log_lines is not None:
        log = results / (paper if paper != "all" else "") / "logs" / f"{job}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("\n".join(log_lines) + "\n")


def test_per_rule_times_pairs_each_benchmark_with_the_cpu_time_its_log_states(tmp_path):
    from nanomag.benchmark import _markdown, per_rule_times

    _job(tmp_path, "orbital_dimers", "compute_table_dimer_moment", 0.31,
         ["2026-11-30 17:19:00,181 INFO computing results/x.parquet with m:f",
          "2026-11-30 17:19:00,481 INFO wrote 8000 rows in 0.30 s (0.27 s CPU)"])
    _job(tmp_path, "orbital_dimers", "plot_figure_fig9", 1.25,
         ["INFO drew a.pdf, a.png in 1.20 s (0.95 s CPU)"])
    _job(tmp_path, "emr_anisotropy", "merge_chunks_anisotropy_distribution", 0.12,
         ["INFO merged 8 chunks into 8000 rows"])                     # no CPU stated
    _job(tmp_path, "all", "scorecard", 0.2, None)                     # no log at all
    frame = per_rule_times(tmp_path).set_index("job")
    assert frame.loc["compute_table_dimer_moment", "wall_s"] == pytest.approx(0.31)
    assert frame.loc["compute_table_dimer_moment", "cpu_s"] == pytest.approx(0.27)
    assert frame.loc["plot_figure_fig9", "cpu_s"] == pytest.approx(0.95)
    assert frame.loc["plot_figure_fig9", "paper"] == "orbital_dimers"
    assert math.isnan(frame.loc["merge_chunks_anisotropy_distribution", "cpu_s"])
    assert math.isnan(frame.loc["scorecard", "cpu_s"])
    assert frame.loc["scorecard", "paper"] == "all"

    import pandas as pd

    summary = pd.DataFrame({"step": ["full regeneration"], "wall_s": [50.0], "jobs_run": [4],
                            "goal_s": [45.0], "goal_met": [False]})
    _, detail = _markdown(summary, frame.reset_index(), 2)
    assert "| orbital_dimers | 2 | 1.6 | 1.2 | plot_figure_fig9 (1.2) |" in detail
    assert "| emr_anisotropy | merge_chunks_anisotropy_distribution | 0.12 | - |" in detail


def test_the_cpu_time_a_job_logs_is_the_one_the_benchmark_reads(tmp_path):
    """The writer (jobs.job_clock) and the reader (benchmark.job_cpu_seconds) of the
    '(X s CPU)' log text agree: a change of the format on one side fails here."""
    import time

    from nanomag.benchmark import job_cpu_seconds
    from nanomag.jobs import job_clock

    elapsed = job_clock()
    deadline = time.process_time() + 0.05
    while time.process_time() < deadline:  # spend CPU time that the clock must see
        pass
    log = tmp_path / "job.log"
    log.write_text(f"INFO wrote 3 rows {elapsed()}\n")
    assert 0.05 <= job_cpu_seconds(log) < 60.0
