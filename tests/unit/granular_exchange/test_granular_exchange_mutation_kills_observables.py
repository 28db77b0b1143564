"""granular_exchange scorecard evaluators (observables.py) on hand-made tables, written for
the survivors of its mutation run (issue 13, 2026-11-30).

Every table is built from functions whose peaks, zeros, extremes and ratios are known in
closed form; each case is chosen where the wrong reading gives a different answer (the
outlying curve below the median, the smallest ratio on the last pair of radii, samples
exactly on a threshold, an AFM -> FM crossing before the FM -> AFM one, a zero line crossed
at one radius only, a first radius other than 1 nm).
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import constants as sc

from nanomag.granular_exchange import observables as ob

EF = -0.1
K_PER_EV = sc.e / sc.k


# ----------------------------------------------------------------------------- Fig. 3
def _fig3_curves(peaks, radii=(1.0, 2.0, 5.0), inf_peak=1.45, j=np.linspace(1.0, 2.0, 201)):
    """eps = 5: z = a 10 (1 - 8 (j - p_a)^2) - 2 sqrt(a), FM peak at p_a (height 10 a - 2
    sqrt a); eps -> inf: a 10 (1 - 8 (j - inf_peak)^2). Parabolas: the vertex is exact."""
    rows = []
    for a, p in zip(radii, peaks):
        eps = a * 10.0 * (1.0 - 8.0 * (j - p) ** 2) - 2.0 * math.sqrt(a)
        inf = a * 10.0 * (1.0 - 8.0 * (j - inf_peak) ** 2)
        rows.append(pd.DataFrame({"jsd_ev": j, "a_nm": a, "zj_k": eps, "zj_inf_k": inf}))
    return pd.concat(rows, ignore_index=True)


def test_peak_position_extremes_are_the_lowest_and_highest_peaks():
    """Peaks at 1.3, 1.4, 1.5 eV (eps = 5) and 1.45 eV (eps -> inf), U = 2 eV: the lowest
    is 0.65 U, the highest 0.75 U; the text lists the eps = 5 peaks, not the others."""
    t = _fig3_curves((1.3, 1.4, 1.5))
    cfg = {"u_ev": 2.0}
    low = ob.fig3_peak_position_statement(table=t, config=cfg, extreme="min")
    high = ob.fig3_peak_position_statement(table=t, config=cfg, extreme="max")
    assert low["value"] == pytest.approx(0.65, abs=1e-9) and low["radius"] == 1.0
    assert high["value"] == pytest.approx(0.75, abs=1e-9) and high["radius"] == 5.0
    assert low["column"] == high["column"] == "zj_k"
    assert high["positions"] == "a = 1 nm: 0.650; a = 2 nm: 0.700; a = 5 nm: 0.750"


def test_peak_growth_takes_every_pair_of_successive_radii():
    """Heights 10 a - 2 sqrt(a) at a = 1, 2, 5, 6 nm: the ratios 2.15, 2.65, 1.21; the
    smallest is the last pair's. The heights print with 3 significant digits."""
    radii = (1.0, 2.0, 5.0, 6.0)
    t = _fig3_curves((1.4,) * 4, radii)
    h = [10 * a - 2 * math.sqrt(a) for a in radii]
    r = ob.fig3_peak_growth_statement(table=t)
    assert r["value"] == pytest.approx(h[3] / h[2], rel=1e-9)
    assert r["peaks"] == "8, 17.2, 45.5, 55.1"


def test_afm_extremum_outlier_below_the_median():
    """AFM minima at 1.8 eV on five curves and at 1.6 eV on one (U = 2 eV): the outlier
    0.8 U lies below the median 0.9 U and is the one reported."""
    from test_granular_exchange_observables import afm_minima_table

    r = ob.fig3_afm_extremum_statement(table=afm_minima_table(2.0, 1.6), config={"u_ev": 2.0})
    # samples symmetric about each minimum: the parabola's vertex is the centre
    assert r["value"] == pytest.approx(0.8, abs=1e-9)
    assert r["low"] == pytest.approx(0.8, abs=1e-9) and r["high"] == pytest.approx(0.9, abs=1e-9)


