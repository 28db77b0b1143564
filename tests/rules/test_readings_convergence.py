"""Rule-level tests of `snakemake readings_<paper>` and `convergence_<paper>` (issue 15).

Run on config/ci.yaml in a temporary copy of the workflow: the targets produce their
outputs, a second invocation runs no job, and editing one alternative of a reading replans
only what depends on it.
"""

import re
import shutil

import pytest
import yaml

from nanomag.runner import CI_ROOT, snakemake

pytestmark = pytest.mark.rules

PAPER = "vibrational_magnetism"
# Two of the paper's readings keep the test fast: a schematic table (Fig. 1) and a cheap
# computed one (Fig. 4); the registry is otherwise the project's own.
READINGS = ("i_minus_sign", "a_phi_units")
CI = ("--configfile", "config/ci.yaml", "--cores", "1")


def _jobs(dry_run_output: str) -> dict[str, int]:
    """Job counts of a dry run's "Job stats" table (empty if nothing to do)."""
    if "Nothing to be done" in dry_run_output:
        return {}
    stats = dry_run_output.split("Job stats:")[1].split("Reasons:")[0]
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w+)\s+(\d+)$", stats, re.M)
            if m.group(1) != "total"}


@pytest.fixture(scope="module")
def workdir(ci_run, tmp_path_factory):
    """A copy of the shared small run, with two readings and the convergence of PAPER."""
    workdir = tmp_path_factory.mktemp("variants") / "run"
    shutil.copytree(ci_run[0], workdir, symlinks=True,
                    ignore=shutil.ignore_patterns("locks", "nanomag_runs.pid", "log"))
    path = workdir / "config/readings.yaml"
    registry = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump({PAPER: {r: registry[PAPER][r] for r in READINGS}}))
    snakemake(workdir, f"readings_{PAPER}", f"convergence_{PAPER}", *CI)
    return workdir


def test_readings_of_a_paper_give_figures_side_by_side_and_a_scorecard(workdir):
    root = workdir / CI_ROOT / "readings" / PAPER
    for reading, fig in zip(READINGS, ("fig1", "fig4")):
        assert (root / reading / f"{fig}.png").stat().st_size > 10_000
        assert (root / reading / f"{fig}.pdf").stat().st_size > 1_000
    # only the table the reading changes was recomputed for the alternative ...
    recomputed = {p.stem for p in (root / "a_phi_units" / "printed_micro_ev" / "data").glob("*.parquet")}
    assert recomputed == {"phase_map_temperature"}
    # ... and none for the default alternative (it is the main configuration)
    assert not (root / "a_phi_units" / "mev_squared" / "data").exists()
    card = (root / "scorecard.md").read_text()
    for reading in READINGS:
        assert f"### {reading}" in card
    # one verdict column per alternative
    assert "| mev_squared (default) | printed_micro_ev |" in card


def test_convergence_of_a_paper_compares_every_table(workdir):
    from nanomag.io import read_table

    result = workdir / CI_ROOT / "convergence" / PAPER / "convergence.parquet"
    manifest = yaml.safe_load((workdir / "config/figures.yaml").read_text())
    rows = read_table(result)[0]
    assert set(rows["table"]) == set(manifest["papers"][PAPER]["tables"])
    refined = {p.stem for p in (workdir / CI_ROOT / "convergence" / PAPER / "data").glob("*.parquet")}
    assert "moment_per_site" in refined and "level_scheme" not in refined  # exact: not recomputed
    lattice = rows[rows["table"] == "moment_per_site"]
    assert list(lattice["column"]) == ["moment_per_site"] and lattice["max_change"].iloc[0] >= 0


def test_second_run_is_a_no_op(workdir):
    result = snakemake(workdir, f"readings_{PAPER}", f"convergence_{PAPER}", *CI, "-n")
    assert _jobs(result.stdout + result.stderr) == {}


def test_report_has_the_readings_and_convergence_sections(workdir):
    """`snakemake ci --report` (the README's command) shows the readings computed so far;
    the convergence section needs the whole `snakemake convergence` (one paper's comparison
    is not yet a report), and its absence must not break the report."""
    report = workdir / "report.html"
    snakemake(workdir, "ci", "--configfile", "config/ci.yaml", "--report", str(report))
    text = report.read_text()
    assert '"Readings"' in text and '"Convergence"' not in text
    for reading, fig in zip(READINGS, ("fig1", "fig4")):
        assert f"{reading}/{fig}.png" in text


def test_editing_one_alternative_reruns_only_what_depends_on_it(workdir):
    path = workdir / "config/config.yaml"
    original = path.read_text()
    try:  # a resolution parameter of Fig. 4: its table, refined table, comparison, figures
        edited = original.replace("a_phi: 0.2 ", "a_phi: 0.25 ")
        assert edited != original
        path.write_text(edited)
        result = snakemake(workdir, f"readings_{PAPER}", f"convergence_{PAPER}", *CI, "-n")
        jobs = _jobs(result.stdout + result.stderr)
        assert jobs.get("compute_table") == 1  # phase_map_temperature
        assert jobs.get("reading_table") == 1  # phase_map_temperature under printed_micro_ev
        assert jobs.get("refined_table") == 1
        assert jobs.get("convergence_paper") == 1
        assert jobs.get("reading_figure") == 1  # Fig. 4 side by side
    finally:
        path.write_text(original)
