"""Rule convergence_check: fail with the numbers if a table misses its promised accuracy."""
from nanomag.jobs import start_logging
from nanomag.variants import check_convergence

start_logging(snakemake.log[0])
check_convergence(snakemake.input[0], snakemake.output[0], snakemake.params.enforce)
