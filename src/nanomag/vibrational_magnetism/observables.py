r"""Numbers the paper states, read from the tables its figures draw (scorecard evaluators).

Each function takes the pipeline table of one figure (``table=``) and, where the statement
needs a parameter the table does not carry, the figure's config slice (``config=``). It
returns the value the statement is about, or ``{"value": v, **numbers}`` whose extra numbers
fill the anchor's ``finding`` (``config/anchors/vibrational_magnetism.yaml``). Nothing here
recomputes a figure; the two statements no figure shows (Eq. 2 and the T = 0 crossover of
Eq. 5) call the library with the figure's config slice.

Moment classes of Figs. 4 and 5 (a reading of the paper's words, see the model notes):
a moment is *fully developed* when :math:`\langle M\rangle \ge 0.9\cdot 2S`, *not developed*
when :math:`\langle M\rangle \le 0.1\cdot 2S`, and *partially developed* in between.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.vibrational_magnetism.dimer import (K_B_MEV_PER_K, eq1_exact_levels,
                                                 eq2_condition_crossover,
                                                 eq2_ground_state_crossover, eq2_levels,
                                                 zero_temperature_crossover_ratio)

#: Fraction of the saturated moment 2S above which a moment is "fully developed" [1].
FULL_FRACTION = 0.9
#: Fraction of 2S below which a moment is "not developed" [1].
NONE_FRACTION = 0.1


# ------------------------------------------------------------------------ Eq. 2, Fig. 1
def eq2_printed_deviation(config: dict) -> dict:
    r"""Largest gap between the printed Eq. 2 and exact diagonalisation of Eq. 1 [\|J\|].

    The printed :math:`I_- = I_+ - (I_{12}-I_{21})/2` is compared with the exact levels at the
    parameters of Fig. 1(c) (config slice ``fig1``: exchange, anisotropy and both fields).

    Returns
    -------
    dict
        ``value`` (printed sign) and ``exact_sign`` (:math:`I_{12}+I_{21}`), both
        :math:`\max|E_{Eq.2} - E_{ED}|/|J|`; ``i12``, ``i21`` [\|J\|].
    """
    j = float(config["exchange"])
    args = dict(i12=float(config["i12"]), i21=float(config["i21"]),
                alpha=float(config["alpha"]), zeta=float(config["zeta"]))
    exact = eq1_exact_levels(j, **args)
    dev = {sign: float(np.max(np.abs(eq2_levels(j, i_minus_sign=sign, **args) - exact))) / abs(j)
           for sign in ("printed", "exact")}
    return {"value": dev["printed"], "exact_sign": dev["exact"], "i12": args["i12"],
            "i21": args["i21"]}


def eq2_condition_over_exact(config: dict) -> dict:
    r"""The stated ground-state condition's :math:`|\alpha|` over the exact one [1].

    Paper (after Eq. 2): a magnetic (m = +-1) ground state needs
    :math:`\zeta^2 < -(|J|-I-|\alpha|)(I+|\alpha|)`, :math:`I = I_+ - I_-`; its boundary is
    :math:`|\alpha| = [|J| + \sqrt{J^2+4\zeta^2}]/2 - I`
    (:func:`~nanomag.vibrational_magnetism.dimer.eq2_condition_crossover`). The exact boundary
    comes from diagonalising Eq. 1
    (:func:`~nanomag.vibrational_magnetism.dimer.eq2_ground_state_crossover`) at the Fig. 1 parameters
    (``exchange``, ``i12``, ``i21``, ``zeta``); :math:`I_-` follows ``i_minus_sign``.

    Returns
    -------
    dict
        ``value`` (ratio), ``condition`` and ``exact`` [\|J\|].
    """
    args = dict(exchange=float(config["exchange"]), i12=float(config["i12"]),
                i21=float(config["i21"]), zeta=float(config["zeta"]))
    condition = eq2_condition_crossover(i_minus_sign=config["i_minus_sign"], **args)
    exact = eq2_ground_state_crossover(**args)
    return {"value": float(condition / exact), "condition": float(condition),
            "exact": float(exact)}


def ground_state_m(table: pd.DataFrame, panel: str) -> float:
    r""":math:`|m_z|` of the lowest exact level of Fig. 1, panel ``panel`` [hbar]."""
    rows = table[table["panel"] == panel]
    if rows.empty:
        raise ValueError(f"level_scheme has no panel {panel!r}")
    return float(abs(rows.loc[rows["energy_ed_over_abs_j"].idxmin(), "m_z"]))


# ------------------------------------------------------------------------ Eq. 5, Fig. 2
def zero_temperature_inverse_ratio(config: dict) -> dict:
    r""":math:`J/|\alpha_c|` of the T = 0 crossover of the S = 1/2 dimer in the Fig. 2 reading.

    The paper (after Eq. 5): moment for :math:`3|\alpha| > J`, i.e. :math:`J/|\alpha_c| = 3`.

    Returns
    -------
    dict
        ``value`` (reading ``config['reading']``), ``exact`` and ``eq5_printed``
        (:math:`|\alpha_c|/J` of the two readings), ``reading`` [1].
    """
    ratios = {r: zero_temperature_crossover_ratio(0.5, r) for r in ("exact", "eq5_printed")}
    reading = config["reading"]
    ratio = ratios[reading] if reading in ratios else zero_temperature_crossover_ratio(0.5, reading)
    return {"value": 1.0 / ratio, "exact": ratios["exact"], "eq5_printed": ratios["eq5_printed"]}


def _spin_rows(table: pd.DataFrame, spin: float) -> pd.DataFrame:
    rows = table[np.isclose(table["spin"], float(spin))]
    if rows.empty:
        raise ValueError(f"phase_map has no spin {spin}")
    return rows


def fig2_crossover_inverse_ratio(table: pd.DataFrame, spin: float) -> dict:
    r""":math:`J/|\alpha|` where the AFM moment of Fig. 2 first reaches :math:`|M| = 1/2` [1].

    For every column :math:`J > 0` of the upper half of the map (:math:`J \ge J_{max}/2`,
    away from the thermal smearing at small J) the crossing of :math:`|M| = 1/2` along
    :math:`|\alpha|` (the :math:`\alpha \le 0` half, :math:`M \ge 0`) is found by linear
    interpolation; the median of :math:`|\alpha_c|/J` over these columns is returned inverted.

    Returns
    -------
    dict
        ``value`` = :math:`J/|\alpha_c|`, ``alpha_over_j`` (median), ``j_low``, ``j_high``
        (columns used [meV]), ``columns`` (their number).
    """
    rows = _spin_rows(table, spin)
    rows = rows[rows["alpha_mev"] <= 0]
    j_max = rows["exchange_mev"].max()
    ratios, used = [], []
    for j, col in rows[rows["exchange_mev"] >= 0.5 * j_max].groupby("exchange_mev"):
        col = col.sort_values("alpha_mev", ascending=False)     # |alpha| ascending
        a = -col["alpha_mev"].to_numpy()
        m = col["total_moment"].to_numpy()
        above = np.flatnonzero(m >= 0.5)
        if j <= 0 or above.size == 0 or above[0] == 0:
            continue
        i = above[0]
        a_c = a[i - 1] + (0.5 - m[i - 1]) * (a[i] - a[i - 1]) / (m[i] - m[i - 1])
        ratios.append(a_c / j)
        used.append(j)
    if not ratios:
        raise ValueError(f"no AFM column of the S = {spin} map reaches |M| = 1/2")
    ratio = float(np.median(ratios))
    return {"value": 1.0 / ratio, "alpha_over_j": ratio, "j_low": float(min(used)),
            "j_high": float(max(used)), "columns": float(len(used))}


def fig2_fm_magnetised_fraction(table: pd.DataFrame) -> dict:
    r"""Fraction of the FM half of Fig. 2 (:math:`J < 0`, :math:`\alpha \ne 0`) that is magnetised.

    Magnetised: :math:`M \ne 0` with the sign of :math:`-\alpha` (the sign of Eq. 5), over all
    spins of the table.

    Returns
    -------
    dict
        ``value`` [1] and ``min_abs_moment`` (smallest :math:`|M|` there [hbar]).
    """
    rows = table[(table["exchange_mev"] < 0) & (table["alpha_mev"] != 0)]
    if rows.empty:
        raise ValueError("phase_map has no point with J < 0 and alpha != 0")
    m, a = rows["total_moment"].to_numpy(), rows["alpha_mev"].to_numpy()
    ok = np.sign(m) == -np.sign(a)
    return {"value": float(np.mean(ok)), "min_abs_moment": float(np.min(np.abs(m)))}


def fig2_afm_moment_below_crossover(table: pd.DataFrame, config: dict) -> dict:
    r"""Largest :math:`|M|/2S` of Fig. 2 where the paper says the AFM moment vanishes [1].

    Points with :math:`J > 0`, :math:`3|\alpha| < J` and :math:`J \ge 10\,k_BT` (the T of the
    config slice ``fig2``), where thermal excitation of the triplet is negligible.

    Returns
    -------
    dict
        ``value`` [1], ``exchange_mev``, ``alpha_mev`` (where it is largest) and ``j_min``.
    """
    j_min = 10.0 * K_B_MEV_PER_K * float(config["temperature_k"])
    rows = table[(table["exchange_mev"] >= j_min)
                 & (3 * table["alpha_mev"].abs() < table["exchange_mev"])]
    if rows.empty:
        raise ValueError(f"phase_map has no AFM point with J >= {j_min:.3g} meV")
    frac = rows["total_moment"].abs() / (2 * rows["spin"])
    at = frac.idxmax()
    return {"value": float(frac.max()), "exchange_mev": float(rows.loc[at, "exchange_mev"]),
            "alpha_mev": float(rows.loc[at, "alpha_mev"]), "j_min": j_min}


# ------------------------------------------------------------------------ Eq. 7, Fig. 3
def _fig3_ratios(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, float, float]:
    """omega0 [meV], the factor's ratio T_max / T_min [1], T_min and T_max [K]."""
    omegas, ratios = [], []
    for omega0, rows in table.groupby("omega0_mev", sort=True):
        rows = rows.sort_values("temperature_k")
        values = rows["coth_over_omega0_per_mev"].to_numpy()
        omegas.append(omega0)
        ratios.append(values[-1] / values[0])
    t = table["temperature_k"]
    return np.array(omegas), np.array(ratios), float(t.min()), float(t.max())


