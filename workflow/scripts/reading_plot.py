"""Rule reading_plot: a dedicated comparison plot of a reading (config/readings.yaml plots)."""
from nanomag.jobs import run_job

run_job("nanomag.variants:draw_reading_plot", snakemake.log[0],
        function_path=snakemake.params.plot, reading=snakemake.params.reading,
        alternatives=list(snakemake.params.alternatives),
        table_names=list(snakemake.params.table_names), table_paths=list(snakemake.input.tables),
        outputs=[snakemake.output.pdf, snakemake.output.png])
