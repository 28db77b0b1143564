"""Scorecard: every quantitative statement of a paper checked against our computation.

Each anchor of ``config/anchors/<slug>.yaml`` names a library function that computes the
quantity (``evaluate``, called with the anchor's ``params``); the verdict compares it with the
paper's value within the anchor's tolerance. An anchor with ``table: <name>`` is computed from
that pipeline table of the same paper (the function receives it as ``table=<DataFrame>``), so
it describes exactly the data of the figure. A statement nothing can compute (a measured value
that is not published) has no ``evaluate`` and must be ``status: not_reproducible``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from nanomag.io import Table

VERDICTS = ("reproduced", "failed", "not reproducible")
RELATIONS = ("==", "<", ">", "<=", ">=")
REQUIRED = ("id", "figure", "quantity", "expected", "unit", "source", "origin")


def load_anchors(path: str | Path) -> list[dict[str, Any]]:
    """Read an anchor file and check every entry has the required fields.

    Raises
    ------
    ValueError
        Naming the entry and the missing or bad field.
    """
    import yaml

    with open(path) as handle:
        anchors = yaml.safe_load(handle) or []
    ids = set()
    for entry in anchors:
        name = entry.get("id", "<no id>")
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise ValueError(f"{path}: anchor {name} lacks {missing}")
        if entry["id"] in ids:
            raise ValueError(f"{path}: anchor id {name} appears twice")
        ids.add(entry["id"])
        if entry.get("relation", "==") not in RELATIONS:
            raise ValueError(f"{path}: anchor {name}: relation must be one of {RELATIONS}")
        if entry["origin"] not in ("stated", "derived"):
            raise ValueError(f"{path}: anchor {name}: origin must be 'stated' or 'derived'")
        if entry.get("status") == "not_reproducible" and not entry.get("reason"):
            raise ValueError(f"{path}: anchor {name} is not_reproducible but gives no reason")
        if "evaluate" not in entry and entry.get("status") != "not_reproducible":
            raise ValueError(f"{path}: anchor {name} has no evaluate; only a not_reproducible "
                             "statement may omit it")
        if "table" in entry and "evaluate" not in entry:
            raise ValueError(f"{path}: anchor {name} names a table but no evaluate")
    return anchors


def judge(value: float, expected: float, relation: str = "==", rtol: float = 0.0,
          atol: float = 0.0) -> bool:
    """True if ``value`` satisfies ``relation`` with ``expected`` within rtol/atol."""
    if not math.isfinite(value):
        return False
    slack = atol + rtol * abs(expected)
    if relation == "==":
        return abs(value - expected) <= slack
    if relation in ("<", "<="):
        return value < expected + slack if relation == "<" else value <= expected + slack
    return value > expected - slack if relation == ">" else value >= expected - slack


def evaluate_anchor(entry: Mapping[str, Any],
                    tables: Mapping[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Compute one anchor and return its scorecard row.

    Parameters
    ----------
    entry : mapping
        One anchor of the anchor file.
    tables : mapping of str to pandas.DataFrame, optional
        The paper's pipeline tables named by anchors' ``table`` field.

    Returns
    -------
    dict
        The scorecard row; ``computed`` and ``relative_deviation`` are NaN for a statement
        without ``evaluate``.
    """
    from nanomag.manifest import resolve

    relation = entry.get("relation", "==")
    rtol, atol = float(entry.get("rtol", 0.0)), float(entry.get("atol", 0.0))
    expected = float(entry["expected"])
    if "evaluate" in entry:
        kwargs = dict(entry.get("params", {}))
        if "table" in entry:
            if tables is None or entry["table"] not in tables:
                raise ValueError(f"anchor {entry['id']} needs table {entry['table']!r}, "
                                 "which was not given")
            kwargs["table"] = tables[entry["table"]]
        value = float(resolve(entry["evaluate"])(**kwargs))
        deviation = (value - expected) / abs(expected) if expected != 0 else value
    else:
        value = deviation = math.nan
    passed = judge(value, expected, relation, rtol, atol)
    if entry.get("status") == "not_reproducible":
        verdict, reason = "not reproducible", entry["reason"]
    else:
        verdict = "reproduced" if passed else "failed"
        reason = entry.get("reason", "")
    return {
        "id": entry["id"], "figure": str(entry["figure"]), "quantity": entry["quantity"],
        "expected": expected, "relation": relation, "computed": value,
        "relative_deviation": deviation, "unit": entry["unit"], "rtol": rtol, "atol": atol,
        "source": entry["source"], "origin": entry["origin"], "verdict": verdict,
        "reason": reason,
    }


