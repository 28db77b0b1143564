"""Rule merge_chunks: chunk tables of a Monte Carlo sweep, concatenated in order."""
from nanomag.jobs import run_job

run_job("nanomag.jobs:merge_chunks", snakemake.log[0], chunk_paths=list(snakemake.input.chunks),
        output=snakemake.output[0], rule=snakemake.rule, params=dict(snakemake.params.cfg))
