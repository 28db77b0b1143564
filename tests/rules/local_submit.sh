#!/usr/bin/env bash
# A "cluster" whose nodes are this machine: the submit command of Snakemake's generic cluster
# executor in the rule-level tests. Starts the job script detached and prints its job id
# (the PID); the executor detects the end of the job from its marker files.
set -euo pipefail
jobscript="${@: -1}"
setsid nohup bash "$jobscript" > "$jobscript.out" 2>&1 < /dev/null &
echo "$!"
