"""Parquet tables with metadata: round trip, determinism, refusal of non-finite values."""

import numpy as np
import pandas as pd
import pytest

from nanomag.io import Table, read_table, write_table


def _table(values):
    return Table(pd.DataFrame({"t_over_tf": [1e-3, 2e-3], "chi_over_chil": values}),
                 {"t_over_tf": "T/T_F", "chi_over_chil": "|chi_L|"}, "test table")


def test_round_trip_keeps_values_and_metadata(tmp_path):
    path = tmp_path / "t.parquet"
    write_table(_table([1.5, -2.0]), path, rule="unit", params={"grid": {"num": 2}})
    frame, meta = read_table(path)
    assert frame["chi_over_chil"].tolist() == [1.5, -2.0]
    assert meta["rule"] == "unit"
    assert meta["params"] == {"grid": {"num": 2}}
    assert meta["units"]["t_over_tf"] == "T/T_F"
    assert "version" in meta


def test_same_inputs_give_same_bytes(tmp_path):
    a, b = tmp_path / "a.parquet", tmp_path / "b.parquet"
    for path in (a, b):
        write_table(_table([1.0, 2.0]), path, rule="unit", params={"x": 1})
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_values_are_refused(tmp_path, bad):
    with pytest.raises(ValueError, match="chi_over_chil"):
        write_table(_table([1.0, bad]), tmp_path / "x.parquet", rule="unit", params={})


def test_every_column_needs_a_unit():
    with pytest.raises(ValueError, match="missing units"):
        Table(pd.DataFrame({"a": [1]}), {})


def test_nullable_columns_may_hold_nan_but_not_infinity(tmp_path):
    frame = pd.DataFrame({"computed": [1.0, np.nan]})
    table = Table(frame, {"computed": "1"}, nullable=("computed",))
    write_table(table, tmp_path / "ok.parquet", rule="unit", params={})
    assert np.isnan(read_table(tmp_path / "ok.parquet")[0]["computed"][1])
    with pytest.raises(ValueError, match="computed"):
        write_table(Table(pd.DataFrame({"computed": [np.inf]}), {"computed": "1"},
                          nullable=("computed",)), tmp_path / "bad.parquet", rule="unit",
                    params={})
