# Generic rules driven by the figure manifest config/figures.yaml (docs/architecture.md):
# each table is computed by its library function (compute_table, or compute_chunk and
# merge_chunks for Monte Carlo tables), each figure is drawn from its tables (plot_figure),
# each paper's statements are scored (paper_scorecard, scorecard). Every rule lists the
# library modules it uses as inputs, so a physics edit reruns exactly what depends on it,
# and receives only its own config slice as one params dict. Targets and inputs come from
# nanomag.manifest.Pipeline.
from nanomag.config import ConfigError, machine_mem_mb
from nanomag.jobs import (
    computed_report_sections,
    compute_table_job,
    figure_mem_mb,
    memory_errors,
    merge_chunks_job,
    paper_scorecard_job,
    plot_figure_job,
    report_labels,
    scorecard_job,
    table_mem_mb,
)
from nanomag.manifest import Pipeline, function_dependencies, load_manifest

PIPELINE = Pipeline(load_manifest("config/figures.yaml"), config)
# Every configuration writes under its own root (config key `results_root`): `results` for
# config/config.yaml, `results/ci` for config/ci.yaml, so no configuration overwrites
# another's tables, figures or scorecard.
R = PIPELINE.root
ENV = "../envs/nanomag.yaml"
STYLE = "src/nanomag/nanomag.mplstyle"


# Memory: every job's mem_mb is estimated from its config slice before it starts
# (nanomag.config.estimate_mem_mb: 500 MB + 1 KiB per grid point); a configuration with a
# job larger than 3/4 of this machine's memory (or NANOMAG_MAX_JOB_MEM_MB) is refused here,
# and local runs schedule jobs so that their estimates fit in it together (unless
# --resources mem_mb=... is given).
# Checked by the main process only (a cluster job parses this file again on its node).
if workflow.is_main_process:
    MAX_JOB_MEM_MB = machine_mem_mb()
    TOO_LARGE = memory_errors(PIPELINE, MAX_JOB_MEM_MB)
    if TOO_LARGE:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(TOO_LARGE))
    if workflow.local_exec and "mem_mb" not in workflow.global_resources:
        workflow.register_resource("mem_mb", MAX_JOB_MEM_MB)


wildcard_constraints:
    paper="|".join(PIPELINE.papers),
    fig=r"fig\d+",
    chunk=r"\d+",


rule compute_table:
    input:
        modules=lambda w: function_dependencies(PIPELINE.table(w.paper, w.table)["compute"]),
        tables=lambda w: PIPELINE.input_tables(w.paper, w.table),
    output:
        f"{R}/{{paper}}/data/{{table}}.parquet",
    params:
        compute=lambda w: PIPELINE.table(w.paper, w.table)["compute"],
        cfg=lambda w: PIPELINE.table_slice(w.paper, w.table),
        input_names=lambda w: PIPELINE.table(w.paper, w.table).get("inputs", []),
    resources:
        mem_mb=lambda w: table_mem_mb(PIPELINE, w.paper, w.table),
    log:
        f"{R}/{{paper}}/logs/compute_table_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/compute_table_{{table}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=False),
    # Longest jobs first (the greedy scheduler of the profile picks by priority): chunks
    # (2-4 s each) and their merges 2, tables 1, the short plot and scorecard jobs 0, which
    # fill both cores to the end of a full run instead of one long chunk running alone
    # (measured before: 5 of 6.6 idle core-seconds were such a tail; after: 1.2-2.0).
    priority: 1
    run:
        compute_table_job(input, output, params, wildcards, log, rule, threads, jobid,
                          bench_record)


use rule compute_table as compute_chunk with:
    output:
        f"{R}/{{paper}}/data/chunks/{{table}}/chunk{{chunk}}.parquet",
    log:
        f"{R}/{{paper}}/logs/compute_chunk_{{table}}_{{chunk}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/compute_chunk_{{table}}_{{chunk}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),
    priority: 2


