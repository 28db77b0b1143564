"""Rule reading_plot: a dedicated comparison plot of a reading (config/readings.yaml plots)."""
from nanomag.jobs import start_logging
from nanomag.variants import draw_reading_plot

start_logging(snakemake.log[0])
draw_reading_plot(snakemake.params.plot, snakemake.params.reading, snakemake.params.alternatives,
                  snakemake.params.table_names, list(snakemake.input.tables),
                  [snakemake.output.pdf, snakemake.output.png])
