"""Checks of Eq. 7 (anharmonic displacement), the Fig. 4 table and the Fig. 5 k-space average.

Expected values come from vm_brute (Kronecker-product diagonalisation, the S = 1/2 levels
written out, a Bose sum over oscillator levels, Gauss-Legendre quadrature), mpmath, and
analytic limits; never from the code under test.
"""

import mpmath
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from vm_brute import (K_B, brute_moment, coth_over_omega, gauss_legendre_square_average,
                      spin_half_moment)

from nanomag.vibrational_magnetism import anharmonic, dimer, lattice


def test_boltzmann_constant():
    assert_allclose(dimer.K_B_MEV_PER_K, K_B, rtol=1e-9)


def test_coth_over_omega_limits_and_bose_sum():
    w = np.array([1.0, 10.0, 200.0])
    assert_allclose(anharmonic.coth_over_omega(0.1, w), 1 / w, rtol=1e-12)        # T -> 0
    t = 1.0e5
    assert_allclose(anharmonic.coth_over_omega(t, 1.0), 2 * K_B * t, rtol=1e-6)     # classical
    # coth(beta w / 2) = 2 n_B + 1, n_B summed over the oscillator levels
    for temp, omega0 in [(50.0, 5.0), (300.0, 1.0), (3.0, 0.6)]:
        assert_allclose(anharmonic.coth_over_omega(temp, omega0),
                        coth_over_omega(temp, omega0), rtol=1e-10)
    assert np.all(np.diff(anharmonic.coth_over_omega(np.linspace(1, 300, 50), 3.0)) > 0)


def test_vibrational_field_and_displacement():
    # alpha = -6 X / omega0 coth; <Q> = -6 (Phi/omega0) coth; T -> 0: coth -> 1
    assert_allclose(anharmonic.vibrational_field(0.1, 0.6, 0.2), -2.0, rtol=1e-12)
    assert_allclose(anharmonic.mean_displacement(0.01, 0.1, 1e-3), -6e-3, rtol=1e-9)
    # classical limit: <Q> -> -12 Phi k_B T / omega0^2
    assert_allclose(anharmonic.mean_displacement(1e5, 0.1, 1e-3),
                    -12e-3 * K_B * 1e5 / 0.1, rtol=1e-6)


def test_displacement_factor_table_columns():
    frame = anharmonic.displacement_factor_table(
        {"omega0_mev": [1, 20], "temperature_k": {"start": 2.0, "stop": 300.0, "num": 4}}).frame
    assert frame["omega0_mev"].dtype == float and len(frame) == 8
    for row in frame.itertuples():
        assert_allclose(row.coth_over_omega0_per_mev,
                        coth_over_omega(row.temperature_k, row.omega0_mev), rtol=1e-10)


def test_fig4_table_rows_against_kron_diagonalisation():
    params = dict(spin=1.0, omega0_mev=[0.6, 2.4], a_phi=0.2, a_phi_reading="mev_squared",
                  exchange_mev={"start": -10, "stop": 8, "num": 4},
                  temperature_k={"start": 1, "stop": 300, "num": 3})
    frame = anharmonic.phase_map_temperature_table(params).frame
    assert len(frame) == 2 * 4 * 3
    for omega0, j, t in [(0.6, -4.0, 300.0), (2.4, 8.0, 150.5), (2.4, -10.0, 1.0)]:
        row = frame[np.isclose(frame["omega0_mev"], omega0) & np.isclose(frame["exchange_mev"], j)
                    & np.isclose(frame["temperature_k"], t)]
        assert len(row) == 1
        alpha = -6 * 0.2 * float(mpmath.coth(omega0 / (2 * K_B * t))) / omega0
        assert_allclose(row["alpha_mev"].iloc[0], alpha, rtol=1e-9)
        assert_allclose(row["total_moment"].iloc[0], brute_moment(1.0, j, alpha, t), atol=1e-10)
    literal = anharmonic.phase_map_temperature_table(
        dict(params, a_phi_reading="printed_micro_ev")).frame
    assert_allclose(literal["alpha_mev"], 1e-3 * frame["alpha_mev"], rtol=1e-12)
    with pytest.raises(ValueError, match="a_phi_reading"):
        anharmonic.phase_map_temperature_table(dict(params, a_phi_reading="nano"))
    for omega0 in (-1.0, 0.0):
        with pytest.raises(ValueError, match="omega0"):
            anharmonic.coth_over_omega(10.0, omega0)
    with pytest.raises(ValueError):
        anharmonic.coth_over_omega(0.0, 1.0)


