"""Rule paper_scorecard: evaluate one paper's anchors."""
from nanomag.jobs import run_job

run_job("nanomag.jobs:paper_scorecard", snakemake.log[0],
        anchor_path=snakemake.input.anchors, paper=snakemake.wildcards.paper,
        output=snakemake.output[0], rule=snakemake.rule,
        table_paths=dict(zip(snakemake.params.table_names, snakemake.input.tables)),
        slices=dict(snakemake.params.slices))
