"""What each generic workflow rule does, callable from its thin script or from a shell.

The scripts in ``workflow/scripts/`` only unpack the ``snakemake`` object and call one of
these functions, so every job can also be run by hand for debugging, e.g.::

    python -c "from nanomag.jobs import compute_table; compute_table(...)"
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Mapping, Sequence

log = logging.getLogger("nanomag")


def start_logging(log_path: str | Path | None) -> None:
    """Start a job: its log lines (and warnings) go to its Snakemake log file, and it ends
    with the run's main process (:func:`nanomag.runlock.end_with_main_process`).

    Only the project's messages are logged at INFO; other libraries log warnings (fontTools
    alone writes about 230 INFO lines per PDF while subsetting fonts).
    """
    from nanomag.runlock import end_with_main_process

    end_with_main_process()
    handlers = [logging.FileHandler(log_path, mode="w")] if log_path else None
    logging.basicConfig(level=logging.WARNING, handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)s %(message)s")
    log.setLevel(logging.INFO)
    logging.captureWarnings(True)


def run_job(function: str, log_path: str | Path | None, **kwargs: Any) -> None:
    """Run one job of a rule from its ``script:``: ``function(**kwargs)`` with its log file
    ``log_path``.

    On the run's warm job server when there is one (:mod:`nanomag.jobserver`: no imports to
    pay), else in this process. Raises ``SystemExit`` with the job's status if it failed.

    Parameters
    ----------
    function : str
        ``"module:function"`` of the job, e.g. ``"nanomag.jobs:compute_table"``.
    log_path : path or None
        The job's Snakemake log file.
    **kwargs
        Plain (picklable) arguments of ``function``.
    """
    from nanomag import jobclient, jobserver
    from nanomag.runlock import end_with_main_process

    log = None if log_path is None else str(log_path)
    connection = jobclient.connect()
    if connection is None:
        status = jobserver.run_locally(function, log, kwargs)
    else:
        end_with_main_process()
        try:
            status = jobclient.submit(connection, function, log, kwargs)
        finally:
            connection.close()
    if status:
        raise SystemExit(status)


def hand_over(job: tuple, function: str, log_path: str | Path | None, **kwargs: Any) -> None:
    """Run one job of a rule from its ``run:`` block (in the main Snakemake process).

    The job runs in a process of its own, started with Snakemake's ``shell()``: the lean
    :mod:`nanomag.jobclient`, which hands it to the run's warm job server, or runs it
    itself without one. ``shell()`` registers that process under the job's id (Snakemake
    cancels and kills it as any shell job) and sets its thread variables
    (``OMP_NUM_THREADS``...). Raises ``subprocess.CalledProcessError`` if the job failed.

    The job's benchmark record is left to the ``run:`` block's own measurement (its wall
    time is the job's). ``shell()`` is not given it: its psutil sampler polled the lean
    client twice a second, which does none of the job's work (the server's forked child
    does), listing every process of the machine at each poll: about 1.2 s of the main
    process's CPU in a full run (py-spy, 116 of 768 busy samples).

    Parameters
    ----------
    job : tuple
        ``(jobid, threads, bench_record)`` of the ``run:`` block (the record is not used).
    function, log_path, **kwargs
        As for :func:`run_job`.
    """
    import shlex

    from snakemake.shell import shell

    from nanomag.jobclient import command, write_request

    jobid, threads, _ = job
    request = write_request(function, None if log_path is None else str(log_path), kwargs)
    try:
        shell(shlex.join(command(request)), jobid=jobid, threads=threads)
    finally:  # the client removes it once read; not if it never started
        Path(request).unlink(missing_ok=True)


# ---- the jobs of the generic rules, from their `run:` blocks (workflow/rules/common.smk) ----
# Each takes Snakemake's objects of the job (the names a `run:` block sees) and hands the job,
# with plain arguments, to a lean job process (:func:`hand_over`).

def compute_table_job(input, output, params, wildcards, log, rule, threads, jobid,
                      bench_record) -> None:
    """Rules ``compute_table`` / ``compute_chunk`` (and their readings and convergence
    variants): one table of the manifest (:func:`compute_table`)."""
    chunk = int(wildcards.chunk) if "chunk" in wildcards.keys() else None
    hand_over((jobid, threads, bench_record), "nanomag.jobs:compute_table", log[0],
              function_path=params.compute, params=dict(params.cfg), output=output[0],
              rule=rule, input_tables=dict(zip(params.input_names, input.tables)),
              chunk_index=chunk)


def merge_chunks_job(input, output, params, wildcards, log, rule, threads, jobid,
                     bench_record) -> None:
    """Rule ``merge_chunks``: the chunks of a Monte Carlo table, in order (:func:`merge_chunks`)."""
    hand_over((jobid, threads, bench_record), "nanomag.jobs:merge_chunks", log[0],
              chunk_paths=list(input.chunks), output=output[0], rule=rule,
              params=dict(params.cfg))


def plot_figure_job(input, output, params, wildcards, log, rule, threads, jobid,
                    bench_record) -> None:
    """Rule ``plot_figure``: one figure, PDF and PNG (:func:`draw_figure`)."""
    hand_over((jobid, threads, bench_record), "nanomag.jobs:draw_figure", log[0],
              function_path=params.plot, params=dict(params.cfg),
              table_paths=dict(zip(params.table_names, input.tables)), outputs=list(output))


def paper_scorecard_job(input, output, params, wildcards, log, rule, threads, jobid,
                        bench_record) -> None:
    """Rule ``paper_scorecard``: one paper's anchors evaluated (:func:`paper_scorecard`)."""
    hand_over((jobid, threads, bench_record), "nanomag.jobs:paper_scorecard", log[0],
              anchor_path=input.anchors, paper=wildcards.paper, output=output[0], rule=rule,
              table_paths=dict(zip(params.table_names, input.tables)),
              slices=dict(params.slices))


