"""granular_exchange: the scorecard's finders and statements on tables with known answers.

Every table here is built from an analytic function whose peak, zeros, extremes and ratios are
known in closed form, so the expected values never come from the code under test.
"""

import math

import mpmath
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import constants as sc

from nanomag.granular_exchange import observables as ob


# ----------------------------------------------------------------------------- finders
@settings(max_examples=40, deadline=None)
@given(x0=st.floats(0.15, 0.85), height=st.floats(-5.0, 5.0), curv=st.floats(0.1, 10.0),
       n=st.integers(5, 40))
def test_parabolic_peak_is_exact_for_a_parabola(x0, height, curv, n):
    x = np.sort(np.concatenate([np.linspace(0.0, 1.0, n), [0.5 * x0]]))  # unequal spacing
    y = height - curv * (x - x0) ** 2
    xp, yp = ob.parabolic_peak(x, y)
    assert xp == pytest.approx(x0, abs=1e-9)
    assert yp == pytest.approx(height, abs=1e-9)


def test_parabolic_peak_on_the_edge_and_on_a_smooth_peak():
    x = np.linspace(0.0, 1.0, 11)
    assert ob.parabolic_peak(x, x) == (1.0, 1.0)
    assert ob.parabolic_peak(x, -x) == (0.0, -0.0)
    # cos peak at 0.3: the parabola through three samples 0.1 apart is good to h^2 (1e-3)
    xp, yp = ob.parabolic_peak(x, np.cos(x - 0.3))
    assert xp == pytest.approx(0.3, abs=1e-12)   # symmetric samples around the peak
    xp, yp = ob.parabolic_peak(x, np.cos(x - 0.33))
    assert xp == pytest.approx(0.33, abs=2e-4)
    assert yp == pytest.approx(1.0, abs=1e-4)


def test_sign_changes_linear_exact_and_sine():
    x = np.linspace(0.0, 1.0, 7)
    np.testing.assert_allclose(ob.sign_changes(x, 2.0 * x - 0.7), [0.35], rtol=1e-14)
    x = np.linspace(0.5, 7.0, 400)
    y = np.sin(x)
    np.testing.assert_allclose(ob.sign_changes(x, y), [np.pi, 2 * np.pi], atol=1e-4)
    np.testing.assert_allclose(ob.sign_changes(x, y, "down"), [np.pi], atol=1e-4)
    np.testing.assert_allclose(ob.sign_changes(x, y, "up"), [2 * np.pi], atol=1e-4)
    # a sample exactly at zero is one sign change, not two
    assert ob.sign_changes([0.0, 1.0, 2.0], [1.0, 0.0, -1.0]).tolist() == [1.0]
    with pytest.raises(ValueError):
        ob.sign_changes(x, y, "sideways")


# ----------------------------------------------------------------------------- Fig. 3
U3, EF = 2.0, -0.1


def fig3_table(radii=(1.0, 2.0, 5.0)):
    """z_n J = a (1 - 8 (j - 1.4)^2 + ...) with known peak, zeros and blockade change.

    eps -> inf: z = a * 10 * (1 - 8 (j - 1.4)^2) (peak 1.4 eV, zeros 1.4 +- 1/sqrt(8));
    eps = 5:    z_eps = z_inf - 2 * 5 / a**0.5 * a / 5 (a change -2 sqrt(a)).
    """
    j = np.linspace(1.0, 2.0, 201)
    rows = []
    for a in radii:
        inf = a * 10.0 * (1.0 - 8.0 * (j - 1.4) ** 2)
        eps = inf - 2.0 * np.sqrt(a)
        rows.append(pd.DataFrame({"jsd_ev": j, "a_nm": a, "zj_k": eps, "zj_inf_k": inf,
                                  "delta_j_over_j_percent": 100 * (eps - inf) / inf}))
    return pd.concat(rows, ignore_index=True)