def test_blockade_change_maximum_inside_the_table():
    """z_eps - z_inf = -2 sqrt(a) (1 + (j - 1.4)^2) (j in [1, 2]): the largest difference
    is -2 K at j = 1.4 eV, a = 1 nm; the largest |difference| at a = 5 nm is
    2 sqrt(5) 1.36 K at j = 2 eV (the last sample, not the first)."""
    j = np.linspace(1.0, 2.0, 101)
    rows = [pd.DataFrame({"jsd_ev": j, "a_nm": a, "zj_inf_k": 10.0 * a * np.ones_like(j),
                          "zj_k": 10.0 * a - 2.0 * math.sqrt(a) * (1.0 + (j - 1.4) ** 2)})
            for a in (1.0, 2.0, 5.0)]
    t = pd.concat(rows, ignore_index=True)
    r = ob.blockade_lowers_exchange_statement(table=t)
    assert r["value"] == pytest.approx(-2.0, rel=1e-12)
    assert r["jsd"] == pytest.approx(1.4, abs=1e-12) and r["radius"] == 1.0
    r = ob.fig3_blockade_shift_statement(table=t)
    assert r["value"] == pytest.approx(2.0 * math.sqrt(5.0) * 1.36, rel=1e-12)
    assert (r["jsd"], r["radius"]) == (2.0, 5.0)


def _relative_change_table(radii, power):
    """|Delta J/J| = 10 a^-p(j) [%]: the ratio of successive radii is (a_(i+1)/a_i)^p(j)."""
    rows = [pd.DataFrame({"jsd_ev": list(power), "a_nm": a,
                          "delta_j_over_j_percent": [-10.0 * a ** -p for p in power.values()]})
            for a in radii]
    return pd.concat(rows, ignore_index=True)


def test_relative_change_ratio_over_every_pair_and_splitting():
    # a = 1, 2, 5, 6 nm, p = 1/2: ratios sqrt 2, sqrt 2.5, sqrt 1.2, the last the smallest
    r = ob.fig3_relative_change_vs_radius_statement(
        table=_relative_change_table((1.0, 2.0, 5.0, 6.0), {1.0: 0.5, 1.5: 0.5}))
    assert r["value"] == pytest.approx(math.sqrt(1.2), rel=1e-12)
    # a = 1, 1.25, 2.5, 5 nm: pair ratios 1.25, 2, 2; p = 1.5, 1, 0.5 at j = 1, 1.5, 2 eV:
    # the smallest, 1.25^0.5, on the first pair at j = 2 eV
    r = ob.fig3_relative_change_vs_radius_statement(
        table=_relative_change_table((1.0, 1.25, 2.5, 5.0), {1.0: 1.5, 1.5: 1.0, 2.0: 0.5}))
    assert r["value"] == pytest.approx(math.sqrt(1.25), rel=1e-12)
    assert r["jsd"] == 2.0


def test_fig3_tables_without_the_statement_are_refused():
    j = np.linspace(1.0, 2.0, 11)
    fm = pd.DataFrame({"jsd_ev": j, "a_nm": 1.0, "zj_k": 1.0 + j, "zj_inf_k": 2.0 + j})
    with pytest.raises(ValueError, match="no FM -> AFM sign change in the Fig. 3 table"):
        ob.fig3_zero_crossing_statement(table=fm, config={"u_ev": 2.0, "ef_ev": EF})
    with pytest.raises(ValueError, match=r"no J_sd above U \+ E_F = 2.9 eV"):
        ob.afm_beyond_threshold_statement(table=fm, config={"u_ev": 3.0, "ef_ev": EF})
    with pytest.raises(ValueError, match="direction must be 'any', 'down' or 'up'"):
        ob.sign_changes(j, j - 1.5, "sideways")


