"""Rule scorecard: all papers' scorecards as Parquet, markdown and HTML."""
from nanomag.jobs import run_job

run_job("nanomag.jobs:merge_scorecards", snakemake.log[0], paths=list(snakemake.input.cards),
        parquet_output=snakemake.output.parquet, markdown_output=snakemake.output.markdown,
        html_output=snakemake.output.html, rule=snakemake.rule)
