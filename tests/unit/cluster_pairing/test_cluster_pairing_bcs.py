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


@pytest.mark.parametrize("shell_m", [7, 11, 23])
def test_critical_temperature_and_solver_agree(shell_m):
    """Tc from tanh(xi / 2T) = (M - Nbar)/M (brentq here), and the solver is superconducting
    up to it: no free-energy margin moves Tc down (issue 12, defect 7)."""
    g = 2.0 / shell_m
    tc = brentq(lambda t: np.tanh(g / (4 * t)) - 1 / shell_m, 1e-3, 10, xtol=1e-15)
    assert bcs.bcs_critical_temperature(shell_m, shell_m - 1) == pytest.approx(tc, rel=1e-12)
    gaps = bcs.bcs_state(shell_m, shell_m - 1, tc * np.array([1 - 1e-7, 1 + 1e-7]), 0.0)["gap"]
    assert gaps[0] > 0 and gaps[1] == 0
    # Nbar = M: Tc = G M / 4 = Delta0 / 2
    assert bcs.bcs_critical_temperature(shell_m, shell_m) == pytest.approx(0.5, rel=1e-12)
    half = bcs.bcs_state(shell_m, shell_m, 0.5 * np.array([1 - 1e-7, 1 + 1e-7]), 0.0)["gap"]
    assert half[0] > 0 and half[1] == 0


def test_half_filling_keeps_a_gap_at_any_field():
    """Reading Nbar = M: the pair with m_p = 0 is never blocked, so at T = 0 one unblocked
    pair remains at every field: E = G/2 with xi = 0, Delta = G/2."""
    for shell_m in (7, 11):
        res = bcs.bcs_state(shell_m, shell_m, 0.0, np.array([0.5, 1.0, 3.0, 10.0]))
        np.testing.assert_allclose(res["gap"], 1.0 / shell_m, rtol=1e-12)


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
            # stationary states of the family: its interior local minima (and the upper end,
            # E = G M / 2, where S <= M bounds the roots); the lower end E = xi (Delta = 0
            # with the superconducting xi) is not a state
            local = np.flatnonzero((f[1:-1] < f[:-2]) & (f[1:-1] < f[2:])) + 1
            if f[-1] < f[-2]:
                local = np.append(local, f.size - 1)
            i = local[np.argmin(f[local])] if local.size else 0
            f_sc = f[i] if local.size else np.inf
            f_normal = _brute_normal(shell_m, shell_m - 1, t, w)
            res = bcs.bcs_state(shell_m, shell_m - 1, t, w)
            # every point: the free energy is the lower of the two brute-force minima ...
            assert res["free_energy"] == pytest.approx(min(f_sc, f_normal), abs=1e-8), (t, w)
            # ... and the state is the one that gives it, where the two differ
            if f_sc < f_normal - 1e-9:
                gap = np.sqrt(e_grid[i] ** 2 - xi ** 2)
                assert res["gap"] == pytest.approx(gap, abs=2e-4), (t, w)
            else:
                assert f_normal < f_sc - 1e-9, (t, w)
                assert res["gap"] == 0.0 and res["normal"] == 1.0, (t, w)


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


def _sweep(shell_m, t, w, **options):
    """Jumps of one field sweep at k_B T = t (locate_jumps with ``options``)."""
    res = bcs.bcs_state(shell_m, shell_m - 1, t, w)

    def evaluate(row, values):
        out = bcs.bcs_state(shell_m, shell_m - 1, t, values)
        return {**out, "dgap": out["dgap_domega"], "dm": out["susceptibility"]}

    args = [v[None, :] for v in (w, res["gap"], res["dgap_domega"], res["moment"],
                                 res["susceptibility"])]
    return bcs.locate_jumps(evaluate, *args, **options)


def test_zero_temperature_jump_located_at_omega_equal_g():
    shell_m = 7
    g = 2.0 / shell_m
    jumps = _sweep(shell_m, 0.0, np.linspace(0, 2 * g, 201))
    last = jumps[-1]
    assert last[2] < g < last[3] and last[3] - last[2] < 1e-9


@pytest.mark.parametrize("shell_m, t_over_tc, x_jump, drop", [(7, 0.2, 0.665, 0.3),
                                                             (7, 0.1, 0.665, 0.25)])
def test_first_order_jump_away_from_zero_temperature(shell_m, t_over_tc, x_jump, drop):
    """Issue 14: M = 7 at 0.2 Tc the gap drops by ~0.33 near 0.665 omega_c, which a
    slope-scaled threshold missed. The two ends of the located bracket are checked against
    the brute-force minimum of F(E) and of the normal state."""
    g = 2.0 / shell_m
    wc = 3.0 / shell_m
    t = 0.5 * t_over_tc
    w = np.linspace(0.5, 0.8, 301) * wc
    jumps = _sweep(shell_m, t, w)
    near = [j for j in jumps if abs(j[2] / wc - x_jump) < 0.001]
    assert len(near) == 1
    _, _, lo, hi = near[0]
    e_grid = np.linspace(g / 2, 1.0 + 1e-9, 200001)
    gaps = []
    for wv in (lo, hi):
        f = _brute_free_energy(shell_m, shell_m - 1, t, wv, e_grid)
        i = int(np.argmin(f))
        normal = _brute_normal(shell_m, shell_m - 1, t, wv) < f[i]
        gaps.append(0.0 if normal else np.sqrt(e_grid[i] ** 2 - (g / 2) ** 2))
    assert gaps[0] - gaps[1] > drop
    res = bcs.bcs_state(shell_m, shell_m - 1, t, np.array([lo, hi]))
    np.testing.assert_allclose(res["gap"], gaps, atol=2e-3)