def fig3_low_energy_ratio(table: pd.DataFrame) -> dict:
    r"""Rise of :math:`\coth(\beta\omega_0/2)/\omega_0` over the Fig. 3 range, lowest :math:`\omega_0`.

    Returns
    -------
    dict
        ``value`` = factor(T_max)/factor(T_min) [1], ``omega0`` [meV], ``t_min``, ``t_max`` [K].
    """
    omegas, ratios, t_min, t_max = _fig3_ratios(table)
    return {"value": float(ratios[0]), "omega0": float(omegas[0]), "t_min": t_min,
            "t_max": t_max}


def fig3_waning_fraction(table: pd.DataFrame) -> dict:
    r"""Fraction of consecutive :math:`\omega_0` of Fig. 3 whose rise over T is smaller [1].

    1 means the temperature variation wanes monotonically with :math:`\omega_0`.

    Returns
    -------
    dict
        ``value`` [1], ``highest_ratio`` (rise at the largest :math:`\omega_0`) [1].
    """
    _, ratios, _, _ = _fig3_ratios(table)
    if ratios.size < 2:
        raise ValueError("Fig. 3 needs at least two omega0")
    return {"value": float(np.mean(np.diff(ratios) < 0)), "highest_ratio": float(ratios[-1])}


# ------------------------------------------------------------------------ Fig. 4
_CLASSES = ("full", "partial", "none", "not_full")


