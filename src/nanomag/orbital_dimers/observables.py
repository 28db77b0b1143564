r"""Numbers the paper states, read from the tables its figures draw (scorecard evaluators).

Each function takes the pipeline table(s) of one figure (``table=`` or ``tables=``) and,
where the statement needs it, the config slices (``config=``), and returns the value the
statement is about, or ``{"value": v, **numbers}`` whose extra numbers fill the anchor's
``finding`` (``config/anchors/orbital_dimers.yaml``). Nothing here recomputes a figure.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Where the paper names :math:`\zeta_{nl}`, the tables label the size ``zeta_<n>,<l>``.
_ZERO_LABEL = re.compile(r"zeta_(\d+),(\d+)$")


def _shell_l(label: str) -> int:
    """Angular momentum l of a size labelled ``zeta_<n>,<l>`` [1]."""
    match = _ZERO_LABEL.match(str(label))
    if not match:
        raise ValueError(f"size label {label!r} is not a Bessel zero zeta_n,l")
    return int(match.group(2))


# ----------------------------------------------------------------------------- Eq. (8), Fig. 2
def critical_susceptibility_of(table: pd.DataFrame, direction: str) -> float:
    r""":math:`\chi_c^\sigma` [1, cgs] of the ``critical_susceptibility`` table for
    ``direction`` (``longitudinal`` or ``transverse``)."""
    row = table[table["direction"] == direction]
    if len(row) != 1:
        raise ValueError(f"critical_susceptibility has {len(row)} rows for {direction!r}")
    return float(row["chi_c"].iloc[0])


def fig2_shift(table: pd.DataFrame, panel: str) -> float:
    r"""Exact interaction-induced shift :math:`\Delta\chi` [chi_c^z] of Fig. 2, panel ``panel``.

    The red arrows of the figure are the exact moments; their mean minus the uncoupled mean
    is the shift whose sign the paper states for each panel.
    """
    rows = table[table["panel"] == panel]
    if rows.empty:
        raise ValueError(f"moment_arrows has no panel {panel!r}")
    return float(rows["delta_chi_exact_over_chicz"].iloc[0])


# ----------------------------------------------------------------------------- Figs. 3 and 4
def _stated_phase(r: np.ndarray) -> np.ndarray:
    """Phase the text of Sec. IV gives for equal particles at chi/chi_c^z = r."""
    return np.select([r > 1.0, r > 0.0, r > -1.0], ["aligned", "paramagnetic", "diamagnetic"],
                     default="anti-aligned")


def fig3_phase_mismatch(table: pd.DataFrame) -> dict:
    r"""Fraction of the Fig. 3 grid whose phase differs from the one Sec. IV states [1].

    Stated: aligned for :math:`\chi > \chi_c^z`, paramagnetic for :math:`0 < \chi < \chi_c^z`,
    diamagnetic for :math:`-\chi_c^z < \chi < 0`, anti-aligned for :math:`\chi < -\chi_c^z`.
    Points within 1e-9 of a boundary (decided by round-off) are left out.
    """
    r = table["chi_over_chicz"].to_numpy()
    keep = np.min(np.abs(r[:, None] - np.array([-1.0, 0.0, 1.0])[None, :]), axis=1) > 1e-9
    wrong = table["phase"].to_numpy()[keep] != _stated_phase(r[keep])
    first = r[keep][wrong][0] if wrong.any() else np.nan
    return {"value": float(np.mean(wrong)), "count": int(wrong.sum()), "first": float(first)}


def fig3_largest_total_moment_negative_chi(table: pd.DataFrame) -> float:
    r"""Largest :math:`|2m_z|/M_0` of Fig. 3 for :math:`\chi < 0` [M0] (text: no net moment)."""
    negative = table["chi_over_chicz"] < 0
    return float(np.max(np.abs(table.loc[negative, "total_moment_over_m0"])))


def fig3_onset_ratio(table: pd.DataFrame, side: int) -> dict:
    r"""Single-particle moment over :math:`\sqrt{3(|\chi|/\chi_c^z - 1)}` at the onset [1].

    Sec. IV: :math:`M_{zi} \simeq \pm M_0\sqrt{3(\chi/\chi_c^z - 1)}` for
    :math:`\chi \to \chi_c^{z+}` (``side=+1``) and
    :math:`\pm M_0\sqrt{-3(\chi/\chi_c^z + 1)}` for :math:`\chi \to -\chi_c^{z-}` (``side=-1``).
    The ratio is :math:`1 + O(|r| - 1)`; it is read at the three ordered grid points closest
    to the onset and extrapolated to :math:`|r| \to 1` by the quadratic through them.
    """
    r = table["chi_over_chicz"].to_numpy() * side
    mu = np.abs(table["moment_1_over_m0"].to_numpy())
    ordered = (r > 1.0 + 1e-12) & (mu > 0)
    order = np.argsort(r[ordered])[:3]
    if order.size < 3:
        raise ValueError("fig3_onset_ratio needs three ordered points beyond the onset")
    delta = r[ordered][order] - 1.0
    ratio = mu[ordered][order] / np.sqrt(3.0 * delta)
    limit = float(np.polyval(np.polyfit(delta, ratio, 2), 0.0))
    return {"value": limit, "closest": float(ratio[0]), "delta": float(delta[0])}


def _off_lines(r1: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """Grid points not on an analytic boundary (r1 r2 = 1 or chi_zz = 0) to round-off."""
    return (np.abs(r1 * r2 - 1.0) > 1e-9) & (np.abs(r1 + r2 + 2.0 * r1 * r2) > 1e-9)


def fig4_boundary_mismatch(table: pd.DataFrame) -> dict:
    r"""Fraction of the Fig. 4 grid whose numerical phase differs from the analytic lines [1].

    Sec. IV: the ordered regions end on :math:`\chi_1\chi_2 = (\chi_c^z)^2`, para- and
    diamagnetic responses are separated by :math:`\chi^{zz} = 0` of Eq. (6). Points lying
    on a line to round-off are left out.
    """
    r1 = table["chi1_over_chicz"].to_numpy()
    r2 = table["chi2_over_chicz"].to_numpy()
    keep = _off_lines(r1, r2)
    wrong = table["phase"].to_numpy()[keep] != table["phase_analytic"].to_numpy()[keep]
    return {"value": float(np.mean(wrong)), "count": int(wrong.sum())}


def fig4_ordered_fraction_opposite_signs(table: pd.DataFrame) -> dict:
    r"""Fraction of the Fig. 4 points with :math:`\chi_1\chi_2 < 0` that order at H = 0 [1]
    (Sec. III: no instability for opposite signs)."""
    opposite = table["chi1_over_chicz"] * table["chi2_over_chicz"] < 0
    ordered = table.loc[opposite, "phase"].isin(["aligned", "anti-aligned"])
    return {"value": float(ordered.mean()), "count": int(ordered.sum())}


def fig4_diamagnetic_fraction_opposite_signs(table: pd.DataFrame) -> float:
    r"""Fraction of the Fig. 4 points with :math:`\chi_1\chi_2 < 0` that are diamagnetic [1]."""
    opposite = table["chi1_over_chicz"] * table["chi2_over_chicz"] < 0
    return float((table.loc[opposite, "phase"] == "diamagnetic").mean())


# ----------------------------------------------------------------------------- Fig. 5
def fig5_smallest_main_susceptibility(table: pd.DataFrame) -> float:
    r"""Smallest :math:`\chi/|\chi_L|` of the three sizes of Fig. 5(a) main panel [|chi_L|]."""
    return float(table.loc[table["panel"] == "main", "chi_over_chil"].min())


def fig5_curie_exponent(table: pd.DataFrame, decades: float = 1.0) -> dict:
    r"""Log-log slope :math:`d\ln\chi/d\ln T` of the main sizes of Fig. 5(a) [1].

    The slope is taken between the lowest temperature of the panel and ``decades`` above
    it (the decade where the curves cross :math:`\chi_c^z`); the value is the slope farthest
    from the Curie law's -1, with its size in the finding.
    """
    worst, label = None, ""
    for name, grp in table[table["panel"] == "main"].groupby("size_label", sort=False):
        t = grp["t_over_tf"].to_numpy()
        chi = grp["chi_over_chil"].to_numpy()
        i0 = int(np.argmin(t))
        i1 = int(np.argmin(np.abs(np.log10(t) - (np.log10(t[i0]) + decades))))
        slope = np.log(chi[i1] / chi[i0]) / np.log(t[i1] / t[i0])
        if worst is None or abs(slope + 1.0) > abs(worst + 1.0):
            worst, label = float(slope), name
    return {"value": worst, "size": label}


def _size_rows(table: pd.DataFrame, size_label: str) -> pd.DataFrame:
    rows = table[table["size_label"] == size_label]
    if rows.empty:
        raise ValueError(f"no rows for size {size_label!r}")
    return rows.sort_values("t_over_tf")


def fig5_critical_temperature(table: pd.DataFrame, size_label: str) -> float:
    r""":math:`T_c/T_F` of the dimer of size ``size_label`` (``dimer_moment`` table) [1]."""
    return float(_size_rows(table, size_label)["critical_t_over_tf"].iloc[0])


def fig5_onset_vs_crossing(tables: dict) -> dict:
    r"""Largest relative gap between the onset of Fig. 5(b) and the crossing of Fig. 5(a) [1].

    The onset is extrapolated from the two ordered points of :math:`m_z(T)` closest to it
    with the mean-field law :math:`m_z^2 \propto T_c - T`; the crossing of
    :math:`\chi(T)` with the dashed :math:`\chi_c^z` is interpolated linearly in
    :math:`\log\chi` vs :math:`\log T`. The paper: order appears below the temperature of
    the crossing.
    """
    zfs = tables["zfs_temperature"]
    dimer = tables["dimer_moment"]
    chi_c = critical_susceptibility_of(tables["critical_susceptibility"], "longitudinal")
    chi_l = float(tables["critical_susceptibility"]["chi_landau"].iloc[0])
    worst = {"value": -1.0}
    for name, grp in zfs[zfs["panel"] == "main"].groupby("size_label", sort=False):
        grp = grp.sort_values("t_over_tf")
        log_t = np.log(grp["t_over_tf"].to_numpy())
        with np.errstate(invalid="ignore", divide="ignore"):   # chi <= 0: never a crossing
            gap = np.log(grp["chi_over_chil"].to_numpy() * chi_l / chi_c)
        crossings = np.flatnonzero((gap[:-1] > 0) & (gap[1:] <= 0))
        rows = _size_rows(dimer, name)
        t = rows["t_over_tf"].to_numpy()
        m2 = rows["mz_over_mub"].to_numpy() ** 2
        ordered = np.flatnonzero(m2 > 0)
        if crossings.size == 0 and ordered.size == 0:
            continue  # chi never reaches chi_c and the dimer never orders: as the paper says
        if crossings.size == 0 or ordered.size == 0 or ordered[-1] == 0:
            # one without the other (or an onset below the table's lowest temperature)
            worst = {"value": float("inf"), "onset": float("nan"), "crossing": float("nan"),
                     "size": name}
            continue
        k = int(crossings[0])
        crossing = np.exp(log_t[k] - gap[k] * (log_t[k + 1] - log_t[k]) / (gap[k + 1] - gap[k]))
        last = int(ordered[-1])
        ta, tb, ma, mb = t[last - 1], t[last], m2[last - 1], m2[last]
        onset = tb + mb * (tb - ta) / (ma - mb)
        gap_rel = abs(onset / crossing - 1.0)
        if gap_rel > worst["value"]:
            worst = {"value": float(gap_rel), "onset": float(onset), "crossing": float(crossing),
                     "size": name}
    return worst


def fig5_lowest_temperature_moment(table: pd.DataFrame) -> dict:
    r"""Largest :math:`m_z/\mu_B` of Fig. 5(b) at its lowest temperature [mu_B]."""
    low = table[table["t_over_tf"] == table["t_over_tf"].min()]
    i = int(np.argmax(low["mz_over_mub"].to_numpy()))
    return {"value": float(low["mz_over_mub"].iloc[i]), "size": str(low["size_label"].iloc[i]),
            "t_over_tf": float(low["t_over_tf"].iloc[i])}


def fig5_lowest_temperature_moment_over_shell(table: pd.DataFrame) -> dict:
    r""":math:`m_z/[l(l+1)\mu_B]` at the lowest temperature of Fig. 5(b), the size farthest
    from 1 [1]. At T -> 0 the half-filled shell l at :math:`E_F` is fully polarised."""
    low = table[table["t_over_tf"] == table["t_over_tf"].min()]
    ratio = np.array([m / (_shell_l(s) * (_shell_l(s) + 1.0))
                      for m, s in zip(low["mz_over_mub"], low["size_label"])])
    i = int(np.argmax(np.abs(ratio - 1.0)))
    return {"value": float(ratio[i]), "size": str(low["size_label"].iloc[i]),
            "moment": float(low["mz_over_mub"].iloc[i]),
            "t_over_tf": float(low["t_over_tf"].iloc[i])}


def fig5_inset_value(table: pd.DataFrame, size_label: str, end: str) -> float:
    r""":math:`\chi/|\chi_L|` of an inset size of Fig. 5(a) at its lowest (``end="low"``) or
    highest (``end="high"``) temperature [|chi_L|]."""
    rows = _size_rows(table[table["panel"] == "inset"], size_label)
    return float(rows["chi_over_chil"].iloc[0 if end == "low" else -1])


def fig5_inset_largest(table: pd.DataFrame, size_label: str) -> float:
    r"""Largest :math:`\chi/|\chi_L|` of an inset size over the inset range [|chi_L|]."""
    return float(_size_rows(table[table["panel"] == "inset"], size_label)["chi_over_chil"].max())


def fig5_low_t_background(table: pd.DataFrame, size_label: str) -> dict:
    r""":math:`\chi/|\chi_L|` at the lowest temperature of an inset size [|chi_L|], with the
    leading-order :math:`-(2/5)(k_Fa)^2` and its Weyl surface correction
    :math:`-(2/5)(k_Fa)^2[1 - 15\pi/(8 k_Fa)]` for the finding."""
    rows = _size_rows(table[table["panel"] == "inset"], size_label)
    k = float(rows["kfa"].iloc[0])
    return {"value": float(rows["chi_over_chil"].iloc[0]), "leading": -0.4 * k * k,
            "weyl": -0.4 * k * k * (1.0 - 15.0 * np.pi / (8.0 * k))}


# ----------------------------------------------------------------------------- Fig. 6
def _curve(table: pd.DataFrame, t_over_tf: float) -> tuple[np.ndarray, np.ndarray]:
    rows = table[np.isclose(table["t_over_tf"], t_over_tf, rtol=1e-9, atol=0.0)]
    if rows.empty:
        raise ValueError(f"zfs_size has no curve at T/T_F = {t_over_tf}")
    rows = rows.sort_values("kfa")
    return rows["kfa"].to_numpy(), rows["chi_over_chil"].to_numpy()


def fig6_sign_change_spacing(table: pd.DataFrame, t_over_tf: float) -> dict:
    r"""Mean distance in :math:`k_F a` between sign changes of :math:`\chi(k_Fa)` [1/k_F].

    The paper: the room-temperature ZFS oscillates between para- and diamagnetic values,
    and a change of the radius "of the order of :math:`k_F^{-1}`" changes it radically.
    """
    k, chi = _curve(table, t_over_tf)
    sign = np.sign(chi)
    change = np.flatnonzero(sign[1:] * sign[:-1] < 0)
    if change.size < 2:
        return {"value": float(k[-1] - k[0]), "count": int(change.size)}
    crossing = k[change] - chi[change] * (k[change + 1] - k[change]) / (chi[change + 1] - chi[change])
    return {"value": float(np.mean(np.diff(crossing))), "count": int(change.size)}


def fig6_largest_abs(table: pd.DataFrame, t_over_tf: float) -> float:
    r"""Largest :math:`|\chi|/|\chi_L|` of the Fig. 6 curve at ``t_over_tf`` [|chi_L|]."""
    return float(np.max(np.abs(_curve(table, t_over_tf)[1])))


def fig6_background_ratio(table: pd.DataFrame, t_over_tf: float) -> float:
    r"""Median over :math:`k_Fa` of :math:`\chi / [-(2/5)(k_Fa)^2|\chi_L|]` [1]: the diamagnetic
    background under the peaks (App. A: "of the order of" that value)."""
    k, chi = _curve(table, t_over_tf)
    return float(np.median(chi / (-0.4 * k * k)))


def fig6_peak_enhancement(table: pd.DataFrame, config: dict, t_over_tf: float,
                          t_reference: float) -> dict:
    r"""Largest :math:`\chi` at ``t_over_tf`` over the typical :math:`|\chi|` at ``t_reference`` [1].

    "Typical" is the reading ``readings.typical_room_temperature_zfs`` of the config:
    ``max_abs`` (largest :math:`|\chi|`) or ``rms`` (root mean square over the range).
    """
    reading = config["typical_room_temperature_zfs"]
    peak = float(np.max(_curve(table, t_over_tf)[1]))
    reference = _curve(table, t_reference)[1]
    if reading == "max_abs":
        typical = float(np.max(np.abs(reference)))
    elif reading == "rms":
        typical = float(np.sqrt(np.mean(reference ** 2)))
    else:
        raise ValueError(f"unknown reading typical_room_temperature_zfs={reading!r}")
    return {"value": peak / typical, "peak": peak, "typical": typical}


def fig6_peak_offset(tables: dict, t_over_tf: float) -> dict:
    r"""Largest distance of a paramagnetic peak of Fig. 6 from the nearest :math:`\zeta_{nl}`,
    in units of the thermal width :math:`k_Fa\,T/T_F` of the peak [1].

    Peaks are the local maxima of :math:`\chi(k_Fa)` with :math:`\chi > 0`. The paper:
    they "coincide with :math:`k_Fa = \zeta_{nl}`".
    """
    k, chi = _curve(tables["zfs_size"], t_over_tf)
    zeros = np.sort(tables["zeros_in_range"]["zeta"].to_numpy())
    peak = np.flatnonzero((chi[1:-1] > chi[:-2]) & (chi[1:-1] >= chi[2:]) & (chi[1:-1] > 0)) + 1
    distance = np.min(np.abs(k[peak][:, None] - zeros[None, :]), axis=1) / (k[peak] * t_over_tf)
    i = int(np.argmax(distance))
    return {"value": float(distance[i]), "kfa": float(k[peak][i]), "count": int(peak.size)}


# ----------------------------------------------------------------------------- Fig. 7
def fig7_largest_moment(table: pd.DataFrame, t_over_tf: float | None = None) -> dict:
    r"""Largest :math:`|M|/\mu_B` of Fig. 7 (at ``t_over_tf`` if given) [mu_B]."""
    rows = table if t_over_tf is None else table[np.isclose(table["t_over_tf"], t_over_tf,
                                                              rtol=1e-9, atol=0.0)]
    i = int(np.argmax(np.abs(rows["moment_over_mub"].to_numpy())))
    return {"value": float(abs(rows["moment_over_mub"].iloc[i])),
            "size": str(rows["size_label"].iloc[i]), "t_over_tf": float(rows["t_over_tf"].iloc[i])}


def fig7_typical_moment(table: pd.DataFrame) -> float:
    r"""Median :math:`|M|/\mu_B` over every curve and non-zero field of Fig. 7 [mu_B]."""
    rows = table[table["hbar_omega_c_over_ef"] > 0]
    return float(np.median(np.abs(rows["moment_over_mub"])))


def fig7_overshoot(table: pd.DataFrame, size_label: str, t_over_tf: float) -> float:
    r""":math:`(\max M - M(x_{max}))/\max M` of one Fig. 7 curve [1]: > 0 when :math:`M(H)`
    rises and then falls (non-monotonic)."""
    rows = _size_rows(table[np.isclose(table["t_over_tf"], t_over_tf, rtol=1e-9, atol=0.0)],
                      size_label).sort_values("hbar_omega_c_over_ef")
    moment = rows["moment_over_mub"].to_numpy()
    return float((moment.max() - moment[-1]) / moment.max())


def fig7_weak_field_slope(table: pd.DataFrame, size_label: str, extreme: str) -> dict:
    r"""Weak-field slope :math:`M/x` at the first non-zero field of one size of Fig. 7,
    smallest (``extreme="min"``) or largest (``"max"``) over its temperatures [mu_B]."""
    rows = table[(table["size_label"] == size_label) & (table["hbar_omega_c_over_ef"] > 0)]
    first = rows.loc[rows.groupby("t_over_tf")["hbar_omega_c_over_ef"].idxmin()]
    slope = (first["moment_over_mub"] / first["hbar_omega_c_over_ef"]).to_numpy()
    i = int(np.argmin(slope) if extreme == "min" else np.argmax(slope))
    return {"value": float(slope[i]), "t_over_tf": float(first["t_over_tf"].iloc[i])}


# ----------------------------------------------------------------------------- Fig. 8
def _log_density(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = np.unique(table["k_over_c"].to_numpy())
    s = np.unique(table["mz1_over_m0"].to_numpy())
    p = (table.sort_values(["k_over_c", "mz1_over_m0"])["density"].to_numpy()
         .reshape(r.size, s.size))
    return r, s, p


def fig8_splitting_threshold(table: pd.DataFrame) -> dict:
    r""":math:`K/C` where :math:`P_1` at :math:`M_{z1} = 0` turns from a maximum into a minimum [1].

    The curvature of :math:`\ln P_1` at :math:`s = 0` is the second difference over the two
    grid neighbours of :math:`s = 0`; its sign change between two :math:`K/C` columns is
    located by linear interpolation.
    """
    r, s, p = _log_density(table)
    i0 = int(np.argmin(np.abs(s)))
    if abs(s[i0]) > 1e-12:
        raise ValueError("fig8_splitting_threshold needs s = 0 on the grid")
    curvature = np.log(p[:, i0 - 1]) + np.log(p[:, i0 + 1]) - 2.0 * np.log(p[:, i0])
    k = int(np.flatnonzero((curvature[:-1] < 0) & (curvature[1:] >= 0))[0])
    value = r[k] - curvature[k] * (r[k + 1] - r[k]) / (curvature[k + 1] - curvature[k])
    return {"value": float(value), "step": float(r[k + 1] - r[k])}


def fig8_peak_position(table: pd.DataFrame) -> float:
    r""":math:`|M_{z1}|/M_0` of the maximum of :math:`P_1` at the largest :math:`K/C` of Fig. 8 [1]."""
    r, s, p = _log_density(table)
    return float(abs(s[int(np.argmax(p[-1]))]))


# ----------------------------------------------------------------------------- Figs. 9 and 10
def fig9_largest_step(table: pd.DataFrame) -> float:
    r"""Largest :math:`\chi_{c,N+1} - \chi_{c,N}` of Fig. 9 [chi_c^z] (< 0: decreasing in N)."""
    ratio = table.sort_values("n_particles")["chi_cn_over_chicz"].to_numpy()
    return float(np.max(np.diff(ratio)))


def fig9_longest_chain(table: pd.DataFrame) -> dict:
    r""":math:`\chi_{c,N}/\chi_c^z` at the largest N of Fig. 9 [chi_c^z]."""
    i = int(table["n_particles"].idxmax())
    return {"value": float(table.loc[i, "chi_cn_over_chicz"]), "n": int(table.loc[i, "n_particles"])}


def fig10_smallest_growth_with_n(table: pd.DataFrame) -> dict:
    r"""Smallest :math:`m_{N+1} - m_N` of Fig. 10 over the steps that end in an ordered chain
    [mu_B] (> 0: the spontaneous moment grows with N); 0 if no chain orders."""
    worst = {"value": 0.0, "t_over_tf": np.nan, "n": -1}
    first = True
    for t, grp in table.groupby("t_over_tf"):
        grp = grp.sort_values("n_particles")
        m = grp["mz_over_mub"].to_numpy()
        n = grp["n_particles"].to_numpy()
        for i in np.flatnonzero(m[1:] > 0):
            step = float(m[i + 1] - m[i])
            if first or step < worst["value"]:
                worst, first = {"value": step, "t_over_tf": float(t), "n": int(n[i])}, False
    return worst


def fig10_smallest_growth_on_cooling(table: pd.DataFrame) -> dict:
    r"""Smallest :math:`m_N(T_i) - m_N(T_{i+1})` of Fig. 10 over neighbouring temperatures,
    for the steps whose colder chain is ordered [mu_B] (> 0: cooling favours order)."""
    worst = {"value": 0.0, "t_over_tf": np.nan, "n": -1}
    first = True
    for n, grp in table.groupby("n_particles"):
        grp = grp.sort_values("t_over_tf")
        m = grp["mz_over_mub"].to_numpy()
        t = grp["t_over_tf"].to_numpy()
        for i in np.flatnonzero(m[:-1] > 0):
            step = float(m[i] - m[i + 1])
            if first or step < worst["value"]:
                worst, first = {"value": step, "t_over_tf": float(t[i]), "n": int(n)}, False
    return worst


# ----------------------------------------------------------------------------- no figure
def landau_susceptibility_of(config: dict) -> float:
    r""":math:`|\chi_L|` [1, cgs] of Eq. (1) for the config's :math:`k_F` (``material``)."""
    from nanomag.orbital_dimers.orbital_response import landau_susceptibility

    return landau_susceptibility(config["fermi_wavevector_per_cm"])


def temperature_of(config: dict, t_over_tf: float, unit: str = "K") -> float:
    r"""Temperature [K or mK] of :math:`T/T_F` for the config's :math:`E_F` (``material``)."""
    from nanomag.orbital_dimers.orbital_response import temperature_k

    kelvin = temperature_k(t_over_tf, config["fermi_energy_ev"])
    return kelvin * {"K": 1.0, "mK": 1e3}[unit]


def chain_ratio_long(n_particles: int) -> float:
    r""":math:`\chi^z_{c,N}/\chi^z_c` of Eq. (C1) for a long chain (App. C's N -> infinity
    limit, which no figure shows as data) [chi_c^z]."""
    from nanomag.orbital_dimers.chain import critical_susceptibility_ratio

    return critical_susceptibility_ratio(int(n_particles))
