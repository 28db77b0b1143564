"""Scorecard: every quantitative statement of a paper checked against our computation.

Each anchor of ``config/anchors/<slug>.yaml`` is one statement of the paper. Its verdict is
always computed, never written down (policy: ``docs/scorecard.md``):

- ``reproduced``: the computed value satisfies the statement within the tolerance that the
  paper's stated precision implies;
- ``disagrees``: it does not. The anchor's ``finding`` (a template) then explains why, with
  its numbers filled in by the computation;
- ``not computable``: a measured, unpublished value that nothing of ours can compute (the
  anchor has no ``evaluate`` but a ``not_computable`` reason).

An anchor's ``evaluate`` function receives the pipeline tables the statement is about
(``table: name`` gives ``table=<DataFrame>``, ``table: [a, b]`` gives ``tables={...}``), the
config slices it names (``config: fig5`` gives ``config=<dict>``) and its ``params``. It
returns the value, or a mapping ``{"value": ..., **numbers}`` whose extra numbers fill the
``finding`` template (and ``stderr``, the sampling error of a Monte Carlo statistic).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from nanomag.config import as_list, config_slice, resolve
from nanomag.io import Table

if TYPE_CHECKING:  # imported where a scorecard is built: the Snakefile reads the anchors
    import pandas as pd  # with this module at every start (pandas: 0.3-0.5 s)

VERDICTS = ("reproduced", "disagrees", "not computable")
RELATIONS = ("==", "<", ">", "<=", ">=", "in")
REQUIRED = ("id", "figure", "quantity", "expected", "unit", "source", "origin", "tolerance")
ORIGINS = ("stated", "derived")

#: "about", "~", "of the order of": the computed value lies within half a decade of the
#: stated one, |log10(computed / stated)| <= 0.5 (a factor sqrt(10) = 3.16 either way).
ABOUT_DECADES = 0.5
#: "in the vicinity of", "near", "close to": within 10 % of the stated value.
VICINITY_RTOL = 0.10
#: Monte Carlo statistics: within this many standard errors of the stated value.
SAMPLING_SIGMAS = 3.0
#: A "numerical" tolerance (a number the physics fixes exactly, derived by hand from the
#: paper's formulas) may be at most this loose: it absorbs rounding of the derivation and
#: the convergence of our numerics, never a physical gap.
NUMERICAL_RTOL_MAX = 1.0e-3

TOLERANCES = ("printed", "about", "vicinity", "band", "sampling", "numerical", "bound")


def printed_half_unit(text: str) -> float:
    """Half a unit of the last printed digit of a number as the paper prints it.

    ``"3.22"`` gives 0.005, ``"62"`` gives 0.5, ``"1.5e-4"`` gives 5e-6, ``"0.10"`` 0.005.

    Raises
    ------
    ValueError
        If ``text`` is not a plain decimal number.
    """
    match = re.fullmatch(r"\s*[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?\s*", str(text))
    if not match or not (match.group(1) or match.group(2)):
        raise ValueError(f"{text!r} is not a printed decimal number")
    decimals = len(match.group(2) or "")
    exponent = int(match.group(3) or 0)
    return 0.5 * 10.0 ** (exponent - decimals)


def load_anchors(path: str | Path) -> list[dict[str, Any]]:
    """Read an anchor file and check every entry against the scorecard policy.

    Raises
    ------
    ValueError
        Naming the entry and the missing or bad field.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster
    with open(path) as handle:
        anchors = yaml.load(handle, Loader=loader) or []
    ids = set()
    for entry in anchors:
        name = entry.get("id", "<no id>")
        where = f"{path}: anchor {name}"
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise ValueError(f"{where} lacks {missing}")
        if entry["id"] in ids:
            raise ValueError(f"{path}: anchor id {name} appears twice")
        ids.add(entry["id"])
        if "status" in entry or "reason" in entry:
            raise ValueError(f"{where}: a verdict is computed, never set ('status'/'reason' "
                             "are not allowed; use 'finding' or 'not_computable')")
        relation = entry.get("relation", "==")
        if relation not in RELATIONS:
            raise ValueError(f"{where}: relation must be one of {RELATIONS}")
        if entry["origin"] not in ORIGINS:
            raise ValueError(f"{where}: origin must be one of {ORIGINS}")
        if ("evaluate" in entry) == ("not_computable" in entry):
            raise ValueError(f"{where}: needs exactly one of 'evaluate' (a computation) and "
                             "'not_computable' (why nothing of ours can compute it)")
        if "not_computable" in entry and ("table" in entry or "finding" in entry):
            raise ValueError(f"{where}: a not-computable statement has no table or finding")
        _check_tolerance(entry, where)
    return anchors


