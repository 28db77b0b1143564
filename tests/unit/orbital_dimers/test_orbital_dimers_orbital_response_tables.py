"""Tables of Figs. 5(a), 6 and 7 (orbital_response.py) against independent values: the
Curie law of the half-filled l = 36 shell (closed form), a full state sum of the grand
potential with zeros of its own (sign scan of scipy's spherical_jn), and the material
conversions from scipy.constants."""

import numpy as np
import pytest
from scipy import constants as sc

from nanomag.orbital_dimers import orbital_response as orb
from nanomag.orbital_dimers.bessel_zeros import zeros_frame

from test_orbital_dimers_orbital_response import _brute_moment, _independent_zeros

L36 = 36


@pytest.fixture(scope="module")
def zeros():
    # the sizes here (kFa <= 52) at their temperatures lie in the zeros below 60 (the
    # functions refuse a table that ends inside the window kFa sqrt(1 + 50 T/T_F)); the
    # shells above are empty and change no result
    return zeros_frame(60.0)


def _curie(kfa, t):
    """chi/|chi_L| of the half-filled l = 36 shell at t << level spacing: 9 pi S/(t kFa^3),
    S = l(l+1)(2l+1)/12 (f(1-f) = 1/4)."""
    return 9 * np.pi * L36 * (L36 + 1) * (2 * L36 + 1) / (12 * kfa ** 3 * t)


def test_material_conversions_against_scipy_constants():
    """T_F = E_F/k_B and hbar omega_c = 2 mu_B H, with CODATA values from scipy."""
    k_b_ev = sc.k / sc.e
    assert orb.fermi_temperature_k(5.53) == pytest.approx(5.53 / k_b_ev, rel=1e-9)
    assert orb.fermi_temperature_k(7.0) == pytest.approx(7.0 / k_b_ev, rel=1e-9)
    assert orb.temperature_k(2e-3, 7.0) == pytest.approx(2e-3 * 7.0 / k_b_ev, rel=1e-9)
    assert orb.temperature_k(1e-3) == pytest.approx(1e-3 * 5.53 / k_b_ev, rel=1e-9)
    mu_b_ev_per_gauss = sc.physical_constants["Bohr magneton in eV/T"][0] * 1e-4
    assert orb.cyclotron_field_gauss(1e-3, 7.0) == pytest.approx(
        1e-3 * 7.0 / (2 * mu_b_ev_per_gauss), rel=1e-9)
    assert orb.cyclotron_field_gauss(1e-3) == pytest.approx(
        1e-3 * 5.53 / (2 * mu_b_ev_per_gauss), rel=1e-9)
    # |chi_L| = e^2 kF / (12 pi^2 m c^2) in cgs: e^2/(m c^2) is the classical electron radius
    r_e_cm = sc.physical_constants["classical electron radius"][0] * 100
    assert orb.landau_susceptibility(1.3e8) == pytest.approx(r_e_cm * 1.3e8 / (12 * np.pi ** 2),
                                                             rel=1e-8)
    assert orb.landau_susceptibility() == pytest.approx(r_e_cm * 1.21e8 / (12 * np.pi ** 2),
                                                        rel=1e-8)


def test_fig5a_table_rows(zeros):
    """Panel main: zeta_{1,36} (named by {n, l}) follows the Curie law at t <= 1e-8; 42.97
    (a number) is diamagnetic; panel inset has its own sizes and temperatures."""
    params = {"sizes_main": [{"n": 1, "l": L36}, 42.97], "sizes_inset": [52.0],
              "t_main": {"start": 1e-9, "stop": 1e-8, "num": 3, "log": True},
              "t_inset": {"start": 1e-6, "stop": 1e-4, "num": 2, "log": True}}
    table = orb.zfs_temperature_table(params, {"bessel_zeros": zeros})
    frame = table.frame
    assert list(frame.index) == list(range(8))
    main = frame[frame["panel"] == "main"]
    curie = main[main["size_label"] == "zeta_1,36"]
    zeta = float(zeros.loc[(zeros["n"] == 1) & (zeros["l"] == L36), "zeta"].iloc[0])
    np.testing.assert_allclose(curie["kfa"], zeta, rtol=1e-14)
    np.testing.assert_allclose(curie["t_over_tf"], [1e-9, np.sqrt(1e-17), 1e-8], rtol=1e-12)
    # the diamagnetic background (-(2/5) kFa^2 ~ -700) is 1e-4 of the Curie term at 1e-8
    np.testing.assert_allclose(curie["chi_over_chil"], _curie(zeta, curie["t_over_tf"]),
                               rtol=2e-4)
    rounded = main[main["size_label"] == "42.97"]
    assert len(rounded) == 3 and np.all(rounded["chi_over_chil"] < 0)
    inset = frame[frame["panel"] == "inset"]
    assert set(inset["size_label"]) == {"52"} and set(inset["kfa"]) == {52.0}
    np.testing.assert_allclose(inset["t_over_tf"], [1e-6, 1e-4], rtol=1e-12)
    assert table.units["chi_over_chil"] == "|chi_L|" and table.units["t_over_tf"] == "T/T_F"


def test_named_size_without_a_zeros_table():
    """{n, l} resolves to the zero of j_l by its own root search when no table is given."""
    values, labels = orb._named_sizes([{"n": 2, "l": 3}, 7.5], None)
    l, z = _independent_zeros(12.0)
    assert values[0] == pytest.approx(z[l == 3][1], rel=1e-12)
    assert labels == ["zeta_2,3", "7.5"]


