"""Scorecard measures (analysis.py) on synthetic tables with known answers, and the
physics statements they rely on (readings, symmetries, positivity)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nanomag.cluster_pairing import analysis, seniority

X = np.linspace(0.0, 1.6, 1601)


def _table(columns, shell_m=7, n=6, t=0.1, x=X):
    return pd.DataFrame({"shell_m": shell_m, "n_electrons": n, "t_over_tc": t,
                         "omega_over_omegac": x, **columns})


def test_step_count_and_steepest_descent():
    # three tanh steps at 0.5, 0.8, 1.1 of width 0.01
    gap = 1.0 - sum(0.3 * (1 + np.tanh((X - c) / 0.01)) / 2 for c in (0.5, 0.8, 1.1))
    table = _table({"gap_over_delta0": gap})
    assert analysis.gap_step_count(table, 7, 0.1) == 3
    assert analysis.steepest_gap_descent(table, 7, 0.1) == pytest.approx(0.5, abs=1e-3)
    smooth = _table({"gap_over_delta0": np.exp(-X)})
    assert analysis.gap_step_count(smooth, 7, 0.1) == 0


def test_peak_count_position_and_prominence():
    y = 1 / (1 + ((X - 0.7) / 0.02) ** 2) + 0.3 / (1 + ((X - 1.0) / 0.02) ** 2)
    table = _table({"chi_mub2_per_v_delta0": y})
    assert analysis.peak_count(table, 7, 0.1, "chi_mub2_per_v_delta0") == 2
    assert analysis.peak_position(table, 7, 0.1, "chi_mub2_per_v_delta0") == pytest.approx(0.7)
    # a bump below 1 % of the highest peak is not counted
    tiny = _table({"chi_mub2_per_v_delta0": y - 0.3 / (1 + ((X - 1.0) / 0.02) ** 2)
                   + 0.005 / (1 + ((X - 1.0) / 0.02) ** 2)})
    assert analysis.peak_count(tiny, 7, 0.1, "chi_mub2_per_v_delta0") == 1


def test_chi_peaks_at_crossings_uses_eq12():
    # M = 7, N = 6: crossings at 2/3, 5/6, 1 omega_c (Eq. 12 by hand: (2/7)[1, 5/4, 3/2])
    peaks = (2 / 3, 5 / 6 * 1.02, 1.0)
    y = sum(1 / (1 + ((X - c) / 0.005) ** 2) for c in peaks)
    value = analysis.chi_peaks_at_crossings(_table({"chi_mub2_per_v_delta0": y}), 7, 0.1)
    assert value["value"] == pytest.approx(1.02, abs=2e-3)
    assert value["peaks"] == 3 and value["crossings"] == 3


def test_heat_capacity_dip_depth():
    # double peaks 0.02 either side of each crossing, C at the crossing 0.2 of the peaks
    crossings = (2 / 3, 5 / 6, 1.0)
    c = sum(np.exp(-((X - xc - d) / 0.01) ** 2) for xc in crossings for d in (-0.02, 0.02))
    depth = analysis.heat_capacity_dip_depth(_table({"heat_capacity_kb": c}), 7, 0.1)
    expected = 2 * np.exp(-4.0) / (1 + np.exp(-16.0))
    # C is interpolated linearly at the crossing on the 0.001 grid: (h^2/8) C'' ~ 2 %
    assert depth == pytest.approx(expected, rel=3e-2)
    flat = analysis.heat_capacity_dip_depth(_table({"heat_capacity_kb": np.ones_like(X)}), 7, 0.1)
    assert flat == pytest.approx(1.0)


def test_pairing_half_width_and_ratio():
    # excess exp(-(x/a)^2) over a zero baseline: half width a sqrt(ln 2)
    rows = []
    for t, a in ((0.8, 0.6), (2.0, 1.5)):
        x = np.linspace(0, 2.5, 2501)
        rows.append(_table({"gap_over_delta0": np.exp(-0.5 * (x / a) ** 2),
                            "gap_uncorrelated_over_delta0": np.zeros_like(x)}, t=t, x=x))
    table = pd.concat(rows, ignore_index=True)
    res = analysis.pairing_half_width(table, 0.8)
    assert res["value"] == pytest.approx(0.6 * np.sqrt(np.log(2)), rel=1e-4)
    assert res["excess0"] == pytest.approx(1.0)
    assert analysis.pairing_half_width_ratio(table, 2.0, 0.8) == pytest.approx(2.5, rel=1e-4)
    # the baseline is subtracted in squares: Delta_c^2 = 1 + e^2, baseline 1 -> same width
    shifted = table.assign(gap_over_delta0=np.sqrt(1 + table["gap_over_delta0"] ** 2),
                           gap_uncorrelated_over_delta0=1.0)
    assert analysis.pairing_half_width(shifted, 0.8)["value"] == pytest.approx(res["value"])


def test_bcs_field_and_temperature_shifts():
    x = np.linspace(0, 2.5, 26)
    table = pd.concat([_table({"gap_over_delta0": np.where(x < x0, 1.0, 0.0)}, t=t, x=x)
                       for t, x0 in ((0.0, 0.65), (0.8, 0.45), (2.0, -1))], ignore_index=True)
    assert analysis.bcs_destruction_field(table, 0.0) == pytest.approx(0.7)
    res = analysis.bcs_zero_gap_field_shift(table)
    assert res["value"] == pytest.approx(-0.2) and res["last"] == 0.0
    t = np.linspace(0, 3, 31)
    temp = pd.concat([_table({"gap_over_delta0": np.where(t < t0, 1.0, 0.0)}, x=w, t=t)
                      .rename(columns={}) for w, t0 in ((0.0, 1.05), (0.5, 0.75), (2.0, -1))],
                     ignore_index=True)
    res = analysis.bcs_tc_shift_with_field(temp)
    assert res["value"] == pytest.approx(-0.3) and res["omega_highest"] == 0.5


def test_dynamic_buildup_and_steepest_drop():
    t = np.linspace(0, 3, 301)
    frames = [_table({"gap_over_delta0": np.sqrt(0.5 * np.tanh(t)) + 0 * t,
                      "gap_uncorrelated_over_delta0": np.zeros_like(t)}, x=w, t=t)
              for w in (1.25, 2.0)]
    frames.append(_table({"gap_over_delta0": 1 - 0.5 * (1 + np.tanh((t - 0.9) / 0.1)),
                          "gap_uncorrelated_over_delta0": np.zeros_like(t)}, x=0.0, t=t))
    table = pd.concat(frames, ignore_index=True)
    assert analysis.dynamic_pairing_buildup(table)["value"] == pytest.approx(0.5 * np.tanh(1.0))
    assert analysis.steepest_drop_temperature(table, 0.0) == pytest.approx(0.9)


def test_chi_ratio_reads_both_tables():
    can = _table({"chi_mub2_per_v_delta0": np.full(X.size, 2.0)})
    bcs = _table({"chi_mub2_per_v_delta0": np.linspace(0, 50, X.size),
                  "moment_jump_mub": np.zeros(X.size)})
    res = analysis.bcs_to_canonical_chi_ratio(
        {"bcs_response_vs_field": bcs, "canonical_response_vs_field": can}, 7, 0.1)
    assert res["value"] == pytest.approx(25.0)


def test_statements_without_figure():
    config = {"shells": [{"m": 11, "n_electrons": 10}]}
    assert analysis.critical_frequency_ratio(config) == pytest.approx(3.0, rel=1e-12)
    assert analysis.critical_frequency_ratio(config, odd=True) == pytest.approx(4.0, rel=1e-12)
    assert analysis.eq12_deviation(config) < 1e-12
    g = 2 / 11
    res = analysis.tc_over_zero_temperature_gap(config)
    # Tc = G / (4 artanh(1/M)), Delta(0) = (G/2) sqrt(M^2 - 1)
    assert res["value"] == pytest.approx(g / (4 * np.arctanh(1 / 11)) / (g / 2 * np.sqrt(120)),
                                         rel=1e-9)
    assert res["tc"] == pytest.approx(g / (4 * np.arctanh(1 / 11)), rel=1e-12)
    assert res["gap0"] == pytest.approx(g / 2 * np.sqrt(120), rel=1e-12)
    assert res["n_bar"] == 10.0 and res["shell_m"] == 11.0


def test_particle_number_reading_m_plus_one_keeps_pairing():
    """Reading N = M + 1: above omega_c at T = 0 the ground state has nu = M - 1, so one pair
    remains: E = -(G/4)(2)(2) = -G and Delta_c = G (Eq. 4 by hand), whereas N = M - 1 is fully
    unpaired (Delta_c = 0)."""
    for m in (7, 11):
        g = 2 / m
        wc = seniority.critical_frequency(m, m + 1)
        plus = seniority.canonical_thermodynamics(m, m + 1, 0.0, np.array([1.2, 3.0]) * wc)
        minus = seniority.canonical_thermodynamics(m, m - 1, 0.0, np.array([1.2, 3.0]) * wc)
        np.testing.assert_allclose(plus["gap"], g, rtol=1e-12)
        np.testing.assert_array_equal(minus["gap"], 0.0)


@settings(max_examples=25, deadline=None)
@given(m=st.sampled_from([3, 5, 7, 9]), n_frac=st.floats(0.05, 0.95),
       t=st.floats(0.02, 2.0), w=st.floats(0.0, 1.5))
def test_particle_hole_symmetry(m, n_frac, t, w):
    """N and 2M - N: holes carry -m_k (sum m_k = 0) and D_nu(m) = D_nu(-m), so moment, chi
    and C agree, and E_nu shifts by the constant G (N - M) (Eq. 4), i.e.
    Delta_c^2(2M - N) = Delta_c^2(N) - G^2 (N - M)."""
    n = max(1, min(2 * m - 1, int(round(n_frac * 2 * m))))
    g = 2 / m
    a = seniority.canonical_thermodynamics(m, n, t, w)
    b = seniority.canonical_thermodynamics(m, 2 * m - n, t, w)
    for key in ("moment", "susceptibility", "heat_capacity", "entropy"):
        assert b[key] == pytest.approx(a[key], rel=1e-9, abs=1e-10), key
    assert b["gap"] ** 2 == pytest.approx(a["gap"] ** 2 - g ** 2 * (n - m), rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(m=st.sampled_from([3, 5, 7, 11]), n_frac=st.floats(0.05, 0.95),
       t=st.floats(0.005, 3.0), w=st.floats(0.0, 2.0))
def test_response_positive_and_baseline_below(m, n_frac, t, w):
    """chi = Var(m)/T >= 0 and C = Var(U)/T^2 >= 0 in the canonical ensemble; the attractive
    pairing raises <A+A>: Delta_c >= Delta_c of the non-interacting ensemble (the Boltzmann
    weight exp(-E_nu/T) favours low seniority, where -E_nu is largest)."""
    n = max(2, min(2 * m - 2, int(round(n_frac * 2 * m))))
    res = seniority.canonical_thermodynamics(m, n, t, w)
    free = seniority.canonical_thermodynamics(m, n, t, w, interacting=False)
    assert res["susceptibility"] >= 0 and res["heat_capacity"] >= 0
    assert res["gap"] >= free["gap"] - 1e-12


def test_heat_capacity_reading_divides_by_t():
    base = {"shells": [{"m": 7, "n_electrons": 6}], "temperatures_over_tc": [0.1, 0.2],
            "omega_over_omegac": {"start": 0.0, "stop": 1.5, "num": 16}}
    thermo = seniority.canonical_sweep_table(base).frame
    literal = seniority.canonical_sweep_table({**base, "heat_capacity": "eq2_literal"})
    np.testing.assert_allclose(literal.frame["heat_capacity_kb"],
                               thermo["heat_capacity_kb"] / (0.5 * thermo["t_over_tc"]),
                               rtol=1e-12)
    assert literal.units["heat_capacity_kb"] == "k_B/Delta0"
