"""Rule-level tests of `snakemake readings_<paper>` and `convergence_<paper>` (issue 15).

Run on config/ci.yaml in a temporary copy of the workflow: the targets produce their
outputs, a second invocation runs no job, and editing one alternative of a reading replans
only what depends on it.
"""

import re

import pytest
import yaml

from nanomag.runner import CI_ROOT, copy_workflow, snakemake

pytestmark = pytest.mark.rules

PAPER = "orbital_dimers"  # the smallest registry: two readings, cheap tables
CI = ("--configfile", "config/ci.yaml", "--cores", "1")


def _jobs(dry_run_output: str) -> dict[str, int]:
    """Job counts of a dry run's "Job stats" table (empty if nothing to do)."""
    if "Nothing to be done" in dry_run_output:
        return {}
    stats = dry_run_output.split("Job stats:")[1].split("Reasons:")[0]
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)$", stats, re.M)
            if m.group(1) != "total"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    workdir = copy_workflow(tmp_path_factory.mktemp("variants"))
    snakemake(workdir, f"readings_{PAPER}", f"convergence_{PAPER}", *CI)
    return workdir


def test_readings_of_a_paper_give_figures_side_by_side_and_a_scorecard(workdir):
    root = workdir / CI_ROOT / "readings" / PAPER
    registry = yaml.safe_load((workdir / "config/readings.yaml").read_text())[PAPER]
    for fig in ("fig5", "fig7", "fig10"):  # the figures whose tables depend on size_values
        assert (root / "size_values" / f"{fig}.png").stat().st_size > 10_000
        assert (root / "size_values" / f"{fig}.pdf").stat().st_size > 1_000
    # only the tables the reading changes were recomputed for the alternative ...
    recomputed = {p.stem for p in (root / "size_values" / "printed_rounded" / "data").glob("*.parquet")}
    assert {"zfs_temperature", "dimer_moment", "moment_field", "chain_moment"} <= recomputed
    assert "bessel_zeros" not in recomputed and "equal_particles" not in recomputed
    # ... and none for the default alternative (it is the main configuration)
    assert not (root / "size_values" / "exact_zeros" / "data").exists()
    card = (root / "scorecard.md").read_text()
    for reading, entry in registry.items():
        assert f"### {reading}" in card
        for alternative in entry["alternatives"]:
            assert alternative in card


def test_convergence_of_a_paper_compares_every_table(workdir):
    compare = workdir / CI_ROOT / "convergence" / PAPER / "compare"
    manifest = yaml.safe_load((workdir / "config/figures.yaml").read_text())
    tables = set(manifest["papers"][PAPER]["tables"])
    assert {p.stem for p in compare.glob("*.parquet")} == tables
    refined = {p.stem for p in (workdir / CI_ROOT / "convergence" / PAPER / "data").glob("*.parquet")}
    assert "bessel_zeros" in refined and "moment_arrows" not in refined  # exact: not recomputed


def test_second_run_is_a_no_op(workdir):
    result = snakemake(workdir, f"readings_{PAPER}", f"convergence_{PAPER}", *CI, "-n")
    assert _jobs(result.stdout + result.stderr) == {}


def test_editing_one_alternative_reruns_only_what_depends_on_it(workdir):
    path = workdir / "config/readings.yaml"
    original = path.read_text()
    try:
        path.write_text(original.replace("fig7.sizes: [42.97, 42.4]", "fig7.sizes: [42.96, 42.4]"))
        result = snakemake(workdir, f"readings_{PAPER}", *CI, "-n")
        jobs = _jobs(result.stdout + result.stderr)
        assert jobs.get("reading_table") == 1  # moment_field under printed_rounded
        assert jobs.get("reading_figure") == 1  # Fig. 7 side by side
        assert "compute_table" not in jobs and "refined_table" not in jobs
    finally:
        path.write_text(original)
