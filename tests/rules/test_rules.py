"""Rule-level tests: the workflow run on config/ci.yaml in a temporary copy of the repo.

Every table of the ``ci`` target is compared with ``tests/reference/`` column by column
(tolerances in ``tests/reference/tolerances.yaml``); bad configurations are refused before
any job starts; editing one figure's parameter replans only that figure's jobs.
Regenerate references with ``python -m nanomag.reference --regenerate``.
"""

import re
from pathlib import Path

import pytest
import yaml

from nanomag.reference import (REFERENCE_DIR, compare_tables, copy_workflow, data_tables,
                               load_tolerances, run_ci_target, snakemake)

pytestmark = pytest.mark.rules


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("ci")
    return workdir, run_ci_target(workdir)


def _reference_tables():
    return {f"{p.parent.name}/{p.stem}": p for p in sorted(REFERENCE_DIR.glob("*/*.parquet"))}


def test_every_reference_table_is_produced_and_vice_versa(ci_run):
    _, results = ci_run
    assert set(data_tables(results)) == set(_reference_tables())


@pytest.mark.parametrize("table", sorted(_reference_tables()))
def test_table_matches_reference(ci_run, table):
    _, results = ci_run
    produced = data_tables(results)[table]
    problems = compare_tables(table, produced, _reference_tables()[table], load_tolerances())
    assert not problems, "\n".join(problems)


def test_figures_and_scorecard_exist(ci_run):
    _, results = ci_run
    config = yaml.safe_load((Path(results).parent / "config/ci.yaml").read_text())
    for paper in config["ci"]["papers"]:
        figures = sorted((results / paper / "figures").glob("fig*.png"))
        assert figures, f"no figures for {paper}"
        for png in figures:
            assert png.with_suffix(".pdf").stat().st_size > 1000
    card = (results / "orbital_dimers" / "scorecard.parquet")
    assert card.exists()


def _planned_jobs(output: str) -> dict[str, int]:
    """Job counts of a dry run's 'Job stats' table."""
    stats = output.split("Job stats:")[-1]
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^(\w+)\s+(\d+)$", stats, flags=re.M) if m.group(1) != "total"}


def test_editing_fig9_replans_only_fig9(ci_run):
    workdir, _ = ci_run
    edit = workdir / "edit.yaml"
    edit.write_text("orbital_dimers:\n  fig9:\n    n_min: 2\n    n_max: 11\n")
    dry = snakemake(workdir, "ci", "-n", "--configfile", "config/ci.yaml", str(edit),
                    "--cores", "1")
    jobs = _planned_jobs(dry.stdout)
    assert jobs == {"compute_table": 1, "plot_figure": 1, "ci": 1}, dry.stdout[-3000:]
    assert "chain_critical_susceptibility.parquet" in dry.stdout
    assert "fig9.pdf" in dry.stdout


def test_nothing_to_do_after_a_full_run(ci_run):
    workdir, _ = ci_run
    dry = snakemake(workdir, "ci", "-n", "--configfile", "config/ci.yaml", "--cores", "1")
    assert "Nothing to be done" in dry.stdout + dry.stderr


@pytest.mark.parametrize("edit,message", [
    ("orbital_dimers:\n  fig9:\n    n_max: twenty\n", r"orbital_dimers\.fig9\.n_max"),
    ("orbital_dimers:\n  fig2:\n    d_over_a: 1.0\n", r"orbital_dimers\.fig2\.d_over_a.*range"),
    ("orbital_dimers:\n  fig4:\n    chi_over_chicz: {start: 1.0, stop: -1.0, num: 5}\n",
     r"empty grid"),
    ("orbital_dimers:\n  fig3:\n    unknown_key: 1\n", r"unknown_key"),
])
def test_bad_config_is_refused_before_any_job(tmp_path, edit, message):
    copy_workflow(tmp_path)
    (tmp_path / "bad.yaml").write_text(edit)
    result = snakemake(tmp_path, "-n", "--configfile", "bad.yaml", "--cores", "1", check=False)
    assert result.returncode != 0
    assert re.search(message, result.stdout + result.stderr), result.stderr[-2000:]
    assert not (tmp_path / "results").exists()
