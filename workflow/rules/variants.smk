# Readings side by side and numerical convergence (issue 15; nanomag.variants).
#   snakemake readings            every reading of every paper: comparison figures and the
#                                 scorecard under each alternative (<root>/readings/)
#   snakemake readings_<paper>    one paper's readings
#   snakemake convergence         every computed table refined, compared with the main one
#   snakemake convergence_<paper> one paper's tables
# A variant is a set of config overrides of one paper (config/readings.yaml,
# config/convergence.yaml). Its tables are computed by the same library functions through
# the same scripts as the main tables (the rules below reuse compute_table, compute_chunk and
# merge_chunks); only the tables whose slice or inputs the variant changes are recomputed,
# every other table is read from the main results. Params are the overridden slices, so an
# edit of a reading's value or of a resolution parameter reruns exactly what depends on it.
from nanomag.variants import (
    CONVERGENCE_FILE,
    CONVERGENCE_SCHEMA,
    READINGS_FILE,
    READINGS_SCHEMA,
    Variants,
    load_convergence,
    load_readings,
)

VARIANTS = Variants(
    PIPELINE,
    load_readings(READINGS_FILE, config, READINGS_SCHEMA, "workflow/schemas/config.schema.yaml"),
    load_convergence(CONVERGENCE_FILE, config, {"papers": PIPELINE.papers}, CONVERGENCE_SCHEMA),
)
_V = Variants.from_wildcards
READING_PAPERS = [p for p in PIPELINE.papers if VARIANTS.readings.get(p)]
CONVERGENCE_PAPERS = VARIANTS.convergence_papers()


wildcard_constraints:
    reading=r"[a-z][a-z0-9_]*",
    alternative=r"[a-z][a-z0-9_]*",


# ---- variant tables: the main rules with the variant's slice ---------------------------

use rule compute_table as reading_table with:
    input:
        modules=lambda w: function_dependencies(PIPELINE.table(w.paper, w.table)["compute"]),
        tables=lambda w: VARIANTS.input_tables(_V(w), w.table),
    output:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/data/{{table}}.parquet",
    params:
        compute=lambda w: PIPELINE.table(w.paper, w.table)["compute"],
        cfg=lambda w: VARIANTS.table_slice(_V(w), w.table),
        input_names=lambda w: PIPELINE.table(w.paper, w.table).get("inputs", []),
    log:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/logs/compute_table_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/readings/{{paper}}/{{reading}}/{{alternative}}/compute_table_{{table}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=False),


use rule reading_table as reading_chunk with:
    output:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/data/chunks/{{table}}/chunk{{chunk}}.parquet",
    log:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/logs/compute_chunk_{{table}}_{{chunk}}.log",
    benchmark:
        f"{R}/benchmarks/readings/{{paper}}/{{reading}}/{{alternative}}/compute_chunk_{{table}}_{{chunk}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),


use rule merge_chunks as reading_merge with:
    input:
        chunks=lambda w: VARIANTS.chunk_files(_V(w), w.table),
    output:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/data/{{table}}.parquet",
    params:
        cfg=lambda w: VARIANTS.table_slice(_V(w), w.table),
    log:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/logs/merge_chunks_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/readings/{{paper}}/{{reading}}/{{alternative}}/merge_chunks_{{table}}.tsv"
    wildcard_constraints:
        table=PIPELINE.table_names(chunked=True),


use rule reading_table as refined_table with:
    output:
        f"{R}/convergence/{{paper}}/data/{{table}}.parquet",
    log:
        f"{R}/convergence/{{paper}}/logs/compute_table_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/convergence/{{paper}}/compute_table_{{table}}.tsv"


use rule reading_chunk as refined_chunk with:
    output:
        f"{R}/convergence/{{paper}}/data/chunks/{{table}}/chunk{{chunk}}.parquet",
    log:
        f"{R}/convergence/{{paper}}/logs/compute_chunk_{{table}}_{{chunk}}.log",
    benchmark:
        f"{R}/benchmarks/convergence/{{paper}}/compute_chunk_{{table}}_{{chunk}}.tsv"


use rule reading_merge as refined_merge with:
    output:
        f"{R}/convergence/{{paper}}/data/{{table}}.parquet",
    log:
        f"{R}/convergence/{{paper}}/logs/merge_chunks_{{table}}.log",
    benchmark:
        f"{R}/benchmarks/convergence/{{paper}}/merge_chunks_{{table}}.tsv"


# ---- readings: figures side by side and the scorecard per alternative -----------------