# ----------------------------------------------------------------------------- Fig. 4
def test_threshold_region_counts_samples_strictly_above_u_plus_ef():
    """U = 1.5, 2.5 eV, E_F = -0.5 eV (U + E_F = 1, 2 eV), Jsd = 0.5 ... 3 eV: the samples
    on the threshold belong below. |Delta J/J| = 10 Jsd + U (all distinct)."""
    ef = -0.5
    rows = [(u, j, 10.0 * j + u) for u in (1.5, 2.5) for j in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)]
    t = pd.DataFrame(rows, columns=["u_ev", "jsd_ev", "delta_j_over_j_percent"])
    above = [v for u, j, v in rows if j > u + ef]
    below = [v for u, j, v in rows if j <= u + ef]
    assert len(above) == 6 and len(below) == 6
    r = ob.fig4_threshold_region_statement(table=t, config={"ef_ev": ef})
    assert r["above"] == np.median(above) and r["below"] == np.median(below)
    assert r["value"] == pytest.approx(np.median(above) / np.median(below), rel=1e-15)


# ----------------------------------------------------------------------------- Figs. 5-7
def test_phase_regions_are_strictly_beyond_the_temperature():
    """z_n J = -10, -5, 0, 5, 10 K at T = 5 K: one sample in each region (|z_n J| = T is
    neither SFM nor SSG)."""
    t = pd.DataFrame({"a_nm": [1.0, 2.0, 3.0, 4.0, 5.0], "jsd_ev": 0.5,
                      "zj_k": [-10.0, -5.0, 0.0, 5.0, 10.0]})
    cfg = {"temperature_k": 5.0, "sinh_factor": 1.0}
    sfm = ob.phase_region_statement(table=t, config=cfg, state="SFM")
    ssg = ob.phase_region_statement(table=t, config=cfg, state="SSG")
    assert (sfm["value"], sfm["radius"], sfm["share"]) == (10.0, 5.0, 0.2)
    assert (ssg["value"], ssg["radius"], ssg["share"]) == (-10.0, 1.0, 0.2)


def _zero_map(j0, j=np.linspace(0.2, 1.0, 81)):
    """z_n J = 30 min(j - 0.25, j0_a - j): AFM below 0.25 eV, FM up to j0_a, AFM above;
    linear around both zeros, so the interpolated zeros are exact."""
    rows = [pd.DataFrame({"a_nm": a, "jsd_ev": j,
                          "zj_k": 30.0 * np.minimum(j - 0.25, z - j)})
            for a, z in j0.items()]
    return pd.concat(rows, ignore_index=True)


def test_zero_line_is_the_fm_to_afm_crossing_not_the_first_one():
    """The J = 0 line at 0.45, 0.6, 0.52 eV (a = 1, 2, 3 nm; U + E_F = 0.5 eV) after an
    AFM -> FM crossing at 0.25 eV: ratios 0.9, 1.2, 1.04, the farthest from 1 is 1.2."""
    t = _zero_map({1.0: 0.45, 2.0: 0.6, 3.0: 0.52})
    r = ob.zero_line_position_statement(table=t, config={"u_ev": 0.6, "ef_ev": EF})
    # zeros on samples of the grid (0.01 eV): exact up to the round-off of the grid
    assert r["value"] == pytest.approx(1.2, abs=1e-9)
    assert r["low"] == pytest.approx(0.45, abs=1e-9) and r["high"] == pytest.approx(0.6, abs=1e-9)
    r = ob.zero_line_shift_statement(table=t)
    assert r["shift"] == pytest.approx(0.15, abs=1e-9) and r["value"] == pytest.approx(15.0)
    assert r["at_small"] == pytest.approx(0.45, abs=1e-9)
    assert r["at_large"] == pytest.approx(0.52, abs=1e-9)


def test_zero_line_at_a_single_radius_and_at_none():
    """Only a = 2 nm crosses (at 0.6 eV; the others stay FM up to 1 eV): a line of one
    point, shift 0. Without any crossing both statements refuse the map."""
    j = np.linspace(0.2, 1.0, 81)
    fm = pd.DataFrame({"a_nm": 1.0, "jsd_ev": j, "zj_k": 1.0 + j})
    one = pd.concat([fm, fm.assign(a_nm=3.0), _zero_map({2.0: 0.6})], ignore_index=True)
    r = ob.zero_line_position_statement(table=one, config={"u_ev": 0.6, "ef_ev": EF})
    assert r["value"] == pytest.approx(1.2, abs=1e-9)
    r = ob.zero_line_shift_statement(table=one)
    assert r["value"] == 0.0 and r["at_small"] == r["at_large"] == pytest.approx(0.6)
    for statement, kwargs in ((ob.zero_line_position_statement,
                               {"config": {"u_ev": 0.6, "ef_ev": EF}}),
                              (ob.zero_line_shift_statement, {})):
        with pytest.raises(ValueError, match="the map has no FM -> AFM sign change"):
            statement(table=fm, **kwargs)


