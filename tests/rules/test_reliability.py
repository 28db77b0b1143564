"""Reliability of the workflow, each on a real Snakemake run of the small target.

- determinism: every Parquet output is byte-identical (values and metadata) between
  ``--cores 1`` and ``--cores 2`` (the papers with threads or Monte Carlo chunks), between
  two chunkings of the Monte Carlo, and between a local run and a run through Snakemake's
  generic cluster executor (job groups and chunk jobs);
- interruption: a run killed with SIGKILL in the middle of a job is completed by the next
  plain ``snakemake`` (profile: rerun-incomplete; stale locks released), with identical outputs;
- bad input: more than 40 bad configurations across all papers (wrong types, NaN and
  infinity, unbounded sizes, maps too large for the memory, numbers YAML reads as strings,
  duplicate keys, tabs, syntax errors) are refused before any job starts, with a message
  naming the key (or the file and line) and what is allowed;
- nothing lost: a truncated table is recomputed by the next plain run; a job that fails
  keeps the previous table (with its provenance);
- concurrency: two runs started together both keep their PID in the lock registry; after
  ``kill -9`` of the main Snakemake process its jobs end too instead of running on;
- no NaN or infinity in any output table.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nanomag.io import read_table
from nanomag.runner import CI_ROOT, copy_workflow, snakemake

pytestmark = pytest.mark.rules

SUBMIT = Path(__file__).resolve().parent / "local_submit.sh"
CI = ("ci", "--configfile", "config/ci.yaml")


def _parquet_bytes(results: Path) -> dict[str, bytes]:
    return {str(p.relative_to(results)): p.read_bytes() for p in sorted(results.rglob("*.parquet"))}


def _assert_same_outputs(results: Path, reference: Path, papers=None) -> None:
    """Every Parquet output (of ``papers`` only, if given) is byte-identical."""
    produced, expected = _parquet_bytes(results), _parquet_bytes(reference)
    if papers is not None:  # their tables, chunks and scorecards
        produced, expected = ({k: v for k, v in d.items() if k.split("/")[0] in papers
                               and k.split("/")[1] in ("data", "scorecard.parquet")}
                              for d in (produced, expected))
    assert sorted(produced) == sorted(expected)
    differing = [name for name in expected if produced[name] != expected[name]]
    assert not differing, f"outputs differ from the reference run: {differing}"


def _targets_of(reference: Path, papers) -> tuple[str, ...]:
    """Snakemake arguments building the figures and scorecards of ``papers`` only, as the
    reference run has them: the determinism tests rebuild only the papers whose jobs run
    in parallel (threads, Monte Carlo chunks), which keeps the suite fast."""
    files = [CI_ROOT / path.relative_to(reference) for paper in papers
             for path in sorted((reference / paper).glob("figures/fig*.p*"))
             + sorted((reference / paper).glob("scorecard.parquet"))]
    return (*map(str, files), "--configfile", "config/ci.yaml")


def test_cores_1_and_cores_2_give_identical_bytes(ci_run, tmp_path):
    """The papers with parallel work: emr_anisotropy's Monte Carlo chunks and
    granular_exchange's threaded Fig. 4 map."""
    _, reference = ci_run
    papers = ["emr_anisotropy", "granular_exchange"]
    copy_workflow(tmp_path)
    snakemake(tmp_path, *_targets_of(reference, papers), "--cores", "1")
    _assert_same_outputs(tmp_path / CI_ROOT, reference, papers)


def test_two_chunkings_of_the_monte_carlo_give_identical_bytes(ci_run, tmp_path):
    _, reference = ci_run
    copy_workflow(tmp_path)
    (tmp_path / "chunks.yaml").write_text("emr_anisotropy:\n  fig5:\n    n_chunks: 5\n")
    table = f"{CI_ROOT}/emr_anisotropy/data/anisotropy_distribution.parquet"
    snakemake(tmp_path, table, "--configfile", "config/ci.yaml", "chunks.yaml", "--cores", "2")
    assert len(list((tmp_path / CI_ROOT / "emr_anisotropy/data/chunks").rglob("*.parquet"))) == 5
    reference_table = reference / Path(table).relative_to(CI_ROOT)
    assert (tmp_path / table).read_bytes() == reference_table.read_bytes()


