"""BCS mean field of the shell: analytic limits, brute-force minimization, derivatives."""

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import expit

from nanomag.cluster_pairing import bcs


def _brute_free_energy(shell_m, n_bar, t, w, e):
    """F(E) of the superconducting family on a dense grid of E (plain numpy, T > 0)."""
    g = 2.0 / shell_m
    l = (shell_m - 1) // 2
    mp = np.arange(-l, l + 1) + 1.0
    xi = g * (shell_m - n_bar) / 2
    x = np.concatenate([e[:, None] - w * mp[None, :], e[:, None] + w * mp[None, :]], axis=1)
    return ((e ** 2 - xi ** 2) / g + shell_m * (xi - e)
            - t * np.sum(np.logaddexp(0, -x / t), axis=1) - xi * n_bar)


def _brute_normal(shell_m, n_bar, t, w):
    l = (shell_m - 1) // 2
    lam = np.arange(-l, l + 1)
    mk = np.concatenate([lam + 1, lam - 1]).astype(float)

    def number(xi):
        return np.sum(expit(-(xi - w * mk) / t)) - n_bar

    xi = brentq(number, -50, 50, xtol=1e-14)
    return -t * np.sum(np.logaddexp(0, -(xi - w * mk) / t)) - xi * n_bar


@pytest.mark.parametrize("shell_m", [7, 11, 23])
def test_zero_temperature_zero_field_gap(shell_m):
    g = 2.0 / shell_m
    got = bcs.bcs_state(shell_m, shell_m - 1, 0.0, 0.0)["gap"]
    assert got == pytest.approx(g / 2 * np.sqrt(shell_m ** 2 - 1), rel=1e-12)
    # half filling Nbar = M: Delta(0) = G M / 2 = Delta0 = 1
    assert bcs.bcs_state(shell_m, shell_m, 0.0, 0.0)["gap"] == pytest.approx(1.0, rel=1e-12)
    # the finite-T solver agrees with the T = 0 solution at very low T
    assert bcs.bcs_state(shell_m, shell_m - 1, 1e-4, 0.0)["gap"] == pytest.approx(got, rel=1e-9)


@pytest.mark.parametrize("shell_m", [7, 11])
def test_critical_temperature(shell_m):
    g = 2.0 / shell_m
    # gap equation at Delta -> 0 with xi = G/2: tanh(G / 4T) = 1/M
    assert bcs.bcs_critical_temperature(shell_m, shell_m - 1) == pytest.approx(
        g / (4 * np.arctanh(1 / shell_m)), rel=1e-6)
    # Nbar = M: Tc = G M / 4 = Delta0 / 2
    assert bcs.bcs_critical_temperature(shell_m, shell_m) == pytest.approx(0.5, rel=1e-6)


def test_zero_temperature_destruction_at_omega_equal_g():
    """At T = 0 the first blocking (omega = G) destroys the gap of the half-filled shell."""
    for shell_m in (7, 11, 23):
        g = 2.0 / shell_m
        res = bcs.bcs_state(shell_m, shell_m - 1, 0.0, np.array([0.99 * g, 1.01 * g]))
        assert res["gap"][0] > 0.5 and res["gap"][1] == 0.0


@pytest.mark.parametrize("shell_m, t_list, w_list", [
    (7, [0.01, 0.05, 0.2], [0.05, 0.2, 0.28, 0.31, 0.4]),
    (11, [0.02, 0.2, 0.4], [0.1, 0.17, 0.19, 0.25]),
    (23, [0.01, 0.05, 0.1], [0.03, 0.07, 0.085, 0.09, 0.1]),
])
def test_global_minimum_against_dense_scan(shell_m, t_list, w_list):
    g = 2.0 / shell_m
    xi = g / 2
    e_grid = np.linspace(xi, g * shell_m / 2 + 1e-9, 40001)
    for t in t_list:
        for w in w_list:
            f = _brute_free_energy(shell_m, shell_m - 1, t, w, e_grid)
            i = int(np.argmin(f))
            f_normal = _brute_normal(shell_m, shell_m - 1, t, w)
            res = bcs.bcs_state(shell_m, shell_m - 1, t, w)
            if 0 < i and f[i] < f_normal - 1e-9:
                gap = np.sqrt(e_grid[i] ** 2 - xi ** 2)
                assert res["gap"] == pytest.approx(gap, abs=2e-4), (t, w)
                assert res["free_energy"] == pytest.approx(f[i], abs=1e-8)
            elif f_normal < f.min() - 1e-9:
                assert res["gap"] == 0.0, (t, w)
                assert res["free_energy"] == pytest.approx(f_normal, abs=1e-10)


@pytest.mark.parametrize("branch", ["global_minimum", "largest_gap"])
@pytest.mark.parametrize("t, w", [(0.05, 0.2), (0.3, 0.12), (0.2, 0.6), (0.4, 0.01)])
def test_moment_and_susceptibility_are_derivatives_of_f(branch, t, w):
    shell_m, n_bar = 11, 10
    h = 1e-5
    res = bcs.bcs_state(shell_m, n_bar, t, np.array([w - h, w, w + h]), branch)
    f = res["free_energy"]
    assert res["moment"][1] == pytest.approx(-(f[2] - f[0]) / (2 * h), rel=1e-6)
    chi_fd = (res["moment"][2] - res["moment"][0]) / (2 * h)
    assert res["susceptibility"][1] == pytest.approx(chi_fd, rel=1e-5)


def test_largest_gap_branch_keeps_the_gap_longer():
    shell_m = 7
    w = np.linspace(0, 0.4, 81)
    gmin = bcs.bcs_state(shell_m, 6, 0.01, w, "global_minimum")["gap"]
    glarge = bcs.bcs_state(shell_m, 6, 0.01, w, "largest_gap")["gap"]
    assert np.all(glarge >= gmin - 1e-12)
    assert glarge.sum() > gmin.sum()


def test_jumps_are_flagged_at_zero_temperature():
    shell_m = 7
    g = 2.0 / shell_m
    w = np.linspace(0, 2 * g, 201)
    res = bcs.bcs_state(shell_m, 6, 0.0, w)
    jumps = bcs.branch_jumps(w, res["gap"], res["dgap_domega"])
    # at T = 0 the gap is piecewise constant: every change is a jump
    changes = np.zeros(w.size, bool)
    changes[1:] = np.diff(res["gap"]) != 0
    assert jumps.sum() >= 2
    np.testing.assert_array_equal(jumps, changes)
    # the last one (to the normal state) is at omega = G
    last = np.flatnonzero(jumps)[-1]
    assert w[last - 1] < g <= w[last] + 1e-15


def test_normal_state_at_high_temperature():
    res = bcs.bcs_state(11, 10, 0.6, np.array([0.0, 0.1, 0.5]))
    assert np.all(res["gap"] == 0) and np.all(res["normal"] == 1)
    # Curie-like limit of the normal susceptibility at omega = 0: sum_k m_k^2 f(1-f) / T
    lam = np.arange(-5, 6)
    mk = np.concatenate([lam + 1, lam - 1])
    ff = 10 / 22
    assert res["susceptibility"][0] == pytest.approx(np.sum(mk ** 2) * ff * (1 - ff) / 0.6,
                                                     rel=1e-9)
