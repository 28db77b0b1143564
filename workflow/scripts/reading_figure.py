"""Rule reading_figure: one figure under every alternative of a reading, side by side."""
from nanomag.jobs import run_job

run_job("nanomag.variants:draw_reading_figure", snakemake.log[0],
        function_path=snakemake.params.plot, reading=snakemake.params.reading,
        alternatives=list(snakemake.params.alternatives), slices=snakemake.params.slices,
        table_names=list(snakemake.params.table_names), table_paths=list(snakemake.input.tables),
        outputs=[snakemake.output.pdf, snakemake.output.png], title=snakemake.params.title)
