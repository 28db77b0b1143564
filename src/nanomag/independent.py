"""Independent reference points: values of the pipeline's tables computed by other methods.

``tests/reference/independent/<paper>.yaml`` lists, for every table of
``tests/reference/<paper>/``, a few values computed by a method other than the library's
(mpmath, brute-force sums or quadrature, exact diagonalization, an analytic limit, Monte
Carlo with a sampling tolerance), each with the method that produced it::

    - table: chain_critical_susceptibility
      where: {n_particles: 20}      # the row, selected by column values
      column: chi_cn_over_chicz
      value: 0.42750
      rtol: 1.0e-4                  # or atol: the precision of the independent method
      method: "power iteration on the dipolar matrix built in mpmath (independent/orbital_dimers.py)"

Tests check both the stored reference tables and a fresh run of the small configuration
against these points, so regenerating the references can never absorb a physics bug.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

INDEPENDENT_DIR = Path(__file__).resolve().parents[2] / "tests" / "reference" / "independent"
REQUIRED = ("table", "where", "column", "value", "method")


def load_points(paper: str, directory: Path = INDEPENDENT_DIR) -> list[dict[str, Any]]:
    """The independent points of one paper (empty if it has none).

    Raises
    ------
    ValueError
        If an entry lacks a field or gives no tolerance.
    """
    import yaml

    path = directory / f"{paper}.yaml"
    if not path.exists():
        return []
    points = yaml.safe_load(path.read_text()) or []
    for index, point in enumerate(points):
        missing = [k for k in REQUIRED if k not in point]
        if missing:
            raise ValueError(f"{path}: entry {index} lacks {missing}")
        if "rtol" not in point and "atol" not in point:
            raise ValueError(f"{path}: entry {index} ({point['table']}.{point['column']}) "
                             "gives no rtol or atol")
    return points


def select_row(frame: pd.DataFrame, where: Mapping[str, Any]) -> pd.Series:
    """The single row whose columns equal ``where`` (numbers within 1e-9 relative).

    Raises
    ------
    LookupError
        If no row or more than one row matches.
    """
    mask = np.ones(len(frame), dtype=bool)
    for column, wanted in where.items():
        if column not in frame.columns:
            raise LookupError(f"no column {column!r}; columns are {list(frame.columns)}")
        values = frame[column].to_numpy()
        if isinstance(wanted, str) or values.dtype == object:
            mask &= values.astype(str) == str(wanted)
        else:
            mask &= np.isclose(values.astype(float), float(wanted), rtol=1e-9, atol=1e-12)
    count = int(mask.sum())
    if count != 1:
        raise LookupError(f"{count} rows match {dict(where)}")
    return frame.loc[mask].iloc[0]


def check_point(frame: pd.DataFrame, point: Mapping[str, Any]) -> str | None:
    """None if the table holds the independent value within its tolerance, else why not."""
    try:
        row = select_row(frame, point["where"])
    except LookupError as error:
        return f"{point['table']}: {error}"
    value = float(row[point["column"]])
    expected = float(point["value"])
    slack = float(point.get("atol", 0.0)) + float(point.get("rtol", 0.0)) * abs(expected)
    if not abs(value - expected) <= slack:
        return (f"{point['table']}.{point['column']} at {dict(point['where'])}: {value!r} vs "
                f"independent {expected!r} (|diff| = {abs(value - expected):.3g} > {slack:.3g}; "
                f"method: {point['method']})")
    return None