def _in_class(fraction: np.ndarray, state: str) -> np.ndarray:
    if state == "full":
        return fraction >= FULL_FRACTION
    if state == "none":
        return fraction <= NONE_FRACTION
    if state == "partial":
        return (fraction > NONE_FRACTION) & (fraction < FULL_FRACTION)
    if state == "not_full":
        return fraction < FULL_FRACTION
    raise ValueError(f"state must be one of {_CLASSES}, got {state!r}")


def fig4_class_fraction(table: pd.DataFrame, config: dict, omega0_mev: float, side: str,
                        when: str, state: str) -> dict:
    r"""Fraction of a region of a Fig. 4 panel whose moment is in class ``state`` [1].

    Parameters
    ----------
    table : pandas.DataFrame
        ``phase_map_temperature``.
    config : dict
        Slice ``fig4`` (for the spin S).
    omega0_mev : float
        Panel [meV].
    side : {"fm", "afm", "both"}
        fm: every :math:`J < 0` column; afm: :math:`J \ge J_{max}/2` (deep in the AFM side,
        beyond the first step :math:`|\alpha| = J` at the lowest T of every panel); both.
    when : {"t_min", "t_max", "all"}
        The lowest or highest temperature row, or every row.
    state : {"full", "partial", "none", "not_full"}
        Moment class (module docstring).

    Returns
    -------
    dict
        ``value`` [1]; ``min_fraction``, ``max_fraction`` (:math:`M/2S` in the region),
        ``t_at_max`` [K], ``j_min`` [meV], ``beta_alpha_high`` (:math:`\beta|\alpha|` at the
        highest T) [1].
    """
    spin = float(config["spin"])
    rows = table[np.isclose(table["omega0_mev"], float(omega0_mev))]
    if rows.empty:
        raise ValueError(f"phase_map_temperature has no omega0 = {omega0_mev} meV")
    j, t = rows["exchange_mev"], rows["temperature_k"]
    j_half = 0.5 * j.max()
    region = {"fm": j < 0, "afm": j >= j_half, "both": (j < 0) | (j >= j_half)}[side]
    region &= {"t_min": t == t.min(), "t_max": t == t.max(), "all": t > 0}[when]
    sel = rows[region]
    fraction = sel["total_moment"].to_numpy() / (2 * spin)
    hot = rows[t == t.max()].iloc[0]
    return {"value": float(np.mean(_in_class(fraction, state))),
            "min_fraction": float(fraction.min()), "max_fraction": float(fraction.max()),
            "t_at_max": float(sel["temperature_k"].to_numpy()[np.argmax(fraction)]),
            "j_min": float(sel["exchange_mev"].min()),
            "beta_alpha_high": float(abs(hot["alpha_mev"]) / (K_B_MEV_PER_K * hot["temperature_k"]))}


