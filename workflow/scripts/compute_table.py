"""Rule compute_table / compute_chunk: one table of the manifest to Parquet."""
from nanomag.jobs import run_job

run_job(
    "nanomag.jobs:compute_table",
    snakemake.log[0],
    function_path=snakemake.params.compute,
    params=dict(snakemake.params.cfg),
    output=snakemake.output[0],
    rule=snakemake.rule,
    input_tables=dict(zip(snakemake.params.input_names, snakemake.input.tables)),
    chunk_index=int(snakemake.wildcards.chunk) if "chunk" in snakemake.wildcards.keys() else None,
)
