"""Rule-level tests: the workflow run on config/ci.yaml in a temporary copy of the repo.

Every table of the ``ci`` target is compared with ``tests/reference/`` column by column
(tolerances in ``tests/reference/tolerances.yaml``); editing one figure's parameter replans
only that figure's jobs; a finished run has nothing left to do. Determinism, resumption,
cluster execution and bad input: ``test_reliability.py``.
Regenerate references with ``python -m nanomag.reference --regenerate``.
"""

import re
from pathlib import Path

import pytest
import yaml

from nanomag.reference import REFERENCE_DIR, compare_tables, data_tables, load_tolerances
from nanomag.runner import CI_ROOT, snakemake

pytestmark = pytest.mark.rules


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


def test_every_manifest_figure_is_drawn_and_every_anchor_scored(ci_run):
    """Each figure the manifest marks implemented exists as a complete PDF (header, a page,
    an embedded font, end of file) and as a PNG of at least 400 x 300 pixels that is not
    blank (more than 2 % of its pixels differ from the background) and draws data in colour
    (more than 0.2 % of its pixels not grey); no other figure is drawn. Each paper's scorecard has exactly one row per anchor of
    ``config/anchors/<paper>.yaml``, each with a known verdict and a computed value unless
    'not computable'."""
    import matplotlib.image
    import numpy as np
    import pandas as pd

    from nanomag.manifest import Pipeline, load_manifest
    from nanomag.scorecard import VERDICTS

    workdir, results = ci_run
    config = yaml.safe_load((workdir / "config/ci.yaml").read_text())
    pipeline = Pipeline(load_manifest(workdir / "config/figures.yaml"), config)
    for paper in config["ci"]["papers"]:
        expected = set(pipeline.implemented_figures(paper))
        drawn = {p.stem for p in (results / paper / "figures").glob("fig*.png")}
        assert drawn == expected, f"{paper}: drawn {sorted(drawn)}, manifest {sorted(expected)}"
        for fig in sorted(expected):
            pdf = (results / paper / "figures" / f"{fig}.pdf").read_bytes()
            assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), (paper, fig)
            assert b"/Type /Page" in pdf and b"/FontFile2" in pdf, (paper, fig)
            image = matplotlib.image.imread(results / paper / "figures" / f"{fig}.png")
            height, width = image.shape[:2]
            assert width >= 400 and height >= 300, (paper, fig, image.shape)
            rgb = image[..., :3]
            inked = np.any(np.abs(rgb - rgb[0, 0]) > 0.1, axis=-1)
            assert inked.mean() > 0.02, (paper, fig, inked.mean())
            # the data are drawn in colour (the style's cycle and colour maps), the axes,
            # ticks and text in grey (r = g = b): a figure without its data has no coloured
            # pixel (every figure of the small target has 0.6-60 % of them)
            coloured = (rgb.max(axis=-1) - rgb.min(axis=-1)) > 0.1
            assert coloured.mean() > 0.002, (paper, fig, coloured.mean())
        anchors = yaml.safe_load((workdir / "config" / "anchors" / f"{paper}.yaml").read_text())
        card = pd.read_parquet(results / paper / "scorecard.parquet")
        assert sorted(card["id"]) == sorted(a["id"] for a in anchors), paper
        assert set(card["verdict"]) <= set(VERDICTS), paper
        computable = card["verdict"] != "not computable"
        assert card.loc[computable, "computed"].notna().all(), paper


def test_report_shows_every_figure_with_caption_and_the_scorecard(ci_run):
    workdir, results = ci_run
    snakemake(workdir, "ci", "--configfile", "config/ci.yaml", "--report", "report.html")
    html = (workdir / "report.html").read_text()
    figures = sorted(str(p.relative_to(workdir)) for p in results.glob("*/figures/fig*.png"))
    assert len(figures) == 33
    for figure in figures:
        assert f'"{figure}": {{' in html, f"{figure} missing from the report"
    assert f'"{CI_ROOT}/scorecard.html": {{' in html
    # a caption from the manifest, and the configuration the figure was computed from
    assert "Critical susceptibility of a chain" in html
    assert "n_max" in html
    assert "Undefined substitution" not in html and "System Message" not in html


def _planned_jobs(output: str) -> dict[str, int]:
    """Job counts of a dry run's 'Job stats' table."""
    stats = output.split("Job stats:")[-1]
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"^(\w+)\s+(\d+)$", stats, flags=re.M) if m.group(1) != "total"}


def test_editing_fig9_replans_only_fig9(ci_run):
    workdir, _ = ci_run
    edit = workdir / "edit.yaml"
    edit.write_text("orbital_dimers:\n  fig9:\n    n_min: 2\n    n_max: 11\n")
    # "--quiet host": show each planned job's outputs (the profile hides them)
    dry = snakemake(workdir, "ci", "-n", "--configfile", "config/ci.yaml", str(edit),
                    "--cores", "1", "--quiet", "host")
    jobs = _planned_jobs(dry.stdout)
    # the table and figure of Fig. 9, and the scorecard rows that read the Fig. 9 table
    assert jobs == {"compute_table": 1, "plot_figure": 1, "paper_scorecard": 1,
                    "scorecard": 1, "ci": 1}, dry.stdout[-3000:]
    assert "chain_critical_susceptibility.parquet" in dry.stdout
    assert "fig9.pdf" in dry.stdout


def test_nothing_to_do_after_a_full_run(ci_run):
    workdir, _ = ci_run
    dry = snakemake(workdir, "ci", "-n", "--configfile", "config/ci.yaml", "--cores", "1")
    assert "Nothing to be done" in dry.stdout + dry.stderr


def _independent_papers():
    from nanomag.independent import INDEPENDENT_DIR

    return sorted(p.stem for p in INDEPENDENT_DIR.glob("*.yaml"))


@pytest.mark.parametrize("paper", _independent_papers())
def test_fresh_tables_agree_with_independent_points(ci_run, paper):
    """The small target's tables, just computed, hold the independently computed values."""
    from nanomag.independent import check_point, load_points
    from nanomag.io import read_table

    _, results = ci_run
    problems = [problem for point in load_points(paper)
                if (problem := check_point(
                    read_table(results / paper / "data" / f"{point['table']}.parquet")[0],
                    point))]
    assert not problems, "\n".join(problems)