def test_fm_small_afm_large_value_is_the_weaker_of_the_two():
    """z_n J at the smallest Jsd from 4 K up, at the largest down from -3 K: value 3 K
    (the AFM side is the weaker); reversed, 4 K."""
    t = pd.DataFrame({"a_nm": [1.0, 2.0, 1.0, 2.0], "jsd_ev": [0.2, 0.2, 1.0, 1.0],
                      "zj_k": [4.0, 6.0, -5.0, -3.0]})
    r = ob.fm_small_afm_large_statement(table=t)
    assert (r["value"], r["bottom"], r["top"]) == (3.0, 4.0, -3.0)
    r = ob.fm_small_afm_large_statement(table=t.assign(zj_k=[4.0, 6.0, -9.0, -7.0]))
    assert r["value"] == 4.0


def test_inset_linearity_from_a_first_radius_of_2_nm():
    """J = 3 a + 2 and J_inf = 4 a on a = 2 ... 10 nm: (J/a)(10)/(J/a)(2) = 3.2/4; 1."""
    a = np.linspace(2.0, 10.0, 17)
    inset = pd.DataFrame({"a_nm": a, "jsd_ev": 4.5, "zj_k": 3 * a + 2, "zj_inf_k": 4 * a})
    r = ob.inset_linearity_statement(table=inset)
    assert r["value"] == pytest.approx(0.8, rel=1e-12)
    assert r["inf_ratio"] == pytest.approx(1.0, rel=1e-12)


# ----------------------------------------------------------------------------- Sec. 6
ROOT_NM = 1.0 + math.sqrt(2.0)


def _fake_exchange(monkeypatch, per_radius):
    """Replace the quadrature by J/a = per_radius(a) [eV/nm] (a = 1/eps_c with eps_c a = 1
    eV nm) and count its calls."""
    from nanomag.granular_exchange import exchange

    calls = []

    def fake(u_ev, jsd_ev, d_nm, ef_ev, eps_c_ev, **options):
        calls.append(eps_c_ev)
        return np.array([per_radius(1.0 / eps_c_ev)])

    monkeypatch.setattr(exchange, "exchange_per_radius", fake)
    return calls


CFG6 = {"u_ev": 1.0, "d_nm": 0.8, "ef_ev": EF, "eps_c_times_a_ev_nm": 1.0, "z_n": 6}


def test_sign_change_radius_of_a_known_function(monkeypatch):
    """J/a = 1e-3 cbrt(a - (1 + sqrt 2)) eV/nm: the root 1 + sqrt 2 nm to the 1e-6 nm the
    search asks for, in at most 36 quadratures (4 for the ends and the two printed values,
    30 halvings of 999 nm down to 1e-6 nm and 2 more: no finer than asked, each call is a
    full quadrature); z_n J at 1 and 10 nm in K."""
    def per_radius(a):
        return 1e-3 * np.cbrt(a - ROOT_NM)

    calls = _fake_exchange(monkeypatch, per_radius)
    r = ob.sign_change_radius_statement(config=CFG6, jsd_ev=0.4, a_min_nm=1.0, a_max_nm=1000.0)
    assert r["found"] == 1.0
    assert r["value"] == pytest.approx(ROOT_NM, abs=2e-6)
    assert len(calls) <= 36
    assert r["zj_small"] == pytest.approx(6 * K_PER_EV * 1.0 * per_radius(1.0), rel=1e-12)
    assert r["zj_large"] == pytest.approx(6 * K_PER_EV * 10.0 * per_radius(10.0), rel=1e-12)