def test_fig3_statements_on_an_analytic_table():
    t = fig3_table()
    cfg = {"u_ev": U3, "ef_ev": EF, "sinh_factor": 1.0}
    # a constant shift does not move the vertex of a parabola: every peak at 1.4 eV
    for extreme in ("min", "max"):
        r = ob.fig3_peak_position_statement(table=t, config=cfg, extreme=extreme)
        assert r["value"] == pytest.approx(1.4 / U3, abs=1e-9)
    r = ob.fig3_peak_value_statement(table=t, config=cfg)
    assert r["value"] == pytest.approx(50.0 - 2 * math.sqrt(5.0), abs=1e-9)
    assert r["inf"] == pytest.approx(50.0, abs=1e-9)
    # most negative sample of the a = 5 nm curves: j = 2.0, 50 (1 - 8 * 0.36) - 2 sqrt 5
    assert r["afm"] == pytest.approx(-(50 * (1 - 8 * 0.36) - 2 * math.sqrt(5)), rel=1e-12)
    growth = ob.fig3_peak_growth_statement(table=t)["value"]
    assert growth == pytest.approx(min((20 - 2 * math.sqrt(2)) / (10 - 2),
                                       (50 - 2 * math.sqrt(5)) / (20 - 2 * math.sqrt(2))),
                                   rel=1e-9)
    # zeros: inf at 1.4 + 1/sqrt(8); eps = 5 at 1.4 + sqrt((1 - 2 sqrt(a)/(10 a))/8)
    r = ob.fig3_zero_crossing_statement(table=t, config=cfg)
    assert r["jsd_high"] == pytest.approx(1.4 + 1 / math.sqrt(8), abs=2e-5)
    assert r["jsd_low"] == pytest.approx(1.4 + math.sqrt((1 - 0.2) / 8), abs=2e-5)
    assert r["value"] == pytest.approx(r["jsd_high"] / (U3 + EF), rel=1e-12)
    assert r["low"] == pytest.approx(r["jsd_low"] / (U3 + EF), rel=1e-12)
    # beyond U + E_F = 1.9 eV the largest value is at j = 1.9+ on the a = 1 nm inf curve
    r = ob.afm_beyond_threshold_statement(table=t, config=cfg)
    j = t["jsd_ev"].unique()
    assert r["value"] == pytest.approx(10 * (1 - 8 * (j[j > 1.9].min() - 1.4) ** 2), rel=1e-12)
    r = ob.blockade_lowers_exchange_statement(table=t)
    assert r["value"] == pytest.approx(-2.0, rel=1e-12) and r["radius"] == 1.0
    r = ob.fig3_blockade_shift_statement(table=t)
    assert r["value"] == pytest.approx(2 * math.sqrt(5.0), rel=1e-12) and r["radius"] == 5.0
    # |Delta J/J| at the peak: 2 sqrt(a) / (10 a), largest for a = 1 nm
    r = ob.fig3_relative_change_statement(table=t)
    assert r["value"] == pytest.approx(100 * 0.2, rel=1e-9) and r["radius"] == 1.0
    # ratio of |Delta J/J| of successive radii: sqrt(a_(i+1)/a_i), independent of Jsd
    r = ob.fig3_relative_change_vs_radius_statement(table=t)
    assert r["value"] == pytest.approx(math.sqrt(2.0), rel=1e-9)


# ----------------------------------------------------------------------------- Fig. 4
def fig4_table(u=np.linspace(1.0, 5.0, 17), j=np.linspace(0.05, 5.0, 100)):
    """J_inf = (j - 0.6 (u + ef)) (j - 1.1 u): two zero lines; Delta J/J = 10/u - 2 x."""
    uu, jj = np.meshgrid(u, j, indexing="ij")
    inf = (jj - 0.6 * (uu + EF)) * (jj - 1.1 * uu)
    rel = 10.0 / uu * np.ones_like(jj)
    return pd.DataFrame({"u_ev": uu.ravel(), "jsd_ev": jj.ravel(), "zj_inf_k": inf.ravel(),
                         "zj_k": (inf * (1 + rel / 100)).ravel(),
                         "delta_j_over_j_percent": rel.ravel()})