def _check_tolerance(entry: Mapping[str, Any], where: str) -> None:
    kind, relation, expected = entry["tolerance"], entry.get("relation", "=="), entry["expected"]
    if kind not in TOLERANCES:
        raise ValueError(f"{where}: tolerance must be one of {TOLERANCES}, got {kind!r}")
    explicit = {"rtol", "atol"} & set(entry)
    if kind == "numerical":
        if not explicit:
            raise ValueError(f"{where}: a numerical tolerance needs rtol and/or atol")
        if float(entry.get("rtol", 0.0)) > NUMERICAL_RTOL_MAX:
            raise ValueError(f"{where}: numerical rtol {entry['rtol']} > {NUMERICAL_RTOL_MAX}; "
                             "a looser tolerance must follow the stated precision")
    elif explicit:
        raise ValueError(f"{where}: rtol/atol are set by the '{kind}' policy, not per entry")
    if kind == "printed" and not isinstance(expected, str):
        raise ValueError(f"{where}: a 'printed' tolerance needs the expected value quoted as "
                         f"the paper prints it (a string such as \"3.22\"), got {expected!r}")
    if (kind == "band") != (relation == "in"):
        raise ValueError(f"{where}: a band is written relation: in, expected: [low, high]")
    if relation == "in" and not (isinstance(expected, list) and len(expected) == 2
                                 and float(expected[0]) < float(expected[1])):
        raise ValueError(f"{where}: relation 'in' needs expected: [low, high] with low < high")
    if (kind == "bound") != (relation in ("<", ">", "<=", ">=")):
        raise ValueError(f"{where}: a one-sided statement ('<', '>') uses tolerance: bound, "
                         "and a bound is always one-sided")


def tolerance_of(entry: Mapping[str, Any], result: Mapping[str, float]) -> tuple[float, float]:
    """(rtol, atol) of an anchor under the policy of ``docs/scorecard.md``.

    ``result`` is the evaluated mapping; a ``sampling`` tolerance reads its ``stderr``.
    """
    kind = entry["tolerance"]
    if kind == "printed":
        return 0.0, printed_half_unit(entry["expected"])
    if kind == "vicinity":
        return VICINITY_RTOL, 0.0
    if kind == "sampling":
        if "stderr" not in result:
            raise ValueError(f"anchor {entry['id']}: a sampling tolerance needs the evaluate "
                             "function to return its 'stderr'")
        return 0.0, SAMPLING_SIGMAS * float(result["stderr"])
    if kind == "numerical":
        return float(entry.get("rtol", 0.0)), float(entry.get("atol", 0.0))
    return 0.0, 0.0  # about (decades), band (its limits), bound (exact bound)