def test_generic_cluster_executor_matches_the_local_run(ci_run, tmp_path):
    """Jobs go through a submit script, as on a cluster (nodes = this host), batched into
    job groups exactly as the SLURM profile batches them. Job states are polled every
    second: with the default 10 s between status checks, each wave of jobs waited for the
    next check (this test took 95-103 s, now 75 s)."""
    import yaml

    _, reference = ci_run
    papers = ["orbital_dimers", "emr_anisotropy"]  # tables reading tables; chunk jobs
    copy_workflow(tmp_path)
    slurm = yaml.safe_load((tmp_path / "profiles/slurm/config.yaml").read_text())
    run = snakemake(tmp_path, *_targets_of(reference, papers), "--executor", "cluster-generic",
                    "--cluster-generic-submit-cmd", f"bash {SUBMIT}", "--jobs", "2",
                    "--latency-wait", "30", "--seconds-between-status-checks", "1",
                    "--groups", *slurm["groups"],
                    "--group-components", *slurm["group-components"])
    log = run.stdout + run.stderr
    # ~20 tables and scorecards and ~15 figures batched 10 per group job: several group jobs
    assert len(re.findall(r"Submitted group job \S+ with external jobid", log)) >= 2
    assert len(re.findall(r"Submitted job \d+ with external jobid", log)) >= 2  # chunks
    _assert_same_outputs(tmp_path / CI_ROOT, reference, papers)


