"""Rule convergence_paper: each table of a paper refined vs the main one, against its promise."""
from nanomag.jobs import run_job

run_job("nanomag.variants:write_paper_comparison", snakemake.log[0],
        paper=snakemake.wildcards.paper, tables=list(snakemake.params.tables),
        entries=snakemake.params.entries, base_paths=list(snakemake.input.base),
        refined_paths=snakemake.params.refined, resolution=snakemake.params.resolution,
        output=snakemake.output[0], rule=snakemake.rule)
