"""Seniority solution: the paper's sinh products, limits, derivatives of F, Eqs. 11-12."""

from math import comb

import numpy as np
import pytest

from nanomag.cluster_pairing import seniority


def _phi_tilde(k, shell_m, x):
    """Eq. 9: prod_{mu=1..k} sinh(x (M + 1 - mu)/2) / sinh(x mu / 2), x = beta omega."""
    if k == 0:
        return 1.0
    if k > shell_m:
        return 0.0
    mu = np.arange(1, k + 1)
    return float(np.prod(np.sinh(x * (shell_m + 1 - mu) / 2) / np.sinh(x * mu / 2)))


def _phi_paper(nu, shell_m, x):
    """Eq. 8 with the sum over Sigma = Sigma_min .. nu/2 (the lower-case sigma is a typo)."""
    if nu < 0:
        return 0.0
    total = 0.0
    for two_sigma in range(nu % 2, nu + 1, 2):
        sigma = two_sigma / 2
        n_up, n_down = int(nu / 2 + sigma), int(nu / 2 - sigma)
        weight = 2.0 / (1.0 + (two_sigma == 0))
        total += (weight * _phi_tilde(n_up, shell_m, x) * _phi_tilde(n_down, shell_m, x)
                  * np.cosh(x * two_sigma))
    return total


@pytest.mark.parametrize("shell_m", [3, 5, 7, 11])
@pytest.mark.parametrize("x", [0.07, 0.5, 1.3])
def test_degeneracy_table_reproduces_eqs_8_9(shell_m, x):
    m_values, deg = seniority.seniority_degeneracy_table(shell_m)
    for nu in range(shell_m + 1):
        paper = _phi_paper(nu, shell_m, x) - _phi_paper(nu - 2, shell_m, x)
        ours = float(np.sum(deg[nu].astype(float) * np.exp(x * m_values)))
        assert ours == pytest.approx(paper, rel=1e-11)


@pytest.mark.parametrize("shell_m", [7, 23, 51])
def test_degeneracies_count_seniority_subspaces(shell_m):
    _, deg = seniority.seniority_degeneracy_table(shell_m)
    for nu in range(shell_m + 1):
        expected = comb(2 * shell_m, nu) - (comb(2 * shell_m, nu - 2) if nu >= 2 else 0)
        assert int(sum(int(v) for v in deg[nu])) == expected


def test_pairing_energy_limits():
    # one pair in M levels: -G M; no pair: 0; full shell of M pairs: -G M (M+1)/... (Eq. 4)
    for shell_m in (3, 7, 11):
        g = 2.0 / shell_m
        assert seniority.pairing_energy(shell_m, 2, 0) == pytest.approx(-g * shell_m)
        assert seniority.pairing_energy(shell_m, 5, 5) == pytest.approx(0.0)
        # two pairs: -G (2M - 2) (quasi-spin: -G P (M - P + 1) with P = 2 pairs)
        assert seniority.pairing_energy(shell_m, 4, 0) == pytest.approx(-2 * g * (shell_m - 1))


@pytest.mark.parametrize("shell_m, n", [(7, 6), (11, 10), (11, 11), (23, 22)])
def test_step_frequencies_from_spectrum(shell_m, n):
    """Eq. 12 against level crossings read from the degeneracy table and the T = 0 ensemble."""
    nus, omegas = seniority.step_frequencies(shell_m, n)
    assert np.all(np.diff(omegas) > 0)
    for nu, w in zip(nus, omegas):
        assert seniority.ground_state_crossing(shell_m, n, nu) == pytest.approx(w, rel=1e-12)
        below = seniority.canonical_thermodynamics(shell_m, n, 0.0, w * (1 - 1e-6))
        above = seniority.canonical_thermodynamics(shell_m, n, 0.0, w * (1 + 1e-6))
        assert below["seniority"] == pytest.approx(nu - 2)
        assert above["seniority"] == pytest.approx(nu)
        assert above["moment"] == pytest.approx(seniority.max_moment(nu, shell_m))


def test_critical_frequency_half_filled():
    for shell_m in (5, 7, 11, 23, 51):
        assert seniority.critical_frequency(shell_m, shell_m - 1) == pytest.approx(3 / shell_m)
        assert seniority.critical_frequency(shell_m, shell_m + 1) == pytest.approx(3 / shell_m)
        assert seniority.critical_frequency(shell_m, shell_m) == pytest.approx(4 / shell_m)