def scorecard_job(input, output, params, wildcards, log, rule, threads, jobid,
                  bench_record) -> None:
    """Rule ``scorecard``: all papers' scorecards merged (:func:`merge_scorecards`)."""
    hand_over((jobid, threads, bench_record), "nanomag.jobs:merge_scorecards", log[0],
              paths=list(input.cards), parquet_output=output.parquet,
              markdown_output=output.markdown, html_output=output.html, rule=rule)


def job_clock():
    """Start timing a job; the returned function gives ``"in X s (Y s CPU)"`` since then: the
    wall time and this process's CPU time, which job logs state last and
    :func:`nanomag.benchmark.job_cpu_seconds` reads back."""
    wall, cpu = time.perf_counter(), time.process_time()
    return lambda: (f"in {time.perf_counter() - wall:.2f} s "
                    f"({time.process_time() - cpu:.2f} s CPU)")


def compute_table(function_path: str, params: Mapping[str, Any], output: str | Path,
                  rule: str, input_tables: Mapping[str, str] | None = None,
                  chunk_index: int | None = None) -> None:
    """Compute one table with its library function and write it as Parquet.

    Parameters
    ----------
    function_path : str
        ``"module:function"`` of the table function (see ``docs/architecture.md``).
    params : mapping
        The table's config slice.
    output : path
        Parquet file to write.
    rule : str
        Rule name recorded in the table's metadata.
    input_tables : mapping of str to path, optional
        Other tables the function reads (manifest ``inputs``).
    chunk_index : int, optional
        For chunked tables: which chunk of ``params["n_chunks"]`` to compute.
    """
    from nanomag.io import read_table, write_table
    from nanomag.config import resolve

    function = resolve(function_path)
    elapsed = job_clock()
    log.info("computing %s with %s", output, function_path)
    args: list[Any] = [dict(params)]
    if input_tables:
        args.append({name: read_table(path)[0] for name, path in input_tables.items()})
    if chunk_index is not None:
        args += [chunk_index, int(params["n_chunks"])]
    table = function(*args)
    recorded = dict(params)
    if chunk_index is not None:
        recorded["chunk_index"] = chunk_index
    write_table(table, output, rule=rule, params=recorded)
    log.info("wrote %d rows %s", len(table.frame), elapsed())