def test_fig6_table_adds_the_zeros_of_the_range(zeros):
    """The grid of each temperature gets every zeta_nl inside it; the Curie peak at
    zeta_{1,36} then has its exact height; two temperatures, two grids."""
    params = {"temperatures": [1e-8, 1e-3],
              "kfa": [{"start": 42.0, "stop": 43.5, "num": 4},
                      {"start": 40.0, "stop": 41.0, "num": 3}]}
    frame = orb.zfs_size_table(params, {"bessel_zeros": zeros}).frame
    l, z = _independent_zeros(44.0)
    cold = frame[frame["t_over_tf"] == 1e-8]
    inside = np.sort(z[(z >= 42.0) & (z <= 43.5)])
    np.testing.assert_allclose(cold["kfa"], np.unique(np.concatenate(
        [np.linspace(42.0, 43.5, 4), inside])), rtol=1e-12)
    peak = cold.loc[np.isclose(cold["kfa"], z[l == L36][0], rtol=1e-12)]
    assert len(peak) == 1
    assert peak["chi_over_chil"].iloc[0] == pytest.approx(_curie(z[l == L36][0], 1e-8),
                                                          rel=2e-4)
    warm = frame[frame["t_over_tf"] == 1e-3]
    np.testing.assert_allclose(warm["kfa"], np.unique(np.concatenate(
        [np.linspace(40.0, 41.0, 3), z[(z >= 40.0) & (z <= 41.0)]])), rtol=1e-12)
    plain = orb.zfs_size_table({**params, "add_zeros": False}, {"bessel_zeros": zeros}).frame
    assert len(plain) == 7


def test_fig6c_zeros_in_the_last_range():
    """The zeros of j_l between start and stop of the last grid, by an independent scan."""
    params = {"kfa": [{"start": 1.0, "stop": 5.0, "num": 3},
                      {"start": 10.0, "stop": 14.0, "num": 3}]}
    for inputs in (None, {"bessel_zeros": zeros_frame(20.0)}):
        frame = orb.zeros_in_range_table(params, inputs).frame
        l, z = _independent_zeros(16.0)
        keep = (z >= 10.0) & (z <= 14.0)
        got = sorted(zip(frame["l"], frame["zeta"]))
        want = sorted(zip(l[keep], z[keep]))
        assert [g[0] for g in got] == [w[0] for w in want]
        np.testing.assert_allclose([g[1] for g in got], [w[1] for w in want], rtol=1e-10)
        assert set(frame.columns) == {"n", "l", "zeta"} and list(frame.index) == list(
            range(len(frame)))
        # n counts the zeros of j_l from 1
        for row in frame.itertuples():
            assert row.n == 1 + np.sum((l == row.l) & (z < row.zeta - 1e-9))


def test_fig7_table_rows_against_the_state_sum(zeros):
    """M(x) rows of two sizes and two temperatures against -2 dOmega/dx of a full state sum."""
    params = {"sizes": [20.3, 31.7], "temperatures": [4e-3, 2e-3],
              "field": {"start": 0.0, "stop": 2e-3, "num": 2}}
    frame = orb.moment_field_table(params, {"bessel_zeros": zeros}).frame
    assert len(frame) == 8 and list(frame.index) == list(range(8))
    for row in frame[frame["hbar_omega_c_over_ef"] > 0].itertuples():
        brute = _brute_moment(row.kfa, row.t_over_tf, row.hbar_omega_c_over_ef, 50.0)
        assert row.moment_over_mub == pytest.approx(brute, rel=1e-5, abs=1e-6), row
    assert np.all(frame.loc[frame["hbar_omega_c_over_ef"] == 0, "moment_over_mub"] == 0)
    assert set(frame["size_label"]) == {"20.3", "31.7"}


@pytest.mark.parametrize("kfa,t,x", [(31.7, 3e-3, 1e-3), (42.4, 5e-4, -2e-4), (20.3, 1e-2, 0.0)])
def test_moment_derivative_is_the_slope_of_the_moment(zeros, kfa, t, x):
    """d(M/mu_B)/dx returned with derivative=True against a central difference of M."""
    h = 1e-4 * t
    m, dm = orb.magnetic_moment(kfa, t, x, zeros, derivative=True)
    slope = (orb.magnetic_moment(kfa, t, x + h, zeros)
             - orb.magnetic_moment(kfa, t, x - h, zeros)) / (2 * h)
    assert dm == pytest.approx(slope, rel=1e-6)
    assert m == pytest.approx(orb.magnetic_moment(kfa, t, x, zeros), rel=1e-15)


def test_susceptibility_in_blocks_equals_point_by_point(zeros):
    """3000 points at T/T_F = 0.02 hold more (point x level) pairs than one block: the
    chunked result equals the point-by-point one, in the original order."""
    k = np.linspace(50.0, 60.0, 3000)[::-1]
    t = np.where(np.arange(3000) % 2 == 0, 0.02, 0.005)
    z90 = zeros_frame(90.0)
    chi = orb.zero_field_susceptibility(k, t, z90)
    for i in (0, 1, 1499, 2998, 2999):
        assert chi[i] == pytest.approx(orb.zero_field_susceptibility(k[i], t[i], z90),
                                       rel=1e-12)


def test_invalid_inputs_are_refused(zeros):
    with pytest.raises(ValueError, match="kfa > 0 and t_over_tf > 0"):
        orb.zero_field_susceptibility(40.0, 0.0, zeros)
    with pytest.raises(ValueError, match="kfa > 0 and t_over_tf > 0"):
        orb.zero_field_susceptibility(-1.0, 1e-3, zeros)
    with pytest.raises(ValueError, match="t_over_tf > 0"):
        orb.magnetic_moment(40.0, [1e-3, 0.0], 1e-4, zeros)
    with pytest.raises(ValueError, match="zeros table too short for kfa=60"):
        orb.magnetic_moment(60.0, 5e-3, 1e-4, zeros_frame(50.0))
