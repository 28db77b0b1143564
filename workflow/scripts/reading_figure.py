"""Rule reading_figure: one figure under every alternative of a reading, side by side."""
from nanomag.jobs import start_logging
from nanomag.variants import draw_reading_figure

start_logging(snakemake.log[0])
draw_reading_figure(snakemake.params.plot, snakemake.params.reading,
                    snakemake.params.alternatives, snakemake.params.slices,
                    snakemake.params.table_names, list(snakemake.input.tables),
                    [snakemake.output.pdf, snakemake.output.png], snakemake.params.title)
