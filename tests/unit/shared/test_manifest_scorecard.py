"""Manifest and scorecard: 33 figures, dependency tracking, verdict logic."""

from pathlib import Path

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
