"""Manifest and scorecard: 33 figures, dependency tracking, verdict logic."""

from pathlib import Path

import numpy as np
import pytest

from nanomag.manifest import function_dependencies, load_manifest
from nanomag.scorecard import judge

ROOT = Path(__file__).resolve().parents[3]


def test_manifest_lists_all_33_figures_with_kinds():
    papers = load_manifest(ROOT / "config/figures.yaml")["papers"]
    assert sum(len(p["figures"]) for p in papers.values()) == 33
    assert [len(p["figures"]) for p in papers.values()] == [10, 5, 5, 8, 5]


def test_dependencies_follow_imports():
    files = function_dependencies("nanomag.orbital_dimers.saturating:phase_diagram_table")
    names = {Path(f).name for f in files}
    # the module, what it imports (io, config), and the package inits
    assert {"saturating.py", "io.py", "config.py", "__init__.py"} <= names
    assert "chain.py" not in names


@pytest.mark.parametrize("value,expected,relation,rtol,atol,verdict", [
    (3.2229, 3.22, "==", 0.0, 0.005, True),
    (3.2300, 3.22, "==", 0.0, 0.005, False),
    (0.855, 0.5, ">", 0.0, 0.0, True),
    (-0.1, 0.0, "<", 0.0, 0.0, True),
    (0.1, 0.0, "<", 0.0, 0.0, False),
    (float("nan"), 1.0, "==", 1.0, 1.0, False),
])
def test_judge(value, expected, relation, rtol, atol, verdict):
    assert judge(value, expected, relation, rtol, atol) is verdict


def _write_anchors(tmp_path, entries):
    import yaml

    path = tmp_path / "anchors.yaml"
    path.write_text(yaml.safe_dump(entries))
    return path


BASE = {"figure": "fig1", "quantity": "q", "expected": 2.0, "unit": "1", "source": "s",
        "origin": "stated"}


def test_statement_without_evaluate_must_be_not_reproducible(tmp_path):
    from nanomag.scorecard import load_anchors, scorecard_table

    path = _write_anchors(tmp_path, [{"id": "measured", **BASE}])
    with pytest.raises(ValueError, match="measured has no evaluate"):
        load_anchors(path)
    path = _write_anchors(tmp_path, [{"id": "measured", **BASE, "status": "not_reproducible",
                                      "reason": "spectra not published"}])
    row = scorecard_table(path, "paper").frame.iloc[0]
    assert row["verdict"] == "not reproducible"
    assert np.isnan(row["computed"])


def test_anchor_with_table_reads_the_pipeline_table(tmp_path, monkeypatch):
    """`table:` hands the named table to the evaluate function; its value is judged."""
    import pandas as pd

    from nanomag.io import Table, write_table
    from nanomag.scorecard import scorecard_table

    data = tmp_path / "samples.parquet"
    write_table(Table(pd.DataFrame({"x": [1.0, 2.0, 3.0]}), {"x": "1"}), data, "unit", {})
    (tmp_path / "statistics_for_test.py").write_text(
        "def median(table, column):\n    return table[column].median()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    path = _write_anchors(tmp_path, [{"id": "median", **BASE, "table": "samples",
                                      "evaluate": "statistics_for_test:median",
                                      "params": {"column": "x"}}])
    with pytest.raises(ValueError, match="needs table 'samples'"):
        scorecard_table(path, "paper")
    row = scorecard_table(path, "paper", {"samples": data}).frame.iloc[0]
    assert row["computed"] == 2.0 and row["verdict"] == "reproduced"


def test_readme_figure_table_is_current():
    """The README's figure table is what `python -m nanomag.manifest` generates."""
    from nanomag.manifest import figure_table_markdown

    table = figure_table_markdown(load_manifest(ROOT / "config/figures.yaml"),
                                  ROOT / "config/anchors")
    assert table in (ROOT / "README.md").read_text(), "run: python -m nanomag.manifest"
