"""Rule convergence_table: one table refined vs the main one, against its promise."""
from nanomag.jobs import start_logging
from nanomag.variants import write_comparison

start_logging(snakemake.log[0])
write_comparison(snakemake.wildcards.paper, snakemake.wildcards.table, snakemake.params.entry,
                 snakemake.input.base, snakemake.input.refined[0] if snakemake.input.refined else None,
                 snakemake.params.resolution, snakemake.output[0], snakemake.rule)
