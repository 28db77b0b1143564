"""The stored reference tables agree with values computed by independent methods.

Each paper's ``tests/reference/independent/<paper>.yaml`` (see ``nanomag.independent``) gives
a few points of every reference table; the rule-level test ``test_rules.py`` checks a fresh
run against the same points.
"""

import pandas as pd
import pytest

from nanomag.independent import check_point, load_points, select_row
from nanomag.io import read_table
from nanomag.reference import REFERENCE_DIR

PAPERS = sorted(p.name for p in REFERENCE_DIR.iterdir() if p.is_dir() and p.name != "independent")
TABLES = sorted(f"{p.parent.name}/{p.stem}" for p in REFERENCE_DIR.glob("*/*.parquet"))


@pytest.mark.parametrize("table", TABLES)
def test_every_reference_table_has_independent_points(table):
    paper, name = table.split("/")
    points = [p for p in load_points(paper) if p["table"] == name]
    assert len(points) >= 2, f"{table}: {len(points)} independent points, need at least 2"


@pytest.mark.parametrize("paper", PAPERS)
def test_reference_tables_agree_with_independent_points(paper):
    problems = []
    for point in load_points(paper):
        frame = read_table(REFERENCE_DIR / paper / f"{point['table']}.parquet")[0]
        problem = check_point(frame, point)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def test_a_wrong_value_is_reported():
    frame = pd.DataFrame({"x": [0.0, 1.0], "y": [2.0, 3.0]})
    point = {"table": "t", "where": {"x": 1.0}, "column": "y", "value": 3.1, "rtol": 0.01,
             "method": "by hand"}
    assert "3.0 vs independent 3.1" in check_point(frame, point)
    assert check_point(frame, {**point, "value": 3.02}) is None


def test_a_row_must_be_unique():
    frame = pd.DataFrame({"x": [1.0, 1.0], "y": [2.0, 3.0]})
    with pytest.raises(LookupError, match="2 rows match"):
        select_row(frame, {"x": 1.0})
