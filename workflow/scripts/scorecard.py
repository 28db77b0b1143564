"""Rule scorecard: all papers' scorecards as Parquet, markdown and HTML."""
from nanomag.jobs import merge_scorecards, start_logging

start_logging(snakemake.log[0])
merge_scorecards(snakemake.input.cards, snakemake.output.parquet, snakemake.output.markdown,
                 snakemake.output.html, snakemake.rule)
