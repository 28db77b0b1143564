"""Reliability of the workflow, each on a real Snakemake run of the small target.

- determinism: every Parquet output is byte-identical (values and metadata) between
  ``--cores 1`` and ``--cores 2``, between two chunkings of the Monte Carlo, and between a
  local run and a run through Snakemake's generic cluster executor;
- interruption: a run killed with SIGKILL in the middle of a job is completed by the next
  plain ``snakemake`` (profile: rerun-incomplete; stale locks released), with identical outputs;
- bad input: bad configurations across all papers are refused before any job starts, with a
  message naming the key and what is allowed;
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
from nanomag.runner import CI_ROOT, copy_workflow, run_ci_target, snakemake

pytestmark = pytest.mark.rules

SUBMIT = Path(__file__).resolve().parent / "local_submit.sh"
CI = ("ci", "--configfile", "config/ci.yaml")


def _parquet_bytes(results: Path) -> dict[str, bytes]:
    return {str(p.relative_to(results)): p.read_bytes() for p in sorted(results.rglob("*.parquet"))}


def _assert_same_outputs(results: Path, reference: Path) -> None:
    produced, expected = _parquet_bytes(results), _parquet_bytes(reference)
    assert sorted(produced) == sorted(expected)
    differing = [name for name in expected if produced[name] != expected[name]]
    assert not differing, f"outputs differ from the reference run: {differing}"


def test_cores_1_and_cores_2_give_identical_bytes(ci_run, tmp_path):
    _, reference = ci_run
    _assert_same_outputs(run_ci_target(tmp_path, cores=1), reference)


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
    job groups exactly as the SLURM profile batches them."""
    import yaml

    _, reference = ci_run
    copy_workflow(tmp_path)
    slurm = yaml.safe_load((tmp_path / "profiles/slurm/config.yaml").read_text())
    run = snakemake(tmp_path, *CI, "--executor", "cluster-generic",
                    "--cluster-generic-submit-cmd", f"bash {SUBMIT}", "--jobs", "2",
                    "--latency-wait", "30", "--groups", *slurm["groups"],
                    "--group-components", *slurm["group-components"])
    log = run.stdout + run.stderr
    assert len(re.findall(r"Submitted group job \S+ with external jobid", log)) >= 4
    assert len(re.findall(r"Submitted job \d+ with external jobid", log)) >= 2  # chunks
    _assert_same_outputs(tmp_path / CI_ROOT, reference)


def test_run_killed_mid_job_is_completed_by_the_next_plain_run(ci_run, tmp_path):
    _, reference = ci_run
    copy_workflow(tmp_path)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / ".cache"),
               MPLCONFIGDIR=str(tmp_path / ".cache" / "matplotlib"))
    # The longest job of the small target (about 8 s): its log appears when it starts.
    started = tmp_path / CI_ROOT / "granular_exchange/logs/paper_scorecard.log"
    output = tmp_path / CI_ROOT / "granular_exchange/scorecard.parquet"
    run = subprocess.Popen([sys.executable, "-m", "snakemake", *CI, "--cores", "2"],
                           cwd=tmp_path, env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while not started.exists():
        assert run.poll() is None, "the run ended before the long job started"
        assert time.monotonic() < deadline, "the long job never started"
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    time.sleep(0.5)
    assert not output.exists(), "the job finished before the kill: nothing was interrupted"
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
                      r"cluster_pairing\.fig2\.temperature_over_tc\.start = -1\.0.*range \[0, inf\]"),
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
    "no worker": ("granular_exchange:\n  fig4:\n    workers: 0\n",
                  r"granular_exchange\.fig4\.workers = 0.*range \[1, 64\]"),
    "Fermi level above the barrier": ("granular_exchange:\n  material:\n    ef_ev: 0.5\n",
                                      r"granular_exchange\.material\.ef_ev = 0\.5.*range \[-5, 0\)"),
    "unknown paper in the CI target": ("ci:\n  papers: [orbital_dimers, superconductors]\n",
                                       r"ci\.papers\.1 = 'superconductors'.*one of"),
}


@pytest.fixture(scope="module")
def bad_config_workdir(tmp_path_factory):
    return copy_workflow(tmp_path_factory.mktemp("bad_config"))


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_config_is_refused_before_any_job(bad_config_workdir, case):
    edit, message = BAD_CONFIGS[case]
    workdir = bad_config_workdir
    (workdir / "bad.yaml").write_text(edit)
    # a real run (not a dry run): if validation let the value through, jobs would start
    result = snakemake(workdir, "ci", "--configfile", "config/ci.yaml", "bad.yaml",
                       "--cores", "1", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "invalid configuration" in output
    assert re.search(message, output), output[-2000:]
    assert not (workdir / "results").exists()
