# nanomag: regenerate every figure of the five papers from config/config.yaml.
#   snakemake                       all figures and the scorecard (profile: profiles/default)
#   snakemake orbital_dimers        one paper
#   snakemake results/orbital_dimers/figures/fig9.pdf      one figure
#   outputs go under config["results_root"]: results/ (full), results/ci/ (small target)
#   snakemake --configfile config/ci.yaml ci              the small CI target
from snakemake.utils import min_version

min_version("9.0")


# Re-read every config file strictly first: Snakemake's YAML loader keeps the last of two
# equal keys silently; this names the file and line of a duplicate key, a tab or a syntax
# error. (A syntax error in a --configfile stops Snakemake before this file is read, with a
# message naming neither: `python -m nanomag.config config/config.yaml FILE` locates it.)
from nanomag.config import validate_config_files

validate_config_files(["config/config.yaml", *workflow.overwrite_configfiles])


configfile: "config/config.yaml"


report: "workflow/report/workflow.rst"


# One BLAS thread per job: parallelism comes from Snakemake's jobs (and a table's declared
# `workers`), so N cores run N jobs without oversubscription. A value set by the user wins.
import os

for _blas in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_blas, "1")


# Refuse a bad configuration before the DAG is built: every error names its key, the value
# and the allowed type or range; every number must be finite. (A job too large for this
# machine's memory is refused in workflow/rules/common.smk.)
from nanomag.config import validate_config

validate_config(config, "workflow/schemas/config.schema.yaml")


# A run killed with SIGKILL leaves its locks behind; release them if no run that could hold
# them is alive, so that the next plain `snakemake` resumes (nanomag.runlock).
if workflow.is_main_process:
    from snakemake.logging import logger
    from nanomag.runlock import publish_main_process, release_stale_locks

    if release_stale_locks():
        logger.warning("Removed the locks of an interrupted run (no run holding them is alive).")
    # Jobs end with this process, even if it is killed with SIGKILL (nanomag.runlock).
    publish_main_process()


include: "workflow/rules/common.smk"
include: "workflow/rules/variants.smk"
include: "workflow/rules/orbital_dimers.smk"
include: "workflow/rules/emr_anisotropy.smk"
include: "workflow/rules/vibrational_magnetism.smk"
include: "workflow/rules/granular_exchange.smk"
include: "workflow/rules/cluster_pairing.smk"


# Nothing lost (nanomag.io): a truncated table or figure is removed before the DAG is built,
# with the figures and scorecard computed from it (Snakemake rebuilds a missing intermediate
# only when something downstream is missing or outdated), so this run recomputes them; every
# output is hard-linked aside when the run starts and put back if its job fails (Snakemake
# deletes a job's old outputs when the job starts).
if workflow.is_main_process:
    import sys
    from pathlib import Path
    from nanomag.io import (backup_outputs, damaged_outputs, remove_stale_backups,
                            remove_stale_temporaries, restore_outputs)
    from nanomag.jobs import command_is_dry_run, downstream_files

    OUTPUT_FOLDERS = [f"{R}/{paper}" for paper in PIPELINE.papers] + [f"{R}/scorecard.md"]
    # One backup per run (its PID): two runs started together never touch each other's.
    BACKUP = f".snakemake/nanomag_backup/{R.replace(os.sep, '_')}/{os.getpid()}"
    _damaged = damaged_outputs(OUTPUT_FOLDERS)
    _dry_run = bool(_damaged) and command_is_dry_run(sys.argv)
    for _path in _damaged:
        if _dry_run:
            logger.warning(f"{_path} is truncated or damaged: a run recomputes it.")
            continue
        logger.warning(f"Removed {_path}: truncated or damaged; it is recomputed.")
        for _file in {_path, *map(Path, downstream_files(PIPELINE, _path))}:
            _file.unlink(missing_ok=True)


# Jobs of a local run start from a warm interpreter (nanomag.jobserver: the imports of NumPy,
# SciPy, pandas, Matplotlib are paid once per run instead of once per job). It is started
# now, so that it imports while Snakemake builds the DAG, and published when the jobs start;
# a job that finds no server (cluster node, by hand, NANOMAG_NO_JOB_SERVER=1) runs in its own
# process as before.
JOB_SERVERS = []
if workflow.is_main_process:
    # One pending re-scheduling timer instead of one more per finished job (nanomag.scheduling).
    from nanomag.scheduling import (benchmark_run_blocks_by_their_job_process,
                                    params_hashed_without_importing_pandas,
                                    single_rescheduling_timer)

    single_rescheduling_timer()
    # Checking whether a job's params changed no longer imports pandas (0.3-0.5 s per run).
    params_hashed_without_importing_pandas()
    # A run: job's benchmark measures its job process, not the whole main process.
    benchmark_run_blocks_by_their_job_process()
if workflow.is_main_process and workflow.local_exec:
    import sys
    from nanomag.jobserver import JobServer, command_runs_jobs

    if command_runs_jobs(sys.argv) and os.environ.get("NANOMAG_NO_JOB_SERVER") != "1":
        JOB_SERVERS.append(JobServer())


onstart:
    # The generic rules' `run:` blocks only start a lean job process (nanomag.jobs.hand_over):
    # a thread of this process runs them, as it runs every `script:` and `shell:` job,
    # instead of a new Snakemake process per job (nanomag.scheduling).
    from nanomag.scheduling import run_blocks_in_threads

    run_blocks_in_threads(workflow)
    remove_stale_backups(Path(BACKUP).parent)
    remove_stale_temporaries(OUTPUT_FOLDERS, top_level=[R])  # of jobs killed while writing
    backup_outputs(OUTPUT_FOLDERS + [f"{R}/scorecard.parquet", f"{R}/scorecard.html"], BACKUP)
    for _server in JOB_SERVERS:
        _server.publish()


onerror:
    for _server in JOB_SERVERS:
        _server.stop()
    for _restored in restore_outputs(BACKUP):
        logger.warning(f"Kept the previous {_restored} (its job failed).")


onsuccess:
    import shutil

    for _server in JOB_SERVERS:
        _server.stop()
    shutil.rmtree(BACKUP, ignore_errors=True)
    _configs = "".join(f" --configfile {os.path.relpath(c)}"
                       for c in workflow.overwrite_configfiles)
    logger.info(
        f"Done. Figures: {R}/<paper>/figures/figN.pdf (and .png); scorecard: "
        f"{R}/scorecard.md; logs: {R}/<paper>/logs/.\n"
        f"Browsable report: snakemake --report {R}/report.html{_configs}"
    )


rule all:
    input:
        PIPELINE.all_figure_files(),
        PIPELINE.scorecard_file(),
        VARIANT_SECTIONS,
    default_target: True
