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


def test_strong_field_moment_against_the_state_sum():
    """x = 0.1 at kFa = 20.3, T = 4e-3 T_F (and x = 0.02 at kFa = 42.4, T = 5e-4): the
    Zeeman shifts x l/2 (up to 0.75 E_F) and the diamagnetic shifts x^2 kFa^2 rho s/16 (up
    to 0.09 E_F) are larger than the thermal window 50 T = 0.2 E_F, so the shells whose levels reach E_F in the field must be expanded
    level by level; M against -2 dOmega/dx of the full state sum with independent zeros."""
    from test_orbital_dimers_orbital_response import _brute_moment

    z = zeros_frame(60.0)
    for k, t, x, z_max in ((20.3, 4e-3, 0.1, 45.0), (20.3, 4e-3, -0.07, 45.0),
                           (42.4, 5e-4, 0.02, 55.0)):
        assert orb.magnetic_moment(k, t, x, z) == pytest.approx(
            _brute_moment(k, t, x, z_max), rel=1e-6)


def test_zeros_table_must_reach_above_the_window_of_the_shifted_levels():
    """magnetic_moment needs the top zero's lowest level in the field, (top/kFa)^2 -
    x top/2 - x^2 kFa^2/16 (Zeeman shift with l < top, diamagnetic shift with rho s <= 1),
    above 1 + 50 T/T_F: at kFa = 20, T = 1e-3, x = 0.05 the zeros up to the first one past
    that line are accepted, those up to the last one before it refused."""
    k, t, x = 20.0, 1e-3, 0.05
    z = zeros_frame(60.0)
    top = z["zeta"].to_numpy()
    lowest = (top / k) ** 2 - x * top / 2 - x ** 2 * k ** 2 / 16
    first_ok = top[lowest > 1 + 50 * t].min()
    last_bad = top[lowest <= 1 + 50 * t].max()
    assert 26.0 < last_bad < first_ok < 27.5
    orb.magnetic_moment(k, t, x, z[z["zeta"] <= first_ok])
    with pytest.raises(ValueError, match="zeros table too short for kfa=20"):
        orb.magnetic_moment(k, t, x, z[z["zeta"] <= last_bad])


def test_zero_field_zeros_coverage_and_sizes():
    """zero_field_susceptibility needs a zero above kFa sqrt(1 + 50 T/T_F): at kFa = 20,
    T = 1e-3 the zeros up to the first one past 20 sqrt(1.05) are accepted, those up to the
    last one before it refused; a small sphere (kFa = 0.5, no level below E_F) is a size,
    kFa = 0 is not."""
    z = zeros_frame(40.0)
    top = z["zeta"].to_numpy()
    edge = 20.0 * np.sqrt(1.0 + 50 * 1e-3)
    first_ok, last_bad = top[top > edge].min(), top[top <= edge].max()
    orb.zero_field_susceptibility(20.0, 1e-3, z[z["zeta"] <= first_ok])
    with pytest.raises(ValueError, match="zeros table too short"):
        orb.zero_field_susceptibility(20.0, 1e-3, z[z["zeta"] <= last_bad])
    assert np.isfinite(orb.zero_field_susceptibility(0.5, 0.1, z))
    with pytest.raises(ValueError, match="kfa > 0"):
        orb.zero_field_susceptibility(0.0, 0.1, z)


def test_moment_in_blocks_equals_point_by_point():
    """2000 fields at kFa = 42.4, T = 5e-3 (about 2100 active levels: 955 points per block
    of 2e6 pairs) make three blocks: the blocked result equals the point-by-point one at both
    ends and across the block edges."""
    z = zeros_frame(60.0)
    x = np.linspace(-2e-3, 2e-3, 2000)
    m = orb.magnetic_moment(42.4, 5e-3, x, z)
    for i in (0, 954, 955, 1910, 1999):
        assert m[i] == pytest.approx(float(orb.magnetic_moment(42.4, 5e-3, x[i], z)), rel=1e-12)
