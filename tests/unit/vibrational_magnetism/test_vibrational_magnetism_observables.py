"""The scorecard evaluators read the right numbers from the figures' tables.

Tables are built here with known answers (or by a library table builder whose values are
then recomputed independently); expected values are derived by hand in each test.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from vm_brute import K_B, coth_over_omega, gauss_legendre_square_average

from nanomag.vibrational_magnetism import observables as obs

FIG1 = dict(exchange=-1.0, i12=0.1, i21=0.3, alpha=1.0, zeta=0.2, i_minus_sign="exact")


def test_eq2_printed_deviation_is_i21():
    # I_-(printed) - I_-(exact) = [(I12 + I21) - (I12 - I21)]/2 = I21, on the m = 0 pair
    result = obs.eq2_printed_deviation(FIG1)
    assert_allclose(result["value"], 0.3, atol=1e-12)
    assert result["exact_sign"] < 1e-12
    assert (result["i12"], result["i21"]) == (0.1, 0.3)
    assert_allclose(obs.eq2_printed_deviation(dict(FIG1, exchange=-2.0))["value"], 0.15,
                    atol=1e-12)      # in units of |J|


def test_eq2_condition_over_exact():
    cfg = dict(FIG1, i12=0.2, i21=0.2, zeta=0.1)
    exact = obs.eq2_condition_over_exact(cfg)
    # by hand: |alpha| = (1 + sqrt(1 + 4 zeta^2))/2 - I, I = (I12 + I21)/2 = 0.2
    assert_allclose(exact["exact"], (1 + np.sqrt(1.04)) / 2 - 0.2, rtol=1e-9)
    assert_allclose(exact["value"], 1.0, rtol=1e-9)
    assert_allclose(exact["condition"], exact["exact"], rtol=1e-9)
    # printed sign: I = (I12 - I21)/2 = 0, so the condition says (1 + sqrt(1.04))/2
    printed = obs.eq2_condition_over_exact(dict(cfg, i_minus_sign="printed"))
    assert_allclose(printed["value"], (1 + np.sqrt(1.04)) / 2 / exact["exact"], rtol=1e-9)


def test_ground_state_m():
    table = pd.DataFrame({"panel": ["a", "a", "c", "c"], "m_z": [0, 1, 0, -1],
                          "energy_ed_over_abs_j": [-0.7, 0.2, 0.1, -0.9]})
    assert obs.ground_state_m(table, "a") == 0.0
    assert obs.ground_state_m(table, "c") == 1.0
    with pytest.raises(ValueError, match="no panel 'b'"):
        obs.ground_state_m(table, "b")


def test_zero_temperature_inverse_ratio():
    assert_allclose(obs.zero_temperature_inverse_ratio({"reading": "exact"})["value"], 1.0,
                    rtol=1e-9)
    # printed levels cross at 35 a^2 - 48 a + 15 = 0 (larger root)
    root = (48 + np.sqrt(48**2 - 4 * 35 * 15)) / 70
    result = obs.zero_temperature_inverse_ratio({"reading": "eq5_printed"})
    assert_allclose(result["value"], 1 / root, rtol=1e-8)
    assert_allclose(result["eq5_printed"], root, rtol=1e-8)
    assert_allclose(result["exact"], 1.0, rtol=1e-9)
    # a field on one spin only: no crossover, and the statement is about the S = 1/2 dimer
    with pytest.raises(ValueError, match=r"no T = 0 crossover.*spin=0\.5"):
        obs.zero_temperature_inverse_ratio({"reading": "field_on_one_spin"})


def _fig2_table(c, spin=0.5, slope=1.0, scale=1.0):
    """M(J, alpha) rising linearly (``slope`` per meV) through 1/2 at |alpha| = c J, clipped
    to [0, 1], odd in alpha (J > 0); J and alpha multiplied by ``scale`` (M unchanged)."""
    j = np.linspace(-4, 4, 9)
    a = np.linspace(-4, 4, 81)
    jj, aa = np.meshgrid(j, a, indexing="ij")
    m = np.where(jj > 0, np.clip(0.5 + slope * (np.abs(aa) - c * jj), 0, 1), 1.0) * -np.sign(aa)
    jj, aa = scale * jj, scale * aa
    return pd.DataFrame({"spin": spin, "exchange_mev": jj.ravel(), "alpha_mev": aa.ravel(),
                         "total_moment": m.ravel()})


def test_fig2_crossover_inverse_ratio():
    # crossings at |alpha| = 0.43 J = 0.86, 1.29, 1.72 meV lie between grid points (step 0.1):
    # the linear interpolation of the linear M is exact
    result = obs.fig2_crossover_inverse_ratio(_fig2_table(0.43), 0.5)
    assert_allclose(result["value"], 1 / 0.43, rtol=1e-9)
    assert_allclose(result["alpha_over_j"], 0.43, rtol=1e-9)
    assert result["j_low"] == 2.0 and result["j_high"] == 4.0   # the upper half of J > 0
    assert result["columns"] == 3.0
    # a column already magnetised at alpha = 0 and one that never crosses are skipped
    table = _fig2_table(0.43)
    table.loc[table["exchange_mev"] == 2.0, "total_moment"] = 0.9
    table.loc[table["exchange_mev"] == 4.0, "total_moment"] = 0.1
    result = obs.fig2_crossover_inverse_ratio(table, 0.5)
    assert result["columns"] == 1.0 and result["j_low"] == 3.0 == result["j_high"]
    with pytest.raises(ValueError, match="no spin 1.0"):
        obs.fig2_crossover_inverse_ratio(_fig2_table(0.43), 1.0)
    with pytest.raises(ValueError, match="reaches"):
        obs.fig2_crossover_inverse_ratio(_fig2_table(3.0), 0.5)


def test_fig2_crossover_uses_the_bracketing_points_of_the_first_crossing():
    """Linear interpolation between the two grid points that bracket the first |M| = 1/2."""
    # steep rise (5 per meV) saturating at M = 1 one grid point above every crossing: the
    # bracketing pair lies on the straight part, so the crossing 0.43 J is exact; a pair
    # taken further up (the saturated point) would put it lower
    result = obs.fig2_crossover_inverse_ratio(_fig2_table(0.43, slope=5.0), 0.5)
    assert_allclose(result["alpha_over_j"], 0.43, rtol=1e-9)
    # J/|alpha_c| is dimensionless: J and alpha in units five times smaller (all J < 1 meV)
    small = obs.fig2_crossover_inverse_ratio(_fig2_table(0.43, scale=0.2), 0.5)
    assert_allclose(small["value"], 1 / 0.43, rtol=1e-9)
    assert small["columns"] == 3.0 and small["j_low"] == pytest.approx(0.4)
    # crossing between alpha = 0 (M = 0) and the first step: M = 0 -> 1 at |alpha| = 0.1,
    # crossing at 0.05 meV on the J = 2 column
    table = _fig2_table(0.43)
    col = table["exchange_mev"] == 2.0
    table.loc[col, "total_moment"] = np.where(table.loc[col, "alpha_mev"] == 0, 0.0,
                                              -np.sign(table.loc[col, "alpha_mev"]))
    keep = table["exchange_mev"] == 2.0
    only = obs.fig2_crossover_inverse_ratio(table[keep], 0.5)   # the J = 2 column alone
    assert_allclose(only["alpha_over_j"], 0.05 / 2.0, rtol=1e-9)
    # first reaching 1/2: a plateau at exactly M = 1/2 from |alpha| = 0.5 to 0.7 on J = 2
    table = _fig2_table(0.43)
    col = table["exchange_mev"] == 2.0
    mag = np.clip(np.abs(table.loc[col, "alpha_mev"]), 0, 1.0)
    mag = np.where((mag >= 0.5) & (mag <= 0.7), 0.5, mag)
    table.loc[col, "total_moment"] = mag * -np.sign(table.loc[col, "alpha_mev"])
    plateau = obs.fig2_crossover_inverse_ratio(table[table["exchange_mev"] == 2.0], 0.5)
    assert_allclose(plateau["alpha_over_j"], 0.5 / 2.0, rtol=1e-9)
    # M odd in alpha but already 0.9 at alpha = 0 (magnetised column): skipped, not
    # interpolated against the alpha > 0 side
    table = _fig2_table(0.43)
    col = table["exchange_mev"] == 2.0
    table.loc[col, "total_moment"] = np.where(table.loc[col, "alpha_mev"] > 0, -0.9, 0.9)
    result = obs.fig2_crossover_inverse_ratio(table, 0.5)
    assert result["columns"] == 2.0 and result["j_low"] == 3.0
    assert_allclose(result["alpha_over_j"], 0.43, rtol=1e-9)
    # a ferromagnetic map (J <= 0 only; free spins at J = 0) has no AFM crossover
    fm = _fig2_table(0.43)
    with pytest.raises(ValueError, match="reaches"):
        obs.fig2_crossover_inverse_ratio(fm[fm["exchange_mev"] <= 0], 0.5)


def test_fig2_fm_magnetised_fraction():
    table = _fig2_table(0.4)
    result = obs.fig2_fm_magnetised_fraction(table)
    assert result["value"] == 1.0
    assert_allclose(result["min_abs_moment"], 1.0)
    table.loc[(table["exchange_mev"] == -4) & (table["alpha_mev"] == 1.0), "total_moment"] = 0.0
    n_fm = int(((table["exchange_mev"] < 0) & (table["alpha_mev"] != 0)).sum())
    assert_allclose(obs.fig2_fm_magnetised_fraction(table)["value"], 1 - 1 / n_fm)
    with pytest.raises(ValueError, match="no point with J < 0"):
        obs.fig2_fm_magnetised_fraction(table[table["exchange_mev"] > 0])


def test_fig2_afm_moment_below_crossover():
    table = pd.DataFrame({"spin": [1.0, 1.0, 1.0, 1.0], "exchange_mev": [3.0, 3.0, 3.0, 0.5],
                          "alpha_mev": [0.0, -0.9, -1.1, 0.0],
                          "total_moment": [0.0, 0.04, 1.5, 0.9]})
    # T = 3 K: J >= 10 k_B T = 2.585 meV; only (3, 0) and (3, -0.9) have 3|alpha| < J
    result = obs.fig2_afm_moment_below_crossover(table, {"temperature_k": 3.0})
    assert_allclose(result["value"], 0.04 / 2.0)
    assert result["alpha_mev"] == -0.9 and result["exchange_mev"] == 3.0
    assert_allclose(result["j_min"], 30 * K_B, rtol=1e-9)
    with pytest.raises(ValueError, match="no AFM point with J >= 25.9 meV"):
        obs.fig2_afm_moment_below_crossover(table, {"temperature_k": 30.0})
    # M / 2S for S = 1/2 and S = 2; the boundary 3|alpha| = J (3 * 1.0 = 3.0 exactly) is
    # already past the crossing, and J = 10 k_B T itself is far enough from thermal smearing
    j_min = result["j_min"]
    table = pd.DataFrame({"spin": [0.5, 2.0, 2.0, 0.5], "exchange_mev": [3.0, 3.0, 3.0, j_min],
                          "alpha_mev": [-0.5, -0.9, -1.0, 0.0],
                          "total_moment": [0.08, 0.2, 2.0, 0.0]})
    result = obs.fig2_afm_moment_below_crossover(table, {"temperature_k": 3.0})
    assert_allclose(result["value"], 0.08)         # 0.08 / (2 * 0.5) > 0.2 / (2 * 2)
    assert result["alpha_mev"] == -0.5
    only_edge = table.iloc[[2, 3]]                 # the 3|alpha| = J point and J = 10 k_B T
    result = obs.fig2_afm_moment_below_crossover(only_edge, {"temperature_k": 3.0})
    assert result["value"] == 0.0 and result["exchange_mev"] == j_min


def test_fig3_ratios_from_the_table():
    from nanomag.vibrational_magnetism.anharmonic import displacement_factor_table

    table = displacement_factor_table({"omega0_mev": [1.0, 5.0, 20.0],
                                       "temperature_k": {"start": 2.0, "stop": 300.0,
                                                         "num": 7}}).frame
    result = obs.fig3_low_energy_ratio(table)
    assert (result["omega0"], result["t_min"], result["t_max"]) == (1.0, 2.0, 300.0)
    assert_allclose(result["value"], coth_over_omega(300.0, 1.0) / coth_over_omega(2.0, 1.0),
                    rtol=1e-9)
    waning = obs.fig3_waning_fraction(table)
    assert waning["value"] == 1.0
    assert_allclose(waning["highest_ratio"],
                    coth_over_omega(300.0, 20.0) / coth_over_omega(2.0, 20.0), rtol=1e-9)
    reversed_rise = table.assign(omega0_mev=-table["omega0_mev"])   # order reversed
    assert obs.fig3_waning_fraction(reversed_rise)["value"] == 0.0
    flat = table.assign(coth_over_omega0_per_mev=1.0)     # no variation at all: not waning
    assert obs.fig3_waning_fraction(flat)["value"] == 0.0
    with pytest.raises(ValueError, match="at least two omega0"):
        obs.fig3_waning_fraction(table[table["omega0_mev"] == 1.0])
    two = obs.fig3_waning_fraction(table[table["omega0_mev"] != 5.0])   # two omega0 suffice
    assert two["value"] == 1.0


def _fig4_table():
    """S = 2 map, omega0 = 1: M = 4 on J < 0, 0 on J > 0 at T = 1 and 3, M = 2 (half of 2S)
    everywhere at T = 9 except M = 4 at J = 0."""
    j = np.array([-4.0, -2.0, 0.0, 1.0, 2.0, 4.0])
    t = np.array([1.0, 3.0, 9.0])
    jj, tt = np.meshgrid(j, t, indexing="ij")
    m = np.where(tt == 9.0, np.where(jj == 0, 4.0, 2.0), np.where(jj < 0, 4.0, 0.0))
    # alpha(T) of one omega0 (the same for every J), not proportional to T
    return pd.DataFrame({"omega0_mev": 1.0, "exchange_mev": jj.ravel(),
                         "temperature_k": tt.ravel(), "alpha_mev": -1.5 * np.sqrt(tt.ravel()),
                         "total_moment": m.ravel()})


def test_fig4_class_fraction():
    table, cfg = _fig4_table(), {"spin": 2.0}
    frac = lambda side, when, state: obs.fig4_class_fraction(table, cfg, 1.0, side, when,
                                                             state)["value"]
    assert frac("fm", "t_min", "full") == 1.0
    assert frac("afm", "t_min", "none") == 1.0       # J >= J_max/2 = 2 (not J = 1)
    assert frac("both", "t_max", "partial") == 1.0   # M/2S = 0.5; J = 0 is in neither side
    assert frac("fm", "t_max", "not_full") == 1.0
    assert_allclose(frac("fm", "all", "full"), 2 / 3)  # two of the three rows
    result = obs.fig4_class_fraction(table, cfg, 1.0, "afm", "all", "none")
    assert_allclose(result["value"], 2 / 3)
    assert result["max_fraction"] == 0.5 and result["t_at_max"] == 9.0
    assert result["min_fraction"] == 0.0 and result["j_min"] == 2.0
    assert_allclose(result["beta_alpha_high"], 4.5 / (K_B * 9.0))    # |alpha(9 K)| = 4.5
    # both sides at T_min: J = -4, -2 full (not none), J = 2 (= J_max/2) and 4 none
    assert frac("both", "t_min", "none") == 0.5
    with pytest.raises(ValueError, match="state must be one of"):
        obs.fig4_class_fraction(table, cfg, 1.0, "fm", "all", "strong")
    with pytest.raises(ValueError, match="no omega0 = 2.0 meV"):
        obs.fig4_class_fraction(table, cfg, 2.0, "fm", "all", "full")


def test_moment_class_boundaries():
    f = np.array([0.0, 0.1, 0.5, 0.9, 1.0])
    assert list(obs._in_class(f, "full")) == [False, False, False, True, True]
    assert list(obs._in_class(f, "none")) == [True, True, False, False, False]
    assert list(obs._in_class(f, "partial")) == [False, False, True, False, False]
    assert list(obs._in_class(f, "not_full")) == [True, True, True, False, False]


def _fig5_table():
    t = np.linspace(1.0, 300.0, 300)
    rise = 1 - np.exp(-t / 30)
    curves = {("a", 1e-7): rise, ("a", 1e-5): 2 * rise, ("a", 1e-3): 3 * rise,
              ("b", 1e-7): rise, ("b", 1e-3): rise * np.exp(-t / 1000)}
    rows = [pd.DataFrame({"panel": p, "phi_over_omega0": phi, "temperature_k": t,
                          "moment_per_site": 1e-3 * m, "visibility_factor": 1.0})
            for (p, phi), m in curves.items()]
    # rows in no particular order: the evaluators must sort by Phi and by T themselves
    table = pd.concat(rows, ignore_index=True)
    return table.sample(frac=1.0, random_state=3).reset_index(drop=True), t


def test_fig5_growth_and_peak():
    table, t = _fig5_table()
    assert obs.fig5_growth_fraction(table, "a")["value"] == 1.0
    growth = obs.fig5_growth_fraction(table, "b")
    assert growth["phi"] == 1e-3 and growth["value"] < 1.0
    peak = obs.fig5_peak_decay(table, "b")
    m = (1 - np.exp(-t / 30)) * np.exp(-t / 1000)
    assert_allclose(peak["value"], (m.max() - m[-1]) / m.max(), rtol=1e-12)
    assert peak["t_peak"] == t[np.argmax(m)] and peak["phi"] == 1e-3
    assert peak["t_max"] == 300.0
    assert obs.fig5_peak_decay(table, "a")["value"] == 0.0
    # every curve of panel a grows to T_max (no decay): the first, smallest Phi, is reported
    assert obs.fig5_peak_decay(table, "a")["phi"] == 1e-7
    # curves capped at 5e-4 are flat above it and do not grow there: step i grows iff
    # m(T_i) < 5e-4; the largest curve (3e-3 (1 - e^{-T/30}), Phi = 1e-3) is capped first
    flat = table.assign(moment_per_site=np.minimum(table["moment_per_site"], 5e-4))
    growth = obs.fig5_growth_fraction(flat, "a")
    rising = np.sum(3e-3 * (1 - np.exp(-t[:-1] / 30)) < 5e-4)
    assert 0 < rising < len(t) - 1
    assert_allclose(growth["value"], rising / (len(t) - 1))
    assert growth["phi"] == 1e-3


FIG5 = dict(n_k=101, k_max_per_angstrom=np.pi, spin_lattice_over_abs_exchange=1.0,
            r_a_angstrom=1.0, r_s_angstrom=1.0, spin=0.5, omega0_mev=0.1,
            panels=[{"letter": "a", "sign": "afm", "abs_exchange_mev": 5.0},
                    {"letter": "b", "sign": "fm", "abs_exchange_mev": 7.0}])


def test_linear_response_high_t_limit():
    mean_a = gauss_legendre_square_average(
        lambda k: np.sqrt(2) * np.pi * 5.0 * np.exp(-k**2 / 4), np.pi)
    expected = 4 * 1e-5 * 0.75 * mean_a / 0.1
    assert_allclose(obs.linear_response_high_t_limit(FIG5, 5.0, 1e-5), expected, rtol=1e-4)
    spin_one = obs.linear_response_high_t_limit(dict(FIG5, spin=1.0), 5.0, 1e-5)
    half = obs.linear_response_high_t_limit(FIG5, 5.0, 1e-5)
    assert_allclose(spin_one / half, 2.0 / 0.75, rtol=1e-12)    # S(S+1)


def test_fig5_ratios_read_the_last_temperature():
    table, _ = _fig5_table()
    m_inf = obs.linear_response_high_t_limit(FIG5, 7.0, 1e-7)          # panel b: |J| = 7
    result = obs.fig5_high_t_over_limit(table, FIG5, "b")
    assert_allclose(result["m_inf"], m_inf, rtol=1e-12)
    assert_allclose(result["value"], result["m_high"] / m_inf, rtol=1e-12)
    assert_allclose(result["m_high"], 1e-3 * (1 - np.exp(-10)), rtol=1e-12)
    assert result["t_max"] == 300.0
    ratio = obs.fig5_afm_over_fm_high_t(table, FIG5, "a", "b")          # smallest Phi of each
    assert_allclose(ratio["value"], 1.0, rtol=1e-12)
    assert ratio["t_max"] == 300.0
    assert_allclose(ratio["jk_max"], np.sqrt(2) * np.pi * 5.0)
    assert_allclose(ratio["kt"], K_B * 300.0, rtol=1e-9)
    assert_allclose(ratio["m_inf"], obs.linear_response_high_t_limit(FIG5, 5.0, 1e-7))
    significant = obs.fig5_moment_over_spin(table, FIG5, "a")           # largest Phi
    assert_allclose(significant["value"], 3e-3 * (1 - np.exp(-10)) / 0.5, rtol=1e-12)
    assert_allclose(significant["m"], 3e-3 * (1 - np.exp(-10)), rtol=1e-12)
    assert significant["phi"] == 1e-3
    assert_allclose(significant["phi_micro_ev"], 0.1)
    with pytest.raises(ValueError, match="no panel 'c'"):
        obs.fig5_high_t_over_limit(table, FIG5, "c")
    extra = pd.concat([table, table[table["panel"] == "b"].assign(panel="c")])
    with pytest.raises(ValueError, match="fig5 has no panel 'c'"):     # table has it, config not
        obs.fig5_high_t_over_limit(extra, FIG5, "c")