def judge(value: float, expected: Any, relation: str = "==", rtol: float = 0.0,
          atol: float = 0.0, about: bool = False) -> bool:
    """True if ``value`` satisfies ``relation`` with ``expected`` within rtol/atol.

    ``relation == "in"`` takes ``expected = [low, high]``; ``about`` judges ``==`` on a log
    scale, within :data:`ABOUT_DECADES` of ``expected``.
    """
    if not math.isfinite(value):
        return False
    if relation == "in":
        low, high = float(expected[0]), float(expected[1])
        return low <= value <= high
    expected = float(expected)
    if about:
        if value == 0 or expected == 0 or (value > 0) != (expected > 0):
            return False
        return abs(math.log10(value / expected)) <= ABOUT_DECADES
    slack = atol + rtol * abs(expected)
    if relation == "==":
        return abs(value - expected) <= slack
    if relation in ("<", "<="):
        return value < expected + slack if relation == "<" else value <= expected + slack
    return value > expected - slack if relation == ">" else value >= expected - slack


def _evaluated(raw: Any, anchor_id: str) -> dict[str, float]:
    """The evaluate function's result as ``{"value": ..., **numbers}``."""
    result = dict(raw) if isinstance(raw, Mapping) else {"value": raw}
    if "value" not in result:
        raise ValueError(f"anchor {anchor_id}: evaluate returned a mapping without 'value'")
    result["value"] = float(result["value"])
    if not math.isfinite(result["value"]):
        raise ValueError(f"anchor {anchor_id}: evaluate returned {result['value']}")
    return result


def _expected_number(expected: Any) -> float:
    """The stated value as a number (the midpoint of a band)."""
    if isinstance(expected, list):
        return 0.5 * (float(expected[0]) + float(expected[1]))
    return float(expected)