def test_fig4_statements_on_an_analytic_table():
    t = fig4_table()
    r = ob.fig4_divergence_lines_statement(table=t, config={})
    # the second line 1.1 u leaves the map (j <= 5) for u > 4.545: the 15 columns u = 1 ... 4.5
    # (step 0.25) of 17 have two
    assert r["value"] == 2.0 and r["share"] == pytest.approx(15 / 17)
    # Delta J/J = 10/u: medians over U <= 2 (u = 1..2) and U >= 4 (4..5), 5 columns each
    r = ob.fig4_growth_as_u_falls_statement(table=t, config={"ef_ev": EF})
    assert r["low"] == pytest.approx(10 / 1.5, rel=1e-12)
    assert r["high"] == pytest.approx(10 / 4.5, rel=1e-12)
    assert r["value"] == pytest.approx(3.0, rel=1e-12)
    # common range of x = j/(u + ef): from 0.05/0.9 (u = 1) to 5/4.9 (u = 5)
    assert (r["x_min"], r["x_max"]) == (pytest.approx(0.05 / 0.9), pytest.approx(5 / 4.9))
    # a change that grows along the diagonal, (10/u)(1 + x): compared at equal x
    x = np.linspace(0.05 / 0.9, 5 / 4.9, 101)
    tx = t.assign(delta_j_over_j_percent=10.0 / t["u_ev"] * (1 + t["jsd_ev"] / (t["u_ev"] + EF)))
    r = ob.fig4_growth_as_u_falls_statement(table=tx, config={"ef_ev": EF})
    u = np.linspace(1.0, 5.0, 17)
    low = np.median([10 / uc * (1 + x) for uc in u[u <= 2.0]])
    high = np.median([10 / uc * (1 + x) for uc in u[u >= 4.0]])
    assert r["low"] == pytest.approx(low, rel=1e-9) and r["high"] == pytest.approx(high, rel=1e-9)
    t2 = t.assign(delta_j_over_j_percent=np.where(t["jsd_ev"] > t["u_ev"] + EF, 30.0, 10.0))
    r = ob.fig4_threshold_region_statement(table=t2, config={"ef_ev": EF})
    assert (r["value"], r["above"], r["below"]) == (3.0, 30.0, 10.0)


def test_fig4_denominator_reading():
    """With the 'sum' reading the divergence lines are the zeros of J_eps + J_inf."""
    u = np.linspace(1.0, 2.0, 5)
    j = np.linspace(0.1, 3.0, 30)
    uu, jj = np.meshgrid(u, j, indexing="ij")
    inf = jj - uu                       # one zero line
    eps = -inf + 0.5                    # J_eps + J_inf = 0.5 never vanishes
    t = pd.DataFrame({"u_ev": uu.ravel(), "jsd_ev": jj.ravel(), "zj_k": eps.ravel(),
                      "zj_inf_k": inf.ravel()})
    assert ob.fig4_divergence_lines_statement(table=t, config={})["value"] == 1.0
    assert ob.fig4_divergence_lines_statement(
        table=t, config={"relative_change_denominator": "sum"})["value"] == 0.0


# ----------------------------------------------------------------------------- Figs. 5-7
def map_table(radii=np.linspace(1.0, 10.0, 10), j=np.linspace(0.2, 1.0, 81)):
    """z_n J = 30 (j0(a) - j) with the J = 0 line j0(a) = 0.3 + 0.02 a."""
    aa, jj = np.meshgrid(radii, j, indexing="ij")
    zj = 30.0 * (0.3 + 0.02 * aa - jj)
    return pd.DataFrame({"a_nm": aa.ravel(), "jsd_ev": jj.ravel(), "zj_k": zj.ravel(),
                         "zj_inf_k": zj.ravel()})


