# Generic rules driven by the figure manifest config/figures.yaml (docs/architecture.md):
# each table is computed by its library function (compute_table, or compute_chunk and
# merge_chunks for Monte Carlo tables), each figure is drawn from its tables (plot_figure),
# each paper's statements are scored (paper_scorecard, scorecard). Every rule lists the
# library modules it uses as inputs, so a physics edit reruns exactly what depends on it,
# and receives only its own config slice as one params dict. Targets and inputs come from
# nanomag.manifest.Pipeline.
from nanomag.manifest import Pipeline, function_dependencies, load_manifest

PIPELINE = Pipeline(load_manifest("config/figures.yaml"), config)
ENV = "../envs/nanomag.yaml"
STYLE = "src/nanomag/nanomag.mplstyle"


wildcard_constraints:
    paper="|".join(PIPELINE.papers),
    fig=r"fig\d+",
    chunk=r"\d+",


rule compute_table:
    input:
        modules=lambda w: function_dependencies(PIPELINE.table(w.paper, w.table)["compute"]),
        tables=lambda w: PIPELINE.input_tables(w.paper, w.table),
    output:
        "results/{paper}/data/{table}.parquet",
    params:
        compute=lambda w: PIPELINE.table(w.paper, w.table)["compute"],
        cfg=lambda w: PIPELINE.table_slice(w.paper, w.table),
        input_names=lambda w: PIPELINE.table(w.paper, w.table).get("inputs", []),
    threads: lambda w: PIPELINE.table_threads(w.paper, w.table)
    log:
        "results/{paper}/logs/compute_table_{table}.log",
    benchmark:
        "results/benchmarks/{paper}/compute_table_{table}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=False),
    conda:
        ENV
    script:
        "../scripts/compute_table.py"


use rule compute_table as compute_chunk with:
    output:
        "results/{paper}/data/chunks/{table}/chunk{chunk}.parquet",
    log:
        "results/{paper}/logs/compute_chunk_{table}_{chunk}.log",
    benchmark:
        "results/benchmarks/{paper}/compute_chunk_{table}_{chunk}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),


rule merge_chunks:
    input:
        chunks=lambda w: PIPELINE.chunk_files(w.paper, w.table),
    output:
        "results/{paper}/data/{table}.parquet",
    params:
        cfg=lambda w: PIPELINE.table_slice(w.paper, w.table),
    log:
        "results/{paper}/logs/merge_chunks_{table}.log",
    benchmark:
        "results/benchmarks/{paper}/merge_chunks_{table}.tsv"
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
        pdf="results/{paper}/figures/{fig}.pdf",
        png=report(
            "results/{paper}/figures/{fig}.png",
            caption="../report/figure.rst",
            category=lambda w: PIPELINE.report_category(w.paper),
            labels=lambda w: PIPELINE.report_labels(w.paper, w.fig),
        ),
    params:
        title=lambda w: PIPELINE.figure(w.paper, w.fig)["title"],
        caption=lambda w: PIPELINE.figure(w.paper, w.fig)["caption"],
        slices=lambda w: PIPELINE.figure(w.paper, w.fig).get("config", []),
        plot=lambda w: PIPELINE.figure(w.paper, w.fig)["plot"],
        cfg=lambda w: PIPELINE.figure_slice(w.paper, w.fig),
        table_names=lambda w: PIPELINE.figure(w.paper, w.fig).get("tables", []),
    log:
        "results/{paper}/logs/plot_figure_{fig}.log",
    benchmark:
        "results/benchmarks/{paper}/plot_figure_{fig}.tsv"
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
        "results/{paper}/scorecard.parquet",
    params:
        table_names=lambda w: list(PIPELINE.anchor_tables(w.paper)),
    log:
        "results/{paper}/logs/paper_scorecard.log",
    benchmark:
        "results/benchmarks/{paper}/paper_scorecard.tsv"
    conda:
        ENV
    script:
        "../scripts/paper_scorecard.py"


rule scorecard:
    input:
        cards=expand("results/{paper}/scorecard.parquet", paper=PIPELINE.scored_papers()),
    output:
        parquet="results/scorecard.parquet",
        markdown="results/scorecard.md",
        html=report("results/scorecard.html", caption="../report/scorecard.rst",
                    category="Scorecard"),
    log:
        "results/logs/scorecard.log",
    benchmark:
        "results/benchmarks/scorecard.tsv"
    conda:
        ENV
    script:
        "../scripts/scorecard.py"


rule ci:
    input:
        PIPELINE.ci_files(),
        "results/scorecard.md",
