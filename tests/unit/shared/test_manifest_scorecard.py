"""Manifest and scorecard: 33 figures, dependency tracking, verdict logic."""

from pathlib import Path

import numpy as np
import pytest

from nanomag.manifest import function_dependencies, load_manifest
from nanomag.scorecard import judge, printed_half_unit

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
    (30.0, [10, 100], "in", 0.0, 0.0, True),
    (1.29, [10, 100], "in", 0.0, 0.0, False),
    (120.0, [10, 100], "in", 0.0, 0.0, False),
])
def test_judge(value, expected, relation, rtol, atol, verdict):
    assert judge(value, expected, relation, rtol, atol) is verdict


@pytest.mark.parametrize("value,verdict", [(3.16, True), (0.317, True), (3.17, False),
                                           (0.31, False), (-1.0, False)])
def test_about_is_half_a_decade_either_way(value, verdict):
    assert judge(value, 1.0, "==", about=True) is verdict


@pytest.mark.parametrize("text,half_unit", [("3.22", 0.005), ("62", 0.5), ("0.10", 0.005),
                                            ("1.5e-4", 5e-6), ("2500", 0.5), ("-0.67", 0.005)])
def test_printed_precision_is_half_a_unit_of_the_last_digit(text, half_unit):
    assert printed_half_unit(text) == pytest.approx(half_unit, rel=1e-12)


def _write_anchors(tmp_path, entries):
    import yaml

    path = tmp_path / "anchors.yaml"
    path.write_text(yaml.safe_dump(entries))
    return path


BASE = {"figure": "fig1", "quantity": "q", "expected": "2.0", "unit": "1", "source": "s",
        "origin": "stated", "tolerance": "printed"}


@pytest.mark.parametrize("entry,message", [
    ({"status": "not_reproducible", "evaluate": "math:sqrt"}, "a verdict is computed"),
    ({}, "needs exactly one of 'evaluate'"),
    ({"evaluate": "math:sqrt", "rtol": 0.2}, "rtol/atol are set by the 'printed' policy"),
    ({"evaluate": "math:sqrt", "tolerance": "numerical", "rtol": 0.2}, "numerical rtol 0.2"),
    ({"evaluate": "math:sqrt", "expected": 2.0}, "quoted as the paper prints it"),
    ({"evaluate": "math:sqrt", "relation": ">"}, "tolerance: bound"),
    ({"evaluate": "math:sqrt", "tolerance": "band", "relation": "in", "expected": [3, 1]},
     "low < high"),
])
def test_anchor_policy_is_enforced(tmp_path, entry, message):
    from nanomag.scorecard import load_anchors

    path = _write_anchors(tmp_path, [{"id": "x", **BASE, **entry}])
    with pytest.raises(ValueError, match=message):
        load_anchors(path)


def test_measured_unpublished_statement_is_not_computable(tmp_path):
    from nanomag.scorecard import scorecard_table

    path = _write_anchors(tmp_path, [{"id": "measured", **BASE,
                                      "not_computable": "spectra not published"}])
    row = scorecard_table(path, "paper").frame.iloc[0]
    assert row["verdict"] == "not computable"
    assert np.isnan(row["computed"])


def test_verdict_and_finding_follow_the_computation(tmp_path, monkeypatch):
    """A value outside the printed precision disagrees, and the finding carries its numbers."""
    (tmp_path / "evaluate_for_test.py").write_text(
        "def value(x):\n    return {'value': x, 'doubled': 2 * x}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    entry = {"id": "v", **BASE, "evaluate": "evaluate_for_test:value",
             "finding": "we compute {value:.2f}, twice that is {doubled:.1f}"}
    from nanomag.scorecard import scorecard_table

    path = _write_anchors(tmp_path, [{**entry, "params": {"x": 2.04}}])
    row = scorecard_table(path, "paper").frame.iloc[0]
    assert (row["verdict"], row["finding"]) == ("reproduced", "")
    path = _write_anchors(tmp_path, [{**entry, "params": {"x": 2.06}}])
    row = scorecard_table(path, "paper").frame.iloc[0]
    assert row["verdict"] == "disagrees"
    assert row["finding"] == "we compute 2.06, twice that is 4.1"


def test_sampling_tolerance_uses_the_returned_standard_error(tmp_path, monkeypatch):
    (tmp_path / "sampled_for_test.py").write_text(
        "def mean(m, s):\n    return {'value': m, 'stderr': s}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from nanomag.scorecard import scorecard_table

    entry = {"id": "m", **BASE, "expected": 1.0, "tolerance": "sampling",
             "evaluate": "sampled_for_test:mean"}
    verdicts = []
    for m, s in [(1.25, 0.1), (1.35, 0.1)]:
        path = _write_anchors(tmp_path, [{**entry, "params": {"m": m, "s": s}}])
        verdicts.append(scorecard_table(path, "paper").frame.iloc[0]["verdict"])
    assert verdicts == ["reproduced", "disagrees"]


def test_anchor_with_table_and_config_reads_them(tmp_path, monkeypatch):
    """`table:` hands the pipeline table, `config:` the config slice, to evaluate."""
    import pandas as pd

    from nanomag.io import Table, write_table
    from nanomag.scorecard import scorecard_table

    data = tmp_path / "samples.parquet"
    write_table(Table(pd.DataFrame({"x": [1.0, 2.0, 3.0]}), {"x": "1"}), data, "unit", {})
    (tmp_path / "statistics_for_test.py").write_text(
        "def median(table, config, column):\n"
        "    return table[column].median() * config['scale']\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    path = _write_anchors(tmp_path, [{"id": "median", **BASE, "table": "samples",
                                      "config": "fig1",
                                      "evaluate": "statistics_for_test:median",
                                      "params": {"column": "x"}}])
    with pytest.raises(ValueError, match="needs tables \\['samples'\\]"):
        scorecard_table(path, "paper")
    frame = scorecard_table(path, "paper", {"samples": data}, {"fig1": {"scale": 1.0}}).frame
    assert frame.iloc[0]["computed"] == 2.0 and frame.iloc[0]["verdict"] == "reproduced"
    frame = scorecard_table(path, "paper", {"samples": data}, {"fig1": {"scale": 2.0}}).frame
    assert frame.iloc[0]["computed"] == 4.0 and frame.iloc[0]["verdict"] == "disagrees"


def test_readme_counts_are_generated_from_the_scorecard(tmp_path):
    import pandas as pd

    from nanomag.scorecard import README_BEGIN, README_END, readme_summary, update_readme
    from nanomag.io import Table, write_table

    frame = pd.DataFrame({"paper": ["a", "a", "b"],
                          "verdict": ["reproduced", "disagrees", "not computable"]})
    text = readme_summary(frame)
    assert "| a | 2 | 1 | 1 | 0 |" in text and "| all | 3 | 1 | 1 | 1 |" in text
    card = tmp_path / "card.parquet"
    write_table(Table(frame, {"paper": "label", "verdict": "label"}), card, "t", {})
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{README_BEGIN}\nold\n{README_END}\noutro\n")
    assert update_readme(readme, card)
    assert "| b | 1 | 0 | 0 | 1 |" in readme.read_text() and "old" not in readme.read_text()
    assert not update_readme(readme, card)


def test_readme_figure_table_is_current():
    """The README's figure table is what `python -m nanomag.manifest` generates."""
    from nanomag.manifest import figure_table_markdown

    table = figure_table_markdown(load_manifest(ROOT / "config/figures.yaml"),
                                  ROOT / "config/anchors")
    assert table in (ROOT / "README.md").read_text(), "run: python -m nanomag.manifest"
