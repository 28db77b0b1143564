"""Rule reading_scorecard: the anchors a reading can change, under one alternative."""
from nanomag.jobs import start_logging
from nanomag.variants import reading_scorecard

start_logging(snakemake.log[0])
reading_scorecard(snakemake.input.anchors, snakemake.wildcards.paper, snakemake.wildcards.reading,
                  snakemake.wildcards.alternative, snakemake.params.default,
                  snakemake.params.anchor_ids,
                  dict(zip(snakemake.params.table_names, snakemake.input.tables)),
                  snakemake.params.slices, snakemake.output[0], snakemake.rule)
