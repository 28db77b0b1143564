"""BCS mean field (bcs.py) against independent solutions, written for the survivors of its
first mutation run (issue 13): the analytic temperature sweep table row by row, the sum rule
of the field sweep (the moment changes by the integral of chi plus the located jumps), the
largest-gap table against a dense scan of the gap equation, refused particle numbers.

Independent pieces here: the gap equation at omega = 0, E = (G/2) M tanh(E / 2T) with
E = sqrt(xi^2 + Delta^2), xi = G (M - Nbar)/2 (S = sum_p [1 - 2 f(E)] = M tanh(E/2T)),
solved by brentq; at omega > 0 the gap function g(E) = E - (G/2) S(E) of the module
docstring, written out with the pair moments m_p = lambda + 1 and scanned densely.
"""

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import expit

from nanomag.cluster_pairing import bcs

TC = 0.5          # Tc = Delta0 / 2, the unit of t_over_tc (shell.TC_OVER_DELTA0)


def _zero_field_gap(shell_m, n_bar, t):
    """Delta [Delta0] of the BCS state at omega = 0 (0 above the mean-field Tc)."""
    g = 2.0 / shell_m
    xi = abs(0.5 * g * (shell_m - n_bar))
    top = 0.5 * g * shell_m
    if t == 0:
        return np.sqrt(top ** 2 - xi ** 2)
    h = lambda e: e - top * np.tanh(e / (2 * t))
    if h(xi) >= 0:
        return 0.0
    e = brentq(h, xi, top, xtol=1e-15, rtol=1e-15)
    return np.sqrt(e * e - xi * xi)


