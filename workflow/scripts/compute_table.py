"""Rule compute_table / compute_chunk: one table of the manifest to Parquet."""
from nanomag.jobs import compute_table, start_logging

start_logging(snakemake.log[0])
compute_table(
    snakemake.params.compute,
    snakemake.params.cfg,
    snakemake.output[0],
    rule=snakemake.rule,
    input_tables=dict(zip(snakemake.params.input_names, snakemake.input.tables)),
    chunk_index=int(snakemake.wildcards.chunk) if "chunk" in snakemake.wildcards.keys() else None,
)
