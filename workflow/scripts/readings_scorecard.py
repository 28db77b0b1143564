"""Rules reading_paper_scorecard and readings_scorecard: verdicts under every alternative."""
from nanomag.jobs import run_job

run_job("nanomag.variants:merge_reading_scorecards", snakemake.log[0],
        paths=list(snakemake.input.cards), registry=snakemake.params.registry,
        parquet_output=snakemake.output.parquet, markdown_output=snakemake.output.markdown,
        html_output=snakemake.output.get("html"), rule=snakemake.rule,
        figures=snakemake.params.figures)
