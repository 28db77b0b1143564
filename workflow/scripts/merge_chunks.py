"""Rule merge_chunks: chunk tables of a Monte Carlo sweep, concatenated in order."""
from nanomag.jobs import merge_chunks, start_logging

start_logging(snakemake.log[0])
merge_chunks(snakemake.input.chunks, snakemake.output[0], snakemake.rule, snakemake.params.cfg)