rule reading_figure:
    input:
        tables=lambda w: VARIANTS.reading_figure_tables(w.paper, w.reading, w.fig),
        modules=lambda w: function_dependencies(PIPELINE.figure(w.paper, w.fig)["plot"]),
        style=STYLE,
    output:
        pdf=f"{R}/readings/{{paper}}/{{reading}}/{{fig}}.pdf",
        png=report(
            f"{R}/readings/{{paper}}/{{reading}}/{{fig}}.png",
            caption="../report/reading.rst",
            category="Readings",
            subcategory=lambda w: w.paper,
            labels=lambda w: {"reading": w.reading,
                              "figure": f"Fig. {w.fig.removeprefix('fig')}",
                              "alternatives": ", ".join(
                                  VARIANTS.reading_alternatives(w.paper, w.reading))},
        ),
    params:
        plot=lambda w: PIPELINE.figure(w.paper, w.fig)["plot"],
        title=lambda w: f"{w.paper} Fig. {w.fig.removeprefix('fig')}: "
                        + PIPELINE.figure(w.paper, w.fig)["title"],
        reading=lambda w: VARIANTS.reading(w.paper, w.reading),
        alternatives=lambda w: VARIANTS.reading_alternatives(w.paper, w.reading),
        slices=lambda w: {a: VARIANTS.figure_slice(
            VARIANTS.reading_variant(w.paper, w.reading, a), w.fig)
            for a in VARIANTS.reading_alternatives(w.paper, w.reading)},
        table_names=lambda w: PIPELINE.figure(w.paper, w.fig).get("tables", []),
    log:
        f"{R}/readings/{{paper}}/{{reading}}/logs/reading_figure_{{fig}}.log",
    benchmark:
        f"{R}/benchmarks/readings/{{paper}}/{{reading}}/reading_figure_{{fig}}.tsv"
    conda:
        ENV
    script:
        "../scripts/reading_figure.py"


rule reading_plot:
    input:
        tables=lambda w: VARIANTS.reading_plot_tables(w.paper, w.reading, w.plot),
        modules=lambda w: function_dependencies(
            VARIANTS.reading(w.paper, w.reading)["plots"][w.plot]["plot"]),
        style=STYLE,
    output:
        pdf=f"{R}/readings/{{paper}}/{{reading}}/{{plot}}.pdf",
        png=report(
            f"{R}/readings/{{paper}}/{{reading}}/{{plot}}.png",
            caption="../report/reading.rst",
            category="Readings",
            subcategory=lambda w: w.paper,
            labels=lambda w: {"reading": w.reading, "figure": w.plot,
                              "alternatives": ", ".join(
                                  VARIANTS.reading_alternatives(w.paper, w.reading))},
        ),
    params:
        plot=lambda w: VARIANTS.reading(w.paper, w.reading)["plots"][w.plot]["plot"],
        reading=lambda w: VARIANTS.reading(w.paper, w.reading),
        alternatives=lambda w: VARIANTS.reading_alternatives(w.paper, w.reading),
        table_names=lambda w: VARIANTS.reading(w.paper, w.reading)["plots"][w.plot]["tables"],
    log:
        f"{R}/readings/{{paper}}/{{reading}}/logs/reading_plot_{{plot}}.log",
    benchmark:
        f"{R}/benchmarks/readings/{{paper}}/{{reading}}/reading_plot_{{plot}}.tsv"
    wildcard_constraints:
        plot=VARIANTS.reading_plot_names(),
    conda:
        ENV
    script:
        "../scripts/reading_plot.py"


rule reading_scorecard:
    input:
        anchors="config/anchors/{paper}.yaml",
        modules=lambda w: PIPELINE.anchor_modules(w.paper),
        tables=lambda w: list(VARIANTS.reading_anchor_tables(_V(w)).values()),
    output:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/scorecard.parquet",
    params:
        anchor_ids=lambda w: VARIANTS.reading_anchor_ids(w.paper, w.reading),
        table_names=lambda w: list(VARIANTS.reading_anchor_tables(_V(w))),
        slices=lambda w: VARIANTS.reading_anchor_slices(_V(w)),
        default=lambda w: VARIANTS.reading(w.paper, w.reading)["default"],
    log:
        f"{R}/readings/{{paper}}/{{reading}}/{{alternative}}/logs/reading_scorecard.log",
    benchmark:
        f"{R}/benchmarks/readings/{{paper}}/{{reading}}/{{alternative}}/reading_scorecard.tsv"
    conda:
        ENV
    script:
        "../scripts/reading_scorecard.py"