def _brute_jumps(shell_m, t, w0, w1, thr=1e-3, n=64, final=1e-12):
    """Jumps of the gap by nested uniform scans of ``bcs_state`` alone (no bisection, no
    ``locate_jumps``): each interval over which the gap changes by more than ``thr`` is
    rescanned with ``n`` steps until narrower than ``final`` [Delta0]; a smooth part, however
    steep, drops out (its change shrinks ``n`` times per level)."""
    todo = np.array([[w0, w1]])
    while np.any(todo[:, 1] - todo[:, 0] >= final):
        grid = todo[:, :1] + (todo[:, 1:] - todo[:, :1]) * np.linspace(0.0, 1.0, n + 1)
        gap = bcs.bcs_state(shell_m, shell_m - 1, t, grid.ravel())["gap"].reshape(grid.shape)
        i, j = np.nonzero(np.abs(np.diff(gap, axis=1)) > thr)
        todo = np.stack([grid[i, j], grid[i, j + 1]], axis=1)
    return todo.mean(axis=1)


@pytest.mark.parametrize("shell_m, t_over_tc, window, n_jumps", [
    (7, 0.02, (0.666, 0.667), 2),         # 3.6e-9 omega_c apart
    (23, 0.1, (0.66665, 0.66667), 6),     # the cascade of the Fig. 4 table (issue 15)
])
def test_cascade_in_one_grid_interval_is_found_whole(shell_m, t_over_tc, window, n_jumps):
    """Issue 15: near 2/3 omega_c a cascade of first-order jumps can fall inside one grid
    interval; one jump per interval was found, so the jumps found depended on the grid. A
    single interval holding the cascade and a grid splitting it find every jump of a dense
    brute-force scan, each inside its bracket, and the two grids give the same brackets."""
    wc = 3.0 / shell_m
    t = 0.5 * t_over_tc
    expected = _brute_jumps(shell_m, t, window[0] * wc, window[1] * wc)
    assert expected.size == n_jumps
    coarse = _sweep(shell_m, t, np.array(window) * wc)
    finer = _sweep(shell_m, t, np.linspace(*window, 4) * wc)
    brackets = np.array([j[2:] for j in coarse])
    np.testing.assert_array_equal(brackets, [j[2:] for j in finer])
    assert len(brackets) == n_jumps
    assert np.all((brackets[:, 0] < expected) & (expected < brackets[:, 1]))
    assert np.all(brackets[:, 1] - brackets[:, 0] < 4e-10)


def test_zero_temperature_cascade_at_omega_equal_g_is_one_jump():
    """At T = 0 the remaining plateaus cross at omega = G; within round-off of it the chosen
    plateau is arbitrary. Searching both sides of the located jump must not split it: one
    jump, bracketing G, from the last plateau to the normal state, on any grid."""
    shell_m = 7
    g = 2.0 / shell_m
    near = bcs.bcs_state(shell_m, shell_m - 1, 0.0, g * (1 + np.array([-1e-9, 1e-9])))
    for w in (np.array([0.95, 1.05]) * g, np.array([0.99, 1.0, 1.01]) * g):
        jumps = _sweep(shell_m, 0.0, w)
        assert len(jumps) == 1
        _, _, lo, hi = jumps[0]
        assert lo < g < hi and hi - lo < 1e-9
        ends = bcs.bcs_state(shell_m, shell_m - 1, 0.0, np.array([lo, hi]))
        np.testing.assert_allclose(ends["gap"], near["gap"], rtol=1e-12)
        np.testing.assert_allclose(ends["moment"], near["moment"], rtol=1e-12)


def test_jump_search_rounds_are_bounded():
    """A cascade needing more rounds than allowed raises, naming the sweep."""
    shell_m, t = 7, 0.01
    w = np.array([0.666, 0.667]) * 3.0 / shell_m
    with pytest.raises(RuntimeError, match="1 rounds.*M = 7 at T = 0.01"):
        _sweep(shell_m, t, w, max_rounds=1, where=lambda r: "M = 7 at T = 0.01")


