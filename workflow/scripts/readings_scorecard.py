"""Rules reading_paper_scorecard and readings_scorecard: verdicts under every alternative."""
from nanomag.jobs import start_logging
from nanomag.variants import merge_reading_scorecards

start_logging(snakemake.log[0])
merge_reading_scorecards(snakemake.input.cards, snakemake.params.registry,
                         snakemake.output.parquet, snakemake.output.markdown,
                         snakemake.output.get("html"), snakemake.rule, snakemake.params.figures)