def merge_chunks(chunk_paths: Sequence[str | Path], output: str | Path, rule: str,
                 params: Mapping[str, Any]) -> None:
    """Concatenate chunk tables in chunk order into one table."""
    from nanomag.io import Table, concat_tables, read_table, write_table

    elapsed = job_clock()
    tables = []
    for path in chunk_paths:
        frame, meta = read_table(path)
        tables.append(Table(frame, meta["units"], meta.get("description", ""),
                            meta.get("extra", {}), tuple(meta.get("nullable", ()))))
    merged = concat_tables(tables)
    # The merged table does not depend on how it was chunked.
    recorded = {k: v for k, v in params.items() if k != "n_chunks"}
    write_table(merged, output, rule=rule, params=recorded)
    log.info("merged %d chunks into %d rows %s", len(tables), len(merged.frame), elapsed())


def draw_figure(function_path: str, params: Mapping[str, Any],
                table_paths: Mapping[str, str | Path], outputs: Sequence[str | Path]) -> None:
    """Draw one figure from its tables and save it as PDF and PNG."""
    from nanomag.io import read_table
    from nanomag.config import resolve
    from nanomag.plotting import save_figure, use_style

    elapsed = job_clock()
    use_style()
    tables = {name: read_table(path)[0] for name, path in table_paths.items()}
    figure = resolve(function_path)(tables, dict(params))
    save_figure(figure, outputs)
    log.info("drew %s %s", ", ".join(map(str, outputs)), elapsed())


