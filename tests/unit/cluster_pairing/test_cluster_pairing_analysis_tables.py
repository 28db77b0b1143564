"""Scorecard measures (analysis.py) on tables shaped like the pipeline's: several shells and
temperatures in one long table, rows in no particular order, non-uniform grids. Every
expected value is either written into the synthetic curve (a step, a peak, a linear fall)
or a closed form (the BCS gap at T = 0); maxima and prominences are checked against
``scipy.signal.find_peaks``, an independent implementation of the same definition."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import find_peaks

from nanomag.cluster_pairing import analysis, bcs, seniority
from nanomag.cluster_pairing.seniority import critical_frequency
from nanomag.cluster_pairing.shell import TC_OVER_DELTA0


def _shuffled(frame, seed=3):
    """The rows in a fixed random order (the measures must sort and select by value)."""
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def _long(curves, x_col):
    """One long table from ``{(shell_m, n, t or omega): {x_col: x, col: y, ...}}``."""
    other = "t_over_tc" if x_col == "omega_over_omegac" else "omega_over_omegac"
    frames = [pd.DataFrame({"shell_m": m, "n_electrons": n, other: fixed, **cols})
              for (m, n, fixed), cols in curves.items()]
    return _shuffled(pd.concat(frames, ignore_index=True))


# ------------------------------------------------------------------ maxima and prominence
@settings(max_examples=60, deadline=None, derandomize=True)
@given(y=st.lists(st.integers(0, 6), min_size=3, max_size=40),
       rel=st.sampled_from([0.0, 0.13, 0.29, 0.47]))
def test_maxima_and_prominence_as_scipy_find_peaks(y, rel):
    """Integer samples (ties and plateaus included): the number of maxima whose prominence
    exceeds rel * max(y) equals scipy's count (a plateau is one maximum; a shoulder is
    none). With rel = 0 every strict local maximum counts."""
    y = np.array(y, float)
    x = np.linspace(0.0, 1.0, y.size)
    table = _long({(7, 6, 0.1): {"omega_over_omegac": x, "chi": y}}, "omega_over_omegac")
    if rel == 0.0:
        expected = find_peaks(y)[0].size
    else:
        peaks, props = find_peaks(y, prominence=0.0)
        expected = int(np.sum(props["prominences"] > rel * y.max()))
    assert analysis.peak_count(table, 7, 0.1, "chi", rel_prominence=rel) == expected


def test_prominence_measured_down_to_the_higher_base():
    """A small maximum right of a large one: its left base is the valley between them (5),
    not the lowest point left of the large one (0), so its prominence is 1, not 6."""
    y = np.array([0.0, 10.0, 5.0, 6.0, 0.0])
    table = _long({(7, 6, 0.1): {"omega_over_omegac": np.arange(5.0), "chi": y}},
                  "omega_over_omegac")
    assert analysis.peak_count(table, 7, 0.1, "chi", rel_prominence=0.09) == 2
    assert analysis.peak_count(table, 7, 0.1, "chi", rel_prominence=0.2) == 1


@pytest.mark.parametrize("y,rel,expected", [
    ([0.0, 5.0, 3.0, 5.0, 0.0], 0.5, 2),     # an equal peak is not a higher one
    ([0.0, 1.0, 1.0, 2.0, 0.0], 0.0, 1),     # a shoulder has no prominence: not a maximum
])
def test_prominence_ties_and_shoulders(y, rel, expected):
    """Both maxima of height 5 have prominence 5 (the base of each extends past the other,
    as scipy's find_peaks ignores peaks of the same height); a shoulder is not counted."""
    y = np.array(y)
    table = _long({(7, 6, 0.1): {"omega_over_omegac": np.arange(5.0), "chi": y}},
                  "omega_over_omegac")
    assert analysis.peak_count(table, 7, 0.1, "chi", rel_prominence=rel) == expected
    peaks, props = find_peaks(y, prominence=0.0)
    assert int(np.sum(props["prominences"] > rel * y.max())) == expected


# ------------------------------------------------------------------ Figs 3-5 (field sweeps)
def _step_gap(x, centres, heights, widths):
    return 1.0 - sum(h * (1 + np.tanh((x - c) / w)) / 2
                     for c, h, w in zip(centres, heights, widths))


def test_steps_and_peaks_read_the_right_curve_on_a_non_uniform_grid():
    """Two shells and two temperatures in one table; the grid is 20 times finer below 0.9.
    In shell 7 at T = 0.1 Tc the step at 0.5 (slope 15) and a gentle one at 1.2 (slope
    0.1 < 1 % of 15) give one resolved step, steepest at 0.5; on the index axis the
    gentle step would look 13 % as steep. The other curves have their steps elsewhere."""
    x = np.concatenate([np.arange(0.0, 0.9, 0.001), np.arange(0.9, 1.6 + 1e-9, 0.02)])
    curves = {
        (7, 6, 0.1): _step_gap(x, (0.5, 1.2), (0.3, 0.02), (0.01, 0.1)),
        (7, 6, 0.5): _step_gap(x, (0.3, 0.6, 1.0), (0.35, 0.3, 0.3), (0.01, 0.01, 0.05)),
        (11, 10, 0.1): _step_gap(x, (0.7, 1.3), (0.3, 0.3), (0.01, 0.05)),
    }
    table = _long({key: {"omega_over_omegac": x, "gap_over_delta0": gap,
                         "chi_mub2_per_v_delta0": -np.gradient(gap, x)}
                   for key, gap in curves.items()}, "omega_over_omegac")
    assert analysis.gap_step_count(table, 7, 0.1) == 1
    assert analysis.steepest_gap_descent(table, 7, 0.1) == pytest.approx(0.5, abs=1e-3)
    assert analysis.gap_step_count(table, 7, 0.5) == 3
    assert analysis.steepest_gap_descent(table, 11, 0.1) == pytest.approx(0.7, abs=1e-3)
    assert analysis.peak_count(table, 11, 0.1, "chi_mub2_per_v_delta0") == 2
    assert analysis.peak_count(table, 7, 0.5, "chi_mub2_per_v_delta0") == 3
    assert analysis.peak_position(table, 7, 0.5, "chi_mub2_per_v_delta0") == pytest.approx(
        0.3, abs=1e-3)
    assert analysis.peak_position(table, 11, 0.1, "chi_mub2_per_v_delta0") == pytest.approx(
        0.7, abs=1e-3)
    assert analysis.peak_position(table, 7, 0.1, "chi_mub2_per_v_delta0") == pytest.approx(
        0.5, abs=1e-3)


def test_no_rows_names_the_selection():
    table = _long({(7, 6, 0.1): {"omega_over_omegac": np.linspace(0, 1, 5),
                                 "gap_over_delta0": np.ones(5)}}, "omega_over_omegac")
    with pytest.raises(ValueError, match="no rows with .*shell_m"):
        analysis.peak_position(table, 9, 0.1, "gap_over_delta0")


X = np.linspace(0.0, 1.6, 1601)
#: M = 7, N = 6: the T = 0 crossings of Eq. 12 in omega_c: (2/7)[1, 5/4, 3/2] / (3/7)
CROSSINGS = (2 / 3, 5 / 6, 1.0)


def test_chi_peak_ratio_is_the_one_farthest_from_one():
    """Peaks 3 % below the first crossing and 2 % above the second: the reported ratio is
    0.97 (farthest from 1), not 1.02 (the largest)."""
    peaks = (CROSSINGS[0] * 0.97, CROSSINGS[1] * 1.02, CROSSINGS[2])
    chi = sum(1 / (1 + ((X - c) / 0.005) ** 2) for c in peaks)
    other = sum(1 / (1 + ((X - c) / 0.005) ** 2) for c in CROSSINGS)
    table = _long({(7, 6, 0.1): {"omega_over_omegac": X, "chi_mub2_per_v_delta0": chi},
                   (7, 6, 0.3): {"omega_over_omegac": X, "chi_mub2_per_v_delta0": other},
                   (11, 10, 0.1): {"omega_over_omegac": X, "chi_mub2_per_v_delta0": other}},
                  "omega_over_omegac")
    assert analysis.chi_peaks_at_crossings(table, 7, 0.1)["value"] == pytest.approx(
        0.97, abs=2e-3)
    assert analysis.chi_peaks_at_crossings(table, 7, 0.3)["value"] == pytest.approx(
        1.0, abs=2e-3)


@pytest.mark.parametrize("left,right", [(0.6, 1.2), (1.2, 0.6)])
def test_heat_capacity_dip_uses_windows_of_half_the_smallest_spacing(left, right):
    """C = 0.3 + narrow twin peaks 0.02 either side of each crossing (heights 2, 1.5 and
    ``left``, ``right`` at the last one) + a peak of 30 at 1.12, beyond the last crossing's
    window (half the smallest spacing: 1/12). The largest ratio C(crossing) / min(highest C
    left, highest C right) is at the last crossing: 0.3 / (0.3 + 0.6). A window reaching the
    neighbouring twins or the tall peak, or one side taken over the whole sweep, lowers it
    to 0.2 or less."""
    c = np.full_like(X, 0.3)
    for xc, (a_l, a_r) in zip(CROSSINGS, ((2.0, 2.0), (1.5, 1.5), (left, right))):
        c += (a_l * np.exp(-((X - xc + 0.02) / 0.006) ** 2)
              + a_r * np.exp(-((X - xc - 0.02) / 0.006) ** 2))
    c += 30.0 * np.exp(-((X - 1.12) / 0.005) ** 2)
    table = _long({(7, 6, 0.1): {"omega_over_omegac": X, "heat_capacity_kb": c},
                   (7, 6, 0.2): {"omega_over_omegac": X, "heat_capacity_kb": np.ones_like(X)},
                   (11, 10, 0.1): {"omega_over_omegac": X, "heat_capacity_kb": np.ones_like(X)}},
                  "omega_over_omegac")
    # the sampled peak maxima lie within 0.0005 of the centres (1 % lower at most), and the
    # twins add 1.5e-5 at the crossing
    assert analysis.heat_capacity_dip_depth(table, 7, 0.1) == pytest.approx(0.3 / 0.9,
                                                                              rel=1e-2)
    assert analysis.heat_capacity_dip_depth(table, 7, 0.2) == pytest.approx(1.0)


def test_chi_ratio_reads_the_shell_and_temperature_of_both_tables():
    def tables(value_at):
        return _long({key: {"omega_over_omegac": X,
                            "chi_mub2_per_v_delta0": np.full(X.size, v),
                            "moment_jump_mub": np.full(X.size, 0.1 * v)}
                      for key, v in value_at.items()}, "omega_over_omegac")

    bcs_t = tables({(7, 6, 0.1): 50.0, (7, 6, 0.5): 70.0, (11, 10, 0.1): 80.0})
    can_t = tables({(7, 6, 0.1): 2.0, (7, 6, 0.5): 4.0, (11, 10, 0.1): 5.0})
    res = analysis.bcs_to_canonical_chi_ratio(
        {"bcs_response_vs_field": bcs_t, "canonical_response_vs_field": can_t}, 7, 0.1)
    assert res == pytest.approx({"value": 25.0, "bcs_max": 50.0, "canonical_max": 2.0,
                                 "largest_jump": 5.0})


# ------------------------------------------------------------------ Figs 1 and 2
@pytest.mark.parametrize("m", [7, 11])
def test_bcs_zero_temperature_gap_is_the_closed_form(m):
    """The T = 0, omega = 0 row of a BCS table holds Delta = (G/2) sqrt(M^2 - 1) for
    Nbar = M - 1 (Delta0 = G M / 2 = 1), read among rows at other T and omega."""
    t, w = (a.ravel() for a in np.meshgrid([0.0, 0.4], [0.0, 0.2, 0.5], indexing="ij"))
    state = bcs.bcs_state(m, m - 1, t * TC_OVER_DELTA0, w * critical_frequency(m, m - 1))
    table = _shuffled(pd.DataFrame({"shell_m": m, "n_electrons": m - 1, "t_over_tc": t,
                                    "omega_over_omegac": w, "gap_over_delta0": state["gap"]}))
    res = analysis.bcs_zero_temperature_gap(table)
    assert res == pytest.approx({"value": np.sqrt(m * m - 1) / m, "shell_m": float(m),
                                 "n_bar": float(m - 1)}, rel=1e-12)
    # without the omega = 0 row at T = 0 there is nothing to read
    with pytest.raises(ValueError, match="no rows"):
        analysis.bcs_zero_temperature_gap(table[(table["omega_over_omegac"] > 0)
                                                | (table["t_over_tc"] > 0)])


def test_bcs_destruction_field_and_its_shift_with_temperature():
    """Gap 1 below a field x0 and 0 above on a 0.1 grid: the destruction field is the first
    grid point at or above x0; inf where the gap survives the whole sweep (T = 0 here)."""
    x = np.linspace(0, 2.5, 26)
    curves = {(7, 6, t): {"omega_over_omegac": x, "gap_over_delta0": np.where(x < x0, 1.0, 0.0)}
              for t, x0 in ((0.0, 9.0), (0.4, 0.65), (0.8, 0.45), (2.0, -1.0))}
    table = _long(curves, "omega_over_omegac")
    assert analysis.bcs_destruction_field(table, 0.4) == pytest.approx(0.7)
    assert analysis.bcs_destruction_field(table, 0.0) == np.inf
    res = analysis.bcs_zero_gap_field_shift(table)
    assert res["value"] == pytest.approx(-0.2)
    assert res["first"] == np.inf and res["last"] == 0.0 and res["t_last"] == 2.0


def test_bcs_tc_shift_reads_first_vanishing_after_the_gap_appears():
    """Gap vs T per field on a non-uniform, shuffled T grid. At omega = 0.25 the gap is zero
    at every T (skipped); at 0.75 it is re-entrant: zero up to T = 0.1, present up to 0.55,
    so it vanishes at 0.6, not at T = 0."""
    t = np.concatenate([np.linspace(0, 1, 21), np.linspace(1.1, 3, 20)])
    gaps = {0.0: 0.5 * (t < 0.97), 0.25: 0 * t, 0.5: 0.5 * (t < 0.81),
            0.75: 0.5 * ((t > 0.12) & (t < 0.58)), 2.0: 0 * t}
    table = _long({(7, 6, w): {"t_over_tc": t, "gap_over_delta0": g} for w, g in gaps.items()},
                  "t_over_tc")
    res = analysis.bcs_tc_shift_with_field(table)
    # vanishing at T = 1.0, 0.85, 0.6 for omega = 0, 0.5, 0.75
    assert res["value"] == pytest.approx(-0.15)
    assert res["t_zero_field"] == pytest.approx(1.0)
    assert res["t_highest_field"] == pytest.approx(0.6)
    assert res["omega_highest"] == 0.75
    with pytest.raises(ValueError, match="fewer than two fields"):
        analysis.bcs_tc_shift_with_field(table[table["omega_over_omegac"] == 0.5])


def test_pairing_half_width_of_a_linear_excess():
    """Excess Delta_c^2 - Delta_c0^2 = A (1 - x/b) over a baseline Delta_c0 = 0.5 + 0.01 x:
    linear interpolation is exact, so the half width is b/2 for any A; at 1.25 omega_c
    (excess 0 for b = 1) both gaps equal the baseline 0.5125."""
    x = np.linspace(0.0, 2.0, 21)
    base = 0.5 + 0.01 * x
    rows = {(7, 6, t): {"omega_over_omegac": x,
                        "gap_over_delta0": np.sqrt(np.maximum(amp * (1 - x / b), 0.0)
                                                   + base ** 2),
                        "gap_uncorrelated_over_delta0": base}
            for t, amp, b in ((0.4, 2.0, 1.0), (1.0, 3.0, 1.6))}
    rows[(7, 6, 2.0)] = {"omega_over_omegac": x, "gap_over_delta0": np.full(x.size, 0.8),
                         "gap_uncorrelated_over_delta0": np.full(x.size, 0.5)}
    table = _long(rows, "omega_over_omegac")
    res = analysis.pairing_half_width(table, 0.4)
    assert res["value"] == pytest.approx(0.5, rel=1e-12)
    assert res["excess0"] == pytest.approx(2.0, rel=1e-12)
    assert res["baseline_at_1p25"] == pytest.approx(0.5125, rel=1e-12)
    assert res["gap_at_1p25"] == pytest.approx(0.5125, rel=1e-12)
    assert analysis.pairing_half_width_ratio(table, 1.0, 0.4) == pytest.approx(1.6, rel=1e-12)
    # a constant excess never falls to half: no finite width
    assert analysis.pairing_half_width(table, 2.0)["value"] == np.inf
    # exactly one sample below half (excess 2 -> 0.5 between 0.5 and 0.6)
    one = _long({(7, 6, 0.4): {"omega_over_omegac": x[:7],
                               "gap_over_delta0": np.sqrt([2, 2, 2, 2, 2, 2, 0.5]),
                               "gap_uncorrelated_over_delta0": np.zeros(7)}},
                "omega_over_omegac")
    assert analysis.pairing_half_width(one, 0.4)["value"] == pytest.approx(0.6 - 0.1 / 3)


def test_dynamic_buildup_and_steepest_drop_on_shuffled_non_uniform_grids():
    """Growth of the excess from T = 0 to T = Tc, per field at or above omega_min = 1:
    the smallest is at omega = 1.0 (growth 0.2, its excess starts at 0.3); omega = 0.5 is
    below omega_min and would give less. The steepest drop of the gap at omega = 0 is at
    T = 0.9 (a tanh step of the gap) on a grid 10 times finer above 0.8 (on the index axis it would be elsewhere)."""
    t = np.concatenate([np.linspace(0, 0.8, 9)[:-1], np.linspace(0.8, 1.2, 41),
                        np.linspace(1.3, 3.0, 18)])
    zero = np.zeros_like(t)
    excess = {0.0: (0.5 - 0.5 * np.tanh((t - 0.9) / 0.1)) ** 2,
              0.5: 0.3 + 0.05 * np.minimum(t, 1.0),
              1.0: 0.3 + 0.2 * np.minimum(t, 1.0),
              1.5: 0.3 + 0.4 * np.minimum(t, 1.0) + 0.6 * (1 + np.tanh((t - 0.4) / 0.01)),
              2.5: 0.3 + 0.3 * np.minimum(t, 1.0)}
    table = _long({(7, 6, w): {"t_over_tc": t, "gap_over_delta0": np.sqrt(ex),
                               "gap_uncorrelated_over_delta0": zero}
                   for w, ex in excess.items()}, "t_over_tc")
    res = analysis.dynamic_pairing_buildup(table)
    assert res["value"] == pytest.approx(0.2, rel=1e-12)
    assert res["largest"] == pytest.approx(1.6, rel=1e-6)
    assert analysis.dynamic_pairing_buildup(table, 2.0)["value"] == pytest.approx(0.3)
    with pytest.raises(ValueError, match="no curve at omega"):
        analysis.dynamic_pairing_buildup(table, 3.0)
    assert analysis.steepest_drop_temperature(table) == pytest.approx(0.9)


@pytest.mark.parametrize("shape,expected", [("v", 12 / 13), ("rising", 1.0), ("falling", 1.0)])
def test_heat_capacity_dip_windows_include_their_ends(shape, expected):
    """Grid points exactly at the crossings and at the window ends xc -+ h (h = 1/12, half
    the smallest spacing). C = 1 + distance to the nearest crossing (a dip of depth 1/12 at
    each crossing, highest at the window ends): ratio 1 / (1 + 1/12). C = 1 + x or 3 - x
    (no dip): the crossing itself is the highest point of one side, ratio exactly 1."""
    _, steps = seniority.step_frequencies(7, 6)
    xs = steps / critical_frequency(7, 6)           # where the measure puts the crossings
    h = 0.5 * np.min(np.diff(np.concatenate([[0.0], xs])))
    x = np.unique(np.concatenate([np.linspace(0.0, 1.6, 1601), xs, xs - h, xs + h]))
    heat = {"v": 1 + np.min(np.abs(x[:, None] - np.array(CROSSINGS)[None, :]), axis=1),
            "rising": 1 + x, "falling": 3 - x}[shape]
    table = _long({(7, 6, 0.1): {"omega_over_omegac": x, "heat_capacity_kb": heat}},
                  "omega_over_omegac")
    assert analysis.heat_capacity_dip_depth(table, 7, 0.1) == pytest.approx(expected, rel=1e-12)