rule reading_paper_scorecard:
    input:
        cards=lambda w: VARIANTS.reading_scorecard_files(w.paper),
        registry=READINGS_FILE,
    output:
        parquet=f"{R}/readings/{{paper}}/scorecard.parquet",
        markdown=f"{R}/readings/{{paper}}/scorecard.md",
    params:
        registry=lambda w: {w.paper: VARIANTS.readings[w.paper]},
        figures=lambda w: {f"{w.paper}/{r}": VARIANTS.reading_figures(w.paper, r)
                           for r in VARIANTS.readings[w.paper]},
    log:
        f"{R}/readings/{{paper}}/logs/reading_paper_scorecard.log",
    conda:
        ENV
    script:
        "../scripts/readings_scorecard.py"


rule readings_scorecard:
    input:
        cards=[f"{R}/readings/{p}/scorecard.parquet" for p in READING_PAPERS],
        registry=READINGS_FILE,
    output:
        parquet=f"{R}/readings/scorecard.parquet",
        markdown=f"{R}/readings/scorecard.md",
        html=report(f"{R}/readings/scorecard.html", caption="../report/readings.rst",
                    category="Readings", subcategory="Scorecard under every reading"),
    params:
        registry={p: VARIANTS.readings[p] for p in READING_PAPERS},
        figures={f"{p}/{r}": VARIANTS.reading_figures(p, r)
                 for p in READING_PAPERS for r in VARIANTS.readings[p]},
    log:
        f"{R}/readings/logs/readings_scorecard.log",
    conda:
        ENV
    script:
        "../scripts/readings_scorecard.py"


rule readings:
    input:
        [f for p in READING_PAPERS for f in VARIANTS.reading_paper_files(p)],
        f"{R}/readings/scorecard.md",


for _paper in READING_PAPERS:

    rule:
        name:
            f"readings_{_paper}"
        input:
            VARIANTS.reading_paper_files(_paper),


# ---- convergence -----------------------------------------------------------------------

rule convergence_paper:
    input:
        base=lambda w: [PIPELINE.table_file(w.paper, t) for t in VARIANTS.convergence_tables(w.paper)],
        refined=lambda w: [f for t in VARIANTS.convergence_tables(w.paper)
                           for f in VARIANTS.refined_table_file(w.paper, t)],
        registry=CONVERGENCE_FILE,
        # the measures (common points, standard errors): an edit reruns the comparison
        modules=function_dependencies("nanomag.variants:write_paper_comparison"),
    output:
        f"{R}/convergence/{{paper}}/convergence.parquet",
    params:
        tables=lambda w: VARIANTS.convergence_tables(w.paper),
        refined=lambda w: {t: VARIANTS.refined_table_file(w.paper, t)[0]
                           for t in VARIANTS.convergence_tables(w.paper)
                           if VARIANTS.refined_table_file(w.paper, t)},
        entries=lambda w: {t: VARIANTS.convergence_entry(w.paper, t)
                           for t in VARIANTS.convergence_tables(w.paper)},
        resolution=lambda w: {t: VARIANTS.refined_slice_changes(w.paper, t)
                              for t in VARIANTS.convergence_tables(w.paper)},
    log:
        f"{R}/convergence/{{paper}}/logs/convergence_paper.log",
    benchmark:
        f"{R}/benchmarks/convergence/{{paper}}/convergence_paper.tsv"
    conda:
        ENV
    script:
        "../scripts/convergence_paper.py"


rule convergence_report:
    input:
        [f"{R}/convergence/{p}/convergence.parquet" for p in CONVERGENCE_PAPERS],
    output:
        parquet=f"{R}/convergence/convergence.parquet",
        markdown=f"{R}/convergence/convergence.md",
        html=report(f"{R}/convergence/convergence.html", caption="../report/convergence.rst",
                    category="Convergence"),
    log:
        f"{R}/convergence/logs/convergence_report.log",
    conda:
        ENV
    script:
        "../scripts/convergence_report.py"


# The target fails, with the numbers, when a table misses its promised accuracy; the
# report above is written either way (config key convergence_enforce: false in the small
# configuration, whose coarse grids are not meant to deliver the promises).
rule convergence_check:
    input:
        f"{R}/convergence/convergence.parquet",
    output:
        f"{R}/convergence/passed.txt",
    params:
        enforce=config.get("convergence_enforce", True),
    log:
        f"{R}/convergence/logs/convergence_check.log",
    conda:
        ENV
    script:
        "../scripts/convergence_check.py"


rule convergence:
    input:
        f"{R}/convergence/passed.txt",


for _paper in CONVERGENCE_PAPERS:

    rule:
        name:
            f"convergence_{_paper}"
        input:
            f"{R}/convergence/{_paper}/convergence.parquet",
