"""Rule paper_scorecard: evaluate one paper's anchors."""
from nanomag.jobs import paper_scorecard, start_logging

start_logging(snakemake.log[0])
paper_scorecard(snakemake.input.anchors, snakemake.wildcards.paper, snakemake.output[0],
                snakemake.rule, dict(zip(snakemake.params.table_names, snakemake.input.tables)),
                snakemake.params.slices)
