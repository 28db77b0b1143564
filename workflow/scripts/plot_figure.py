"""Rule plot_figure: one figure (PDF and PNG) from its tables."""
from nanomag.jobs import run_job

run_job(
    "nanomag.jobs:draw_figure",
    snakemake.log[0],
    function_path=snakemake.params.plot,
    params=dict(snakemake.params.cfg),
    table_paths=dict(zip(snakemake.params.table_names, snakemake.input.tables)),
    outputs=list(snakemake.output),
)