def test_run_killed_mid_job_is_completed_by_the_next_plain_run(ci_run, tmp_path):
    _, reference = ci_run
    copy_workflow(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / ".cache"),
               MPLCONFIGDIR=str(tmp_path / ".cache" / "matplotlib"))
    run = subprocess.Popen([sys.executable, "-m", "snakemake", *CI, "--cores", "2"],
                           cwd=tmp_path, env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Kill the whole run (main process and jobs) while a job is running: a job's process
    # carries the main process in its environment (nanomag.runlock).
    import socket

    marker = f"NANOMAG_MAIN_PROCESS={socket.gethostname()}:{run.pid}"
    deadline = time.monotonic() + 600
    while not [p for p in _jobs_with(marker) if p != run.pid]:
        assert run.poll() is None, "the run ended before a job started"
        assert time.monotonic() < deadline, "no job started"
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    time.sleep(0.5)
    assert any(p.is_file() for p in (tmp_path / ".snakemake/incomplete").rglob("*")), \
        "no job was interrupted"
    assert any((tmp_path / ".snakemake/locks").glob("*.lock")), "the kill left no stale lock"

    resumed = snakemake(tmp_path, *CI)  # the profile's settings: all cores, rerun-incomplete
    assert "Removed the locks of an interrupted run" in resumed.stdout + resumed.stderr
    _assert_same_outputs(tmp_path / CI_ROOT, reference)


def test_no_nan_or_infinity_in_any_output_table(ci_run):
    _, results = ci_run
    tables = sorted(results.rglob("*.parquet"))
    assert len(tables) > 40
    for path in tables:
        frame, meta = read_table(path)
        nullable = set(meta.get("nullable", []))
        for column in frame.select_dtypes(include=[np.number]).columns:
            values = frame[column].to_numpy(dtype=float)
            finite = np.isfinite(values) | (np.isnan(values) if column in nullable else False)
            assert finite.all(), f"{path.relative_to(results)}: non-finite values in {column}"


# (override merged over config/ci.yaml, pattern the error message must match)
BAD_CONFIGS = {
    "wrong type": ("orbital_dimers:\n  fig9:\n    n_max: twenty\n",
                   r"orbital_dimers\.fig9\.n_max = 'twenty'.*type integer; range \[2, 2000\]"),
    "spheres overlap (d < 2a)": ("orbital_dimers:\n  fig2:\n    d_over_a: 1.5\n",
                                 r"orbital_dimers\.fig2\.d_over_a = 1\.5.*range \(2\.0, 1000\.0\]"),
    "empty grid": ("orbital_dimers:\n  fig4:\n    chi_over_chicz: {start: 1.0, stop: -1.0, num: 5}\n",
                   r"orbital_dimers\.fig4\.chi_over_chicz: empty grid, start = 1\.0 must be < stop"),
    "unknown key": ("orbital_dimers:\n  fig3:\n    unknown_key: 1\n",
                    r"'unknown_key' was unexpected\); allowed keys here: \['chi_over_chicz'\]"),
    "reversed chain range": ("orbital_dimers:\n  fig10:\n    n_particles: {start: 12, stop: 4}\n",
                             r"orbital_dimers\.fig10\.n_particles: empty range"),
    "negative temperature": ("orbital_dimers:\n  fig6:\n    temperatures: [5.0e-3, -1.0e-4, 5.0e-5]\n",
                             r"orbital_dimers\.fig6\.temperatures\.1 = -0\.0001.*range \(0, 0\.05\]"),
    "Bessel table too short": ("orbital_dimers:\n  bessel_zeros:\n    z_max: 2.0\n",
                               r"orbital_dimers\.bessel_zeros\.z_max = 2\.0.*range \[4, 400\]"),
    "spin not a half-integer": ("vibrational_magnetism:\n  fig4:\n    spin: 0.7\n",
                                r"vibrational_magnetism\.fig4\.spin = 0\.7.*one of \[0\.5, 1\.0"),
    "unknown reading": ("vibrational_magnetism:\n  fig2:\n    reading: guess\n",
                        r"vibrational_magnetism\.fig2\.reading = 'guess'.*one of \['exact'"),
    "negative kelvin": ("vibrational_magnetism:\n  fig2:\n    temperature_k: -3.0\n",
                        r"vibrational_magnetism\.fig2\.temperature_k = -3\.0.*range \(0, "),
    "more electrons than states": (
        "cluster_pairing:\n  fig1:\n    shells:\n      - {m: 11, n_electrons: 30}\n",
        r"cluster_pairing\.fig1\.shells\.0\.n_electrons = 30 must lie in \(0, 2M\) = \(0, 22\)"),
    "negative T/Tc": ("cluster_pairing:\n  fig2:\n    temperature_over_tc: {start: -1.0, stop: 3.0, num: 31}\n",
                      r"cluster_pairing\.fig2\.temperature_over_tc\.start = -1\.0.*range \[0, 100\]"),
    "unknown BCS branch": ("cluster_pairing:\n  response:\n    bcs_branch: lowest\n",
                           r"cluster_pairing\.response\.bcs_branch = 'lowest'.*one of \['global_minimum'"),
    "negative frequency": ("emr_anisotropy:\n  fig1:\n    frequency_ghz: -9.45\n",
                           r"emr_anisotropy\.fig1\.frequency_ghz = -9\.45.*range \(0, 1000\]"),
    "volume fraction above packing": ("emr_anisotropy:\n  nanocrystals:\n    volume_fraction: 0.9\n",
                                      r"emr_anisotropy\.nanocrystals\.volume_fraction = 0\.9.*range \(0, 0\.5\]"),
    "no ensembles": ("emr_anisotropy:\n  fig5:\n    n_ensembles: 0\n",
                     r"emr_anisotropy\.fig5\.n_ensembles = 0.*range \[1, 100000\]"),
    "more chunks than ensembles": ("emr_anisotropy:\n  fig5:\n    n_ensembles: 4\n    n_chunks: 8\n",
                                   r"emr_anisotropy\.fig5\.n_chunks = 8 must be <= emr_anisotropy\.fig5\.n_ensembles = 4"),
    "unknown sign convention": ("emr_anisotropy:\n  fig1:\n    convention: mine\n",
                                r"emr_anisotropy\.fig1\.convention = 'mine'.*one of \['paper', 'standard'\]"),
    "seed not an integer": ("emr_anisotropy:\n  fig3:\n    seed: abc\n",
                            r"emr_anisotropy\.fig3\.seed = 'abc'.*type integer"),
    "well shallower than E_F": ("granular_exchange:\n  fig3:\n    u_ev: 0.05\n",
                                r"granular_exchange\.fig3\.u_ev = 0\.05.*range \(0\.1, 50\]"),
    "negative distance": ("granular_exchange:\n  fig5:\n    d_nm: -1.0\n",
                          r"granular_exchange\.fig5\.d_nm = -1\.0.*range \(0, 5\]"),
    "one quadrature order": ("granular_exchange:\n  fig4:\n    quadrature_nodes: [48]\n",
                             r"granular_exchange\.fig4\.quadrature_nodes = \[48\].*2 to 2 items"),
    "no chunk job": ("granular_exchange:\n  fig4:\n    n_chunks: 0\n",
                     r"granular_exchange\.fig4\.n_chunks = 0.*range \[1, 64\]"),
    "more map chunks than U rows": ("granular_exchange:\n  fig4:\n    n_chunks: 12\n"
                                    "    u_ev: {start: 1.0, stop: 5.0, num: 11}\n",
                                    r"granular_exchange\.fig4\.n_chunks = 12 must be <= "
                                    r"granular_exchange\.fig4\.u_ev\.num = 11"),
    "Fermi level above the barrier": ("granular_exchange:\n  material:\n    ef_ev: 0.5\n",
                                      r"granular_exchange\.material\.ef_ev = 0\.5.*range \[-5, 0\)"),
    "unknown paper in the CI target": ("ci:\n  papers: [orbital_dimers, superconductors]\n",
                                       r"ci\.papers\.1 = 'superconductors'.*one of"),
    # every number finite (JSON Schema range checks are true for NaN)
    "NaN temperature (granular)": ("granular_exchange:\n  fig5:\n    temperature_k: .nan\n",
                                   r"granular_exchange\.fig5\.temperature_k = nan: every number must be finite"),
    "infinite colour limit (granular)": ("granular_exchange:\n  fig4:\n    color_limit_percent: .inf\n",
                                         r"granular_exchange\.fig4\.color_limit_percent = inf: every number must be finite"),
    "NaN probe field (orbital)": ("orbital_dimers:\n  fig4:\n    probe_field: .nan\n",
                                  r"orbital_dimers\.fig4\.probe_field = nan: every number must be finite"),
    "NaN in a list (orbital)": ("orbital_dimers:\n  fig6:\n    temperatures: [5.0e-3, .NaN, 5.0e-5]\n",
                                r"orbital_dimers\.fig6\.temperatures\.1 = nan: every number must be finite"),
    "minus infinity in a grid (vibrational)": (
        "vibrational_magnetism:\n  fig3:\n    temperature_k: {start: -.inf, stop: 300.0, num: 30}\n",
        r"vibrational_magnetism\.fig3\.temperature_k\.start = -inf: every number must be finite"),
    "NaN radius (vibrational)": ("vibrational_magnetism:\n  fig5:\n    r_s_angstrom: .nan\n",
                                 r"vibrational_magnetism\.fig5\.r_s_angstrom = nan: every number must be finite"),
    "infinite grid end (cluster)": (
        "cluster_pairing:\n  fig2:\n    temperature_over_tc: {start: 0.0, stop: .inf, num: 31}\n",
        r"cluster_pairing\.fig2\.temperature_over_tc\.stop = inf: every number must be finite"),
    "NaN frequency (emr)": ("emr_anisotropy:\n  fig1:\n    frequency_ghz: .nan\n",
                            r"emr_anisotropy\.fig1\.frequency_ghz = nan: every number must be finite"),
    # every size bounded, and every job's memory estimated before it starts
    "1e8-point grid (granular Fig. 8)": (
        "granular_exchange:\n  fig8:\n    r_perp_nm: {start: 0.0, stop: 4.0, num: 100000000}\n",
        r"granular_exchange\.fig8\.r_perp_nm\.num = 100000000.*range \[1, 100001\]"),
    "1e4 x 1e4 map (granular Fig. 4)": (
        "granular_exchange:\n  fig4:\n    u_ev: {start: 1.0, stop: 5.0, num: 10000}\n"
        "    jsd_ev: {start: 0.02, stop: 5.0, num: 10000}\n",
        r"granular_exchange\.fig4: grid sizes need an estimated 10\d{4} MB"),
    "map too large for the memory (vibrational Fig. 2)": (
        "vibrational_magnetism:\n  fig2:\n    exchange_mev: {start: -5.0, stop: 5.0, num: 5001}\n"
        "    alpha_mev: {start: -5.0, stop: 5.0, num: 5001}\n",
        r"vibrational_magnetism\.fig2: grid sizes need an estimated 2\d{4} MB"),
    "map too large for the memory (emr Fig. 4)": (
        "emr_anisotropy:\n  fig4:\n    thickness_grid: {start: 0.0, stop: 1.5, num: 100001}\n"
        "    angle_grid: {start: 0.0, stop: 180.0, num: 100001}\n",
        r"emr_anisotropy\.fig4: grid sizes need an estimated \d+ MB"),
    "unbounded curve grid (cluster)": (
        "cluster_pairing:\n  response:\n    omega_over_omegac: {start: 0.0, stop: 1.6, num: 10000000}\n",
        r"cluster_pairing\.response\.omega_over_omegac\.num = 10000000.*range \[1, 100000\]"),
    "too many curves (cluster)": (
        "cluster_pairing:\n  fig1:\n    temperatures_over_tc: [" + ", ".join(["0.1"] * 30) + "]\n",
        r"cluster_pairing\.fig1\.temperatures_over_tc = \[.*is too long"),
    "seed beyond 2**32 (emr)": ("emr_anisotropy:\n  fig5:\n    seed: 99999999999\n",
                               r"emr_anisotropy\.fig5\.seed = 99999999999.*range \[0, 4294967295\]"),
    "absurd permittivity (granular)": ("granular_exchange:\n  fig1:\n    permittivity: 1.0e+9\n",
                                       r"granular_exchange\.fig1\.permittivity = 1000000000\.0.*range \[1, 1000\]"),
    # numbers that YAML reads as strings
    "1e-3 read as a string (orbital)": (
        "orbital_dimers:\n  fig6:\n    temperatures: [5e-3, 5.0e-4, 5.0e-5]\n",
        r"orbital_dimers\.fig6\.temperatures\.0 = '5e-3'.*hint: YAML reads 5e-3 as a string"),
    "1e-1 read as a string (cluster)": ("cluster_pairing:\n  fig1:\n    temperatures_over_tc: [1e-1]\n",
                                        r"cluster_pairing\.fig1\.temperatures_over_tc\.0 = '1e-1'.*hint"),
    "2e0 read as a string (granular)": ("granular_exchange:\n  fig8:\n    a_nm: 2e0\n",
                                        r"granular_exchange\.fig8\.a_nm = '2e0'.*hint: YAML reads 2e0"),
    "5e1 read as a string (vibrational)": ("vibrational_magnetism:\n  fig3:\n    omega0_mev: [5e1]\n",
                                           r"vibrational_magnetism\.fig3\.omega0_mev\.0 = '5e1'.*hint"),
    "1e-1 read as a string (emr)": ("emr_anisotropy:\n  nanocrystals:\n    ligand_sd_nm: 1e-1\n",
                                    r"emr_anisotropy\.nanocrystals\.ligand_sd_nm = '1e-1'.*hint"),
    # config files that YAML itself would misread: file and line named
    "duplicate key in a --configfile": ("orbital_dimers:\n  fig9:\n    n_max: 11\n    n_max: 12\n",
                                        r"bad\.yaml:4: duplicate key 'n_max' \(first given on line 3\)"),
    "duplicate paper in a --configfile": (
        "emr_anisotropy:\n  fig1: {g: 2.0}\nemr_anisotropy:\n  fig3: {seed: 1}\n",
        r"bad\.yaml:3: duplicate key 'emr_anisotropy' \(first given on line 1\)"),
}

# Edits of config/config.yaml itself: (old text, new text, pattern). Read strictly by the
# Snakefile before Snakemake reads it.
BAD_MAIN_CONFIGS = {
    "tab in config/config.yaml": ("\n  fig9:\n", "\n\tfig9:\n",
                                  r"config/config\.yaml:\d+: YAML syntax error: .*tabs are not allowed"),
    "syntax error in config/config.yaml": ("results_root: results\n", "results_root: [results\n",
                                           r"config/config\.yaml:\d+: YAML syntax error"),
    "duplicate key in config/config.yaml": ("results_root: results\n",
                                            "results_root: results\nresults_root: results/other\n",
                                            r"config/config\.yaml:\d+: duplicate key 'results_root'"),
}



@pytest.fixture(scope="module")
def bad_config_workdir(tmp_path_factory):
    return copy_workflow(tmp_path_factory.mktemp("bad_config"))


def _assert_refused_before_any_job(workdir, result, message):
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(message, output), output[-2000:]
    assert "Finished jobid" not in output
    assert not (workdir / "results").exists()


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_config_is_refused_before_any_job(bad_config_workdir, case, monkeypatch):
    # the memory limit of one job, as on the 24 GiB machine the cases were chosen for
    monkeypatch.setenv("NANOMAG_MAX_JOB_MEM_MB", "18000")
    edit, message = BAD_CONFIGS[case]
    workdir = bad_config_workdir
    (workdir / "bad.yaml").write_text(edit)
    # a real run (not a dry run): if validation let the value through, jobs would start
    result = snakemake(workdir, "ci", "--configfile", "config/ci.yaml", "bad.yaml",
                       "--cores", "1", check=False)
    _assert_refused_before_any_job(workdir, result, message)


@pytest.mark.parametrize("case", sorted(BAD_MAIN_CONFIGS))
def test_bad_config_file_is_refused_naming_file_and_line(bad_config_workdir, case):
    old, new, message = BAD_MAIN_CONFIGS[case]
    config = bad_config_workdir / "config" / "config.yaml"
    text = config.read_text()
    assert text.count(old) == 1
    try:
        config.write_text(text.replace(old, new))
        result = snakemake(bad_config_workdir, "ci", "--configfile", "config/ci.yaml",
                           "--cores", "1", check=False)
    finally:
        config.write_text(text)
    _assert_refused_before_any_job(bad_config_workdir, result, message)


def test_tab_in_a_configfile_is_refused(bad_config_workdir):
    """Snakemake reads a --configfile before the Snakefile and refuses a tab itself, naming
    neither file nor line; `python -m nanomag.config` names both."""
    workdir = bad_config_workdir
    (workdir / "bad.yaml").write_text("orbital_dimers:\n\tfig9:\n    n_max: 11\n")
    result = snakemake(workdir, "ci", "--configfile", "config/ci.yaml", "bad.yaml",
                       "--cores", "1", check=False)
    _assert_refused_before_any_job(workdir, result, r"not valid JSON or YAML")
    check = subprocess.run([sys.executable, "-m", "nanomag.config", "config/config.yaml",
                            "bad.yaml"], cwd=workdir, capture_output=True, text=True)
    assert check.returncode != 0
    assert re.search(r"bad\.yaml:2: YAML syntax error: .*tabs are not allowed", check.stderr)


# --- nothing lost ----------------------------------------------------------------------------

def test_truncated_table_is_recomputed_by_the_next_plain_run(copy_ci_run):
    workdir, results = copy_ci_run
    table = results / "orbital_dimers/data/chain_critical_susceptibility.parquet"
    figure = results / "orbital_dimers/figures/fig9.png"
    expected = read_table(table)[0]
    data = table.read_bytes()
    table.write_bytes(data[: len(data) // 2])
    drawn = figure.stat().st_mtime
    target = (str(figure.relative_to(workdir)), "--configfile", "config/ci.yaml")
    run = snakemake(workdir, *target, "--cores", "2")  # a plain run of the figure
    assert f"Removed {table.relative_to(workdir)}: truncated" in run.stdout + run.stderr
    assert read_table(table)[0].equals(expected)
    assert figure.stat().st_mtime > drawn  # redrawn from the recomputed table
    assert "Nothing to be done" in snakemake(workdir, *target, "-n").stdout


def _run_pids(workdir):
    path = workdir / ".snakemake/nanomag_runs.pid"
    return set(map(int, path.read_text().split())) if path.exists() else set()


def test_two_runs_started_together_keep_each_others_pid(copy_ci_run):
    workdir, results = copy_ci_run
    env = dict(os.environ, XDG_CACHE_HOME=str(workdir / ".cache"),
               MPLCONFIGDIR=str(workdir / ".cache" / "matplotlib"))
    targets = [f"{results.relative_to(workdir)}/orbital_dimers/figures/fig9.png",
               f"{results.relative_to(workdir)}/orbital_dimers/figures/fig3.png"]
    runs = [subprocess.Popen([sys.executable, "-m", "snakemake", target, "--configfile",
                              "config/ci.yaml", "--cores", "1", "--forcerun", "plot_figure"],
                             cwd=workdir, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for target in targets]
    try:
        deadline = time.monotonic() + 120
        while not {r.pid for r in runs} <= _run_pids(workdir):
            assert all(r.poll() is None for r in runs), "a run ended before both registered"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        outputs = [run.communicate()[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), "\n".join(o[-3000:] for o in outputs)


def _jobs_with(variable_value):
    """PIDs of the running jobs of a run: processes with ``variable_value`` in their
    environment other than its warm job server (nanomag.jobserver), which starts before
    any job."""
    return [pid for pid in _processes_with(variable_value)
            if b"nanomag.jobserver" not in _command_line(pid)]


def _command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _processes_with(variable_value):
    """PIDs of live processes whose environment holds ``variable_value``."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                environ = (proc / "environ").read_bytes().split(b"\0")
                state = (proc / "stat").read_text().rpartition(")")[2].split()[0]
            except OSError:
                continue
            if variable_value.encode() in environ and state != "Z":
                found.append(int(proc.name))
    return found


def test_jobs_end_with_their_main_process_after_kill_9(tmp_path):
    import socket

    copy_workflow(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / ".cache"),
               MPLCONFIGDIR=str(tmp_path / ".cache" / "matplotlib"))
    figures = [f"{CI_ROOT}/granular_exchange/figures/fig{n}.png" for n in (3, 4, 5)]
    run = subprocess.Popen([sys.executable, "-m", "snakemake", *figures, "--configfile",
                            "config/ci.yaml", "--cores", "2"],
                           cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    marker = f"NANOMAG_MAIN_PROCESS={socket.gethostname()}:{run.pid}"
    deadline = time.monotonic() + 300
    while not (jobs := [p for p in _jobs_with(marker) if p != run.pid]):
        assert run.poll() is None, "the run ended before a job started"
        assert time.monotonic() < deadline, "no job started"
        time.sleep(0.05)
    run.kill()  # SIGKILL to the main process only: its jobs are not signalled
    run.wait()
    deadline = time.monotonic() + 10
    while _processes_with(marker):
        assert time.monotonic() < deadline, f"jobs {_processes_with(marker)} outlived the run"
        time.sleep(0.1)


def test_a_failed_job_keeps_the_previous_table_and_its_record(copy_ci_run, tmp_path,
                                                                monkeypatch):
    """Snakemake deletes a job's outputs when it starts; if the job fails, the previous
    table is put back with its provenance, so a plain run has nothing to do and the edited
    configuration still reruns it."""
    import shutil

    workdir, results = copy_ci_run
    broken = tmp_path / "broken_src"
    shutil.copytree(Path(__file__).resolve().parents[2] / "src", broken,
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    chain = broken / "nanomag/orbital_dimers/chain.py"
    text = chain.read_text()
    head = text.index("def critical_susceptibility_table")
    body = text.index('"""', text.index('"""', head) + 3) + 3
    chain.write_text(text[:body] + "\n    raise RuntimeError('simulated crash')" + text[body:])
    table = results / "orbital_dimers/data/chain_critical_susceptibility.parquet"
    before = table.read_bytes()
    edit = workdir / "edit.yaml"
    edit.write_text("orbital_dimers:\n  fig9:\n    n_min: 2\n    n_max: 11\n")
    target = str((results / "orbital_dimers/figures/fig9.png").relative_to(workdir))
    monkeypatch.setenv("PYTHONPATH", str(broken))
    failed = snakemake(workdir, target, "--configfile", "config/ci.yaml", str(edit),
                       "--cores", "1", check=False)
    monkeypatch.delenv("PYTHONPATH")
    assert failed.returncode != 0 and "simulated crash" in failed.stdout + failed.stderr
    assert f"Kept the previous {table.relative_to(workdir)}" in failed.stdout + failed.stderr
    assert table.read_bytes() == before
    plain = snakemake(workdir, target, "--configfile", "config/ci.yaml", "-n")
    assert "Nothing to be done" in plain.stdout + plain.stderr
    edited = snakemake(workdir, target, "--configfile", "config/ci.yaml", str(edit), "-n")
    assert re.search(r"^compute_table\s+1$", edited.stdout, flags=re.M), edited.stdout