rule merge_chunks:
    input:
        chunks=lambda w: PIPELINE.chunk_files(w.paper, w.table),
    output:
        f"{R}/{{paper}}/data/{{table}}.parquet",
    params:
        cfg=lambda w: PIPELINE.table_slice(w.paper, w.table),
    resources:
        mem_mb=lambda w: table_mem_mb(PIPELINE, w.paper, w.table),
    log:
        f"{R}/{{paper}}/logs/merge_chunks_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/merge_chunks_{{table}}.tsv"
    priority: 2  # as soon as its chunks are done: it unlocks a figure and a scorecard
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),
    run:
        merge_chunks_job(input, output, params, wildcards, log, rule, threads, jobid,
                         bench_record)


rule plot_figure:
    input:
        tables=lambda w: PIPELINE.figure_tables(w.paper, w.fig),
        modules=lambda w: function_dependencies(PIPELINE.figure(w.paper, w.fig)["plot"]),
        style=STYLE,
    output:
        pdf=f"{R}/{{paper}}/figures/{{fig}}.pdf",
        png=report(
            f"{R}/{{paper}}/figures/{{fig}}.png",
            caption="../report/figure.rst",
            category=lambda w: PIPELINE.report_category(w.paper),
            labels=lambda w: report_labels(PIPELINE, w.paper, w.fig),
        ),
    params:
        title=lambda w: PIPELINE.figure(w.paper, w.fig)["title"],
        caption=lambda w: PIPELINE.figure(w.paper, w.fig)["caption"],
        slices=lambda w: PIPELINE.figure(w.paper, w.fig).get("config", []),
        plot=lambda w: PIPELINE.figure(w.paper, w.fig)["plot"],
        cfg=lambda w: PIPELINE.figure_slice(w.paper, w.fig),
        table_names=lambda w: PIPELINE.figure(w.paper, w.fig).get("tables", []),
    resources:
        mem_mb=lambda w: figure_mem_mb(PIPELINE, w.paper, w.fig),
    log:
        f"{R}/{{paper}}/logs/plot_figure_{{fig}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/plot_figure_{{fig}}.tsv"
    run:
        plot_figure_job(input, output, params, wildcards, log, rule, threads, jobid,
                        bench_record)


rule paper_scorecard:
    input:
        anchors="config/anchors/{paper}.yaml",
        modules=lambda w: PIPELINE.anchor_modules(w.paper),
        tables=lambda w: list(PIPELINE.anchor_tables(w.paper).values()),
    output:
        f"{R}/{{paper}}/scorecard.parquet",
    params:
        table_names=lambda w: list(PIPELINE.anchor_tables(w.paper)),
        slices=lambda w: PIPELINE.anchor_slices(w.paper),
    log:
        f"{R}/{{paper}}/logs/paper_scorecard.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/paper_scorecard.tsv"
    run:
        paper_scorecard_job(input, output, params, wildcards, log, rule, threads, jobid,
                            bench_record)


rule scorecard:
    input:
        cards=[PIPELINE.paper_scorecard_file(p) for p in PIPELINE.scored_papers()],
    output:
        parquet=f"{R}/scorecard.parquet",
        markdown=f"{R}/scorecard.md",
        html=report(f"{R}/scorecard.html", caption="../report/scorecard.rst",
                    category="Scorecard"),
    log:
        f"{R}/logs/scorecard.log",
    benchmark:
        f"{R}/benchmarks/scorecard.tsv"
    run:
        scorecard_job(input, output, params, wildcards, log, rule, threads, jobid,
                      bench_record)


# `snakemake --report FILE` reports what its target (`all`, `ci`) depends on: once computed,
# the readings and the convergence table (`snakemake readings`, `snakemake convergence`)
# join it as sections of their own; a plain run never computes them.
VARIANT_SECTIONS = lambda w: computed_report_sections(
    [*rules.readings.input, *rules.convergence_report.output])


rule ci:
    input:
        PIPELINE.ci_files(),
        PIPELINE.scorecard_file(),
        VARIANT_SECTIONS,
