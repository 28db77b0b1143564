"""Tables and defaults of orbital_response.py, written for the survivors of its first
mutation run (issue 13): the tables use the zeros they are given (a table that ends inside
the thermal window is refused, not replaced by the default one), a named size missing from
the table is computed (zeta_{1,36} against the independent sign scan), the Fig. 6(c) zeros
of the last of three ranges (a zero exactly at the range start included), integer columns,
one index, descriptions naming their figure, the default material (gold: E_F = 5.53 eV,
k_F = 1.21e8 /cm) against CODATA constants."""

import numpy as np
import pytest
from scipy import constants as sc

from nanomag.orbital_dimers import orbital_response as orb
from nanomag.orbital_dimers.bessel_zeros import zeros_frame

from test_orbital_dimers_orbital_response import _independent_zeros

L36 = 36


@pytest.fixture(scope="module")
def short():
    """The zeros below 43: they end at zeta_{1,36} = 42.97 itself."""
    return {"bessel_zeros": zeros_frame(43.0)}


def test_tables_refuse_a_zeros_table_that_ends_inside_the_window(short):
    size = [{"n": 1, "l": L36}]
    with pytest.raises(ValueError, match="zeros table too short"):
        orb.zfs_temperature_table({"sizes_main": size, "sizes_inset": [42.0],
                                   "t_main": {"start": 1e-3, "stop": 1e-2, "num": 2,
                                              "log": True},
                                   "t_inset": {"start": 1e-3, "stop": 1e-2, "num": 2,
                                               "log": True}}, short)
    with pytest.raises(ValueError, match="zeros table too short"):
        orb.zfs_size_table({"temperatures": [1e-3], "kfa": [{"start": 42.0, "stop": 42.9,
                                                             "num": 3}]}, short)
    with pytest.raises(ValueError, match="zeros table too short"):
        orb.moment_field_table({"sizes": size, "temperatures": [1e-3],
                                "field": {"start": 0.0, "stop": 1e-3, "num": 2}}, short)


def test_named_size_missing_from_the_table_is_computed():
    """zeta_{1,36} is not among the zeros below 20 given: it is computed, and equals the
    zero of j_36 found by the independent sign scan; a size in the table is taken from it."""
    l, z = _independent_zeros(44.0)
    zeta_136 = z[l == L36][0]
    values, labels = orb._named_sizes([{"n": 1, "l": L36}, {"n": 2, "l": 3}],
                                      zeros_frame(20.0))
    assert values[0] == pytest.approx(zeta_136, rel=1e-12)
    assert values[1] == pytest.approx(z[l == 3][1], rel=1e-12)
    assert labels == ["zeta_1,36", "zeta_2,3"]


def test_fig6c_lists_the_given_zeros_of_the_last_range():
    """Three ranges: the zeros of the last one, from its start (a zero itself: included) to
    its stop, taken from the input table (here only the even l, so the input is visibly
    used), with integer n and l; without input they are computed."""
    table = zeros_frame(20.0)
    z_start = float(table.loc[(table["n"] == 2) & (table["l"] == 4), "zeta"].iloc[0])
    params = {"kfa": [{"start": 1.0, "stop": 3.0, "num": 3},
                      {"start": 3.0, "stop": 6.0, "num": 3},
                      {"start": z_start, "stop": 15.0, "num": 3}]}
    even = table[table["l"] % 2 == 0].reset_index(drop=True)
    out = orb.zeros_in_range_table(params, {"bessel_zeros": even})
    frame = out.frame
    expected = even[(even["zeta"] >= z_start) & (even["zeta"] <= 15.0)]
    np.testing.assert_allclose(np.sort(frame["zeta"]), np.sort(expected["zeta"]), rtol=0)
    assert z_start in set(frame["zeta"]) and np.all(frame["l"] % 2 == 0)
    assert frame["n"].dtype == np.int64 and frame["l"].dtype == np.int64
    computed = orb.zeros_in_range_table(params).frame
    assert set(computed["l"] % 2) == {0, 1} and computed["zeta"].min() == pytest.approx(z_start)
    assert "6(c)" in out.description


def test_tables_index_and_descriptions():
    z = zeros_frame(60.0)
    inputs = {"bessel_zeros": z}
    size = orb.zfs_size_table({"temperatures": [1e-3, 2e-3],
                               "kfa": [{"start": 42.0, "stop": 42.5, "num": 3},
                                       {"start": 42.0, "stop": 42.5, "num": 3}]}, inputs)
    assert list(size.frame.index) == list(range(len(size.frame)))
    assert "Fig. 6" in size.description
    temp = orb.zfs_temperature_table({"sizes_main": [42.0], "sizes_inset": [42.5],
                                      "t_main": {"start": 1e-3, "stop": 2e-3, "num": 2,
                                                 "log": True},
                                      "t_inset": {"start": 1e-3, "stop": 2e-3, "num": 2,
                                                  "log": True}}, inputs)
    assert "Fig. 5a" in temp.description
    field = orb.moment_field_table({"sizes": [42.0], "temperatures": [1e-3],
                                    "field": {"start": 0.0, "stop": 1e-3, "num": 2}}, inputs)
    assert "Fig. 7" in field.description


def test_default_material_is_gold_from_codata():
    """Defaults: E_F = 5.53 eV (T_F = E_F/k_B = 6.42e4 K), k_F = 1.21e8 /cm (|chi_L| =
    e^2 k_F/(12 pi^2 m c^2) in cgs = 2.88e-7, the paper's 2.9e-7)."""
    assert orb.fermi_temperature_k() == pytest.approx(5.53 * sc.e / sc.k, rel=1e-12)
    e_statc, m_g, c_cm = sc.e * sc.c * 10.0, sc.m_e * 1e3, sc.c * 100.0
    chi = e_statc ** 2 * 1.21e8 / (12 * np.pi ** 2 * m_g * c_cm ** 2)
    assert orb.landau_susceptibility() == pytest.approx(chi, rel=1e-12, abs=0)
    assert chi == pytest.approx(2.9e-7, rel=0.01)