def test_k_shells_against_explicit_cell_centres():
    n, k_max = 6, 1.3
    centres = np.linspace(-k_max + k_max / n, k_max - k_max / n, n)
    k2 = (centres[:, None] ** 2 + centres[None, :] ** 2).ravel()
    shells, counts = np.unique(np.round(k2, 12), return_counts=True)
    k, w = lattice.k_shells(n, k_max)
    assert_allclose(k, np.sqrt(shells), rtol=1e-12)
    assert_allclose(w, counts / n**2, rtol=1e-12)
    # midpoint rule for x^2: <k^2> = (2/3) k_max^2 (1 - 1/n^2) exactly
    for n in (1, 2, 7, 40):
        k, w = lattice.k_shells(n, k_max)
        assert_allclose(w @ k**2, 2 / 3 * k_max**2 * (1 - 1 / n**2), rtol=1e-12)
    assert_allclose(lattice.gaussian_coupling_k(0.0, 5.0, 1.0), np.sqrt(2) * np.pi * 5.0)
    with pytest.raises(ValueError, match="decay_angstrom"):    # errors name the parameter
        lattice.gaussian_coupling_k(1.0, 1.0, 0.0)
    with pytest.raises(ValueError, match="n_k"):
        lattice.k_shells(0, 1.0)
    assert_allclose(lattice.gaussian_coupling_k(2.0, 1.0, 1.0), np.sqrt(2) * np.pi * np.exp(-1))
    assert_allclose(lattice.gaussian_coupling_k(1.0, 1.0, 2.0),
                    2 * np.sqrt(2) * np.pi * np.exp(-1))   # k_S = 2/r: exp(-k^2 r^2/4)


def closed_form_site_moment(k, t, j_real, phi, omega0=0.1, a_amp=None, i_ani=None, r_s=1.0,
                            r_a=1.0):
    """m_k / 2 of the S = 1/2 pair at |k| with the printed couplings (written out here)."""
    a_amp = abs(j_real) if a_amp is None else a_amp
    i_ani = abs(j_real) if i_ani is None else i_ani
    j_k = -np.sqrt(2) * np.pi * r_s * j_real * np.exp(-(k * r_s) ** 2 / 4)
    q = -6 * phi / np.tanh(omega0 / (2 * K_B * t))
    a_k = np.sqrt(2) * np.pi * r_a * a_amp * np.exp(-(k * r_a) ** 2 / 4)
    return spin_half_moment(j_k, a_k * q, t, i_ani) / 2


@pytest.mark.parametrize("j_real", [-5.0, 5.0, 50.0])
def test_shell_reduction_equals_every_cell(j_real):
    t = np.array([20.0, 150.0])
    n, k_max = 21, np.pi
    centres = np.linspace(-k_max + k_max / n, k_max - k_max / n, n)
    kk = np.sqrt(centres[:, None] ** 2 + centres[None, :] ** 2)
    ours = lattice.moment_per_site(t, j_real, [1e-4], n_k=n, k_max_per_angstrom=k_max)
    for i, tt in enumerate(t):
        assert_allclose(ours[0, i], closed_form_site_moment(kk, tt, j_real, 1e-4).mean(),
                        rtol=1e-9)


def test_moment_per_site_table_columns_and_values():
    """Each row holds the moment of its own panel, Phi and T; signs, factors and every
    parameter (I/|J|, A/|J|, r_S != r_A, omega0, k_max) enter as stated."""
    params = dict(panels=[{"letter": "a", "sign": "afm", "abs_exchange_mev": 5.0},
                          {"letter": "d", "sign": "fm", "abs_exchange_mev": 50.0}],
                  phi_over_omega0=[1e-6, 1e-3], visibility_factors=[500.0, 1.0],
                  omega0_mev=0.2, spin=0.5, anisotropy="intersite",
                  anisotropy_over_abs_exchange=0.5, spin_lattice_over_abs_exchange=2.0,
                  r_s_angstrom=1.2, r_a_angstrom=0.8, n_k=5, k_max_per_angstrom=2.0,
                  temperature_k={"start": 20.0, "stop": 300.0, "num": 3})
    frame = lattice.moment_per_site_table(params).frame
    assert len(frame) == 2 * 2 * 3
    n, k_max = 5, 2.0
    centres = np.linspace(-k_max + k_max / n, k_max - k_max / n, n)
    kk = np.sqrt(centres[:, None] ** 2 + centres[None, :] ** 2)
    for row in frame.itertuples():
        sign, abs_j = (-1.0, 5.0) if row.panel == "a" else (1.0, 50.0)
        assert row.exchange_mev == sign * abs_j
        assert row.visibility_factor == (500.0 if row.phi_over_omega0 == 1e-6 else 1.0)
        expected = closed_form_site_moment(kk, row.temperature_k, sign * abs_j,
                                           row.phi_over_omega0, omega0=0.2, a_amp=2 * abs_j,
                                           i_ani=0.5 * abs_j, r_s=1.2, r_a=0.8).mean()
        assert_allclose(row.moment_per_site, expected, rtol=1e-9)
    with pytest.raises(ValueError, match="visibility_factors"):
        lattice.moment_per_site_table(dict(params, visibility_factors=[1.0]))
    with pytest.raises(ValueError, match="anisotropy"):
        lattice.moment_per_site(np.array([10.0]), 5.0, [1e-3], anisotropy="sideways")