def test_gap_vanishing_continuously_in_a_field_is_not_a_jump():
    """M = 7 at 0.1 Tc the gap jumps from 0.4 to 1e-3 at 0.6666556 omega_c, then vanishes
    continuously at 0.6666660 omega_c, in the same grid interval. The root search started at
    E = |xi| + 1e-9, so the smallest gap was sqrt(2 |xi| 1e-9) = 1.7e-5 and the gap dropped
    from there to 0, a step above the jump threshold, which the search beside the first
    jump found. Gaps below 1e-6 are resolved now, and the interval holds one jump."""
    shell_m, t = 7, 0.05
    wc = 3.0 / shell_m
    jumps = _sweep(shell_m, t, np.array([0.666, 0.667]) * wc)
    assert len(jumps) == 1 and abs(jumps[0][2] / wc - 0.6666556) < 1e-6
    lo, hi = 0.66666 * wc, 0.66667 * wc          # superconducting at lo, normal at hi
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if bcs.bcs_state(shell_m, shell_m - 1, t, mid)["normal"] == 1.0:
            hi = mid
        else:
            lo = mid
    assert 0 < bcs.bcs_state(shell_m, shell_m - 1, t, lo)["gap"] < 1e-6


def test_continuous_transition_is_not_a_jump():
    """Across Tc at omega = 0 the gap vanishes continuously (Delta ~ sqrt(Tc - T))."""
    shell_m = 11
    t = np.linspace(0.4, 0.6, 201)
    res = bcs.bcs_state(shell_m, 10, t, 0.0)

    def evaluate(row, values):
        out = bcs.bcs_state(shell_m, 10, values, 0.0)
        return {**out, "dgap": out["dgap_dt"], "dm": np.zeros_like(values)}

    zeros = np.zeros((1, t.size))
    assert bcs.locate_jumps(evaluate, t[None], res["gap"][None], res["dgap_dt"][None], zeros,
                            zeros) == []


def test_bcs_chi_supremum_is_grid_independent():
    """With the jumps located and steep parts refined, the largest tabulated BCS chi for
    M = 23 at 0.1 Tc does not grow with the grid (issue 14: 8, 28, 93, 217 before)."""
    tops = []
    for num in (401, 1601):
        frame = bcs.bcs_sweep_table({"shells": [{"m": 23, "n_electrons": 22}],
                                     "temperatures_over_tc": [0.1],
                                     "omega_over_omegac": {"start": 0.6, "stop": 0.7,
                                                           "num": num}}).frame
        tops.append(frame["chi_mub2_per_v_delta0"].max())
    assert tops[1] == pytest.approx(tops[0], rel=0.1)


def test_finite_difference_reading_is_the_gradient_of_the_moment():
    params = {"shells": [{"m": 7, "n_electrons": 6}], "temperatures_over_tc": [0.1],
              "omega_over_omegac": {"start": 0.0, "stop": 1.5, "num": 61}, "bcs_chi":
              "finite_difference"}
    frame = bcs.bcs_sweep_table(params).frame
    w = np.linspace(0, 1.5, 61) * 3 / 7
    m = bcs.bcs_state(7, 6, 0.05, w)["moment"]
    np.testing.assert_allclose(frame["chi_mub2_per_v_delta0"], np.gradient(m, w), rtol=1e-9)
    assert frame["refined"].sum() == 0


def test_normal_state_at_high_temperature():
    res = bcs.bcs_state(11, 10, 0.6, np.array([0.0, 0.1, 0.5]))
    assert np.all(res["gap"] == 0) and np.all(res["normal"] == 1)
    # Curie-like limit of the normal susceptibility at omega = 0: sum_k m_k^2 f(1-f) / T
    lam = np.arange(-5, 6)
    mk = np.concatenate([lam + 1, lam - 1])
    ff = 10 / 22
    assert res["susceptibility"][0] == pytest.approx(np.sum(mk ** 2) * ff * (1 - ff) / 0.6,
                                                     rel=1e-9)


@pytest.mark.parametrize("shell_m", [7, 11])
def test_particle_hole_mirror_fillings_have_the_same_mean_field(shell_m):
    """F depends on xi = G (M - Nbar)/2 only through xi^2 (xi (M - Nbar) = 2 xi^2 / G), so
    Nbar = M + 1 and M - 1 have the same gap, moment and susceptibility and opposite xi; the
    roots of Nbar > M lie above |xi| (E = sqrt(xi^2 + Delta^2)), none at or below it."""
    g = 2.0 / shell_m
    t = np.array([0.0, 0.01, 0.01, 0.05, 0.2])
    w = np.array([0.1, 0.28585714285714287, 0.5, 0.2, 0.05]) * 7 / shell_m
    above = bcs.bcs_state(shell_m, shell_m + 1, t, w)
    below = bcs.bcs_state(shell_m, shell_m - 1, t, w)
    for key in ("gap", "moment", "susceptibility", "free_energy", "normal"):
        np.testing.assert_allclose(above[key], below[key], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(above["xi"][above["normal"] == 0], -g / 2, rtol=1e-12)
    _, roots, _ = bcs.superconducting_roots(shell_m, shell_m + 1, t[1:], w[1:])
    assert np.all(roots > g / 2)