def _pair_m(shell_m):
    lam = np.arange(-(shell_m - 1) // 2, (shell_m - 1) // 2 + 1)
    return (lam + 1).astype(float)


def _largest_stable_gap(shell_m, n_bar, t, w):
    """Largest Delta whose E is a stable root of g(E) = E - (G/2) S(E) (g crosses zero
    upwards), by a dense scan of E in (|xi|, G M/2] and brentq; 0 if there is none."""
    g = 2.0 / shell_m
    xi = abs(0.5 * g * (shell_m - n_bar))
    mp = _pair_m(shell_m)

    def gap_function(e):
        e = np.atleast_1d(e)[:, None]
        fm = expit(-(e - w * mp) / t)
        fp = expit(-(e + w * mp) / t)
        return e[:, 0] - 0.5 * g * np.sum(1 - fm - fp, axis=1)

    grid = np.linspace(xi + 1e-9, 0.5 * g * shell_m * (1 + 1e-9) + 1e-9, 4001)
    val = gap_function(grid)
    up = np.flatnonzero((val[:-1] < 0) & (val[1:] >= 0))
    if up.size == 0:
        return 0.0
    k = up[-1]
    e = brentq(lambda x: gap_function(x)[0], grid[k], grid[k + 1], xtol=1e-15, rtol=1e-15)
    return np.sqrt(e * e - xi * xi)


def test_analytic_temperature_sweep_rows_solve_the_zero_field_gap_equation():
    """Every row of an analytic temperature sweep at omega = 0 (grid and refined rows): its
    gap is the solution of E = (G/2) M tanh(E/2T) at T = t_over_tc * Tc, Tc = Delta0/2;
    the steep sqrt(Tc_BCS - T) end of the gap is refined until no step exceeds 0.01 Delta0;
    the rows of the second sweep carry its omega (0.5 omega_c), not the temperature."""
    shell_m = 7
    params = {"shells": [{"m": shell_m, "n_electrons": shell_m - 1}],
              "omegas_over_omegac": [0.0, 0.5],
              "temperature_over_tc": {"start": 0.0, "stop": 2.0, "num": 9}}
    frame = bcs.bcs_sweep_table(params).frame
    zero = frame[frame["omega_over_omegac"] == 0.0]
    half = frame[frame["omega_over_omegac"] == 0.5]
    assert len(zero) + len(half) == len(frame)
    assert zero["refined"].sum() > 0                  # the steep end was refined
    assert np.all(np.diff(zero["t_over_tc"].to_numpy()) > 0)
    expected = [_zero_field_gap(shell_m, shell_m - 1, TC * t) for t in zero["t_over_tc"]]
    np.testing.assert_allclose(zero["gap_over_delta0"], expected, rtol=1e-9, atol=1e-12)
    assert np.all(np.abs(np.diff(zero["gap_over_delta0"].to_numpy())) <= 0.01)
    assert np.all(zero["omega_over_delta0"] == 0.0)
    assert np.all(np.abs(zero["moment_mub"]) < 1e-12)      # no moment at omega = 0
    np.testing.assert_allclose(half["omega_over_delta0"], 0.5 * 3.0 / shell_m, rtol=1e-12)
    assert half["t_over_tc"].min() == 0.0 and half["t_over_tc"].max() == 2.0


@pytest.mark.parametrize("t_over_tc", [0.0, 0.1])
def test_field_sweep_moment_is_the_integral_of_chi_plus_the_jumps(t_over_tc):
    """chi = d<m>/domega along the branch plus delta functions of weight moment_jump_mub at
    the located jumps, so m(end) - m(start) = int chi domega (trapezoid on the refined rows)
    + sum of the jumps; moment_jump_mub is 0 on every row that is not after a jump. (Before
    the cascade fix of issue 15, one jump per grid interval, 3.6 mu_B of the 13 went missing
    at 0.1 Tc.)"""
    params = {"shells": [{"m": 7, "n_electrons": 6}], "temperatures_over_tc": [t_over_tc],
              "omega_over_omegac": {"start": 0.0, "stop": 1.5, "num": 31}}
    frame = bcs.bcs_sweep_table(params).frame
    w = frame["omega_over_delta0"].to_numpy()
    m = frame["moment_mub"].to_numpy()
    chi = frame["chi_mub2_per_v_delta0"].to_numpy()
    jump = frame["jump_before"].to_numpy() == 1
    weight = frame["moment_jump_mub"].to_numpy()
    assert jump.sum() >= 1 and np.all(weight[~jump] == 0.0)
    np.testing.assert_allclose(weight[jump], (m[1:] - m[:-1])[jump[1:]], rtol=1e-12)
    smooth = np.where(jump[1:], 0.0, 0.5 * (chi[1:] + chi[:-1]) * np.diff(w))
    total = m[-1] - m[0]
    assert total > 1.0
    # exact at T = 0 (chi = 0 on the plateaus); at 0.1 Tc the trapezoid over the chi peaks
    # on the 0.05 omega_c grid errs by 1.1 %
    assert smooth.sum() + weight.sum() == pytest.approx(total, rel=1e-9 if t_over_tc == 0
                                                        else 3e-2)


@pytest.mark.parametrize("n_bar", [-1.0, 15.0])
def test_critical_temperature_refuses_a_particle_number_outside_the_shell(n_bar):
    with pytest.raises(ValueError, match="n_electrons"):
        bcs.bcs_critical_temperature(7, n_bar)


def _all_rows_but_jump_ends(frame):
    """Rows not at the two ends of a located jump (there the branch ends at a fold, where a
    dense scan cannot resolve the double root)."""
    after = frame["jump_before"].to_numpy() == 1
    before = np.concatenate([after[1:], [False]])
    return frame[~(after | before)]


@pytest.mark.parametrize("sweep", ["field", "temperature"])
def test_largest_gap_table_follows_the_largest_stable_root(sweep):
    """Every row of a largest_gap table (the grid, the ends of the located jumps aside, and
    the rows added by the jump search and the refinement) is the largest stable root of the
    gap equation (dense scan) at its own field (field sweep at 0.1 Tc) or temperature
    (temperature sweep at 0.68 omega_c); this branch outlives the global minimum past its
    first-order jump, so the two differ on some rows."""
    params = {"shells": [{"m": 7, "n_electrons": 6}], "bcs_branch": "largest_gap"}
    if sweep == "field":
        params.update({"temperatures_over_tc": [0.1],
                       "omega_over_omegac": {"start": 0.5, "stop": 0.9, "num": 5}})
    else:
        params.update({"omegas_over_omegac": [0.68],
                       "temperature_over_tc": {"start": 0.02, "stop": 0.42, "num": 5}})
    frame = bcs.bcs_sweep_table(params).frame
    rows = _all_rows_but_jump_ends(frame)
    assert rows["refined"].sum() >= 10
    t, w = TC * rows["t_over_tc"].to_numpy(), rows["omega_over_delta0"].to_numpy()
    expected = [_largest_stable_gap(7, 6, tv, wv) for tv, wv in zip(t, w)]
    np.testing.assert_allclose(rows["gap_over_delta0"], expected, rtol=1e-6, atol=1e-9)
    lowest = bcs.bcs_state(7, 6, t, w)["gap"]
    assert np.sum(rows["gap_over_delta0"].to_numpy() > lowest + 0.1) >= 3


def test_candidate_intervals_are_where_the_trapezoid_rule_misses():
    """On a smooth branch the change over an interval is the trapezoid of the end slopes to
    O(dx^3): no interval is a candidate, nor on a flat one (the normal state at T = 0); a
    step of 0.05 of the gap or of the moment (in the direction of the smooth change) makes
    exactly its interval one."""
    x = np.linspace(0.0, 1.0, 101)[None, :]
    d, s_ = 1.0 - x ** 2, -2.0 * x
    m, k = np.sin(3 * x), 3 * np.cos(3 * x)
    assert not np.any(bcs._candidates(x, d, s_, m, k))
    flat = np.zeros_like(x)
    assert not np.any(bcs._candidates(x, flat, flat, flat, flat))
    for gap, moment, where in ((d - 0.05 * (x >= 0.5), m, 49), (d, m + 0.05 * (x >= 0.3), 29)):
        expected = np.zeros((1, 100), bool)
        expected[0, where] = True
        np.testing.assert_array_equal(bcs._candidates(x, gap, s_, moment, k), expected)


def test_jumps_located_on_synthetic_sweeps_with_known_steps():
    """Three sweeps on x = -1 ... 0.2: a gap 5 - 5x with a step of 0.2 at x = -0.45 (the
    smooth change over the grid interval, 0.5, exceeds twice the step: only the comparison
    of the two bracket widths shows it), the same with the step at 0.15 in the last grid
    interval, and a flat gap (normal state) whose moment has a kink at -0.52 (a candidate,
    no jump). Each jump: the grid index after it, a bracket inside the grid interval that
    holds the step and is narrower than 1e-9."""
    x = np.tile(np.linspace(-1.0, 0.2, 13), (3, 1))
    steps = np.array([-0.45, 0.15, np.inf])
    slopes = np.array([-5.0, -5.0, 0.0])

    def evaluate(r, values):
        """The documented contract: gap, its slope dgap, moment and its slope dm."""
        values = np.asarray(values, float)
        gap = np.where(r < 2, 5.0 - 5.0 * values, 0.0) - 0.2 * (values > steps[r])
        return {"gap": gap, "dgap": slopes[r] + 0.0 * values,
                "moment": np.where(r == 2, np.abs(values + 0.52), 0.0),
                "dm": np.where(r == 2, np.sign(values + 0.52), 0.0)}

    rows = np.repeat(np.arange(3), 13).reshape(3, 13)
    grid = evaluate(rows, x)
    jumps = bcs.locate_jumps(evaluate, x, grid["gap"], grid["dgap"], grid["moment"],
                             grid["dm"])
    assert [(r, i) for r, i, _, _ in jumps] == [(0, 6), (1, 12)]
    for r, i, lo, hi in jumps:
        assert x[r, i - 1] < lo < steps[r] < hi < x[r, i]
        assert hi - lo < 1e-9


def test_finite_difference_table_marks_each_zero_temperature_step_once():
    """At T = 0 the gap is piecewise constant in the field: in the finite-difference reading
    (no rows added) jump_before is 1 exactly where the gap changes between grid points and 0
    elsewhere; the columns come in the documented order with integer flags."""
    params = {"shells": [{"m": 7, "n_electrons": 6}], "temperatures_over_tc": [0.0],
              "omega_over_omegac": {"start": 0.0, "stop": 1.5, "num": 31},
              "bcs_chi": "finite_difference"}
    frame = bcs.bcs_sweep_table(params).frame
    gap = frame["gap_over_delta0"].to_numpy()
    changed = np.concatenate([[False], np.diff(gap) != 0])
    assert changed.sum() >= 1
    np.testing.assert_array_equal(frame["jump_before"].to_numpy(), changed.astype(np.int64))
    assert list(frame.columns) == ["shell_m", "n_electrons", "t_over_tc", "omega_over_omegac",
                                   "omega_over_delta0", "gap_over_delta0", "moment_mub",
                                   "chi_mub2_per_v_delta0", "normal_state", "jump_before",
                                   "moment_jump_mub", "refined"]
    for col in ("normal_state", "jump_before", "refined"):
        assert frame[col].dtype == np.int64


@pytest.mark.parametrize("shell_m", [7, 11])
def test_zero_temperature_plateaus_do_not_respond(shell_m):
    """At T = 0 a superconducting solution is a plateau E = G n/2 (n unblocked pairs): its gap
    does not change with the field or the temperature, and its moment (the sum over the
    blocked pairs, all quasiparticles of energy E - omega |m_p| < 0 occupied) is constant:
    dDelta/domega = dDelta/dT = chi = 0, the same as the central differences in omega."""
    g = 2.0 / shell_m
    w = np.array([0.05, 0.2, 0.4, 0.6]) * g
    h = 1e-6
    res = bcs.bcs_state(shell_m, shell_m - 1, 0.0, w)
    assert np.all(res["normal"] == 0)
    for key in ("susceptibility", "dgap_domega", "dgap_dt"):
        np.testing.assert_array_equal(res[key], 0.0)
    up = bcs.bcs_state(shell_m, shell_m - 1, 0.0, w + h)
    down = bcs.bcs_state(shell_m, shell_m - 1, 0.0, w - h)
    np.testing.assert_array_equal(up["gap"], down["gap"])
    np.testing.assert_allclose(up["moment"], down["moment"], atol=1e-12)


@pytest.mark.parametrize("shell_m", [7, 11])
def test_zero_temperature_branch_solves_the_blocked_gap_equation(shell_m):
    """T = 0, largest-gap branch across omega < G (pairs blocked one after the other): E is a
    plateau G n/2 whose n counts the unblocked pairs (omega |m_p| < E), the moment is the sum
    of |m_p| over the blocked pairs (their lower quasiparticle, E - omega |m_p| < 0, is
    occupied), and the entropy vanishes (third law)."""
    g = 2.0 / shell_m
    w = np.linspace(0.013, 0.987, 37) * g
    res = bcs.bcs_state(shell_m, shell_m - 1, 0.0, w, "largest_gap")
    mp = np.abs(_pair_m(shell_m))
    sc = res["normal"] == 0
    assert sc.sum() >= 30
    for e, wv, m, s in zip(res["energy"][sc], w[sc], res["moment"][sc], res["entropy"][sc]):
        blocked = wv * mp > e
        assert e == pytest.approx(0.5 * g * np.sum(~blocked), rel=1e-12)
        assert m == pytest.approx(np.sum(mp[blocked]), abs=1e-12)
        assert s == 0.0
    assert np.any(res["moment"][sc] > 0)                  # some pairs were blocked


def test_safeguarded_newton_converges_where_newton_diverges():
    """f = arctan(x) on [-1, 4]: Newton from the midpoint 1.5 overshoots to -1.69, out of the
    bracket, and diverges; kept inside the bracket (bisection there) it finds the root 0."""
    root = bcs._safeguarded_newton(lambda x: (np.arctan(x), 1.0 / (1.0 + x * x)),
                                   np.array([-1.0]), np.array([4.0]), np.array([True]))
    assert abs(root[0]) < 1e-14


def test_normal_state_of_one_particle_in_a_strong_field():
    """Nbar = 1 in M = 7 at omega = 1 Delta0, T = 0.01: the particle sits in the top level
    m_k = 4 (the next, m_k = 3, lies omega = 100 T lower), so the moment is 4 to e^-50 and
    xi = -mu lies between the two levels, 3 omega < xi < 4 omega (a chemical potential far
    outside the zero-field band)."""
    res = bcs.normal_state(7, 1.0, np.array([0.01]), np.array([1.0]))
    assert res["moment"][0] == pytest.approx(4.0, rel=1e-12)
    assert 3.0 < res["xi"][0] < 4.0
    assert res["susceptibility"][0] == pytest.approx(0.0, abs=1e-12)


def test_bcs_state_refuses_bad_inputs():
    with pytest.raises(ValueError, match="n_electrons"):
        bcs.bcs_state(7, 15.0, 0.1, 0.0)
    with pytest.raises(ValueError, match="temperature must be >= 0"):
        bcs.bcs_state(7, 6.0, -0.1, 0.0)


def test_normal_state_susceptibility_and_closed_shells():
    """Normal state, one particle in M = 7 at omega = 1: at T = 0.15 only the levels m = 4 and
    3 share it (sum of f(1-f)/T below 1), chi = d<m>/domega (central difference) is still
    0.1; at T = 1e-4 chi vanishes (to the last bit); at T = 0 and omega = 1 the 6 particles of
    N = M - 1 fill m = 4, 3, 2, 2, 1, 1 (moment 13) and the full shell N = 2M has none."""
    h = 1e-6
    res = bcs.normal_state(7, 1.0, np.full(3, 0.15), np.array([1.0 - h, 1.0, 1.0 + h]))
    slope = (res["moment"][2] - res["moment"][0]) / (2 * h)
    assert res["susceptibility"][1] == pytest.approx(slope, rel=1e-6)
    assert res["susceptibility"][1] > 0.05
    assert bcs.normal_state(7, 1.0, np.array([1e-4]), np.array([1.0]))["susceptibility"][0] == 0
    cold = bcs.normal_state(7, 6.0, np.zeros(1), np.array([1.0]))
    assert cold["moment"][0] == pytest.approx(13.0, rel=1e-14)
    assert cold["free_energy"][0] == pytest.approx(-13.0, rel=1e-14)
    full = bcs.normal_state(7, 14.0, np.zeros(2), np.array([0.3, 1.0]))
    np.testing.assert_allclose(full["moment"], 0.0, atol=1e-12)
    np.testing.assert_allclose(full["free_energy"], 0.0, atol=1e-12)


def test_a_single_jump_in_a_single_sweep_is_found():
    """One sweep, one candidate interval: the gap 1 - 0.3 x with a step of 0.2 at x = 0.37
    (grid 0, 0.1, ..., 1): the jump is found after grid point 3, bracketed within 1e-9."""
    x = np.linspace(0.0, 1.0, 11)[None, :]

    def evaluate(r, values):
        values = np.asarray(values, float)
        return {"gap": 1.0 - 0.3 * values - 0.2 * (values > 0.37), "dgap": -0.3 + 0 * values,
                "moment": 0 * values, "dm": 0 * values}

    grid = evaluate(np.zeros(11, int), x[0])
    jumps = bcs.locate_jumps(evaluate, x, grid["gap"][None], grid["dgap"][None],
                             grid["moment"][None], grid["dm"][None])
    assert [(r, i) for r, i, _, _ in jumps] == [(0, 4)]
    assert jumps[0][2] < 0.37 < jumps[0][3] and jumps[0][3] - jumps[0][2] < 1e-9


def test_two_jumps_in_one_grid_interval_one_at_its_start():
    """A cascade inside one grid interval [0.3, 0.4]: a step of 0.3 just after the grid
    point 0.3 (1e-12 later: the part of the interval before it is narrower than the jump
    lattice) and a step of 0.1 at 0.35. Both are found, in that order, as jumps before grid
    point 4 (the search goes on in the one part left beside the first)."""
    x = np.linspace(0.0, 1.0, 11)[None, :]
    steps = (0.3 + 1e-12, 0.35)

    def evaluate(r, values):
        values = np.asarray(values, float)
        gap = 1.0 - 0.3 * (values > steps[0]) - 0.1 * (values > steps[1])
        return {"gap": gap, "dgap": 0 * values, "moment": 0 * values, "dm": 0 * values}

    grid = evaluate(np.zeros(11, int), x[0])
    jumps = bcs.locate_jumps(evaluate, x, grid["gap"][None], grid["dgap"][None],
                             grid["moment"][None], grid["dm"][None])
    assert [(r, i) for r, i, _, _ in jumps] == [(0, 4), (0, 4)]
    for (_, _, lo, hi), step in zip(jumps, steps):
        assert lo < step < hi and hi - lo < 1e-9


def test_no_points_no_states():
    """An empty sweep gives empty results of the right kinds (no root, no state)."""
    pt, roots, stable = bcs.superconducting_roots(7, 6, np.zeros(0), np.zeros(0))
    assert pt.shape == roots.shape == stable.shape == (0,)
    assert pt.dtype.kind == "i" and stable.dtype == bool and roots.dtype == float
    res = bcs.bcs_state(7, 6, np.zeros(0), np.zeros(0))
    assert all(v.shape == (0,) for v in res.values())


@pytest.mark.parametrize("plateau_below_step", [True, False])
def test_two_roots_a_temperature_apart_beside_a_step_are_both_found(plateau_below_step):
    """Two roots of the gap equation that lie within one sampling interval of a sparser
    sampling are both found, against a dense scan of g(E) written here and brentq.

    Construction (M = 3, Nbar = M, G = 2/3, pair moments 0, 1, 2 of multiplicity 1): the
    step of S at E = omega (m_p = 1) and the plateau root E_p = G n/2 a distance d apart.
    With K = G/(2T) and u = |E - omega|/T, g (2/G) ~ +-(u - d/T) T (2/G) -+ K e^{-u} beside
    the step: besides the root at the plateau, a second one (a maximum of F) lies where
    K e^{-u} = |u - d/T|, and the two are a few T apart when d/T is a little above
    ln K + 1. Here d = 9 T and ln K = 7.9 (plateau n = 1 below the step: roots at 8.4 T and
    7.5 T below omega) or ln K = 7.3 (plateau n = 2 above it: roots 6.3 T and 8.8 T above
    omega): the sampling at omega + (5, 8, 12) T and at the plateau separates them, one
    without the samples at 8 T, or with brackets over two sampling intervals, would not.
    """
    shell_m, g = 3, 2.0 / 3.0
    if plateau_below_step:
        t = g / (2 * 1.5 * np.exp(7.5))
        w = g / 2 + 9 * t
    else:
        t = g / (2 * 1500.0)
        w = g - 9 * t
    mp = _pair_m(shell_m)

    def gap_function(e):
        e = np.atleast_1d(e)[:, None]
        return e[:, 0] - 0.5 * g * np.sum(1 - expit(-(e - w * mp) / t)
                                          - expit(-(e + w * mp) / t), axis=1)

    # g varies on the scale T: a scan at T/20 up to past G M/2 = 1 sees every sign change
    grid = np.arange(1e-9, 1.001, t / 20)
    val = gap_function(grid)
    change = np.flatnonzero((val[:-1] < 0) != (val[1:] < 0))
    expected = np.array([brentq(lambda x: gap_function(x)[0], grid[k], grid[k + 1],
                                xtol=1e-15, rtol=1e-15) for k in change])
    near = expected[np.abs(expected - w) < 10 * t]
    assert near.size == 2 and near[1] - near[0] < 3 * t      # the case constructed
    point, roots, stable = bcs.superconducting_roots(shell_m, shell_m, [t], [w])
    assert np.all(point == 0)
    np.testing.assert_allclose(roots, expected, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(stable, val[change] < 0)    # upward crossings: minima of F