# ------------------------------------------------------------------------ Fig. 5
def _fig5_curves(table: pd.DataFrame, panel: str) -> list[tuple[float, np.ndarray, np.ndarray]]:
    """(Phi/omega0, T [K], m [hbar]) of every curve of panel ``panel``, Phi ascending."""
    rows = table[table["panel"] == panel]
    if rows.empty:
        raise ValueError(f"moment_per_site has no panel {panel!r}")
    curves = []
    for phi, curve in rows.groupby("phi_over_omega0", sort=True):
        curve = curve.sort_values("temperature_k")
        curves.append((float(phi), curve["temperature_k"].to_numpy(),
                       curve["moment_per_site"].to_numpy()))
    return curves


def fig5_growth_fraction(table: pd.DataFrame, panel: str) -> dict:
    r"""Smallest (over :math:`\Phi`) fraction of temperature steps over which m(T) grows [1].

    Returns
    -------
    dict
        ``value`` [1], ``phi`` (the curve that attains it) [omega0].
    """
    fractions = [(float(np.mean(np.diff(m) > 0)), phi) for phi, _, m in _fig5_curves(table, panel)]
    value, phi = min(fractions)
    return {"value": value, "phi": phi}


def fig5_peak_decay(table: pd.DataFrame, panel: str) -> dict:
    r"""Relative decay of m(T) from its maximum to the highest T, largest over :math:`\Phi` [1].

    :math:`(m_{max} - m(T_{max}))/m_{max}`; zero when the curve grows up to :math:`T_{max}`.

    Returns
    -------
    dict
        ``value`` [1], ``t_peak`` [K] and ``phi`` [omega0] of that curve, ``t_max`` [K].
    """
    best = None
    for phi, t, m in _fig5_curves(table, panel):
        i = int(np.argmax(m))
        decay = (m[i] - m[-1]) / m[i]
        if best is None or decay > best[0]:
            best = (float(decay), float(t[i]), phi, float(t[-1]))
    return {"value": best[0], "t_peak": best[1], "phi": best[2], "t_max": best[3]}