SCORECARD_UNITS = {
    "paper": "label", "id": "label", "figure": "label", "quantity": "label",
    "expected": "unit column", "relation": "label", "computed": "unit column",
    "relative_deviation": "1", "unit": "label", "rtol": "1", "atol": "unit column",
    "source": "label", "origin": "label", "verdict": "label", "reason": "label",
}


NOT_COMPUTED = ("computed", "relative_deviation")


def scorecard_table(anchor_path: str | Path, paper: str,
                    table_paths: Mapping[str, str | Path] | None = None) -> Table:
    """Evaluate every anchor of one paper.

    Parameters
    ----------
    anchor_path : str or Path
        ``config/anchors/<paper>.yaml``.
    paper : str
        The paper's slug.
    table_paths : mapping of str to path, optional
        Parquet file of each pipeline table the anchors name (``table:`` field).
    """
    from nanomag.io import read_table

    tables = {name: read_table(path)[0] for name, path in (table_paths or {}).items()}
    rows = [{"paper": paper, **evaluate_anchor(a, tables)} for a in load_anchors(anchor_path)]
    frame = pd.DataFrame(rows, columns=list(SCORECARD_UNITS))
    return Table(frame, SCORECARD_UNITS, f"Scorecard of {paper}", nullable=NOT_COMPUTED)


def _format(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else "not computed"


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return str(text).replace("|", "\\|")


_HEADER = ("id", "fig", "quantity", "paper", "ours", "unit", "tolerance", "source", "verdict")


def _display_cells(row) -> tuple[str, ...]:
    """The cells of one scorecard row as shown to a reader (markdown and HTML)."""
    tol = f"rtol {row.rtol:g}" if row.rtol else f"atol {row.atol:g}"
    expected = ("" if row.relation == "==" else row.relation + " ") + _format(row.expected)
    verdict = row.verdict + (f": {row.reason}" if row.reason else "")
    return (str(row.id), str(row.figure), str(row.quantity), expected, _format(row.computed),
            str(row.unit), tol, f"{row.source} ({row.origin})", verdict)


def _summary(part: pd.DataFrame) -> str:
    counts = part["verdict"].value_counts()
    return f"{len(part)} statements: " + ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS)


def scorecard_markdown(frame: pd.DataFrame) -> str:
    """Readable scorecard: a summary line per paper and one table row per anchor."""
    lines = ["# Scorecard", "",
             "Every quantitative statement of the papers, computed by the pipeline. "
             "Verdicts: reproduced (within the stated tolerance), failed, or not "
             "reproducible (with the reason).", ""]
    for paper, part in frame.groupby("paper", sort=False):
        lines += [f"## {paper}", "", _summary(part) + ".", "",
                  "| " + " | ".join(_HEADER) + " |", "|---" * len(_HEADER) + "|"]
        lines += ["| " + " | ".join(_cell(c) for c in _display_cells(row)) + " |"
                  for row in part.itertuples()]
        lines.append("")
    return "\n".join(lines)


_VERDICT_COLOURS = {"reproduced": "#d9f2d9", "failed": "#f8d0d0", "not reproducible": "#fbefc9"}


def scorecard_html(frame: pd.DataFrame) -> str:
    """The scorecard as one self-contained HTML page (for the Snakemake report).

    One section per paper with its verdict counts, then one row per statement with the
    paper's value, ours, the tolerance, the source and the verdict with its reason (rows
    coloured by verdict).
    """
    from html import escape

    style = ("body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse;"
             "margin-bottom:2em}th,td{border:1px solid #bbb;padding:3px 6px;"
             "vertical-align:top}th{background:#eee}")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Scorecard</title>"
             f"<style>{style}</style></head><body><h1>Scorecard</h1>"
             "<p>Every quantitative statement of the papers, computed by the pipeline.</p>"]
    for paper, part in frame.groupby("paper", sort=False):
        parts.append(f"<h2>{escape(paper)}</h2><p>{_summary(part)}.</p>")
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in _HEADER) + "</tr>")
        for row in part.itertuples():
            parts.append(f"<tr style='background:{_VERDICT_COLOURS[row.verdict]}'>"
                         + "".join(f"<td>{escape(c)}</td>" for c in _display_cells(row))
                         + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