def test_map_statements_on_an_analytic_table():
    t = map_table()
    cfg = {"temperature_k": 5.0, "sinh_factor": 1.0, "u_ev": 0.6, "ef_ev": EF}
    r = ob.phase_region_statement(table=t, config=cfg, state="SFM")
    assert r["value"] == pytest.approx(30 * (0.5 - 0.2)) and r["radius"] == 10.0
    assert r["jsd"] == pytest.approx(0.2)
    # share of samples with 30 (j0 - j) > 5, counted independently
    aa, jj = t["a_nm"].to_numpy(), t["jsd_ev"].to_numpy()
    assert r["share"] == pytest.approx(np.mean(0.3 + 0.02 * aa - jj > 5 / 30))
    r = ob.phase_region_statement(table=t, config=cfg, state="SSG")
    assert r["value"] == pytest.approx(30 * (0.32 - 1.0)) and r["radius"] == 1.0
    assert r["share"] == pytest.approx(np.mean(0.3 + 0.02 * aa - jj < -5 / 30))
    r = ob.zero_line_position_statement(table=t, config=cfg)
    assert r["low"] == pytest.approx(0.32, abs=1e-12) and r["high"] == pytest.approx(0.5)
    assert r["value"] == pytest.approx(0.32 / 0.5)     # farthest from U + E_F = 0.5 eV
    r = ob.zero_line_shift_statement(table=t)
    assert r["shift"] == pytest.approx(0.18) and r["step"] == pytest.approx(0.01)
    assert r["value"] == pytest.approx(18.0)
    assert r["at_small"] == pytest.approx(0.32) and r["at_large"] == pytest.approx(0.5)
    r = ob.fm_small_afm_large_statement(table=t)
    # min over a at j = 0.2 (a = 1): 30 (0.32 - 0.2); max over a at j = 1 (a = 10): 30 (0.5 - 1)
    assert r["bottom"] == pytest.approx(30 * 0.12) and r["top"] == pytest.approx(30 * -0.5)
    # J < 0 at a = 1 and > 0 at a = 10 for 0.32 < j < 0.5
    r = ob.sign_change_with_radius_statement(table=t)
    assert r["low"] == pytest.approx(0.33) and r["high"] == pytest.approx(0.49)
    assert r["value"] == pytest.approx(0.16)
    flat = t.assign(zj_k=30.0 * (0.4 - t["jsd_ev"]))
    assert ob.sign_change_with_radius_statement(table=flat)["value"] == 0.0
    assert ob.zero_line_shift_statement(table=flat)["value"] == pytest.approx(0.0, abs=1e-9)


def test_grain_size_statements_on_analytic_curves():
    a = np.linspace(1.0, 10.0, 19)
    # affine J = 3 a + 2: (J/a)(10)/(J/a)(1) = 3.2 / 5; proportional J_inf: ratio 1
    inset = pd.DataFrame({"a_nm": a, "jsd_ev": 4.5, "zj_k": 3 * a + 2, "zj_inf_k": 4 * a})
    r = ob.inset_linearity_statement(table=inset)
    assert r["value"] == pytest.approx(3.2 / 5.0) and r["inf_ratio"] == pytest.approx(1.0)
    assert (r["zj_small"], r["zj_large"], r["a_small"], r["a_large"]) == (5.0, 32.0, 1.0, 10.0)
    curves = pd.concat([pd.DataFrame({"a_nm": a, "jsd_ev": js,
                                      "zj_over_a_k_per_nm": c - 1.0 / a})
                        for js, c in ((0.3, 1.0), (0.6, -2.0))])
    # c - 1/a grows by 1/a_i - 1/a_(i+1): smallest between a = 9.5 and 10
    r = ob.normalised_growth_statement(table=curves)
    assert r["value"] == pytest.approx(1.0 / 9.5 - 1.0 / 10.0, rel=1e-9)


