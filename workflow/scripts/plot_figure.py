"""Rule plot_figure: one figure (PDF and PNG) from its tables."""
from nanomag.jobs import draw_figure, start_logging

start_logging(snakemake.log[0])
draw_figure(
    snakemake.params.plot,
    snakemake.params.cfg,
    dict(zip(snakemake.params.table_names, snakemake.input.tables)),
    snakemake.output,
)
