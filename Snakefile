# nanomag: regenerate every figure of the five papers from config/config.yaml.
#   snakemake                       all figures and the scorecard (profile: profiles/default)
#   snakemake orbital_dimers        one paper
#   snakemake results/orbital_dimers/figures/fig9.pdf      one figure
#   snakemake --configfile config/ci.yaml ci              the small CI target
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


# Refuse a bad configuration before the DAG is built: every error names its key, the value
# and the allowed type or range.
from nanomag.config import validate_config

validate_config(config, "workflow/schemas/config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/orbital_dimers.smk"
include: "workflow/rules/cluster_pairing.smk"
include: "workflow/rules/vibrational_magnetism.smk"


rule all:
    input:
        PIPELINE.all_figure_files(),
        "results/scorecard.md",
    default_target: True