def evaluate_anchor(entry: Mapping[str, Any],
                    tables: Mapping[str, pd.DataFrame] | None = None,
                    slices: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Compute one anchor and return its scorecard row.

    Parameters
    ----------
    entry : mapping
        One anchor of the anchor file.
    tables : mapping of str to pandas.DataFrame, optional
        The paper's pipeline tables named by anchors' ``table`` field.
    slices : mapping of str to dict, optional
        The paper's config slices named by anchors' ``config`` field.

    Returns
    -------
    dict
        The scorecard row; ``computed`` and ``deviation`` are NaN for a statement that is
        not computable.
    """
    relation = entry.get("relation", "==")
    expected = entry["expected"]
    row = {"id": entry["id"], "figure": str(entry["figure"]), "quantity": entry["quantity"],
           "expected": _expected_number(expected), "expected_text": _expected_text(entry),
           "relation": relation, "unit": entry["unit"], "tolerance": entry["tolerance"],
           "source": entry["source"], "origin": entry["origin"],
           "reading": entry.get("reading", ""), "table": ", ".join(as_list(entry.get("table")))}
    if "not_computable" in entry:
        return {**row, "computed": math.nan, "deviation": math.nan, "rtol": 0.0, "atol": 0.0,
                "verdict": "not computable", "finding": str(entry["not_computable"])}
    kwargs = dict(entry.get("params", {}))
    names = as_list(entry.get("table"))
    missing = [n for n in names if tables is None or n not in tables]
    if missing:
        raise ValueError(f"anchor {entry['id']} needs tables {missing}, which were not given")
    if isinstance(entry.get("table"), str):
        kwargs["table"] = tables[entry["table"]]
    elif names:
        kwargs["tables"] = {n: tables[n] for n in names}
    if "config" in entry:
        kwargs["config"] = config_slice({"paper": dict(slices or {})}, "paper", entry["config"])
    result = _evaluated(resolve(entry["evaluate"])(**kwargs), entry["id"])
    value = result["value"]
    rtol, atol = tolerance_of(entry, result)
    passed = judge(value, expected, relation, rtol, atol, about=entry["tolerance"] == "about")
    centre = _expected_number(expected)
    if entry["tolerance"] == "about" and value > 0 and centre > 0:
        deviation = math.log10(value / centre)  # in decades
    else:
        deviation = (value - centre) / abs(centre) if centre != 0 else value
    finding = ""
    if not passed and entry.get("finding"):
        try:
            finding = str(entry["finding"]).format(expected=centre, **result)
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(f"anchor {entry['id']}: its finding template needs {error}, "
                             f"which evaluate did not return ({sorted(result)})") from error
    return {**row, "computed": value, "deviation": deviation, "rtol": rtol, "atol": atol,
            "verdict": "reproduced" if passed else "disagrees", "finding": finding}


def _expected_text(entry: Mapping[str, Any]) -> str:
    expected = entry["expected"]
    if isinstance(expected, list):
        return f"[{expected[0]}, {expected[1]}]"
    return str(expected)


SCORECARD_UNITS = {
    "paper": "label", "id": "label", "figure": "label", "quantity": "label",
    "expected": "unit column", "expected_text": "label", "relation": "label",
    "computed": "unit column", "deviation": "1 (decades for tolerance 'about')",
    "unit": "label", "tolerance": "label", "rtol": "1", "atol": "unit column",
    "source": "label", "origin": "label", "reading": "label", "table": "label",
    "verdict": "label", "finding": "label",
}

NOT_COMPUTED = ("computed", "deviation")


def scorecard_table(anchor_path: str | Path, paper: str,
                    table_paths: Mapping[str, str | Path] | None = None,
                    slices: Mapping[str, Mapping[str, Any]] | None = None) -> Table:
    """Evaluate every anchor of one paper.

    Parameters
    ----------
    anchor_path : str or Path
        ``config/anchors/<paper>.yaml``.
    paper : str
        The paper's slug.
    table_paths : mapping of str to path, optional
        Parquet file of each pipeline table the anchors name (``table:`` field).
    slices : mapping of str to dict, optional
        The paper's config slices the anchors name (``config:`` field).
    """
    import pandas as pd

    from nanomag.io import read_table

    tables = {name: read_table(path)[0] for name, path in (table_paths or {}).items()}
    rows = [{"paper": paper, **evaluate_anchor(a, tables, slices)}
            for a in load_anchors(anchor_path)]
    frame = pd.DataFrame(rows, columns=list(SCORECARD_UNITS))
    return Table(frame, SCORECARD_UNITS, f"Scorecard of {paper}", nullable=NOT_COMPUTED)


def _format(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else "not computed"


def _cell(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


_HEADER = ("id", "fig", "quantity", "paper", "ours", "unit", "tolerance", "source", "reading",
           "verdict")


def _tolerance_cell(row) -> str:
    if row.tolerance == "about":
        return f"about: within {ABOUT_DECADES:g} decade"
    if row.tolerance in ("band", "bound"):
        return row.tolerance
    parts = [f"rtol {row.rtol:g}" if row.rtol else "", f"atol {row.atol:.3g}" if row.atol else ""]
    return f"{row.tolerance}: " + (", ".join(p for p in parts if p) or "exact")


def _display_cells(row) -> tuple[str, ...]:
    """The cells of one scorecard row as shown to a reader (markdown and HTML)."""
    expected = ("" if row.relation in ("==", "in") else row.relation + " ") + row.expected_text
    if row.relation == "in":
        expected = "in " + expected
    verdict = row.verdict + (f": {row.finding}" if row.finding else "")
    source = f"{row.source} ({row.origin})" + (f"; table {row.table}" if row.table else "")
    return (str(row.id), str(row.figure), str(row.quantity), expected, _format(row.computed),
            str(row.unit), _tolerance_cell(row), source, str(row.reading), verdict)


def verdict_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Number of statements per verdict (all three verdicts, zeros included)."""
    counts = frame["verdict"].value_counts()
    return {v: int(counts.get(v, 0)) for v in VERDICTS}


def summary_line(frame: pd.DataFrame) -> str:
    """``"<n> statements: <a> reproduced, <b> disagrees, <c> not computable"``."""
    return f"{len(frame)} statements: " + ", ".join(
        f"{n} {v}" for v, n in verdict_counts(frame).items())


def scorecard_markdown(frame: pd.DataFrame) -> str:
    """Readable scorecard: a summary line per paper and one table row per anchor."""
    lines = ["# Scorecard", "",
             "Every quantitative statement of the papers, computed by the pipeline from the "
             "tables its figures draw. Verdicts are computed: reproduced (within the "
             "tolerance the paper's stated precision implies, docs/scorecard.md), disagrees "
             "(with the computed finding), or not computable (a measured value that is not "
             "published).", "", "Total: " + summary_line(frame) + ".", ""]
    for paper, part in frame.groupby("paper", sort=False):
        lines += [f"## {paper}", "", summary_line(part) + ".", "",
                  "| " + " | ".join(_HEADER) + " |", "|---" * len(_HEADER) + "|"]
        lines += ["| " + " | ".join(_cell(c) for c in _display_cells(row)) + " |"
                  for row in part.itertuples()]
        lines.append("")
    return "\n".join(lines)


_VERDICT_COLOURS = {"reproduced": "#d9f2d9", "disagrees": "#f8d0d0", "not computable": "#e8e8e8"}


def scorecard_html(frame: pd.DataFrame) -> str:
    """The scorecard as one self-contained HTML page (for the Snakemake report).

    One section per paper with its verdict counts, then one row per statement with the
    paper's value, ours, the tolerance, the source, the reading it depends on and the
    verdict with its finding (rows coloured by verdict).
    """
    from html import escape

    style = ("body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse;"
             "margin-bottom:2em}th,td{border:1px solid #bbb;padding:3px 6px;"
             "vertical-align:top}th{background:#eee}")
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Scorecard</title>"
             f"<style>{style}</style></head><body><h1>Scorecard</h1>"
             "<p>Every quantitative statement of the papers, computed by the pipeline; "
             "tolerance policy in docs/scorecard.md.</p>"
             f"<p>Total: {escape(summary_line(frame))}.</p>"]
    for paper, part in frame.groupby("paper", sort=False):
        parts.append(f"<h2>{escape(paper)}</h2><p>{escape(summary_line(part))}.</p>")
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in _HEADER) + "</tr>")
        for row in part.itertuples():
            parts.append(f"<tr style='background:{_VERDICT_COLOURS[row.verdict]}'>"
                         + "".join(f"<td>{escape(c)}</td>" for c in _display_cells(row))
                         + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


README_BEGIN = "<!-- scorecard summary: generated by python -m nanomag.scorecard -->"
README_END = "<!-- end of scorecard summary -->"


def readme_summary(frame: pd.DataFrame) -> str:
    """The README's scorecard paragraph: counts per paper, from a scorecard table."""
    lines = [README_BEGIN, "",
             "| paper | statements | reproduced | disagrees | not computable |",
             "|---|---|---|---|---|"]
    for paper, part in frame.groupby("paper", sort=False):
        counts = verdict_counts(part)
        lines.append(f"| {paper} | {len(part)} | " + " | ".join(str(n) for n in counts.values())
                     + " |")
    total = verdict_counts(frame)
    lines += [f"| all | {len(frame)} | " + " | ".join(str(n) for n in total.values()) + " |",
              "", README_END]
    return "\n".join(lines)


def update_readme(readme: str | Path, scorecard: str | Path) -> bool:
    """Rewrite the README's scorecard summary from a scorecard Parquet file.

    Returns
    -------
    bool
        True if the README changed.
    """
    from nanomag.io import read_table

    path = Path(readme)
    text = path.read_text()
    start, end = text.index(README_BEGIN), text.index(README_END) + len(README_END)
    new = text[:start] + readme_summary(read_table(scorecard)[0]) + text[end:]
    path.write_text(new)
    return new != text


if __name__ == "__main__":
    import sys

    source = sys.argv[1] if len(sys.argv) > 1 else "results/scorecard.parquet"
    changed = update_readme("README.md", source)
    print(f"README.md scorecard summary {'updated' if changed else 'already current'} "
          f"from {source}")