def test_sign_change_radius_on_the_end_of_the_range(monkeypatch):
    """J = 0 exactly at a_max = 5 nm (J/a = 0.2 - eps_c, eps_c = 1/a): the root is that
    end, found; J > 0 throughout: not found, a_max returned."""
    _fake_exchange(monkeypatch, lambda a: 0.2 - 1.0 / a)
    r = ob.sign_change_radius_statement(config=CFG6, jsd_ev=0.4, a_min_nm=1.0, a_max_nm=5.0)
    assert (r["value"], r["found"]) == (5.0, 1.0)
    r = ob.sign_change_radius_statement(config=CFG6, jsd_ev=0.4, a_min_nm=6.0, a_max_nm=9.0)
    assert (r["value"], r["found"]) == (9.0, 0.0)


# ----------------------------------------------------------------------------- findings
def _synthetic_tables():
    """One hand-made table per pipeline table the anchors name (the columns the figures
    draw), each with the features its statements look for (peaks, zero lines, Jsd beyond
    U + E_F = 1.9 eV, several radii and U columns)."""
    fig3 = _fig3_curves((1.3, 1.4, 1.5))
    fig3["delta_j_over_j_percent"] = 100 * (fig3["zj_k"] - fig3["zj_inf_k"]) / fig3["zj_inf_k"]
    u, j = np.meshgrid(np.linspace(1.0, 5.0, 9), np.linspace(0.05, 5.0, 100), indexing="ij")
    inf = (j - 0.6 * (u + EF)) * (j - 1.1 * u)
    fig4 = pd.DataFrame({"u_ev": u.ravel(), "jsd_ev": j.ravel(), "zj_inf_k": inf.ravel(),
                         "zj_k": 1.1 * inf.ravel(), "delta_j_over_j_percent": (10.0 / u).ravel()})
    a, j = np.meshgrid(np.linspace(1.0, 10.0, 10), np.linspace(0.2, 1.0, 81), indexing="ij")
    zj = 30.0 * (0.3 + 0.02 * a - j)
    fig_map = pd.DataFrame({"a_nm": a.ravel(), "jsd_ev": j.ravel(), "zj_k": zj.ravel(),
                            "zj_inf_k": zj.ravel()})
    radii = np.linspace(1.0, 10.0, 19)
    inset = pd.DataFrame({"a_nm": radii, "jsd_ev": 0.45, "zj_k": 3 * radii + 2,
                          "zj_inf_k": 4 * radii})
    fig7 = pd.concat([pd.DataFrame({"a_nm": radii, "jsd_ev": js,
                                    "zj_over_a_k_per_nm": c - 1.0 / radii})
                      for js, c in ((0.3, 1.0), (0.6, -2.0))], ignore_index=True)
    return {"fig3_exchange_vs_splitting": fig3, "fig4_relative_change_map": fig4,
            "fig5_map": fig_map, "fig6_map": fig_map, "fig5_inset": inset,
            "fig7_curves": fig7}


def test_every_finding_is_filled_by_its_evaluator(monkeypatch):
    """Each anchor's finding (printed when the statement disagrees) names only numbers its
    evaluator returns: the scorecard stops on a missing one. Evaluated on hand-made tables
    and a config with every key the slices give (the Fig. 6 inset on J/a = 1e-3 (a - 3))."""
    from pathlib import Path

    import yaml

    from nanomag.config import resolve

    _fake_exchange(monkeypatch, lambda a: 1e-3 * (a - 3.0))
    anchors = yaml.safe_load((Path(__file__).parents[3] / "config" / "anchors"
                              / "granular_exchange.yaml").read_text())
    tables = _synthetic_tables()
    config = {**CFG6, "u_ev": 2.0, "sinh_factor": 1.0, "temperature_k": 5.0}
    checked = 0
    for entry in anchors:
        if "observables" not in entry.get("evaluate", ""):
            continue
        kwargs = dict(entry.get("params", {}))
        if "table" in entry:
            kwargs["table"] = tables[entry["table"]]
        if "config" in entry:
            kwargs["config"] = config
        result = resolve(entry["evaluate"])(**kwargs)
        assert math.isfinite(float(result["value"])), entry["id"]
        str(entry.get("finding", "")).format(expected=1.0, **result)
        checked += 1
    assert checked >= 30
