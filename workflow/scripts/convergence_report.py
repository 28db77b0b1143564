"""Rule convergence_report: the convergence table of every computed table."""
from nanomag.jobs import run_job

run_job("nanomag.variants:merge_convergence", snakemake.log[0], paths=list(snakemake.input),
        parquet_output=snakemake.output.parquet, markdown_output=snakemake.output.markdown,
        html_output=snakemake.output.html, rule=snakemake.rule)
