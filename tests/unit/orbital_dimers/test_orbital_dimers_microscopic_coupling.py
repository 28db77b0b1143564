"""Self-consistent dimer and chain with the microscopic moment."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import brentq

from nanomag.orbital_dimers.bessel_zeros import bessel_zero, zeros_frame
from nanomag.orbital_dimers.microscopic_coupling import (
    chain_spontaneous_moments,
    coupling_alpha,
    critical_temperature,
    dimer_spontaneous_moment,
)
from nanomag.orbital_dimers.linear_response import ETA, critical_susceptibility
from nanomag.orbital_dimers.orbital_response import magnetic_moment, zero_field_susceptibility

CHI_L = 2.9e-7
ZETA = bessel_zero(1, 36)


@pytest.fixture(scope="module")
def zeros():
    # zeta_{1,36} = 42.97 up to T/T_F = 1e-2 (the Tc search bound): the window reaches
    # 42.97 sqrt(1 + 50 T/T_F) = 52.6; the shells above are empty and change no result
    return zeros_frame(60.0)


def test_chi_c_value():
    assert_allclose(critical_susceptibility(3.0, ETA["longitudinal"]), 3.22, rtol=2e-3)


def test_alpha_reproduces_linear_threshold(zeros):
    # linearised m = M(alpha m): alpha dM/dx(0) = 1 exactly when chi = chi_c^z (Eq. 8)
    t = 1e-7
    _, slope = magnetic_moment(ZETA, t, 0.0, zeros, derivative=True)
    chi = zero_field_susceptibility(ZETA, t, zeros) * CHI_L
    alpha = coupling_alpha(ZETA, 3.0, CHI_L)
    assert_allclose(alpha * slope, chi / critical_susceptibility(3.0, ETA["longitudinal"]), rtol=1e-12)


def test_critical_temperature_single_shell_curie(zeros):
    # chi ~ 9 pi l(l+1)(2l+1)/(12 (kFa)^3 t) |chi_L| (half-filled shell) = chi_c^z
    l = 36
    curie = 9 * np.pi * l * (l + 1) * (2 * l + 1) / (12 * ZETA ** 3)
    expected = curie * CHI_L / critical_susceptibility(3.0, ETA["longitudinal"])
    assert_allclose(critical_temperature(ZETA, 3.0, 2, CHI_L, zeros), expected, rtol=1e-3)


def _single_shell_m(zeros, l=36):
    """x -> M(x) [mu_B] of the single-shell model: the half-filled shell l at E_F,
    sum_m m tanh(x m/(4t)), plus the linear diamagnetic background of the full shells below,
    -(kFa)^2/3 sum (2l+1) rho, and of the shell itself (f = 1/2)."""
    m = np.arange(-l, l + 1)
    zz, ll = np.asarray(zeros["zeta"]), np.asarray(zeros["l"], float)
    rho = (1 + (2 * ll * (ll + 1) - 1.5) / zz ** 2) / 3
    below = zz < ZETA - 1e-9
    at = np.abs(zz - ZETA) < 1e-9
    bg = -ZETA ** 2 / 3 * (np.sum(((2 * ll + 1) * rho)[below])
                           + 0.5 * np.sum(((2 * ll + 1) * rho)[at]))
    return lambda x, t: np.sum(m * np.tanh(x * m / (4 * t))) + bg * x


def _single_shell_dimer(t, zeros, l=36):
    """Independent: the self-consistent moment mu = M(alpha mu) of the single-shell model
    (:func:`_single_shell_m`); scalar brentq."""
    alpha = coupling_alpha(ZETA, 3.0, CHI_L)
    moment = _single_shell_m(zeros, l)
    g = lambda mu: moment(alpha * mu, t) - mu
    return brentq(g, 1e-6, l * (l + 1) + 1.0, xtol=1e-12)


@pytest.mark.parametrize("frac", [0.5, 0.9, 0.99])
def test_dimer_against_single_shell(zeros, frac):
    tc = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    t = frac * tc
    ours = dimer_spontaneous_moment(ZETA, [t], 3.0, CHI_L, zeros)[0]
    assert ours > 0
    assert_allclose(ours, _single_shell_dimer(t, zeros), rtol=1e-6)


def test_dimer_near_tc_mean_field_law(zeros):
    # m ~ A sqrt(1 - T/Tc) just below Tc; ratio at two distances gives sqrt(ratio)
    tc = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    m = dimer_spontaneous_moment(ZETA, [tc * (1 - 1e-4), tc * (1 - 4e-4)], 3.0, CHI_L, zeros)
    assert_allclose(m[1] / m[0], 2.0, rtol=2e-3)


def test_dimer_zero_above_tc_and_saturated_at_low_t(zeros):
    tc = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    m = dimer_spontaneous_moment(ZETA, [1.01 * tc, 2 * tc, 1e-10], 3.0, CHI_L, zeros)
    assert m[0] == 0 and m[1] == 0
    assert_allclose(m[2], 36 * 37, rtol=1e-3)


def test_self_consistency_of_dimer(zeros):
    t = 1.5e-7
    m = dimer_spontaneous_moment(ZETA, [t], 3.0, CHI_L, zeros)[0]
    alpha = coupling_alpha(ZETA, 3.0, CHI_L)
    assert_allclose(magnetic_moment(ZETA, t, alpha * m, zeros), m, rtol=1e-10)


def test_chain_of_two_is_the_dimer(zeros):
    t = 2e-7
    chain = chain_spontaneous_moments(ZETA, t, 2, 3.0, CHI_L, zeros)
    dimer = dimer_spontaneous_moment(ZETA, [t], 3.0, CHI_L, zeros)[0]
    assert_allclose(chain, [dimer, dimer], rtol=1e-8)


def test_chain_solution_symmetric_and_self_consistent(zeros):
    t, n = 3e-7, 9
    m = chain_spontaneous_moments(ZETA, t, n, 3.0, CHI_L, zeros)
    assert_allclose(m, m[::-1], rtol=1e-9)
    assert m[n // 2] > m[0]                      # the middle has more neighbours
    i = np.arange(n)
    dist = np.abs(i[:, None] - i[None, :])
    a = np.where(dist > 0, 1.0 / np.maximum(dist, 1) ** 3, 0.0)
    x = coupling_alpha(ZETA, 3.0, CHI_L) * a @ m
    assert_allclose(magnetic_moment(ZETA, np.full(n, t), x, zeros), m, rtol=1e-9)


def test_chain_onset_follows_lambda_max(zeros):
    # in the Curie regime T_c,N / T_c,2 = lambda_max(A_N) (App. C: chi_c,N = chi_c/lambda)
    n = 6
    i = np.arange(n)
    d = np.abs(i[:, None] - i[None, :])
    lam = np.linalg.eigvalsh(np.where(d > 0, 1.0 / np.maximum(d, 1) ** 3, 0.0))[-1]
    t2 = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    tn = critical_temperature(ZETA, 3.0, n, CHI_L, zeros)
    assert_allclose(tn / t2, lam, rtol=1e-3)
    assert chain_spontaneous_moments(ZETA, 0.99 * tn, n, 3.0, CHI_L, zeros).min() > 0
    assert np.all(chain_spontaneous_moments(ZETA, 1.01 * tn, n, 3.0, CHI_L, zeros) == 0)


def test_chain_moment_grows_with_n_and_falling_t(zeros):
    means = {(t, n): chain_spontaneous_moments(ZETA, t, n, 3.0, CHI_L, zeros).mean()
             for t in (2e-7, 4e-7) for n in (2, 4, 8)}
    for t in (2e-7, 4e-7):
        assert means[(t, 2)] <= means[(t, 4)] < means[(t, 8)]
    for n in (2, 4, 8):
        assert means[(2e-7, n)] > means[(4e-7, n)]


def test_dimer_table_columns(zeros):
    """The table's T_c column is the half-filled-shell Curie crossing (analytic), its
    moments vanish above T_c and are positive below."""
    from nanomag.orbital_dimers.microscopic_coupling import dimer_moment_table

    params = {"sizes_main": [{"n": 1, "l": 36}], "d_over_a": 3.0, "chi_landau": CHI_L,
              "t_dimer": {"start": 0.0, "stop": 3e-7, "num": 7}}
    frame = dimer_moment_table(params, {"bessel_zeros": zeros}).frame
    l = 36
    curie = 9 * np.pi * l * (l + 1) * (2 * l + 1) / (12 * ZETA ** 3)
    background = -0.4 * ZETA ** 2 * (1 - 15 * np.pi / (8 * ZETA))
    tc = curie / (critical_susceptibility(3.0, ETA["longitudinal"]) / CHI_L - background)
    assert_allclose(frame["critical_t_over_tf"], tc, rtol=1e-5)
    assert list(frame["t_over_tf"]) == pytest.approx([5e-8, 1e-7, 1.5e-7, 2e-7, 2.5e-7, 3e-7])
    above = frame["t_over_tf"] > tc
    assert np.all(frame.loc[above, "mz_over_mub"] == 0)
    assert np.all(frame.loc[~above, "mz_over_mub"] > 0)
    assert set(frame["size_label"]) == {"zeta_1,36"}


def _small_default_zeros(monkeypatch, zeros):
    """largest_transverse_moment uses the default zeros (below 120, 4 s to compute in every
    test process); for zeta_{1,36} at T < 1e-5 T_F the zeros below 60 give the same sums."""
    from nanomag.orbital_dimers import orbital_response

    monkeypatch.setattr(orbital_response, "_default_zeros", lambda: zeros)


def test_vector_dimer_settles_along_z(zeros, monkeypatch):
    """Footnote 9: from random directions the vector solution loses its transverse part
    and its z moment is the longitudinal solution of Fig. 5(b)."""
    from nanomag.orbital_dimers.microscopic_coupling import largest_transverse_moment

    _small_default_zeros(monkeypatch, zeros)

    tc = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    config = {"sizes_main": [{"n": 1, "l": 36}], "d_over_a": 3.0, "chi_landau": CHI_L,
              "t_dimer": {"start": 0.0, "stop": 0.5 * tc, "num": 2}}
    result = largest_transverse_moment(config, temperatures=6, sweeps=60)
    assert result["value"] < 1e-12
    expected = dimer_spontaneous_moment(ZETA, [0.5 * tc], 3.0, CHI_L, zeros)[0]
    assert_allclose(result["largest_z"], expected, rtol=1e-9)


def test_a_diamagnetic_size_never_orders(zeros):
    """kFa = 42.97 (the printed rounding of zeta_{1,36}) lies between Bessel zeros: at low T
    no level sits at the Fermi energy, chi is diamagnetic (< 0 < chi_c^z), so the dimer has no
    critical temperature and no spontaneous moment; with ``never`` that is the value returned,
    without it the search fails naming the size. The moment rests on no active level at all."""
    assert zero_field_susceptibility(42.97, 1e-12, zeros) < 0
    assert critical_temperature(42.97, 3.0, 2, CHI_L, zeros, never=0.0) == 0.0
    with pytest.raises(RuntimeError, match="kfa=42.97"):
        critical_temperature(42.97, 3.0, 2, CHI_L, zeros)
    assert np.all(dimer_spontaneous_moment(42.97, [1e-9, 1e-7], 3.0, CHI_L, zeros) == 0.0)
    # a size that orders is unaffected by ``never``
    assert critical_temperature(ZETA, 3.0, 2, CHI_L, zeros, never=0.0) == \
        critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