@pytest.mark.parametrize("j_real, t", [(-5.0, 300.0), (5.0, 127.0), (-50.0, 300.0),
                                       (50.0, 200.0)])
def test_fig5_value_against_gauss_legendre_at_1e_3(j_real, t):
    """The production grid (n_k = 101, cell-centred) against a 96 x 96-node Gauss-Legendre
    product rule of the same integrand: within 1e-3 (the midpoint rule errs by O(1/n^2))."""
    ours = lattice.moment_per_site([t], j_real, [1e-5, 1e-3], n_k=101)[:, 0]
    for phi, value in zip([1e-5, 1e-3], ours):
        reference = gauss_legendre_square_average(
            lambda k: closed_form_site_moment(k, t, j_real, phi), np.pi)
        assert_allclose(value, reference, rtol=1e-3)


def test_edge_point_grid_would_fail_the_convergence_check():
    """An edge-inclusive grid of the same size errs by O(1/n): 0.5-1 % at n = 101."""
    n, t, j_real, phi = 101, 300.0, -5.0, 1e-3
    edges = np.linspace(-np.pi, np.pi, n)
    kk = np.sqrt(edges[:, None] ** 2 + edges[None, :] ** 2)
    edge_value = closed_form_site_moment(kk, t, j_real, phi).mean()
    reference = gauss_legendre_square_average(
        lambda k: closed_form_site_moment(k, t, j_real, phi), np.pi)
    assert abs(edge_value / reference - 1) > 5e-3
    assert_allclose(lattice.moment_per_site([t], j_real, [phi], n_k=n)[0, 0], reference,
                    rtol=1e-3)


@pytest.mark.parametrize("spin, anisotropy", [(0.5, "intersite"), (1.0, "onsite")])
@pytest.mark.parametrize("j_real", [-5.0, 50.0])
def test_high_temperature_limit_linear_response(spin, anisotropy, j_real):
    """k_B T >> J_k, omega0: m -> 4 (Phi/omega0) S(S+1) <A_k>/omega0 (free spins in a
    T-independent beta alpha_k = -12 Phi A_k/omega0^2); <A_k> by Gauss-Legendre."""
    phi, omega0 = 1e-7, 0.1
    mean_a = gauss_legendre_square_average(
        lambda k: np.sqrt(2) * np.pi * abs(j_real) * np.exp(-k**2 / 4), np.pi)
    expected = 4 * phi * spin * (spin + 1) * mean_a / omega0
    ours = lattice.moment_per_site([1e6], j_real, [phi], spin=spin, anisotropy=anisotropy)
    assert_allclose(ours[0, 0], expected, rtol=1e-3)


def test_linear_in_small_phi_and_sign():
    m = lattice.moment_per_site([100.0], 5.0, [1e-7, 1e-6])
    assert_allclose(m[1, 0] / m[0, 0], 10.0, rtol=1e-4)
    assert np.all(m > 0)                  # A > 0, <Q> < 0 => alpha_k < 0 => positive moment
    assert np.all(np.abs(m) <= 0.5)


@settings(max_examples=15, deadline=None)
@given(j_real=st.floats(-60, 60).filter(lambda x: abs(x) > 0.5),
       t=st.floats(1.0, 400.0), log_phi=st.floats(-7, -2))