def paper_scorecard(anchor_path: str | Path, paper: str, output: str | Path,
                    rule: str, table_paths: Mapping[str, str | Path] | None = None,
                    slices: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """Evaluate every anchor of one paper and write its scorecard table.

    ``table_paths`` maps the pipeline tables that anchors name (``table:``) to their files,
    ``slices`` the config slices they name (``config:``) to their values.
    """
    from nanomag.io import write_table
    from nanomag.scorecard import scorecard_table

    elapsed = job_clock()
    table = scorecard_table(anchor_path, paper, table_paths, slices)
    write_table(table, output, rule=rule,
                params={"anchors": str(anchor_path),
                        "tables": {k: str(v) for k, v in (table_paths or {}).items()},
                        "slices": dict(slices or {})})
    counts = table.frame["verdict"].value_counts().to_dict()
    log.info("%s: %s %s", paper, counts, elapsed())


def merge_scorecards(paths: Sequence[str | Path], parquet_output: str | Path,
                     markdown_output: str | Path, html_output: str | Path, rule: str) -> None:
    """Join the papers' scorecards into ``<results root>/scorecard.parquet``, ``.md``, ``.html``."""
    import pandas as pd

    from nanomag.io import Table, read_table, replace_atomically, write_table
    from nanomag.scorecard import (NOT_COMPUTED, SCORECARD_UNITS, scorecard_html,
                                   scorecard_markdown)

    elapsed = job_clock()
    frame = pd.concat([read_table(p)[0] for p in paths], ignore_index=True)
    write_table(Table(frame, SCORECARD_UNITS, "Scorecard of all papers", nullable=NOT_COMPUTED),
                parquet_output,
                rule=rule, params={"papers": [Path(p).parent.name for p in paths]})
    for output, text in ((markdown_output, scorecard_markdown(frame)),
                         (html_output, scorecard_html(frame))):
        with replace_atomically(output) as temporary:
            temporary.write_text(text)
    log.info("merged the scorecards of %d papers (%d rows) %s", len(paths), len(frame),
             elapsed())


# --- what the rules need beyond the manifest: memory, report labels, downstream outputs ----

def table_mem_mb(pipeline, paper: str, table: str) -> int:
    """Estimated memory of the job computing one table [MB] (its Snakemake ``mem_mb``)."""
    from nanomag.config import estimate_mem_mb

    return estimate_mem_mb(pipeline.table_slice(paper, table))


def figure_mem_mb(pipeline, paper: str, fig: str) -> int:
    """Estimated memory of the job drawing one figure [MB]: it holds all its tables."""
    from nanomag.config import estimate_mem_mb

    names = pipeline.figure(paper, fig).get("tables", [])
    return estimate_mem_mb(pipeline.figure_slice(paper, fig),
                           *(pipeline.table_slice(paper, t) for t in names))


def memory_errors(pipeline, limit_mb: int) -> list[str]:
    """Every table and figure job of the configuration estimated above ``limit_mb``,
    named by its config keys (:func:`nanomag.config.memory_errors`)."""
    from nanomag.config import as_list, memory_errors as errors

    jobs = {}
    for paper, entry in pipeline.papers.items():
        for table, spec in (entry.get("tables") or {}).items():
            slices = as_list(spec["config"])
            if all(s in pipeline.config.get(paper, {}) for s in slices):
                jobs[f"table {table}"] = (table_mem_mb(pipeline, paper, table),
                                          "/".join(f"{paper}.{s}" for s in slices))
        for fig in pipeline.implemented_figures(paper):
            jobs[f"{paper} {fig}"] = (figure_mem_mb(pipeline, paper, fig), f"{paper}.{fig}")
    return errors(jobs, limit_mb)


def report_labels(pipeline, paper: str, fig: str) -> dict[str, str]:
    """The report's labels of a figure with "Fig.  2" padded: the report sorts labels as
    text, so Fig. 2 comes before Fig. 10 (HTML shows one space)."""
    labels = pipeline.report_labels(paper, fig)
    return {**labels, "figure": f"Fig. {fig.removeprefix('fig'):>2}"}


def downstream_files(pipeline, path: str | Path) -> list[str]:
    """Outputs computed from the output ``path`` (tables, figures, scorecard), recursively.

    A damaged table is removed with these: Snakemake rebuilds a missing intermediate only
    when something downstream of it is missing or outdated.
    """
    parts = Path(path).relative_to(pipeline.root).parts
    paper, table = parts[0], Path(path).stem
    if "chunks" in parts:  # <paper>/data/chunks/<table>/chunk<i>.parquet
        merged = pipeline.table_file(paper, parts[-2])
        return [merged, *downstream_files(pipeline, merged)]
    if len(parts) < 3 or parts[1] != "data":
        return []
    files = [f for fig in pipeline.implemented_figures(paper)
             if table in pipeline.figure(paper, fig).get("tables", [])
             for f in pipeline.figure_files(paper, fig)]
    for name, spec in (pipeline.papers[paper].get("tables") or {}).items():
        if table in spec.get("inputs", []):
            files += [pipeline.table_file(paper, name),
                      *downstream_files(pipeline, pipeline.table_file(paper, name))]
    if paper in pipeline.scored_papers() and table in pipeline.anchor_tables(paper):
        files.append(pipeline.paper_scorecard_file(paper))
    return files


def command_is_dry_run(argv: Sequence[str]) -> bool:
    """True if the Snakemake command line ``argv`` (``sys.argv``) asks for a dry run.

    Snakemake decides on a dry run only after reading the ``Snakefile``; the ``Snakefile``
    asks this (with Snakemake's own argument parser, so ``-np`` counts) before it removes
    damaged outputs, which a dry run must not do.
    """
    if not any("snakemake" in part for part in argv[:1]):
        return False
    from snakemake.cli import get_argument_parser

    return bool(get_argument_parser().parse_known_args(list(argv[1:]))[0].dryrun)


def computed_report_sections(files: Sequence[str], argv: Sequence[str] | None = None) -> list[str]:
    """The ``files`` that exist, if the command line ``argv`` (default ``sys.argv``) writes a
    report, else none: the readings' and convergence outputs, which ``snakemake --report``
    shows as sections of their own once ``snakemake readings`` / ``convergence`` computed
    them, and which a plain run never computes."""
    import os
    import sys

    if not command_makes_report(sys.argv if argv is None else argv):
        return []
    return [f for f in files if os.path.exists(f)]


def command_makes_report(argv: Sequence[str]) -> bool:
    """True if the Snakemake command line ``argv`` (``sys.argv``) writes a report
    (``--report``), with Snakemake's own argument parser."""
    if not any("snakemake" in part for part in argv[:1]):
        return False
    if not any(part.startswith("--rep") for part in argv[1:]):  # (argparse accepts prefixes)
        return False  # without building Snakemake's parser (0.1 s) on every run
    from snakemake.cli import get_argument_parser

    return get_argument_parser().parse_known_args(list(argv[1:]))[0].report is not None