# ----------------------------------------------------------------------------- Sec. 6
def test_sec6_statements_against_constants():
    cfg = {"eps_c_times_a_ev_nm": 0.14, "ef_ev": -0.1}
    e2_4pie0 = sc.e**2 / (4 * math.pi * sc.epsilon_0) / sc.e * 1e9   # eV nm
    r = ob.charging_energy_statement(config=cfg, permittivity=5.0)
    assert r["value"] == pytest.approx(e2_4pie0 / 10, rel=1e-12)
    assert r["figures_times_eps"] == pytest.approx(0.7)
    r = ob.charging_energy_statement(config=cfg, permittivity=5.0, a_nm=2.5, unit="k")
    assert r["value"] == pytest.approx(e2_4pie0 / 25 * sc.e / sc.k, rel=1e-12)
    assert r["from_figures_k"] == pytest.approx(0.056 * sc.e / sc.k, rel=1e-12)
    # Delta = 3.43 hbar sqrt(h_B) / (sqrt(2 m) d)
    delta_j = 3.43 * sc.hbar * math.sqrt(0.1 * sc.e) / (math.sqrt(2 * sc.m_e) * 1e-9)
    r = ob.energy_interval_statement(config=cfg, d_nm=1.0)
    assert r["value"] == pytest.approx(delta_j / sc.k, rel=1e-10)
    r = ob.blockade_factor_statement(config=cfg, a_nm=2.5, permittivity=5.0, d_nm=1.0,
                                     quoted_eps_c_k=800.0, quoted_delta_k=120.0)
    ec, de = e2_4pie0 / 25 * sc.e / sc.k, delta_j / sc.k
    expected = mpmath.sqrt(ec / de) * mpmath.atan(mpmath.sqrt(de / ec))
    assert r["value"] == pytest.approx(float(expected), rel=1e-10)
    assert r["quoted"] == pytest.approx(float(mpmath.sqrt(mpmath.mpf(800) / 120)
                                              * mpmath.atan(mpmath.sqrt(mpmath.mpf(120) / 800))),
                                        rel=1e-12)


def afm_minima_table(outlier_a_nm, outlier_centre_ev):
    """Fig. 3 table, radii 1, 2, 5 nm, Jsd in [1, 2] eV: Gaussian AFM minima of depth a K at
    1.8 eV on every curve but the eps = inf curve of ``outlier_a_nm``, whose minimum is at
    ``outlier_centre_ev`` (samples symmetric about each minimum)."""
    j = np.linspace(1.0, 2.0, 201)
    rows = []
    for a in (1.0, 2.0, 5.0):
        inf_centre = outlier_centre_ev if a == outlier_a_nm else 1.8
        rows.append(pd.DataFrame({"jsd_ev": j, "a_nm": a,
                                  "zj_k": -a * np.exp(-(j - 1.8) ** 2 / 0.01),
                                  "zj_inf_k": -a * np.exp(-(j - inf_centre) ** 2 / 0.01)}))
    return pd.concat(rows)


def test_afm_extremum_position_picks_the_outlying_curve():
    """Minima at 1.8 eV on five curves and at 1.84 eV on one: the outlier is reported."""
    r = ob.fig3_afm_extremum_statement(table=afm_minima_table(5.0, 1.84),
                                       config={"u_ev": 2.0})
    assert r["value"] == pytest.approx(0.92, abs=1e-9)
    assert r["low"] == pytest.approx(0.9, abs=1e-9) and r["high"] == pytest.approx(0.92, abs=1e-9)


def test_sign_change_radius_is_a_root_of_the_exchange():
    """At Jsd = 0.4 eV (Fig. 6 parameters) J changes sign with a: the returned radius is a
    root (|J/a| tiny against its values 10 % away, which have opposite signs)."""
    from nanomag.granular_exchange.exchange import exchange_per_radius

    cfg = {"u_ev": 1.0, "d_nm": 0.8, "ef_ev": EF, "eps_c_times_a_ev_nm": 0.14, "z_n": 6,
           "sinh_factor": 1.0, "hopping_prefactor": 1.0, "quadrature_nodes": [32, 24]}
    r = ob.sign_change_radius_statement(config=cfg, jsd_ev=0.4, a_min_nm=1.0, a_max_nm=10.0)
    assert r["found"] == 1.0 and 1.0 < r["value"] < 10.0

    def per_a(a):
        return exchange_per_radius(1.0, 0.4, 0.8, EF, 0.14 / a, nodes=(32, 24))[0]
    below, at, above = per_a(0.9 * r["value"]), per_a(r["value"]), per_a(1.1 * r["value"])
    assert below < 0 < above
    assert abs(at) < 1e-4 * min(abs(below), abs(above))
    assert r["zj_small"] == pytest.approx(6 * per_a(1.0) * sc.e / sc.k, rel=1e-12)
    # no sign change in [1, 2] nm: the upper end is returned with found = 0
    r = ob.sign_change_radius_statement(config=cfg, jsd_ev=0.4, a_min_nm=1.0, a_max_nm=1.5)
    assert (r["value"], r["found"]) == (1.5, 0.0)
