"""Benchmark of the whole pipeline on the current machine.

Measures, in a temporary copy of the workflow (your ``results/`` is never touched):

1. full regeneration of every figure and the scorecard from an empty ``results/``;
2. a no-op run (everything up to date);
3. a dry run;
4. the rerun after editing one parameter of one figure in ``config/config.yaml``
   (``orbital_dimers.fig9.n_max``), up to its new figure.

and writes ``<output>/pipeline.parquet`` and ``pipeline.md`` (wall times, goals, jobs run)
plus ``per_rule.md`` (per-job wall times of the full run from Snakemake's benchmark files,
and the CPU time each job's log states)::

    python -m nanomag.benchmark --cores 2

Goals on 2 cores (issue 16): full < 45 s, no-op < 2 s, dry run < 3 s, one edit < 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import tempfile
import time
from pathlib import Path

import pandas as pd

from nanomag.io import Table, write_table
from nanomag.runner import copy_workflow, snakemake

GOALS_S = {"full regeneration": 45.0, "no-op run": 2.0, "dry run": 3.0,
           "one-parameter edit": 5.0}
EDIT = ("orbital_dimers.fig9.n_max", "    n_min: 2\n    n_max: 20\n", "    n_min: 2\n    n_max: 19\n")


def _timed(workdir: Path, *args: str) -> tuple[float, int]:
    """Wall time [s] of one Snakemake call and the number of jobs it ran."""
    start = time.perf_counter()
    result = snakemake(workdir, *args)
    wall = time.perf_counter() - start
    finished = re.findall(r"Finished jobid: \d+", result.stdout + result.stderr)
    return wall, len(finished)


_CPU = re.compile(r"\(([0-9.]+) s CPU\)")


def job_cpu_seconds(log: Path) -> float:
    """CPU time [s] of a job's own process as its log states it (the last ``(X s CPU)``),
    NaN if the log states none. Snakemake's benchmark files cannot measure it: the job runs
    in a fork of the job server, not in the process Snakemake started."""
    found = _CPU.findall(log.read_text()) if log.exists() else []
    return float(found[-1]) if found else float("nan")


def per_rule_times(results: Path) -> pd.DataFrame:
    """Per-job wall times [s] of a run, from ``results/benchmarks/**/*.tsv``, and the CPU
    times [s] their logs state (``results/<paper>/logs/<job>.log``)."""
    rows = []
    for path in sorted((results / "benchmarks").rglob("*.tsv")):
        seconds = float(pd.read_csv(path, sep="\t")["s"].iloc[0])
        paper = path.parent.name if path.parent.name != "benchmarks" else "all"
        log = results / (paper if paper != "all" else "") / "logs" / f"{path.stem}.log"
        rows.append({"paper": paper, "job": path.stem, "wall_s": seconds,
                     "cpu_s": job_cpu_seconds(log)})
    return pd.DataFrame(rows, columns=["paper", "job", "wall_s", "cpu_s"])


def run_benchmark(cores: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the four measurements; return (summary, per-job times of the full run)."""
    with tempfile.TemporaryDirectory(prefix="nanomag-bench-") as tmp:
        root = copy_workflow(Path(tmp))
        cores_arg = ("--cores", str(cores))
        rows = []
        wall, jobs = _timed(root, *cores_arg)
        rows.append(("full regeneration", wall, jobs))
        rows.append(("no-op run", *_timed(root, *cores_arg)))
        rows.append(("dry run", *_timed(root, "-n", *cores_arg)))
        config = root / "config" / "config.yaml"
        text = config.read_text()
        if text.count(EDIT[1]) != 1:
            raise RuntimeError(f"benchmark: cannot find {EDIT[0]} = 20 in config/config.yaml")
        config.write_text(text.replace(EDIT[1], EDIT[2]))
        rows.append(("one-parameter edit", *_timed(root, *cores_arg)))
        per_rule = per_rule_times(root / "results")
    summary = pd.DataFrame(rows, columns=["step", "wall_s", "jobs_run"])
    summary["goal_s"] = summary["step"].map(GOALS_S)
    summary["goal_met"] = summary["wall_s"] < summary["goal_s"]
    return summary, per_rule


def _markdown(summary: pd.DataFrame, per_rule: pd.DataFrame, cores: int) -> tuple[str, str]:
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    lines = [f"# Pipeline benchmark ({cores} cores; {machine})", "",
             "| step | wall [s] | goal [s] | jobs run | goal met |", "|---|---|---|---|---|"]
    lines += [f"| {r.step} | {r.wall_s:.1f} | < {r.goal_s:g} | {r.jobs_run} | "
              f"{'yes' if r.goal_met else 'NO'} |" for r in summary.itertuples()]
    papers = per_rule.groupby("paper").agg(count=("wall_s", "count"), wall=("wall_s", "sum"),
                                           cpu=("cpu_s", "sum"))
    detail = ["# Per-job times of the full run [s]", "",
              "Wall time from Snakemake's benchmark files; CPU time of the job's own process "
              "from its log (- where the log states none).", "",
              "| paper | jobs | sum of wall | sum of CPU | slowest job (wall) |",
              "|---|---|---|---|---|"]
    for paper, row in papers.iterrows():
        slowest = per_rule[per_rule["paper"] == paper].nlargest(1, "wall_s").iloc[0]
        detail.append(f"| {paper} | {int(row['count'])} | {row['wall']:.1f} | {row['cpu']:.1f} | "
                      f"{slowest['job']} ({slowest['wall_s']:.1f}) |")
    detail += ["", "| paper | job | wall [s] | CPU [s] |", "|---|---|---|---|"]
    detail += [f"| {r.paper} | {r.job} | {r.wall_s:.2f} | "
               f"{'-' if pd.isna(r.cpu_s) else f'{r.cpu_s:.2f}'} |"
               for r in per_rule.itertuples()]
    return "\n".join(lines) + "\n", "\n".join(detail) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2, help="cores given to Snakemake")
    parser.add_argument("--output", type=Path, default=Path("results/benchmarks"),
                        help="folder of pipeline.parquet, pipeline.md and per_rule.md")
    args = parser.parse_args(argv)
    summary, per_rule = run_benchmark(args.cores)
    args.output.mkdir(parents=True, exist_ok=True)
    units = {"step": "label", "wall_s": "s", "jobs_run": "1", "goal_s": "s", "goal_met": "label"}
    write_table(Table(summary, units, "Wall times of the pipeline on this machine",
                      extra={"cores": args.cores, "cpu_count": os.cpu_count(),
                             "python": platform.python_version()}),
                args.output / "pipeline.parquet", rule="nanomag.benchmark",
                params={"cores": args.cores, "edit": EDIT[0]})
    overview, detail = _markdown(summary, per_rule, args.cores)
    (args.output / "pipeline.md").write_text(overview)
    (args.output / "per_rule.md").write_text(detail)
    print(overview + "\n" + detail)


if __name__ == "__main__":
    main()