def test_moment_per_site_positive_bounded_and_odd_in_phi(j_real, t, log_phi):
    """For Phi > 0 the pseudo-field is negative on every shell, so 0 < m <= S; Phi -> -Phi
    flips it exactly (tolerance 1e-12 relative)."""
    phi = 10.0**log_phi
    m = lattice.moment_per_site([t], j_real, [phi, -phi], n_k=15)[:, 0]
    assert 0.0 <= m[0] <= 0.5
    assert_allclose(m[1], -m[0], rtol=1e-12, atol=1e-300)


def test_spin_one_onsite_variant_matches_brute_force_single_k():
    # n_k = 1: a single cell centred at k = 0; compare with Kronecker-product ED
    t = 80.0
    ours = lattice.moment_per_site([t], -5.0, [1e-3], spin=1.0, anisotropy="onsite",
                                   n_k=1, k_max_per_angstrom=1.0)[0, 0]
    j_k = np.sqrt(2) * np.pi * 5.0
    alpha = np.sqrt(2) * np.pi * 5.0 * (-6e-3 / np.tanh(0.1 / (2 * K_B * t)))
    assert_allclose(ours, brute_moment(1.0, j_k, alpha, t, d_on=5.0) / 2, rtol=1e-10)


def test_table_units_descriptions_and_index():
    """Every table states the unit of each column (conventions.md) and what it holds."""
    fig3 = anharmonic.displacement_factor_table(
        {"omega0_mev": [1.0], "temperature_k": {"start": 2.0, "stop": 300.0, "num": 3}})
    assert fig3.units == {"omega0_mev": "meV", "temperature_k": "K",
                          "coth_over_omega0_per_mev": "1/meV"}
    assert fig3.description.startswith("coth(omega0/2 k_B T)/omega0")
    fig4 = anharmonic.phase_map_temperature_table(
        dict(spin=1.0, omega0_mev=[0.6, 2.4], a_phi=0.2, a_phi_reading="mev_squared",
             exchange_mev={"start": -1, "stop": 1, "num": 3},
             temperature_k={"start": 1, "stop": 300, "num": 2}))
    assert fig4.units == {"omega0_mev": "meV", "exchange_mev": "meV", "temperature_k": "K",
                          "alpha_mev": "meV", "total_moment": "hbar"}
    assert "A Phi = 0.2 meV^2" in fig4.description
    fig5 = lattice.moment_per_site_table(dict(
        panels=[{"letter": "a", "sign": "afm", "abs_exchange_mev": 5.0},
                {"letter": "b", "sign": "fm", "abs_exchange_mev": 5.0}],
        phi_over_omega0=[1e-6, 1e-3], visibility_factors=[500, 1], omega0_mev=0.1, spin=0.5,
        anisotropy="intersite", anisotropy_over_abs_exchange=1.0,
        spin_lattice_over_abs_exchange=1.0, r_s_angstrom=1.0, r_a_angstrom=1.0, n_k=3,
        k_max_per_angstrom=np.pi, temperature_k={"start": 10.0, "stop": 300.0, "num": 2}))
    assert fig5.units == {"panel": "label", "exchange_mev": "meV", "phi_over_omega0": "1",
                          "visibility_factor": "1", "temperature_k": "K",
                          "moment_per_site": "hbar"}
    assert "unscaled" in fig5.description
    assert fig5.frame["visibility_factor"].dtype == float
    for table in (fig4.frame, fig5.frame):
        assert table.index.equals(pd.RangeIndex(len(table)))


def test_moment_per_site_table_spin_one_onsite():
    """The table passes S and the on-site reading through: one cell at k = 0 vs Kronecker ED."""
    params = dict(panels=[{"letter": "b", "sign": "fm", "abs_exchange_mev": 5.0}],
                  phi_over_omega0=[1e-3], visibility_factors=[1.0], omega0_mev=0.1, spin=1.0,
                  anisotropy="onsite", anisotropy_over_abs_exchange=0.6,
                  spin_lattice_over_abs_exchange=1.0, r_s_angstrom=1.0, r_a_angstrom=1.0,
                  n_k=1, k_max_per_angstrom=1.0,
                  temperature_k={"start": 80.0, "stop": 80.0, "num": 1})
    row = lattice.moment_per_site_table(params).frame.iloc[0]
    j_k = -np.sqrt(2) * np.pi * 5.0
    alpha = np.sqrt(2) * np.pi * 5.0 * (-6e-3 / np.tanh(0.1 / (2 * K_B * 80.0)))
    assert_allclose(row["moment_per_site"], brute_moment(1.0, j_k, alpha, 80.0, d_on=3.0) / 2,
                    rtol=1e-10)
