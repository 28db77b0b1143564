"""Rule convergence_check: fail with the numbers if a table misses its promised accuracy."""
from nanomag.jobs import run_job

run_job("nanomag.variants:check_convergence", snakemake.log[0], parquet=snakemake.input[0],
        output=snakemake.output[0], enforce=snakemake.params.enforce)
