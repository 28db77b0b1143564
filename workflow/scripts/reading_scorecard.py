"""Rule reading_scorecard: the anchors a reading can change, under one alternative."""
from nanomag.jobs import run_job

run_job("nanomag.variants:reading_scorecard", snakemake.log[0],
        anchor_path=snakemake.input.anchors, paper=snakemake.wildcards.paper,
        reading=snakemake.wildcards.reading, alternative=snakemake.wildcards.alternative,
        default=snakemake.params.default, anchor_ids=list(snakemake.params.anchor_ids),
        table_paths=dict(zip(snakemake.params.table_names, snakemake.input.tables)),
        slices=snakemake.params.slices, output=snakemake.output[0], rule=snakemake.rule)