def test_pairing_destroyed_above_omega_c_at_zero_temperature():
    for shell_m in (7, 11, 23):
        wc = seniority.critical_frequency(shell_m, shell_m - 1)
        res = seniority.canonical_thermodynamics(shell_m, shell_m - 1, 0.0, 1.01 * wc)
        assert res["gap"] == 0.0
        res = seniority.canonical_thermodynamics(shell_m, shell_m - 1, 0.0, 0.0)
        # ground state nu = 0: Delta_c^2 = G^2 (N/2)(M - N/2 + 1), G = 2/M
        npairs = (shell_m - 1) / 2
        assert res["gap"] == pytest.approx(2 / shell_m * np.sqrt(npairs * (shell_m - npairs + 1)))


@pytest.mark.parametrize("shell_m, n, t, w", [(7, 6, 0.05, 0.3), (11, 10, 0.4, 0.2),
                                              (23, 22, 0.1, 0.09), (11, 11, 0.8, 0.5)])
def test_chi_and_c_are_second_derivatives_of_f(shell_m, n, t, w):
    h = 1e-3

    def free(tt, ww):
        return float(seniority.canonical_thermodynamics(shell_m, n, tt, ww)["free_energy"])

    res = seniority.canonical_thermodynamics(shell_m, n, t, w)
    hw = h * max(w, 0.05)
    chi_fd = -(free(t, w + hw) - 2 * free(t, w) + free(t, w - hw)) / hw ** 2
    m_fd = -(free(t, w + hw) - free(t, w - hw)) / (2 * hw)
    ht = h * t
    c_fd = -t * (free(t + ht, w) - 2 * free(t, w) + free(t - ht, w)) / ht ** 2
    assert res["susceptibility"] == pytest.approx(chi_fd, rel=1e-4)
    assert res["moment"] == pytest.approx(m_fd, rel=1e-4)
    assert res["heat_capacity"] == pytest.approx(c_fd, rel=1e-4)


@pytest.mark.parametrize("shell_m", [23, 51])
def test_stable_at_low_temperature_and_large_shell(shell_m):
    """T = 0.02 Tc: finite, and equal to the T = 0 ground state away from crossings."""
    wc = seniority.critical_frequency(shell_m, shell_m - 1)
    w = np.array([0.0, 0.3, 0.6, 0.95, 1.3]) * wc
    warm = seniority.canonical_thermodynamics(shell_m, shell_m - 1, 1e-4, w)
    cold = seniority.canonical_thermodynamics(shell_m, shell_m - 1, 0.0, w)
    for key in ("gap", "moment", "free_energy"):
        assert np.all(np.isfinite(warm[key]))
    np.testing.assert_allclose(warm["moment"], cold["moment"], atol=1e-6)
    np.testing.assert_allclose(warm["gap"], cold["gap"], atol=1e-6)
    low = seniority.canonical_thermodynamics(shell_m, shell_m - 1, 0.01,
                                             np.linspace(0, 2 * wc, 50))
    for key, val in low.items():
        assert np.all(np.isfinite(val)), key


def test_high_temperature_limit_is_uniform_average():
    """T -> infinity: <A+A> over all C(2M, N) states is N (N - 1) / (2 (2M - 1))."""
    shell_m, n = 11, 10
    res = seniority.canonical_thermodynamics(shell_m, n, 1e7, 0.0)
    g = 2.0 / shell_m
    assert res["gap"] ** 2 / g ** 2 == pytest.approx(n * (n - 1) / (2 * (2 * shell_m - 1)),
                                                     rel=1e-5)


def test_odd_in_field():
    """m(-omega) = -m(omega), chi and Delta_c even (time reversal)."""
    w = np.linspace(0.01, 0.5, 7)
    plus = seniority.canonical_thermodynamics(7, 6, 0.1, w)
    minus = seniority.canonical_thermodynamics(7, 6, 0.1, -w)
    np.testing.assert_allclose(plus["moment"], -minus["moment"], rtol=1e-12)
    np.testing.assert_allclose(plus["susceptibility"], minus["susceptibility"], rtol=1e-10)
    np.testing.assert_allclose(plus["gap"], minus["gap"], rtol=1e-12)
