"""Rule convergence_report: the convergence table of every computed table."""
from nanomag.jobs import start_logging
from nanomag.variants import merge_convergence

start_logging(snakemake.log[0])
merge_convergence(list(snakemake.input), snakemake.output.parquet, snakemake.output.markdown,
                  snakemake.output.html, snakemake.rule)
