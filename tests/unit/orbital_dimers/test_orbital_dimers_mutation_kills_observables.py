"""Scorecard evaluators (observables.py), written for the survivors of the mutation run of
2026-11-30 13:00 UTC (issue 13): hand-made tables whose answer is known exactly, with the
tie cases that decide which point is the worst (the first of equal ones, in table order),
the boundary conventions the docstrings state, and refused inputs named in the message."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from nanomag.orbital_dimers import observables as ob


# ----------------------------------------------------------------------------- refused inputs
def test_refused_inputs_name_what_is_missing():
    critical = pd.DataFrame({"direction": ["longitudinal"], "chi_c": [3.2]})
    with pytest.raises(ValueError, match="0 rows for 'transverse'"):
        ob.critical_susceptibility_of(critical, "transverse")
    arrows = pd.DataFrame({"panel": ["a"], "delta_chi_exact_over_chicz": [-0.1]})
    with pytest.raises(ValueError, match="no panel 'z'"):
        ob.fig2_shift(arrows, "z")
    with pytest.raises(ValueError, match="'42.4' is not a Bessel zero"):
        ob.fig5_lowest_temperature_moment_over_shell(pd.DataFrame(
            {"size_label": ["42.4"], "t_over_tf": [1e-9], "mz_over_mub": [1.0]}))
    dimer = pd.DataFrame({"size_label": ["zeta_1,36"], "t_over_tf": [1e-9],
                          "critical_t_over_tf": [2.6e-7]})
    with pytest.raises(ValueError, match="no rows for size 'zeta_6,26'"):
        ob.fig5_critical_temperature(dimer, "zeta_6,26")
    curve = pd.DataFrame({"t_over_tf": [5e-3] * 3, "kfa": [40.0, 41.0, 42.0],
                          "chi_over_chil": [1.0, -1.0, 1.0]})
    with pytest.raises(ValueError, match="no curve at T/T_F = 0.0005"):
        ob.fig6_largest_abs(curve, 5e-4)
    with pytest.raises(ValueError, match="typical_room_temperature_zfs='median'"):
        ob.fig6_peak_enhancement(curve, {"typical_room_temperature_zfs": "median"}, 5e-3, 5e-3)
    fig3 = pd.DataFrame({"chi_over_chicz": [1.01, 1.02], "moment_1_over_m0": [0.1, 0.2]})
    with pytest.raises(ValueError, match="three ordered points"):
        ob.fig3_onset_ratio(fig3, 1)


def test_one_row_tables():
    """A panel of one arrow, a size of one temperature: its single row is read."""
    arrows = pd.DataFrame({"panel": ["a", "a", "c"],
                           "delta_chi_exact_over_chicz": [-0.1, -0.1, 0.3]})
    assert ob.fig2_shift(arrows, "c") == 0.3
    dimer = pd.DataFrame({"size_label": ["zeta_1,36"], "t_over_tf": [1e-9],
                          "mz_over_mub": [1331.0], "critical_t_over_tf": [2.6e-7]})
    assert ob.fig5_critical_temperature(dimer, "zeta_1,36") == 2.6e-7
    inset = pd.DataFrame({"panel": ["inset"], "size_label": ["42.7"], "kfa": [42.7],
                          "t_over_tf": [1e-8], "chi_over_chil": [-600.0]})
    background = ob.fig5_low_t_background(inset, "42.7")
    assert background["value"] == -600.0
    assert background["leading"] == pytest.approx(-0.4 * 42.7 ** 2, rel=1e-14)


# ----------------------------------------------------------------------------- Figs. 3 and 4
def test_fig3_phases_between_the_stated_boundaries():
    """chi < -chi_c^z is anti-aligned (r = -1.5 is not diamagnetic); a point exactly 1e-9
    from a boundary is within round-off of it and left out, whatever its label."""
    r = np.array([-1.5, 1e-9, 0.5])
    frame = pd.DataFrame({"chi_over_chicz": r,
                          "phase": ["anti-aligned", "diamagnetic", "paramagnetic"]})
    result = ob.fig3_phase_mismatch(frame)
    assert result["count"] == 0 and result["value"] == 0.0


def test_fig3_no_net_moment_reads_only_negative_chi():
    """The statement is about chi < 0: r = 0 and the paramagnetic side do not enter."""
    frame = pd.DataFrame({"chi_over_chicz": [-1.5, -0.5, 0.0, 0.5, 1.5],
                          "total_moment_over_m0": [2e-3, -1e-3, 0.5, 0.7, 1.8]})
    assert ob.fig3_largest_total_moment_negative_chi(frame) == 2e-3


def test_fig3_onset_ratio_reads_only_ordered_points_beyond_the_onset():
    """mu = sqrt(3 d)(1 - 1.8 d + 2 d^2) at d = 0.01, 0.02, 0.03 extrapolates to exactly 1.
    Not ordered points: r = 1 (the onset, an unconverged 1e-4 there), r = 1 + 1e-12 (the
    onset to round-off) and a point beyond the onset with mu = 0 (the zero solution)."""
    d = np.array([0.01, 0.02, 0.03])
    r = np.concatenate([[0.5, 1.0, 1.0 + 1e-12, 1.005], 1 + d])
    mu = np.concatenate([[0.0, 1e-4, 1e-5, 0.0], np.sqrt(3 * d) * (1 - 1.8 * d + 2 * d ** 2)])
    frame = pd.DataFrame({"chi_over_chicz": r, "moment_1_over_m0": mu})
    result = ob.fig3_onset_ratio(frame, 1)
    assert_allclose(result["value"], 1.0, rtol=1e-12)
    assert_allclose(result["delta"], 0.01, rtol=1e-9)


def _fig4(points, phase, analytic=None):
    r1, r2 = np.array(points, float).T
    return pd.DataFrame({"chi1_over_chicz": r1, "chi2_over_chicz": r2, "phase": phase,
                         "phase_analytic": phase if analytic is None else analytic})


def test_fig4_axes_are_not_opposite_signs_and_round_off_of_a_line_is_skipped():
    """chi_2 = 0 (a non-magnetic partner) is not an opposite-sign pair, on either side of
    chi_1 = 0; a point exactly 1e-9 from chi_zz = 0 is on the line to round-off."""
    points = [(1.0, -0.5), (-0.5, 1.0), (-0.5, 0.0), (2.0, 0.0)]
    frame = _fig4(points, ["aligned", "diamagnetic", "diamagnetic", "paramagnetic"])
    # of the two opposite-sign points, one (wrongly) ordered, one diamagnetic
    assert ob.fig4_ordered_fraction_opposite_signs(frame)["value"] == 0.5
    assert ob.fig4_diamagnetic_fraction_opposite_signs(frame) == 0.5
    on_line = _fig4([(1e-9, 0.0), (0.5, 0.5)], ["paramagnetic", "paramagnetic"],
                    ["diamagnetic", "paramagnetic"])
    assert ob.fig4_boundary_mismatch(on_line)["count"] == 0


# ----------------------------------------------------------------------------- Fig. 5
def _zfs(t, curves):
    frames = [pd.DataFrame({"panel": "main", "size_label": label, "kfa": 43.0,
                            "t_over_tf": t, "chi_over_chil": chi}) for label, chi in curves]
    return pd.concat(frames, ignore_index=True)


def test_fig5_curie_exponent_ties_and_row_order():
    """Two sizes with the same slope -1.2: the first in the table is reported (not the
    first in alphabetical order, not the last). Rows from hot to cold give the same slope."""
    t = np.logspace(-8, -6, 21)
    tie = _zfs(t, [("zeta_6,26", t ** -1.2), ("zeta_1,36", t ** -1.2)])
    result = ob.fig5_curie_exponent(tie)
    assert result["size"] == "zeta_6,26"
    assert_allclose(result["value"], -1.2, rtol=1e-12)
    reverse = _zfs(t[::-1], [("zeta_1,36", 2.0 / t[::-1])])
    assert_allclose(ob.fig5_curie_exponent(reverse)["value"], -1.0, rtol=1e-12)


def test_fig5_moments_at_the_lowest_temperature_in_any_row_order():
    frame = pd.DataFrame({"size_label": ["zeta_6,26", "zeta_1,36", "zeta_1,36"],
                          "t_over_tf": [1e-9, 1e-9, 2e-9],
                          "mz_over_mub": [716.04, 1318.68, 1320.0]})
    low = ob.fig5_lowest_temperature_moment(frame)
    assert low["value"] == 1318.68 and low["size"] == "zeta_1,36"
    # m/[l(l+1)] = 1.02 for zeta_6,26 and 0.99 for zeta_1,36: the first is farther from 1
    ratio = ob.fig5_lowest_temperature_moment_over_shell(frame)
    assert ratio["size"] == "zeta_6,26"
    assert_allclose(ratio["value"], 1.02, rtol=1e-12)


CHI_L, CHI_C = 0.5, 2.0      # hand-made units; chi/|chi_L| = 4 is chi_c exactly (gap 0)


def _critical():
    return pd.DataFrame({"direction": ["longitudinal"], "chi_c": [CHI_C],
                         "chi_landau": [CHI_L]})


def _dimer(rows):
    return pd.DataFrame(rows, columns=["size_label", "t_over_tf", "mz_over_mub",
                                       "critical_t_over_tf"])


def _onset(zfs, dimer):
    return ob.fig5_onset_vs_crossing({"zfs_temperature": zfs, "dimer_moment": dimer,
                                      "critical_susceptibility": _critical()})


T_LOG = np.logspace(-9, -6, 301)


def _curie(tc):
    """chi = C/T with chi = chi_c at tc: log chi linear in log T, the crossing exact."""
    return (CHI_C / CHI_L) * tc / T_LOG


def _mean_field(name, tc, temps, amplitude=4e6):
    """m^2 = A (1 - T/tc): the line through two ordered points vanishes at tc exactly."""
    m = np.sqrt(np.clip(amplitude * (1 - np.asarray(temps) / tc), 0, None))
    return [(name, t, v, tc) for t, v in zip(temps, m)]


def test_fig5_onset_of_a_re_entrant_size_with_a_small_moment():
    """A size off a Bessel zero: chi equals chi_c exactly at the lowest temperature (a touch,
    not a crossing), falls below, rises above chi_c and crosses it downwards at t_x (log chi
    piecewise linear in log T with vertices on the grid: t_x exact); its dimer orders with a
    moment below 1 mu_B (m^2 = 0.5 (1 - T/t_x)). Onset and crossing coincide."""
    u = np.log(T_LOG)
    vertices = np.log([1e-9, 1e-8, 1e-7, 1e-6])
    gap = np.interp(u, vertices, [0.0, -1.0, 2.0, -4.0])     # log(chi/chi_c)
    gap[0] = 0.0
    chi = np.exp(gap) * CHI_C / CHI_L
    chi[0] = CHI_C / CHI_L                                    # 4.0: exactly chi_c
    # downward crossing on the last segment: 2 - 6 (u - u2)/(u3 - u2) = 0
    t_x = np.exp(vertices[2] + (vertices[3] - vertices[2]) / 3)
    temps = np.array([0.3, 0.6, 0.9, 0.95, 1.1, 1.3]) * t_x
    rows = _mean_field("42.9", t_x, temps, amplitude=0.5)
    result = _onset(_zfs(T_LOG, [("42.9", chi)]), _dimer(rows))
    assert_allclose(result["crossing"], t_x, rtol=1e-9)
    assert_allclose(result["onset"], t_x, rtol=1e-9)
    assert result["value"] < 1e-8


def test_fig5_onset_from_the_two_lowest_or_a_single_ordered_point():
    """Ordered at the two lowest temperatures only: the mean-field line through them gives
    the onset exactly; ordered at the lowest one only: no onset can be extrapolated (inf)."""
    tc = 1e-7
    zfs = _zfs(T_LOG, [("zeta_1,36", _curie(tc))])
    two = _mean_field("zeta_1,36", tc, [0.2 * tc, 0.6 * tc, 1.2 * tc, 1.5 * tc])
    result = _onset(zfs, _dimer(two))
    assert_allclose([result["onset"], result["crossing"]], tc, rtol=1e-9)
    one = _mean_field("zeta_1,36", tc, [0.2 * tc, 1.2 * tc, 1.5 * tc])
    assert _onset(zfs, _dimer(one))["value"] == np.inf


def test_fig5_onset_ties_skipped_sizes_and_missing_sizes():
    """Equal gaps (1 %): the first size of the table is reported. A diamagnetic size that
    never orders, first in the table, is skipped and the next ones are still read. With no
    size crossing chi_c or ordering there is no gap (-1). A size whose dimer rows are missing
    is refused even after a size with an infinite gap."""
    tc = 1e-7
    temps = np.array([0.2, 0.5, 0.9, 0.95, 1.2]) * 1.01 * tc
    late = lambda name: _mean_field(name, 1.01 * tc, temps)
    diamagnetic = ("42.97", -np.ones_like(T_LOG))
    never = [("42.97", t, 0.0, 0.0) for t in temps]
    zfs = _zfs(T_LOG, [diamagnetic, ("zeta_6,26", _curie(tc)), ("zeta_1,36", _curie(tc))])
    result = _onset(zfs, _dimer(never + late("zeta_6,26") + late("zeta_1,36")))
    assert result["size"] == "zeta_6,26"
    assert_allclose(result["value"], 0.01, rtol=1e-8)
    assert _onset(_zfs(T_LOG, [diamagnetic]), _dimer(never)) == {"value": -1.0}
    crossing_only = [("zeta_6,26", t, 0.0, 0.0) for t in temps]
    with pytest.raises(ValueError, match="no rows for size 'zeta_1,36'"):
        _onset(_zfs(T_LOG, [("zeta_6,26", _curie(tc)), ("zeta_1,36", _curie(tc))]),
               _dimer(crossing_only))


# ----------------------------------------------------------------------------- Fig. 6
def _zfs_size(t, k, chi):
    return pd.DataFrame({"t_over_tf": t, "kfa": k, "chi_over_chil": chi})


def test_fig6_two_sign_changes_give_their_distance():
    """Piecewise linear, vertices on the grid: zeros at 40 + 0.5 * 1.2/2.7 and
    40.5 + 0.8 * 1.5/3.5, interpolated exactly."""
    k = np.round(np.arange(40.0, 42.0001, 0.1), 10)
    chi = np.interp(k, [40.0, 40.5, 41.3, 42.0], [-1.2, 1.5, -2.0, -1.0])
    result = ob.fig6_sign_change_spacing(_zfs_size(5e-3, k, chi), 5e-3)
    assert result["count"] == 2
    assert_allclose(result["value"], (40.5 + 0.8 * 1.5 / 3.5) - (40.0 + 0.5 * 1.2 / 2.7),
                    rtol=1e-12)


def test_fig6_curves_at_close_temperatures_are_told_apart():
    """Two curves 1e-6 apart in T/T_F (relative): each evaluator reads its own."""
    t1, t2 = 1e-8, 1.000001e-8
    k = np.array([40.0, 41.0, 42.0])
    table = pd.concat([_zfs_size(t1, k, [1.0, -2.0, 3.0]),
                       _zfs_size(t2, k + 0.5, [10.0, -20.0, 30.0])], ignore_index=True)
    assert ob.fig6_largest_abs(table, t1) == 3.0
    assert ob.fig6_largest_abs(table, t2) == 30.0


def test_fig6_peaks_flat_tops_small_and_zero_maxima():
    """A peak whose top spans two equal grid points is one peak, at its first point (on the
    zero 43.1 here: offset 0); its height 0.5 |chi_L| is small but paramagnetic; a local
    maximum that only touches chi = 0 is not a paramagnetic peak."""
    t = 1e-4
    k = np.round(43.0 + 0.001 * np.arange(301), 10)
    chi = np.full(k.size, -1.0)
    chi[99], chi[100], chi[101], chi[102] = 0.0, 0.5, 0.5, 0.0        # flat top at 43.1
    chi[199], chi[200], chi[201] = -0.5, 0.0, -0.5                    # touches 0 at 43.2
    tables = {"zfs_size": _zfs_size(t, k, chi), "zeros_in_range": pd.DataFrame(
        {"zeta": [43.1, 43.25]})}
    result = ob.fig6_peak_offset(tables, t)
    assert result["count"] == 1
    assert result["value"] == 0.0 and result["kfa"] == 43.1


# ----------------------------------------------------------------------------- Fig. 7
def _moment(rows):
    return pd.DataFrame(rows, columns=["size_label", "t_over_tf", "hbar_omega_c_over_ef",
                                       "moment_over_mub"])


def test_fig7_curves_at_close_temperatures_are_told_apart():
    t1, t2 = 1e-8, 1.000001e-8
    rows = [("zeta_1,36", t1, x, m) for x, m in [(0, 0), (1e-4, 800), (5e-4, 1200), (1e-3, 600)]]
    rows += [("zeta_1,36", t2, x, m) for x, m in [(2e-4, 5000), (2e-3, 4000)]]
    frame = _moment(rows)
    assert ob.fig7_largest_moment(frame, t_over_tf=t1)["value"] == 1200
    assert ob.fig7_largest_moment(frame, t_over_tf=t2)["value"] == 5000
    assert_allclose(ob.fig7_overshoot(frame, "zeta_1,36", t1), 0.5)


def test_fig7_weak_field_slope_extremes_over_temperatures():
    """Slopes M/x at the first field: 5e5, 2e6, 1e6 at three temperatures."""
    rows = [("zeta_1,36", t, x, m) for t, x, m in
            [(1e-5, 0, 0), (1e-5, 1e-4, 50), (2e-5, 1e-4, 200), (3e-5, 1e-4, 100),
             (1e-5, 1e-3, 300), (2e-5, 1e-3, 900), (3e-5, 1e-3, 800)]]
    frame = _moment(rows)
    largest = ob.fig7_weak_field_slope(frame, "zeta_1,36", "max")
    assert_allclose(largest["value"], 2e6)
    assert largest["t_over_tf"] == 2e-5
    smallest = ob.fig7_weak_field_slope(frame, "zeta_1,36", "min")
    assert_allclose(smallest["value"], 5e5)
    assert smallest["t_over_tf"] == 1e-5


# ----------------------------------------------------------------------------- Fig. 8
S = np.linspace(-1, 1, 201)
H = S[1] - S[0]


def _density(k, a, s=S, odd=0.0):
    """Normalised P = exp(a(K) s^2 + odd s) on the grid s, one column per K."""
    logp = np.asarray(a, float)[:, None] * s[None, :] ** 2 + odd * s[None, :]
    p = np.exp(logp)
    p /= np.trapezoid(p, s, axis=1)[:, None]
    return pd.DataFrame({"k_over_c": np.repeat(k, s.size), "mz1_over_m0": np.tile(s, len(k)),
                         "density": p.ravel()})


def test_fig8_threshold_is_blind_to_an_odd_tilt():
    """ln P = a s^2 + 0.7 s: the second difference at s = 0 cancels the odd term exactly, so
    the curvature 2 a h^2 changes sign where a = 5 (K - 1.1) does: K = 1.1."""
    k = np.linspace(0.5, 2.0, 16)
    result = ob.fig8_splitting_threshold(_density(k, 5 * (k - 1.1), odd=0.7))
    assert_allclose(result["value"], 1.1, rtol=1e-9)


def test_fig8_threshold_on_a_flat_column_and_its_step():
    """At K = 1.1 the density is flat (a = 0): curvature exactly 0, the turn is there. The
    K grid is uneven (0.8, 1.0, 1.1, 1.4, 2.0): the step is that of the bracket, 0.1."""
    k = np.array([0.8, 1.0, 1.1, 1.4, 2.0])
    result = ob.fig8_splitting_threshold(_density(k, 5 * (k - 1.1)))
    assert_allclose(result["value"], 1.1, rtol=1e-12)
    assert_allclose(result["step"], 0.1, rtol=1e-12)


def test_fig8_threshold_is_the_turn_from_maximum_to_minimum():
    """Curvature flat (0), positive, negative, positive over K = 0.5, 0.7, 0.9, 1.1: only the
    last pair turns a maximum into a minimum, halfway (a = -0.5 -> 0.5): K = 1.0."""
    k = np.array([0.5, 0.7, 0.9, 1.1])
    result = ob.fig8_splitting_threshold(_density(k, [0.0, 0.5, -0.5, 0.5]))
    assert_allclose(result["value"], 1.0, rtol=1e-9)


def test_fig8_needs_the_zero_on_the_grid():
    """A grid without s = 0 is refused; a middle point 1e-12 from 0 is s = 0 to round-off."""
    k = np.linspace(0.5, 2.0, 16)
    with pytest.raises(ValueError, match="needs s = 0"):
        ob.fig8_splitting_threshold(_density(k, 5 * (k - 1.1), s=np.linspace(-1, 1, 200)))
    s = S.copy()
    s[100] = 1e-12
    result = ob.fig8_splitting_threshold(_density(k, 5 * (k - 1.1), s=s))
    assert_allclose(result["value"], 1.1, rtol=1e-6)


# ----------------------------------------------------------------------------- Fig. 10
def test_fig10_growth_with_n_all_positive_small_moments_and_ties():
    """m_N = 0, 0.5, 700, 900 mu_B at two temperatures: every step ending in an ordered chain
    is positive (the paper's statement); the smallest, 0.5 from N = 1 to a weakly ordered
    N = 2, appears at both temperatures: the lower one is reported."""
    moments = pd.DataFrame({"t_over_tf": [1e-7] * 4 + [2e-7] * 4,
                            "n_particles": [1, 2, 3, 4] * 2,
                            "mz_over_mub": [0.0, 0.5, 700.0, 900.0] * 2})
    assert ob.fig10_smallest_growth_with_n(moments) == {"value": 0.5, "t_over_tf": 1e-7, "n": 1}


def test_fig10_growth_on_cooling_small_moments_and_ties():
    """N = 2 and N = 4: 900, 700, 0.5, 0 from cold to hot, N = 3: 950, 900, 800. The smallest
    step, 0.5 into a weakly ordered chain, appears for N = 2 and 4: N = 2 is reported."""
    chain = [900.0, 700.0, 0.5, 0.0]
    moments = pd.DataFrame({"n_particles": [2] * 4 + [3] * 3 + [4] * 4,
                            "t_over_tf": [1e-7, 2e-7, 3e-7, 4e-7, 1e-7, 2e-7, 3e-7,
                                          1e-7, 2e-7, 3e-7, 4e-7],
                            "mz_over_mub": chain + [950.0, 900.0, 800.0] + chain})
    assert ob.fig10_smallest_growth_on_cooling(moments) == {"value": 0.5, "t_over_tf": 3e-7,
                                                            "n": 2}
