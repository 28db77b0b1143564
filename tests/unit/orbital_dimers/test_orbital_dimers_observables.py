"""Scorecard evaluators (observables.py) on small hand-made tables with known answers."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from nanomag.orbital_dimers import observables as ob


def test_critical_susceptibility_and_fig2_shift_select_their_row():
    table = pd.DataFrame({"direction": ["longitudinal", "transverse"], "chi_c": [3.2, 6.4]})
    assert ob.critical_susceptibility_of(table, "transverse") == 6.4
    arrows = pd.DataFrame({"panel": ["a", "a", "b", "b"],
                           "delta_chi_exact_over_chicz": [-0.1, -0.1, 0.2, 0.2]})
    assert ob.fig2_shift(arrows, "b") == 0.2
    with pytest.raises(ValueError):
        ob.fig2_shift(arrows, "z")


def _fig3(r, phase, mu):
    total = np.where(r > 0, 2 * mu, 0.0)
    return pd.DataFrame({"chi_over_chicz": r, "phase": phase, "moment_1_over_m0": mu,
                         "total_moment_over_m0": total})


def test_fig3_phase_mismatch_counts_wrong_points_and_skips_boundaries():
    r = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5])
    right = ["anti-aligned", "x", "diamagnetic", "x", "paramagnetic", "x", "aligned"]
    result = ob.fig3_phase_mismatch(_fig3(r, right, np.zeros(7)))
    assert result["value"] == 0.0                       # points on -1, 0, 1 are skipped
    wrong = list(right)
    wrong[4] = "diamagnetic"
    result = ob.fig3_phase_mismatch(_fig3(r, wrong, np.zeros(7)))
    assert result["count"] == 1 and result["first"] == 0.5
    assert_allclose(result["value"], 1 / 4)


def test_fig3_onset_ratio_extrapolates_the_square_root_law():
    # synthetic moments mu = sqrt(3 delta) (1 - 1.8 delta + 2 delta^2): the limit is exactly 1
    delta = np.array([0.01, 0.02, 0.03, 0.04])
    r = np.concatenate([-1 - delta[::-1], [0.0], 1 + delta])
    d = np.abs(np.abs(r) - 1)
    mu = np.where(np.abs(r) > 1, np.sqrt(3 * d) * (1 - 1.8 * d + 2 * d ** 2), 0.0)
    frame = _fig3(r, ["x"] * r.size, mu)
    for side in (1, -1):
        result = ob.fig3_onset_ratio(frame, side)
        assert_allclose(result["value"], 1.0, rtol=1e-12)
        assert_allclose(result["closest"], 1 - 1.8 * 0.01 + 2e-4, rtol=1e-12)
        assert_allclose(result["delta"], 0.01, rtol=1e-9)
    # a cubic term c d^3: the quadratic through the three nearest points misses the limit by
    # c d1 d2 d3 (Lagrange remainder at 0)
    cubic = np.where(np.abs(r) > 1, np.sqrt(3 * d) * (1 - 1.8 * d + 2 * d ** 2 + 5 * d ** 3), 0)
    result = ob.fig3_onset_ratio(_fig3(r, ["x"] * r.size, cubic), 1)
    assert_allclose(result["value"], 1 + 5 * 6e-6, rtol=1e-10)
    # a different amplitude is reported as such
    frame["moment_1_over_m0"] = 1.1 * mu
    assert_allclose(ob.fig3_onset_ratio(frame, 1)["value"], 1.1, rtol=1e-12)


def test_fig3_largest_negative_moment():
    frame = _fig3(np.array([-2.0, -1.5, 1.5]), ["x"] * 3, np.array([0.9, 0.5, 0.8]))
    frame.loc[0, "total_moment_over_m0"] = -0.25
    assert ob.fig3_largest_total_moment_negative_chi(frame) == 0.25


def _fig4(points, phase, analytic=None):
    r1, r2 = np.array(points, float).T
    return pd.DataFrame({"chi1_over_chicz": r1, "chi2_over_chicz": r2, "phase": phase,
                         "phase_analytic": phase if analytic is None else analytic})


def test_fig4_fractions():
    points = [(1.5, 1.5), (1.0, -0.5), (-0.5, 1.0), (2.0, -1.0), (0.5, 2.0), (0.0, 1.5),
              (0.5, 0.5), (1.0, -1.0 / 3.0)]
    phase = ["aligned", "diamagnetic", "diamagnetic", "paramagnetic", "aligned",
             "paramagnetic", "paramagnetic", "diamagnetic"]
    frame = _fig4(points, phase)
    # opposite signs: points 1, 2, 3 and 7 (the axis point 5 and point 6 are not)
    assert_allclose(ob.fig4_diamagnetic_fraction_opposite_signs(frame), 3 / 4)
    assert ob.fig4_ordered_fraction_opposite_signs(frame)["value"] == 0.0
    frame.loc[3, "phase"] = "anti-aligned"
    frame.loc[2, "phase"] = "aligned"
    assert_allclose(ob.fig4_ordered_fraction_opposite_signs(frame)["value"], 2 / 4)
    # mismatch: (0.5, 2.0) lies on r1 r2 = 1 and (1, -1/3) on chi_zz = 0: both skipped;
    # (1.5, 1.5) differs
    analytic = ["paramagnetic", "diamagnetic", "diamagnetic", "paramagnetic", "paramagnetic",
                "paramagnetic", "paramagnetic", "paramagnetic"]
    result = ob.fig4_boundary_mismatch(_fig4(points, phase, analytic))
    assert result["count"] == 1
    assert_allclose(result["value"], 1 / 6)


def _zfs(t, curves):
    frames = [pd.DataFrame({"panel": panel, "size_label": label, "kfa": kfa, "t_over_tf": t,
                            "chi_over_chil": chi}) for panel, label, kfa, chi in curves]
    return pd.concat(frames, ignore_index=True)


def test_fig5_zfs_evaluators():
    t = np.logspace(-8, -6, 21)
    main = _zfs(t, [("main", "zeta_1,36", 42.97, 2.0 / t), ("main", "zeta_6,26", 52.9, 1.0 / t)])
    assert_allclose(ob.fig5_curie_exponent(main)["value"], -1.0, rtol=1e-12)
    # a background makes the slope shallower: slope = -C/t / (C/t + b) at the upper end
    bent = ("main", "zeta_6,26", 52.9, 1.0 / t + 5e5)
    straight = ("main", "zeta_1,36", 42.97, 2.0 / t)
    expected = np.log((1 / 1e-7 + 5e5) / (1 / 1e-8 + 5e5)) / np.log(10.0)
    for curves in ([bent, straight], [straight, bent]):     # the worst size, in any order
        result = ob.fig5_curie_exponent(_zfs(t, curves))
        assert_allclose(result["value"], expected, rtol=1e-12)
        assert result["size"] == "zeta_6,26"
    steep = ("main", "zeta_5,37", 62.1, 1.0 / t ** 1.2)       # slope -1.2 beats -0.95
    assert_allclose(ob.fig5_curie_exponent(_zfs(t, [bent, steep]))["value"], -1.2, rtol=1e-12)
    assert_allclose(ob.fig5_smallest_main_susceptibility(main), 1.0 / 1e-6)
    inset = _zfs(t, [("inset", "42.7", 42.7, np.linspace(-600, 50, 21))])
    assert ob.fig5_inset_value(inset, "42.7", "low") == -600
    assert ob.fig5_inset_value(inset, "42.7", "high") == 50
    assert ob.fig5_inset_largest(inset, "42.7") == 50
    background = ob.fig5_low_t_background(inset, "42.7")
    assert background["value"] == -600
    assert_allclose(background["leading"], -0.4 * 42.7 ** 2)
    assert_allclose(background["weyl"], -0.4 * 42.7 ** 2 * (1 - 15 * np.pi / (8 * 42.7)))


def _dimer(rows):
    return pd.DataFrame(rows, columns=["size_label", "t_over_tf", "mz_over_mub",
                                       "critical_t_over_tf"])


def test_fig5_dimer_evaluators():
    frame = _dimer([("zeta_1,36", 1e-9, 1331.0, 2.6e-7), ("zeta_1,36", 2e-9, 1330.0, 2.6e-7),
                    ("zeta_6,26", 1e-9, 700.2, 5.3e-8), ("zeta_6,26", 2e-9, 690.0, 5.3e-8)])
    assert ob.fig5_critical_temperature(frame, "zeta_6,26") == 5.3e-8
    low = ob.fig5_lowest_temperature_moment(frame)
    assert low["value"] == 1331.0 and low["size"] == "zeta_1,36"
    ratio = ob.fig5_lowest_temperature_moment_over_shell(frame)
    # 1331/(36*37) is 7.5e-4 from 1, 700.2/(26*27) 2.6e-3: the latter is reported
    assert_allclose(ratio["value"], 700.2 / 702.0)
    assert ratio["size"] == "zeta_6,26"
    with pytest.raises(ValueError):
        ob.fig5_lowest_temperature_moment_over_shell(_dimer([("42.4", 1e-9, 1.0, 0.0)]))


def test_fig5_onset_vs_crossing_reads_the_right_points():
    """A Curie law with a background (log chi not linear in log T) and m^2 = A (d + d^2),
    d = 1 - T/T_c: only the crossing segment and the two ordered points nearest the onset
    give T_c; the second size carries a 1 % shift and is the one reported."""
    chi_l, chi_c, curie, background = 2.9e-7, 3.2, 3.2e-7, -2e6
    tc = curie / chi_l / (chi_c / chi_l - background)
    t_log = np.logspace(-8, -6, 3001)
    curves = [("main", name, 43.0, curie / chi_l / t_log + background)
              for name in ("zeta_1,36", "x")]
    zfs = _zfs(t_log, curves)
    rows = []
    for name, shift in (("zeta_1,36", 1.0), ("x", 1.01)):
        t = np.array([0.2, 0.5, 0.97, 0.99, 1.02]) * tc * shift
        d = np.clip(1 - t / (tc * shift), 0, None)
        rows += [(name, a, np.sqrt(4e6 * (b + b ** 2)), tc) for a, b in zip(t, d)]
    critical = pd.DataFrame({"direction": ["longitudinal"], "chi_c": [chi_c],
                             "chi_landau": [chi_l]})
    result = ob.fig5_onset_vs_crossing({"zfs_temperature": zfs, "dimer_moment": _dimer(rows),
                                        "critical_susceptibility": critical})
    assert result["size"] == "x"
    assert_allclose(result["crossing"], tc, rtol=1e-6)
    # the line through d = 0.01 and 0.03 of d + d^2 vanishes at d = 0.01 - 0.0101/1.04
    assert_allclose(result["onset"], 1.01 * tc * (1 - (0.01 - 0.0101 / 1.04)), rtol=1e-6)


def test_fig5_onset_vs_crossing_on_a_mean_field_dimer():
    # chi = C/t crosses chi_c at t_c = C/chi_c; m^2 = A (t_c - t) vanishes at t_c exactly
    chi_l, chi_c, curie = 2.9e-7, 3.2, 3.2e-7
    tc = curie / chi_c
    t_log = np.logspace(-9, -6, 301)
    zfs = _zfs(t_log, [("main", "zeta_1,36", 43.0, curie / t_log / chi_l)])
    t_lin = np.linspace(tc / 50, 2 * tc, 100)
    m = np.sqrt(np.clip(4e6 * (1 - t_lin / tc), 0, None))
    dimer = _dimer([("zeta_1,36", a, b, tc) for a, b in zip(t_lin, m)])
    critical = pd.DataFrame({"direction": ["longitudinal"], "chi_c": [chi_c],
                             "chi_landau": [chi_l]})
    result = ob.fig5_onset_vs_crossing({"zfs_temperature": zfs, "dimer_moment": dimer,
                                        "critical_susceptibility": critical})
    assert result["value"] < 1e-10
    assert_allclose([result["onset"], result["crossing"]], tc, rtol=1e-10)
    # a dimer that orders 2 % too late is reported
    late = dimer.assign(t_over_tf=dimer["t_over_tf"] * 1.02)
    result = ob.fig5_onset_vs_crossing({"zfs_temperature": zfs, "dimer_moment": late,
                                        "critical_susceptibility": critical})
    assert_allclose(result["value"], 0.02, rtol=1e-8)



def test_fig5_onset_vs_crossing_without_order():
    """A diamagnetic size (chi < chi_c everywhere, never ordered) agrees with the statement
    and is skipped; a paramagnetic size that crosses chi_c but never orders is reported
    with an infinite gap."""
    chi_l, chi_c, curie = 2.9e-7, 3.2, 3.2e-7
    tc = curie / chi_c
    t_log = np.logspace(-9, -6, 301)
    zfs = _zfs(t_log, [("main", "zeta_1,36", 43.0, curie / t_log / chi_l),
                       ("main", "42.97", 43.0, -np.ones_like(t_log))])
    t_lin = np.linspace(tc / 50, 2 * tc, 100)
    ordered = np.sqrt(np.clip(4e6 * (1 - t_lin / tc), 0, None))
    rows = ([("zeta_1,36", a, b, tc) for a, b in zip(t_lin, ordered)]
            + [("42.97", a, 0.0, 0.0) for a in t_lin])
    critical = pd.DataFrame({"direction": ["longitudinal"], "chi_c": [chi_c],
                             "chi_landau": [chi_l]})
    result = ob.fig5_onset_vs_crossing({"zfs_temperature": zfs, "dimer_moment": _dimer(rows),
                                        "critical_susceptibility": critical})
    assert result["size"] == "zeta_1,36" and result["value"] < 1e-10
    never = [(n, a, 0.0, 0.0) for n, a, _, _ in rows]
    result = ob.fig5_onset_vs_crossing({"zfs_temperature": zfs, "dimer_moment": _dimer(never),
                                        "critical_susceptibility": critical})
    assert result["size"] == "zeta_1,36" and result["value"] == np.inf

def _zfs_size(t, k, chi):
    return pd.DataFrame({"t_over_tf": t, "kfa": k, "chi_over_chil": chi})


def test_fig6_sign_changes_of_a_piecewise_linear_curve():
    # vertices on the grid, so linear interpolation of the crossings is exact:
    # zeros at 40.2, 40.5 + 0.8 * 1.5/3.5 and 41.3 + 1.2 * 2/5 = 41.78
    k = np.round(np.arange(40.0, 42.5001, 0.1), 10)
    chi = np.interp(k, [40.0, 40.5, 41.3, 42.5], [-1.0, 1.5, -2.0, 3.0])
    result = ob.fig6_sign_change_spacing(_zfs_size(5e-3, k, chi), 5e-3)
    assert result["count"] == 3
    assert_allclose(result["value"], (41.78 - 40.2) / 2, rtol=1e-12)
    # one sign change only: the spacing is the whole range
    one = ob.fig6_sign_change_spacing(_zfs_size(5e-3, k, k - 41.05), 5e-3)
    assert one["count"] == 1 and one["value"] == pytest.approx(2.5)


def test_fig6_evaluators():
    k = np.linspace(40, 52, 120001)                               # ten periods
    room = _zfs_size(5e-3, k, 300 * np.sin(2 * np.pi * k / 1.2))   # sign change every 0.6
    spacing = ob.fig6_sign_change_spacing(room, 5e-3)
    assert_allclose(spacing["value"], 0.6, rtol=1e-6)
    assert ob.fig6_largest_abs(room, 5e-3) == pytest.approx(300, rel=1e-6)
    flat = _zfs_size(5e-4, k, -0.4 * k ** 2 * 0.7)
    assert_allclose(ob.fig6_background_ratio(flat, 5e-4), 0.7)
    both = pd.concat([room, _zfs_size(5e-4, k, 6000 + 0 * k)])
    assert_allclose(ob.fig6_peak_enhancement(both, {"typical_room_temperature_zfs": "max_abs"},
                                             5e-4, 5e-3)["value"], 20.0, rtol=1e-6)
    rms = ob.fig6_peak_enhancement(both, {"typical_room_temperature_zfs": "rms"}, 5e-4, 5e-3)
    assert_allclose(rms["typical"], 300 / np.sqrt(2), rtol=1e-4)
    with pytest.raises(ValueError):
        ob.fig6_peak_enhancement(both, {"typical_room_temperature_zfs": "median"}, 5e-4, 5e-3)


def test_fig6_peak_offset_in_thermal_widths():
    t = 5e-5
    k = np.linspace(42.9, 43.1, 200001)
    centre = 43.0 + 2 * 43.0 * t          # peak two thermal widths off the zero at 43
    chi = 1e4 * np.exp(-((k - centre) / 0.01) ** 2) - 500
    tables = {"zfs_size": _zfs_size(t, k, chi), "zeros_in_range": pd.DataFrame({"zeta": [43.0]})}
    result = ob.fig6_peak_offset(tables, t)
    assert result["count"] == 1
    assert_allclose(result["value"], 2.0, rtol=1e-3)


def test_fig6_peak_offset_picks_positive_peaks_and_nearest_zeros():
    t = 5e-5
    k = np.round(np.linspace(42.8, 44.0, 120001), 8)
    width = 0.002
    off = 43.2 + 3 * 43.2 * t
    peaks = (1e4 * np.exp(-((k - 42.95) / width) ** 2)       # on a zero
             + 2e4 * np.exp(-((k - off) / width) ** 2))        # 3 thermal widths off one
    chi = peaks - 800 + 300 * np.exp(-((k - 43.5) / 0.01) ** 2)   # a negative local max
    zeros = pd.DataFrame({"zeta": [43.8, 42.95, 43.2]})
    result = ob.fig6_peak_offset({"zfs_size": _zfs_size(t, k, chi), "zeros_in_range": zeros}, t)
    assert result["count"] == 2
    assert_allclose(result["value"], 3 * 43.2 / off, rtol=1e-3)
    assert_allclose(result["kfa"], off, atol=2e-5)


def _moment(rows):
    return pd.DataFrame(rows, columns=["size_label", "t_over_tf", "hbar_omega_c_over_ef",
                                       "moment_over_mub"])


def test_fig7_evaluators():
    rows = [("zeta_1,36", 5e-5, x, m) for x, m in [(0, 0), (1e-4, 800), (5e-4, 1200), (1e-3, 600)]]
    rows += [("42.4", 5e-5, x, m) for x, m in [(0, 0), (1e-4, -300), (5e-4, -900), (1e-3, -500)]]
    rows += [("zeta_1,36", 5e-3, x, m) for x, m in [(0, 0), (2e-4, 100), (1e-3, 400)]]
    frame = _moment(rows)
    assert ob.fig7_largest_moment(frame) == {"value": 1200, "size": "zeta_1,36",
                                             "t_over_tf": 5e-5}
    assert ob.fig7_largest_moment(frame, t_over_tf=5e-3)["value"] == 400
    assert ob.fig7_typical_moment(frame) == np.median([800, 1200, 600, 300, 900, 500, 100, 400])
    assert_allclose(ob.fig7_overshoot(frame, "zeta_1,36", 5e-5), 0.5)
    assert_allclose(ob.fig7_weak_field_slope(frame, "zeta_1,36", "min")["value"], 5e5)
    assert_allclose(ob.fig7_weak_field_slope(frame, "42.4", "max")["value"], -3e6)


def test_fig8_threshold_and_peak_from_a_known_density():
    # ln P = a(K) s^2 + b s^4 with a = 5 (K - 1.1): the curvature at 0 changes sign at K = 1.1
    k = np.linspace(0.5, 2.0, 16)
    s = np.linspace(-1, 1, 201)
    a = 5 * (k[:, None] - 1.1)
    logp = a * s[None, :] ** 2 - 3 * s[None, :] ** 4
    density = np.exp(logp)
    density /= np.trapezoid(density, s, axis=1)[:, None]     # normalised, as the table is
    frame = pd.DataFrame({"k_over_c": np.repeat(k, s.size), "mz1_over_m0": np.tile(s, k.size),
                          "density": density.ravel()})
    result = ob.fig8_splitting_threshold(frame)
    # the second difference carries -3 h^2 (s^4 term) besides a h^2: zero at a = 3 h^2
    h = s[1] - s[0]
    assert_allclose(result["value"], 1.1 + 3 * h ** 2 / 5, rtol=1e-9)
    # at K = 2 the maximum of 4.5 s^2 - 3 s^4 is at s^2 = 0.75
    assert_allclose(ob.fig8_peak_position(frame), np.sqrt(0.75), atol=h)


def test_fig9_and_fig10_evaluators():
    chain = pd.DataFrame({"n_particles": [2, 3, 4], "chi_cn_over_chicz": [1.0, 0.7, 0.6]})
    assert_allclose(ob.fig9_largest_step(chain), -0.1)
    assert ob.fig9_longest_chain(chain) == {"value": 0.6, "n": 4}
    moments = pd.DataFrame({"t_over_tf": [1e-7] * 3 + [2e-7] * 3 + [3e-7] * 3,
                            "n_particles": [2, 3, 4] * 3,
                            "mz_over_mub": [900.0, 950.0, 960.0, 0.0, 700.0, 690.0,
                                            0.0, 0.0, 500.0]})
    growth = ob.fig10_smallest_growth_with_n(moments)
    assert growth == {"value": -10.0, "t_over_tf": 2e-7, "n": 3}
    cooling = ob.fig10_smallest_growth_on_cooling(moments)
    # n = 4: 960 -> 690 -> 500 (steps 270, 190); n = 3: 950 -> 700 -> 0 (250, 700)
    assert cooling == {"value": 190.0, "t_over_tf": 2e-7, "n": 4}
    disordered = moments.assign(mz_over_mub=0.0)
    for function in (ob.fig10_smallest_growth_with_n, ob.fig10_smallest_growth_on_cooling):
        result = function(disordered)
        assert result["value"] == 0.0 and result["n"] == -1


def test_material_numbers_from_config():
    # |chi_L| = e^2 k_F / (12 pi^2 m c^2), CODATA constants typed here
    e, m, c = 4.803204712570263e-10, 9.1093837015e-28, 2.99792458e10
    assert_allclose(ob.landau_susceptibility_of({"fermi_wavevector_per_cm": 1.21e8}),
                    e * e * 1.21e8 / (12 * np.pi ** 2 * m * c * c), rtol=1e-8)
    # T_F = E_F / k_B with k_B = 8.617333262e-5 eV/K
    config = {"fermi_energy_ev": 5.53}
    assert_allclose(ob.temperature_of(config, 1e-7, "mK"), 1e-7 * 5.53 / 8.617333262e-5 * 1e3,
                    rtol=1e-9)
    assert_allclose(ob.temperature_of(config, 5e-3), 5e-3 * 5.53 / 8.617333262e-5, rtol=1e-9)


def test_long_chain_ratio_and_temperature_units():
    """chi_c,N/chi_c^z at N = 3 is the closed form 1/lambda (lambda^2 - lambda/8 - 2 = 0); at
    N = 1000 it is within 1e-4 of 1/(2 zeta(3)) (mpmath), from above. T in K and mK from
    T/T_F and E_F (k_B from scipy.constants)."""
    import mpmath
    from scipy import constants as sc

    from nanomag.orbital_dimers import observables as obs

    lam = (1 / 8 + np.sqrt(1 / 64 + 8)) / 2
    assert obs.chain_ratio_long(3) == pytest.approx(1 / lam, rel=1e-13)
    limit = 1 / (2 * float(mpmath.zeta(3)))
    long = obs.chain_ratio_long(1000)
    assert long > limit and long == pytest.approx(limit, rel=1e-4)
    kelvin = 1e-6 * 7.0 / (sc.k / sc.e)
    assert obs.temperature_of({"fermi_energy_ev": 7.0}, 1e-6) == pytest.approx(kelvin, rel=1e-9)
    assert obs.temperature_of({"fermi_energy_ev": 7.0}, 1e-6, "mK") == pytest.approx(
        1e3 * kelvin, rel=1e-9)
