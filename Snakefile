# nanomag: regenerate every figure of the five papers from config/config.yaml.
#   snakemake                       all figures and the scorecard (profile: profiles/default)
#   snakemake orbital_dimers        one paper
#   snakemake results/orbital_dimers/figures/fig9.pdf      one figure
#   outputs go under config["results_root"]: results/ (full), results/ci/ (small target)
#   snakemake --configfile config/ci.yaml ci              the small CI target
from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


# One BLAS thread per job: parallelism comes from Snakemake's jobs (and a table's declared
# `workers`), so N cores run N jobs without oversubscription. A value set by the user wins.
import os

for _blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas, "1")


# Refuse a bad configuration before the DAG is built: every error names its key, the value
# and the allowed type or range.
from nanomag.config import validate_config

validate_config(config, "workflow/schemas/config.schema.yaml")


# A run killed with SIGKILL leaves its locks behind; release them if no run that could hold
# them is alive, so that the next plain `snakemake` resumes (nanomag.runlock).
if workflow.is_main_process:
    from snakemake.logging import logger
    from nanomag.runlock import release_stale_locks

    if release_stale_locks():
        logger.warning("Removed the locks of an interrupted run (no run holding them is alive).")


include: "workflow/rules/common.smk"
include: "workflow/rules/orbital_dimers.smk"
include: "workflow/rules/emr_anisotropy.smk"
include: "workflow/rules/vibrational_magnetism.smk"
include: "workflow/rules/granular_exchange.smk"
include: "workflow/rules/cluster_pairing.smk"


rule all:
    input:
        PIPELINE.all_figure_files(),
        PIPELINE.scorecard_file(),
    default_target: True
