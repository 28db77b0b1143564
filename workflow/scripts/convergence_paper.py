"""Rule convergence_paper: each table of a paper refined vs the main one, against its promise."""
from nanomag.jobs import start_logging
from nanomag.variants import write_paper_comparison

start_logging(snakemake.log[0])
write_paper_comparison(snakemake.wildcards.paper, snakemake.params.tables,
                       snakemake.params.entries, list(snakemake.input.base),
                       snakemake.params.refined, snakemake.params.resolution,
                       snakemake.output[0], snakemake.rule)