def linear_response_high_t_limit(config: dict, abs_exchange_mev: float,
                                 phi_over_omega0: float) -> float:
    r"""High-T limit of the Fig. 5 moment per site to first order in :math:`\Phi` [hbar].

    For :math:`k_BT \gg J_k,\ \omega_0`: :math:`\langle Q\rangle \to -12\Phi k_BT/\omega_0^2`,
    so :math:`\beta\alpha_k \to -12\Phi A_k/\omega_0^2` is T-independent, and two free spins
    give :math:`\langle M_k\rangle = -2\beta\alpha_k S(S+1)/3`. Per site
    :math:`m_\infty = 4(\Phi/\omega_0)S(S+1)\langle A_k\rangle/\omega_0`, with
    :math:`\langle A_k\rangle` averaged over the figure's k grid.

    Parameters
    ----------
    config : dict
        Slice ``fig5``.
    abs_exchange_mev : float
        \|J\| of the panel (sets A = ``spin_lattice_over_abs_exchange`` \|J\|) [meV].
    phi_over_omega0 : float
        :math:`\Phi/\omega_0` [1].
    """
    from nanomag.vibrational_magnetism.lattice import gaussian_coupling_k, k_shells

    k, weight = k_shells(config["n_k"], config["k_max_per_angstrom"])
    a_amp = float(config["spin_lattice_over_abs_exchange"]) * float(abs_exchange_mev)
    mean_a = float(weight @ gaussian_coupling_k(k, a_amp, config["r_a_angstrom"]))
    spin = float(config["spin"])
    return 4.0 * float(phi_over_omega0) * spin * (spin + 1.0) * mean_a / float(config["omega0_mev"])


def _panel(config: dict, letter: str) -> dict:
    for panel in config["panels"]:
        if panel["letter"] == letter:
            return panel
    raise ValueError(f"fig5 has no panel {letter!r}")


def fig5_high_t_over_limit(table: pd.DataFrame, config: dict, panel: str) -> dict:
    r"""m(T_max) of the smallest-:math:`\Phi` curve of a panel over its high-T limit [1].

    Returns
    -------
    dict
        ``value`` [1], ``m_high`` (table) and ``m_inf`` (:func:`linear_response_high_t_limit`)
        [hbar], ``t_max`` [K].
    """
    phi, t, m = _fig5_curves(table, panel)[0]
    m_inf = linear_response_high_t_limit(config, _panel(config, panel)["abs_exchange_mev"], phi)
    return {"value": float(m[-1] / m_inf), "m_high": float(m[-1]), "m_inf": m_inf,
            "t_max": float(t[-1])}


def fig5_afm_over_fm_high_t(table: pd.DataFrame, config: dict, afm: str, fm: str) -> dict:
    r"""AFM over FM moment at the highest T, smallest :math:`\Phi` (equal \|J\|) [1].

    Returns
    -------
    dict
        ``value`` [1], ``t_max`` [K], ``kt`` (:math:`k_BT_{max}`) and ``jk_max``
        (:math:`J_{k=0} = \sqrt2\pi r_S|J|`) [meV], ``m_inf`` [hbar].
    """
    from nanomag.vibrational_magnetism.lattice import gaussian_coupling_k

    phi, t, m_afm = _fig5_curves(table, afm)[0]
    _, _, m_fm = _fig5_curves(table, fm)[0]
    abs_j = float(_panel(config, afm)["abs_exchange_mev"])
    return {"value": float(m_afm[-1] / m_fm[-1]), "t_max": float(t[-1]),
            "kt": float(K_B_MEV_PER_K * t[-1]),
            "jk_max": float(gaussian_coupling_k(0.0, abs_j, config["r_s_angstrom"])),
            "m_inf": linear_response_high_t_limit(config, abs_j, phi)}


def fig5_moment_over_spin(table: pd.DataFrame, config: dict, panel: str) -> dict:
    r"""Moment per site at the highest T and largest :math:`\Phi` of a panel, over S [1].

    Returns
    -------
    dict
        ``value`` [1], ``m`` [hbar], ``phi`` [omega0], ``phi_micro_ev`` (:math:`\Phi`) [micro-eV].
    """
    phi, _, m = _fig5_curves(table, panel)[-1]
    return {"value": float(m[-1] / float(config["spin"])), "m": float(m[-1]), "phi": phi,
            "phi_micro_ev": phi * float(config["omega0_mev"]) * 1e3}
