# Generic rules driven by the figure manifest config/figures.yaml (docs/architecture.md):
# each table is computed by its library function (compute_table, or compute_chunk and
# merge_chunks for Monte Carlo tables), each figure is drawn from its tables (plot_figure),
# each paper's statements are scored (paper_scorecard, scorecard). Every rule lists the
# library modules it uses as inputs, so a physics edit reruns exactly what depends on it,
# and receives only its own config slice as one params dict. Targets and inputs come from
# nanomag.manifest.Pipeline.
from nanomag.config import (ConfigError, as_list, estimate_mem_mb, machine_mem_mb,
                            memory_errors)
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
# job larger than 3/4 of this machine's memory is refused here, and local runs schedule
# jobs so that their estimates fit in it together (unless --resources mem_mb=... is given).
def table_mem_mb(paper, table):
    return estimate_mem_mb(PIPELINE.table_slice(paper, table))


def figure_mem_mb(paper, fig):
    names = PIPELINE.figure(paper, fig).get("tables", [])
    return estimate_mem_mb(PIPELINE.figure_slice(paper, fig),
                           *(PIPELINE.table_slice(paper, t) for t in names))


def _job_estimates():
    for paper, entry in PIPELINE.papers.items():
        for table, spec in (entry.get("tables") or {}).items():
            if all(s in config.get(paper, {}) for s in as_list(spec["config"])):
                keys = "/".join(f"{paper}.{s}" for s in as_list(spec["config"]))
                yield f"table {table}", (table_mem_mb(paper, table), keys)
        for fig in PIPELINE.implemented_figures(paper):
            yield f"{paper} {fig}", (figure_mem_mb(paper, fig), f"{paper}.{fig}")


def report_labels(paper, fig):
    """The report's labels of a figure, "Fig.  2" padded so that the report, which sorts
    labels as text, lists Fig. 2 before Fig. 10 (HTML shows one space)."""
    labels = PIPELINE.report_labels(paper, fig)
    return {**labels, "figure": f"Fig. {fig.removeprefix('fig'):>2}"}


MAX_JOB_MEM_MB = machine_mem_mb()
_memory_errors = memory_errors(dict(_job_estimates()), MAX_JOB_MEM_MB)
if _memory_errors:
    raise ConfigError("invalid configuration:\n  " + "\n  ".join(_memory_errors))
if workflow.is_main_process and workflow.local_exec \
        and "mem_mb" not in workflow.global_resources:
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
    threads: lambda w: PIPELINE.table_threads(w.paper, w.table)
    resources:
        mem_mb=lambda w: table_mem_mb(w.paper, w.table),
    log:
        f"{R}/{{paper}}/logs/compute_table_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/compute_table_{{table}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=False),
    conda:
        ENV
    script:
        "../scripts/compute_table.py"


use rule compute_table as compute_chunk with:
    output:
        f"{R}/{{paper}}/data/chunks/{{table}}/chunk{{chunk}}.parquet",
    log:
        f"{R}/{{paper}}/logs/compute_chunk_{{table}}_{{chunk}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/compute_chunk_{{table}}_{{chunk}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),


rule merge_chunks:
    input:
        chunks=lambda w: PIPELINE.chunk_files(w.paper, w.table),
    output:
        f"{R}/{{paper}}/data/{{table}}.parquet",
    params:
        cfg=lambda w: PIPELINE.table_slice(w.paper, w.table),
    resources:
        mem_mb=lambda w: table_mem_mb(w.paper, w.table),
    log:
        f"{R}/{{paper}}/logs/merge_chunks_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/merge_chunks_{{table}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),
    conda:
        ENV
    script:
        "../scripts/merge_chunks.py"


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
            labels=lambda w: report_labels(w.paper, w.fig),
        ),
    params:
        title=lambda w: PIPELINE.figure(w.paper, w.fig)["title"],
        caption=lambda w: PIPELINE.figure(w.paper, w.fig)["caption"],
        slices=lambda w: PIPELINE.figure(w.paper, w.fig).get("config", []),
        plot=lambda w: PIPELINE.figure(w.paper, w.fig)["plot"],
        cfg=lambda w: PIPELINE.figure_slice(w.paper, w.fig),
        table_names=lambda w: PIPELINE.figure(w.paper, w.fig).get("tables", []),
    resources:
        mem_mb=lambda w: figure_mem_mb(w.paper, w.fig),
    log:
        f"{R}/{{paper}}/logs/plot_figure_{{fig}}.log",
    benchmark:
        f"{R}/benchmarks/{{paper}}/plot_figure_{{fig}}.tsv"
    conda:
        ENV
    script:
        "../scripts/plot_figure.py"


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
    conda:
        ENV
    script:
        "../scripts/paper_scorecard.py"


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
    conda:
        ENV
    script:
        "../scripts/scorecard.py"


rule ci:
    input:
        PIPELINE.ci_files(),
        PIPELINE.scorecard_file(),
