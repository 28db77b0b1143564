"""Scorecard observables of the EMR paper against independent (hand or closed-form) values."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import constants as sc

from nanomag.emr_anisotropy import observables as ob
from nanomag.emr_anisotropy import resonance as rs

MU_B = sc.physical_constants["Bohr magneton"][0]
CONFIG = {"samples": [{"name": "sample I", "a_mt": 191.5, "b_mt": 204.6, "c_mt": 0.0},
                      {"name": "sample II", "a_mt": 122.6, "b_mt": 24.1, "c_mt": 0.0}],
          "frequency_ghz": 9.45, "g": 2.0, "convention": "paper"}


def _h0(freq_ghz=9.45, g=2.0):
    return sc.h * freq_ghz * 1e9 / (g * MU_B) * 1e3


def _closed_form(a, b, freq_ghz=9.45):
    """H_res at 0 and 90 deg (paper convention, C = 0): roots of the Eq. 4 quadratics [mT]."""
    h0 = _h0(freq_ghz)
    # 1/2 (H + B)(2H + 3A + B) = h0^2 and 1/2 (H - B)(2H + 3A - B) = h0^2
    r0 = np.roots([1.0, 1.5 * a + 1.5 * b, b * (1.5 * a + 0.5 * b) - h0**2]).max()
    r90 = np.roots([1.0, 1.5 * a - 1.5 * b, -b * (1.5 * a - 0.5 * b) - h0**2]).max()
    return r0, r90


def _table(samples=("sample I", "sample II"), angles=np.arange(0.0, 181.0, 5.0)):
    rows = [pd.DataFrame({"sample": name, "alpha_h_deg": angles,
                          "h_res_mt": rs.resonance_field(angles, smp["a_mt"], smp["b_mt"])})
            for name in samples for smp in CONFIG["samples"] if smp["name"] == name]
    return pd.concat(rows, ignore_index=True)


def test_resonance_field_statement_numbers_against_closed_form():
    out = ob.resonance_field_statement(_table(), CONFIG, "sample I", 0.0, 62.0, 400.0)
    r0, r90 = _closed_form(191.5, 204.6)
    assert_allclose([out["value"], out["h_res_90_mt"]], [r0, r90], rtol=1e-9)
    assert_allclose(out["value"], 52.95, atol=0.005)          # model notes, by hand
    # the frequency found puts the closed-form 0-deg root on 62 mT
    assert_allclose(_closed_form(191.5, 204.6, out["frequency_needed_ghz"])[0], 62.0, rtol=1e-8)
    assert_allclose(out["frequency_needed_ghz"], 9.71, atol=0.005)
    # the A, B found give both stated extremes through the closed forms
    assert_allclose(_closed_form(out["a_needed_mt"], out["b_needed_mt"]), [62.0, 400.0],
                    rtol=1e-8)
    assert_allclose([out["a_needed_mt"], out["b_needed_mt"]], [181.2, 200.6], atol=0.05)
    assert out["stated_0_mt"] == 62.0 and out["stated_90_mt"] == 400.0
    assert_allclose(out["h_res_0_mt"], out["value"], rtol=1e-12)
    # the standard convention flips the signs of A and B
    kw = {"frequency_ghz": 9.45, "g": 2.0}
    assert_allclose(rs.anisotropy_from_extremes(62.0, 400.0, "b_mt", convention="standard", **kw),
                    -out["b_needed_mt"], rtol=1e-9)
    with pytest.raises(ValueError):
        rs.anisotropy_from_extremes(62.0, 400.0, "c_mt", convention="paper", **kw)


def test_extreme_angles_and_amplitude_ratio():
    t = _table()
    assert ob.extreme_field_angle(t, "sample I", "min")["value"] == 0.0
    assert ob.extreme_field_angle(t, "sample I", "max")["value"] == 90.0
    r = ob.amplitude_ratio(t, "sample II", "sample I")
    (a0, a90), (b0, b90) = _closed_form(122.6, 24.1), _closed_form(191.5, 204.6)
    assert_allclose(r["value"], (a90 - a0) / (b90 - b0), rtol=1e-9)
    low = ob.lowest_resonance_field(t)
    assert_allclose(low["value"], b0, rtol=1e-9) and low["alpha_h_deg"] in (0.0, 180.0)
    # a transposed (sample-swapped) table is caught
    with pytest.raises(KeyError):
        ob.extreme_field_angle(_table(("sample I",)), "sample II")


def test_amplitude_change_with_a_against_closed_form():
    out = ob.amplitude_change_with_a(CONFIG, "sample I")
    amp = np.subtract(*_closed_form(191.5, 204.6)[::-1])
    amp0 = np.subtract(*_closed_form(0.0, 204.6)[::-1])
    assert_allclose([out["amplitude_mt"], out["amplitude_a0_mt"]], [amp, amp0], rtol=1e-6)
    assert_allclose(out["value"], amp / amp0 - 1.0, rtol=1e-5)
    # first order in A, B / h0: amplitude 3B/2 independent of A
    small = {**CONFIG, "samples": [{"name": "s", "a_mt": 2.0, "b_mt": 1.0}]}
    assert abs(ob.amplitude_change_with_a(small, "s")["value"]) < 2e-2


def test_out_of_plane_effect_vanishes_and_is_second_order():
    zero = ob.out_of_plane_effect(CONFIG, "sample II", 0.0, 45.0)
    assert zero["value"] < 1e-9
    e1 = ob.out_of_plane_effect(CONFIG, "sample II", 0.1, 45.0)["shift_mt"]
    e2 = ob.out_of_plane_effect(CONFIG, "sample II", 0.2, 45.0)["shift_mt"]
    # the out-of-plane tilt enters the energy at second order: doubling Dxz quadruples it
    assert_allclose(e2 / e1, 4.0, rtol=0.1)


def test_sample_parameter_alternative():
    out = ob.sample_parameter(CONFIG, "sample I", "b_mt", 206.6)
    assert out["value"] == 204.6 and out["alternative"] == 206.6
    assert_allclose([out["h_res_0_alt_mt"], out["h_res_90_alt_mt"]],
                    _closed_form(191.5, 206.6), rtol=1e-9)
    # C (absent means 0) and the configured convention are used
    bare = {**CONFIG, "samples": [{"name": "s", "a_mt": 191.5, "b_mt": 204.6}]}
    assert_allclose(ob.sample_parameter(bare, "s", "b_mt", 206.6)["h_res_0_alt_mt"],
                    out["h_res_0_alt_mt"], rtol=1e-12)
    with_c = {**CONFIG, "samples": [{"name": "s", "a_mt": 191.5, "b_mt": 204.6, "c_mt": 30.0}]}
    assert abs(ob.sample_parameter(with_c, "s", "b_mt", 206.6)["h_res_0_alt_mt"]
               - out["h_res_0_alt_mt"]) > 1.0
    standard = ob.sample_parameter({**CONFIG, "convention": "standard"}, "sample I", "b_mt",
                                   206.6)
    assert_allclose([standard["h_res_0_alt_mt"], standard["h_res_90_alt_mt"]],
                    _closed_form(-191.5, -206.6), rtol=1e-9)


MAG = {"nc_diameter_nm": 2.7, "cdse_density_g_per_cm3": 5.81, "moment_mu_b": 1.73,
       "contaminant_ms_emu_per_g": 14000.0, "contaminant_ppb": 1.0, "fe_ppb_range": [1.0, 2.0],
       "iron_molar_mass_g_per_mol": 55.845, "ms_range_memu_per_g": [2.0, 6.0]}


def test_magnetometry_arithmetic_by_hand():
    mass = 5.81 * 4.0 / 3.0 * np.pi * (1.35e-7) ** 3                 # g
    assert_allclose(ob.nc_mass_g(MAG), mass, rtol=1e-12)
    # 2 memu/g = 2e-6 J/T per g (1 emu = 1e-3 J/T)
    n = 2e-6 * mass / (1.73 * MU_B)
    out = ob.dipoles_per_nc(MAG, 2.0, 10.0)
    assert_allclose(out["value"], n, rtol=1e-12)
    assert_allclose(out["value"], 7.46e-3, rtol=1e-3)
    assert_allclose(out["ms_needed_memu_per_g"] * mass * 1e-6 / (1.73 * MU_B), 10.0, rtol=1e-9)
    assert_allclose(out["factor"], 10.0 / n, rtol=1e-9)
    assert out["ms_memu_per_g"] == 2.0 and out["nc_mass_g"] == pytest.approx(mass, rel=1e-12)
    # diameter, density and moment all enter
    for key, factor in (("nc_diameter_nm", 2.0**3), ("cdse_density_g_per_cm3", 2.0),
                        ("moment_mu_b", 0.5)):
        doubled = {**MAG, key: 2.0 * MAG[key]}
        assert_allclose(ob.dipoles_per_nc(doubled, 2.0, 10.0)["value"], factor * n, rtol=1e-12)
    assert_allclose(ob.contaminant_magnetization(MAG)["value"], 14000e-9 * 1e3, rtol=1e-12)
    assert_allclose(ob.measured_over_contaminant(MAG)["value"], 2.0 / 0.014, rtol=1e-12)
    cont = ob.contaminant_magnetization(MAG)
    assert cont["ms_emu_per_g"] == 14000.0
    ratio = ob.measured_over_contaminant(MAG)
    assert ratio["ms_low_memu_per_g"] == 2.0
    assert_allclose(ratio["contaminant_memu_per_g"], 0.014, rtol=1e-12)
    fe = 55.845 * sc.atomic_mass * 1e3
    atoms = ob.ncs_per_iron_atom(MAG)
    assert_allclose(atoms["value"], fe / (1.5e-9 * mass), rtol=1e-12)
    assert_allclose([atoms["ncs_low_ppb"], atoms["ncs_high_ppb"]],
                    [fe / (1e-9 * mass), fe / (2e-9 * mass)], rtol=1e-12)
    assert atoms["ppb"] == 1.5 and atoms["fe_atom_g"] == pytest.approx(9.2733e-23, rel=1e-4)
    moment = ob.printed_moment_formula({"moment_mu_b": 1.73})
    assert moment["value"] == 0.75 and moment["configured"] == 1.73
    assert_allclose([moment["sqrt_form"], moment["g_sqrt_form"]], [np.sqrt(0.75), np.sqrt(3.0)],
                    rtol=1e-12)


def test_median_stderr_matches_normal_asymptotics():
    x = np.random.default_rng(0).normal(size=40000)
    med, err = ob.median_with_stderr(x)
    assert abs(med) < 4 * err
    # se(median) = sqrt(pi/2) sigma / sqrt(n) for a normal sample
    assert_allclose(err, np.sqrt(np.pi / 2) / np.sqrt(x.size), rtol=0.1)


def _mc_table(rng, n_nc_values=(2, 100), n=4000):
    rows = []
    for k, n_nc in enumerate(n_nc_values):
        loga = rng.uniform(-1.0, 4.0, n) + 0.5 * k        # log10|A| uniform over 5 decades
        rows.append(pd.DataFrame({
            "n_nc": n_nc, "a_mt": 10.0**loga * rng.choice([-1, 1], n),
            "b_mt": 10.0 ** rng.uniform(0.0, 2.0, n),
            "n_dominant_pairs": rng.integers(1, 6, n),
            "dominant_with_extra": (rng.random(n) < 0.3).astype(int),
            "closest_pair_inter_nc": (rng.random(n) < 0.1).astype(int),
            "closest_pair_nm": rng.uniform(0.1, 0.5, n)}))
    return pd.concat(rows, ignore_index=True)


def test_distribution_statistics_on_known_distributions():
    rng = np.random.default_rng(1)
    t = _mc_table(rng)
    span = ob.log10_span(t, 2, "a_mt", 0.98)
    assert_allclose(span["decades"], 0.98 * 5.0, atol=0.05)    # uniform over 5 decades
    shift = ob.median_shift(t, 100, 2, "a_mt")
    assert abs(shift["value"] - 0.5) < 4 * shift["stderr"]      # medians differ by 0.5
    assert_allclose(shift["stderr"], np.sqrt(2) * 5.0 / (2 * np.sqrt(4000)), rtol=0.15)
    frac = ob.fraction_of_ensembles(t, 2, "dominant_with_extra")
    assert abs(frac["value"] - 0.3) < 4 * frac["stderr"]
    assert ob.median_dominant_pairs(t, 100)["value"] == 3.0
    assert_allclose(ob.median_closest_pair_angstrom(t, 2)["value"], 3.0, atol=0.1)
    inside = ob.inside_distribution(t, 10.0**3.5, "a_mt")
    # n_NC = 2: F = 0.9 (log10 3.5 of [-1, 4]); n_NC = 100: F = 0.8 -> min(F, 1-F) = 0.1
    assert_allclose(inside["value"], 0.1, atol=0.02) and inside["n_nc"] == 2
    assert ob.inside_distribution(t, 1e6, "a_mt")["value"] == 0.0
    with pytest.raises(KeyError):
        ob.log10_span(t, 20)


def _negated(config):
    """The same samples in the standard convention: (A, B, C) -> -(A, B, C) (model notes)."""
    return {**config, "convention": "standard",
            "samples": [{k: (-v if k.endswith("_mt") else v) for k, v in smp.items()}
                        for smp in config["samples"]]}


@pytest.mark.parametrize("stated_0", [45.0, 52.45, 150.0])
def test_frequency_needed_below_and_far_above(stated_0):
    """The frequency that puts the 0-deg closed-form root on a stated field below the model
    value (a lower frequency; 0.5 mT below it too) and far above it (several bracket
    steps); the standard
    convention with negated A, B gives the same numbers."""
    out = ob.resonance_field_statement(_table(), CONFIG, "sample I", 0.0, stated_0, 400.0)
    assert_allclose(_closed_form(191.5, 204.6, out["frequency_needed_ghz"])[0], stated_0,
                    rtol=1e-8)
    assert (out["frequency_needed_ghz"] < 9.45) == (stated_0 < 52.95)
    std = ob.resonance_field_statement(_table(), _negated(CONFIG), "sample I", 0.0, stated_0,
                                       400.0)
    assert_allclose(std["frequency_needed_ghz"], out["frequency_needed_ghz"], rtol=1e-9)


def test_statements_use_the_sample_c_and_treat_a_missing_c_as_zero():
    """C of the sample enters every library call; a sample without C is C = 0."""
    bare = {**CONFIG, "samples": [{"name": "s", "a_mt": 191.5, "b_mt": 204.6}]}
    out = ob.resonance_field_statement(_table(), {**bare, "samples": [
        {**bare["samples"][0], "name": "sample I"}]}, "sample I", 0.0, 62.0, 400.0)
    assert_allclose(_closed_form(191.5, 204.6, out["frequency_needed_ghz"])[0], 62.0, rtol=1e-8)
    with_c = {**CONFIG, "samples": [{"name": "sample I", "a_mt": 191.5, "b_mt": 204.6,
                                     "c_mt": 40.0}]}
    out_c = ob.resonance_field_statement(_table(), with_c, "sample I", 0.0, 62.0, 400.0)
    assert_allclose(rs.resonance_field(np.array([0.0]), 191.5, 204.6, 40.0,
                                       out_c["frequency_needed_ghz"])[0], 62.0, rtol=1e-8)
    assert abs(out_c["frequency_needed_ghz"] - out["frequency_needed_ghz"]) > 0.01
    # the amplitude with A and without A, for the sample's C and for C absent (= 0)
    amp = ob.amplitude_change_with_a(bare, "s")
    assert_allclose(amp["amplitude_mt"], np.subtract(*_closed_form(191.5, 204.6)[::-1]),
                    rtol=1e-6)
    angles = np.linspace(0.0, 180.0, 3601)
    amp_c = ob.amplitude_change_with_a(with_c, "sample I")
    for key, a in (("amplitude_mt", 191.5), ("amplitude_a0_mt", 0.0)):
        assert_allclose(amp_c[key], np.ptp(rs.resonance_field(angles, a, 204.6, 40.0)),
                        rtol=1e-4)
    assert_allclose(ob.amplitude_change_with_a(_negated(with_c), "sample I")["value"],
                    amp_c["value"], rtol=1e-9)


def test_first_order_amplitude_is_three_halves_b():
    """To first order in A/h0, B/h0 the amplitude is 3|B|/2 (the "linear" number)."""
    small = {**CONFIG, "samples": [{"name": "s", "a_mt": 2.0, "b_mt": -1.2}]}
    out = ob.amplitude_change_with_a(small, "s")
    assert out["linear_mt"] == pytest.approx(1.8, rel=1e-12)
    assert_allclose(out["amplitude_mt"], out["linear_mt"], rtol=1e-2)   # O(B/h0) ~ 4e-3


def test_out_of_plane_effect_numbers_against_the_general_solver():
    """Shift of H_res by Dxz = Dyz = 0.2 B at 0, 45, 90, 135 deg, from the in-plane solver
    and the general one called directly with the traceless tensor (Dxx + Dyy = A,
    Dxx - Dyy = B, Dxy = C, Dzz = -A), C != 0 and a non-default frequency; the standard
    convention with negated A, B, C gives the same numbers."""
    a, b, c = 122.6, 24.1, 15.0
    cfg = {"samples": [{"name": "s", "a_mt": a, "b_mt": b, "c_mt": c}], "frequency_ghz": 9.8,
           "g": 2.0, "convention": "paper"}
    e = 0.2 * b
    d = np.array([[(a + b) / 2, c, e], [c, (a - b) / 2, e], [e, e, -a]])
    angles = np.array([0.0, 45.0, 90.0, 135.0])
    plane = rs.resonance_field(angles, a, b, c, frequency_ghz=9.8)
    full = rs.resonance_field_general(angles, d, frequency_ghz=9.8)
    shift = np.abs(full - plane)
    k = int(np.argmax(shift))
    assert k != 0
    for config in (cfg, _negated(cfg)):
        out = ob.out_of_plane_effect(config, "s", 0.2, 45.0)
        assert_allclose([out["shift_mt"], out["amplitude_mt"]], [shift[k], np.ptp(plane)],
                        rtol=1e-6)
        assert out["alpha_h_deg"] == angles[k]
        assert_allclose(out["value"], shift[k] / np.ptp(plane), rtol=1e-6)
        assert_allclose(abs(out["dxz_mt"]), e, rtol=1e-12)


def test_out_of_plane_default_step_is_15_degrees():
    out = ob.out_of_plane_effect(CONFIG, "sample II", 0.2)
    coarse = ob.out_of_plane_effect(CONFIG, "sample II", 0.2, 45.0)
    assert out["alpha_h_deg"] % 15.0 == 0.0
    assert out["shift_mt"] >= coarse["shift_mt"] - 1e-9       # 15-deg grid contains 45-deg


def test_extremes_read_from_the_table_wherever_they_are():
    """A hand-made curve 100 + 50 cos 2(alpha - 40 deg): minimum at 130 deg, maximum at
    40 deg, lowest field 50 mT there (not at the first row)."""
    alpha = np.arange(0.0, 180.0, 10.0)
    t = pd.DataFrame({"sample": "x", "alpha_h_deg": alpha,
                      "h_res_mt": 100 + 50 * np.cos(2 * np.deg2rad(alpha - 40.0))})
    assert ob.extreme_field_angle(t, "x", "min") == {"value": 130.0, "h_res_mt": 50.0}
    assert ob.extreme_field_angle(t, "x", "max") == {"value": 40.0, "h_res_mt": 150.0}
    assert ob.lowest_resonance_field(t) == {"value": 50.0, "alpha_h_deg": 130.0}


def test_missing_rows_are_named():
    with pytest.raises(KeyError, match="no sample 'nope'"):
        ob.sample_parameter(CONFIG, "nope", "b_mt")
    with pytest.raises(KeyError, match="no sample 'sample II' in the resonance_field table"):
        ob.amplitude_ratio(_table(("sample I",)), "sample II", "sample I")
    with pytest.raises(KeyError, match="no single row at 0.0 deg"):
        ob.resonance_field_statement(_table(angles=np.arange(5.0, 181.0, 5.0)), CONFIG,
                                     "sample I", 0.0, 62.0, 400.0)
    with pytest.raises(KeyError, match="no n_NC = 20"):
        ob.median_dominant_pairs(pd.DataFrame({"n_nc": [2], "n_dominant_pairs": [1]}), 20)


def test_median_error_order_statistics_by_hand():
    """Ranks n/2 -+ sqrt(n)/2 (0-based: floor(n/2 - sqrt(n)/2) and ceil(n/2 + sqrt(n)/2) - 1)."""
    assert ob.median_with_stderr([5.0]) == (5.0, 0.0)
    assert ob.median_with_stderr([3.0, 1.0]) == (2.0, 1.0)           # ranks 0 and 1
    assert ob.median_with_stderr([1.0, 2.0, 4.0, 8.0]) == (3.0, 1.0)   # ranks 1 and 2: (4-2)/2
    v = np.arange(9.0) ** 2                                            # ranks 3 and 5
    assert ob.median_with_stderr(v[::-1]) == (16.0, 0.5 * (25.0 - 9.0))


def test_distribution_numbers_by_hand():
    t = pd.DataFrame({"n_nc": 10,
                      "a_mt": [-300.0, 100.0, 100.5, 50.0, -2000.0, 1.0, 7.0, 3.0],
                      "n_dominant_pairs": [1, 1, 2, 4, 5, 11, 3, 1],
                      "dominant_with_extra": [1, 0, 0, 1, 1, 1, 0, 0],
                      "closest_pair_nm": [0.26, 0.30, 0.1, 0.5, 0.2, 0.4, 0.35, 0.45]})
    dom = ob.median_dominant_pairs(t, 10)
    assert dom == {"value": 2.5, "n_nc": 10, "fraction_one": 3 / 8, "fraction_2_to_4": 3 / 8}
    frac = ob.fraction_of_ensembles(t, 10, "dominant_with_extra")
    assert frac["value"] == 0.5
    assert frac["stderr"] == pytest.approx(np.sqrt(0.25 / 8), rel=1e-12)
    assert frac["median_closest_nm"] == pytest.approx(0.325, rel=1e-12)
    # |A| > 100 mT: -300 (0.26 nm), 100.5 (0.1 nm), -2000 (0.2 nm); 100 itself is not above
    close = ob.median_closest_pair_angstrom(t, 10)
    assert close["n_large"] == 3 and close["large_below_bond"] == 2
    assert close["median_large_angstrom"] == pytest.approx(2.0, rel=1e-12)
    assert close["value"] == pytest.approx(3.25, rel=1e-12)
    # sampling error under the key the scorecard reads: sorted 1, 2, 2.6, 3, 3.5, 4, 4.5,
    # 5 Angstrom, ranks floor(4 - sqrt(2)) = 2 and ceil(4 + sqrt(2)) - 1 = 5: (4 - 2.6) / 2
    assert close["stderr"] == pytest.approx(0.7, rel=1e-12) and close["n_nc"] == 10
    quiet = ob.median_closest_pair_angstrom(t[np.abs(t["a_mt"]) < 100], 10)
    assert quiet["n_large"] == 0 and np.isnan(quiet["median_large_angstrom"])
    # F = fraction strictly below 7 mT: 1, 3 -> 2 of 8 (7 itself not below)
    inside = ob.inside_distribution(t, 7.0)
    assert inside == {"value": 0.25, "measured_mt": 7.0, "n_nc": 10, "max_mt": 2000.0,
                      "min_mt": 1.0, "fraction_below": 0.25}


def test_span_and_shift_numbers():
    rng = np.random.default_rng(3)
    t = _mc_table(rng)
    span = ob.log10_span(t, 2)                                    # default: central 98 %
    n = 4000
    tol = 4 * np.sqrt(0.01 * 0.99 / n) / 0.2                      # quantile error [decades]
    assert abs(np.log10(span["low_mt"]) - (-1.0 + 0.05)) < tol    # 1st percentile of U(-1, 4)
    assert abs(np.log10(span["high_mt"]) - (4.0 - 0.05)) < tol
    assert span["value"] == pytest.approx(span["high_mt"] / span["low_mt"], rel=1e-9)
    assert span["value"] == pytest.approx(10.0 ** span["decades"], rel=1e-9)
    assert span["coverage_percent"] == pytest.approx(98.0, rel=1e-12)
    shift = ob.median_shift(t, 100, 2)
    assert shift["sigmas"] == pytest.approx(abs(shift["value"]) / shift["stderr"], rel=1e-12)
    assert shift["value"] == pytest.approx(shift["median"] - shift["reference_median"])


def test_default_extreme_is_the_minimum_and_a_shift_without_scatter():
    alpha = np.arange(0.0, 180.0, 10.0)
    t = pd.DataFrame({"sample": "x", "alpha_h_deg": alpha,
                      "h_res_mt": 100 + 50 * np.cos(2 * np.deg2rad(alpha - 40.0))})
    assert ob.extreme_field_angle(t, "x")["value"] == 130.0
    # identical ensembles: both medians exact (error 0), no shift, infinitely many sigmas
    flat = pd.DataFrame({"n_nc": [2] * 5 + [10] * 5, "a_mt": [3.0] * 10})
    shift = ob.median_shift(flat, 10, 2)
    assert shift["value"] == 0.0 and shift["stderr"] == 0.0 and shift["sigmas"] == np.inf


def test_out_of_plane_effect_of_a_sample_without_c():
    """No C in the sample means C = 0: without Dxz, Dyz no shift, and the amplitude over
    0, 45, 90, 135 deg is H_res(90) - H_res(0) of the Eq. 4 quadratics."""
    bare = {**CONFIG, "samples": [{"name": "s", "a_mt": 122.6, "b_mt": 24.1}]}
    out = ob.out_of_plane_effect(bare, "s", 0.0, 45.0)
    r0, r90 = _closed_form(122.6, 24.1)
    assert out["value"] < 1e-9
    assert_allclose(out["amplitude_mt"], r90 - r0, rtol=1e-9)


@pytest.mark.parametrize("step, gap_mt", [(1.05, 0.02), (1.0 / 1.05, -0.02)])
def test_frequency_needed_when_a_bracket_step_lands_next_to_the_stated_field(step, gap_mt):
    """A stated 0-deg field 0.02 mT beyond H_res at nu * 1.05 (or nu / 1.05): the first
    bracket step stops just short of the root, on the same side as nu (a product of the two
    residuals far below 1 mT^2, but positive); the frequency must still be the one of the
    inverted Eq. 4 closed form, nu = g mu_B sqrt(1/2 (S + B)(2S + 3A + B)) / h."""
    a, b = 191.5, 204.6
    stated = _closed_form(a, b, 9.45 * step)[0] + gap_mt
    out = ob.resonance_field_statement(_table(), CONFIG, "sample I", 0.0, stated, 400.0)
    h0_needed = np.sqrt(0.5 * (stated + b) * (2 * stated + 3 * a + b))   # [mT]
    expected = h0_needed * 1e-3 * 2.0 * MU_B / sc.h / 1e9                # [GHz]
    assert_allclose(out["frequency_needed_ghz"], expected, rtol=1e-9)
    # beyond the first step: not the step itself
    assert abs(out["frequency_needed_ghz"] - 9.45 * step) > 1e-5
