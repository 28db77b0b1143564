"""Measures of the figures' curves for the scorecard (config/anchors/cluster_pairing.yaml).

Every function that concerns a figure reads the pipeline table that the figure draws (the
scorecard passes it as ``table`` or ``tables``), on the figure's own grid and at the
config's parameters. Functions for statements no figure shows take the figure's config
slice (``config``). Temperatures in ``Tc = Delta0 / 2``, fields in ``omega_c`` (Eq. 12),
energies in ``Delta0``; columns as written by
:func:`nanomag.cluster_pairing.seniority.canonical_sweep_table` and
:func:`nanomag.cluster_pairing.bcs.bcs_sweep_table`.

The pairing criterion against the non-interacting baseline: uncorrelated electrons have a
canonical gap ``Delta_c0 > 0`` at ``T > 0`` (the diagonal part of ``A+ A``, column
``gap_uncorrelated_over_delta0``). The pair correlations are the excess
``Delta_c^2 - Delta_c0^2`` (``-G`` times the correlation part of the pairing energy). A
"region with pair correlations" extends to the field where this excess has fallen to half
its zero-field value at the same temperature (half width).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from nanomag.cluster_pairing import bcs, seniority


def _curve(frame, x_col="omega_over_omegac", **eq):
    """Rows of ``frame`` with the given column values (to 1e-9), sorted by ``x_col``."""
    mask = np.ones(len(frame), bool)
    for col, val in eq.items():
        mask &= np.isclose(frame[col].to_numpy(float), float(val), rtol=0, atol=1e-9)
    if not mask.any():
        raise ValueError(f"no rows with {eq}")
    return frame[mask].sort_values(x_col, kind="stable")


def _maxima(y, rel_prominence):
    """Indices of the maxima of ``y`` with prominence above ``rel_prominence * max(y)``.

    The prominence of a maximum is its height above the higher of the two minima that
    separate it from a higher point on either side (or from the ends), as in
    ``scipy.signal.find_peaks`` (whose import costs more than the whole scorecard).
    """
    y = np.asarray(y, float)
    inner = np.flatnonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:])) + 1
    keep = []
    for i in inner:
        higher_left = np.flatnonzero(y[:i] > y[i])
        higher_right = np.flatnonzero(y[i + 1:] > y[i])
        left = y[(higher_left[-1] + 1 if higher_left.size else 0):i + 1].min()
        right = y[i:(i + 1 + higher_right[0] if higher_right.size else y.size)].min()
        if y[i] - max(left, right) > rel_prominence * float(np.max(y)):
            keep.append(i)
    return np.array(keep, dtype=int)


def _excess(frame):
    """Pair-correlation excess ``Delta_c^2 - Delta_c0^2`` [Delta0^2] of canonical rows."""
    return (frame["gap_over_delta0"].to_numpy() ** 2
            - frame["gap_uncorrelated_over_delta0"].to_numpy() ** 2)


def _shell(config: Mapping[str, Any]) -> tuple[int, int]:
    shell = config["shells"][0]
    return int(shell["m"]), int(shell["n_electrons"])


# ---------------------------------------------------------------- statements without figure
def critical_frequency_ratio(config: Mapping[str, Any], odd: bool = False) -> float:
    """``omega_c M / Delta0`` of the figure's shell from the exact spectrum [1].

    The crossing of the lowest levels of the two largest seniorities, read from the exact
    degeneracy table (not from Eqs. 11-12). ``odd`` adds one electron (N = M for the
    half-filled shell with odd N).
    """
    m, n = _shell(config)
    n = n + 1 if odd else n
    nu_max = int(seniority.allowed_seniorities(m, n)[-1])
    return seniority.ground_state_crossing(m, n, nu_max) * m


def eq12_deviation(config: Mapping[str, Any]) -> float:
    """Largest relative deviation of Eq. 12 from the ground-state crossings of the spectrum,
    over every step of the figure's shell [1]."""
    m, n = _shell(config)
    nus, omegas = seniority.step_frequencies(m, n)
    spectrum = np.array([seniority.ground_state_crossing(m, n, int(nu)) for nu in nus])
    return float(np.max(np.abs(omegas / spectrum - 1.0)))


def tc_over_zero_temperature_gap(config: Mapping[str, Any]) -> dict[str, float]:
    """Mean-field ``Tc / Delta(T = 0, omega = 0)`` of the figure's shell [1].

    ``Tc`` from the linearized gap equation; ``Delta(0)`` from the BCS solver at T = 0.
    Returns the value and ``tc`` [Delta0], ``gap0`` [Delta0], ``n_bar`` and ``shell_m``.
    """
    m, n = _shell(config)
    tc = bcs.bcs_critical_temperature(m, n)
    gap0 = float(bcs.bcs_state(m, n, 0.0, 0.0)["gap"])
    return {"value": tc / gap0, "tc": tc, "gap0": gap0, "n_bar": float(n), "shell_m": float(m)}


# ---------------------------------------------------------------- Figs 1 and 2
def bcs_zero_temperature_gap(table) -> dict[str, float]:
    """BCS gap at T = 0, omega = 0 of the figure's table [Delta0 = G M / 2]."""
    row = _curve(table, t_over_tc=0.0, omega_over_omegac=0.0)
    m, n = int(row["shell_m"].iloc[0]), int(row["n_electrons"].iloc[0])
    return {"value": float(row["gap_over_delta0"].iloc[0]), "shell_m": float(m),
            "n_bar": float(n)}


def bcs_destruction_field(table, t_over_tc: float) -> float:
    """Lowest field of the table where the BCS gap at ``t_over_tc`` is zero [omega_c]."""
    c = _curve(table, t_over_tc=t_over_tc)
    zero = np.flatnonzero(c["gap_over_delta0"].to_numpy() == 0)
    return float(c["omega_over_omegac"].iloc[zero[0]]) if zero.size else float("inf")


def _vanishing_points(table, family_col, x_col):
    """Per value of ``family_col`` with a gap somewhere: the first ``x_col`` where the BCS
    gap is zero after being positive."""
    out = []
    for value in np.unique(table[family_col].to_numpy()):
        c = _curve(table, x_col=x_col, **{family_col: value})
        gap = c["gap_over_delta0"].to_numpy()
        if gap.max() <= 0:
            continue
        zero = np.flatnonzero((gap == 0) & (np.arange(gap.size) > np.argmax(gap > 0)))
        if zero.size:
            out.append((value, float(c[x_col].iloc[zero[0]])))
    return out


def bcs_zero_gap_field_shift(table) -> dict[str, float]:
    """Largest increase of the BCS ``Delta = 0`` field from one temperature of the table to
    the next higher one [omega_c] (negative: the field moves down with T, Fig. 1).

    Temperatures where the gap is zero at every field count with field 0.
    """
    temps = np.unique(table["t_over_tc"].to_numpy())
    fields = []
    for t in temps:
        c = _curve(table, t_over_tc=t)
        gap = c["gap_over_delta0"].to_numpy()
        zero = np.flatnonzero(gap == 0)
        fields.append(float(c["omega_over_omegac"].iloc[zero[0]]) if zero.size else np.inf)
    fields = np.array(fields)
    return {"value": float(np.max(np.diff(fields))), "first": fields[0], "last": fields[-1],
            "t_last": float(temps[-1])}


def bcs_tc_shift_with_field(table) -> dict[str, float]:
    """Largest increase of the temperature where the BCS gap vanishes, from one field of the
    table to the next higher one [Tc] (negative: Tc moves down with the field, Fig. 2).

    Only fields where the gap is positive at the lowest temperature count.
    """
    points = _vanishing_points(table, "omega_over_omegac", "t_over_tc")
    temps = np.array([p[1] for p in points])
    if temps.size < 2:
        raise ValueError("fewer than two fields with a BCS gap in the table")
    return {"value": float(np.max(np.diff(temps))), "t_zero_field": temps[0],
            "t_highest_field": temps[-1], "omega_highest": float(points[-1][0])}


def pairing_half_width(table, t_over_tc: float) -> dict[str, float]:
    """Field where the pair-correlation excess at ``t_over_tc`` falls to half its zero-field
    value [omega_c] (module docstring), from the canonical table of Fig. 1.

    Also returns ``excess0`` [Delta0^2] and the gaps ``gap_at_1p25``, ``baseline_at_1p25``
    [Delta0] at 1.25 omega_c (interpolated).
    """
    c = _curve(table, t_over_tc=t_over_tc)
    x = c["omega_over_omegac"].to_numpy()
    ex = _excess(c)
    half = 0.5 * ex[0]
    below = np.flatnonzero(ex < half)
    if below.size == 0:
        width = float("inf")
    else:
        j = below[0]
        width = float(np.interp(half, [ex[j], ex[j - 1]], [x[j], x[j - 1]]))
    return {"value": width, "excess0": float(ex[0]),
            "gap_at_1p25": float(np.interp(1.25, x, c["gap_over_delta0"])),
            "baseline_at_1p25": float(np.interp(1.25, x, c["gap_uncorrelated_over_delta0"]))}


def pairing_half_width_ratio(table, t_high_over_tc: float, t_low_over_tc: float) -> float:
    """Half width (:func:`pairing_half_width`) at the higher temperature over the lower [1]."""
    return (pairing_half_width(table, t_high_over_tc)["value"]
            / pairing_half_width(table, t_low_over_tc)["value"])


def dynamic_pairing_buildup(table, omega_min_over_omegac: float = 1.0) -> dict[str, float]:
    """Smallest growth of the pair-correlation excess from T = 0 to T = Tc among the curves of
    the Fig. 2 table at ``omega >= omega_min`` [Delta0^2] (positive: builds up with T)."""
    growth = []
    for w in np.unique(table["omega_over_omegac"].to_numpy()):
        if w < omega_min_over_omegac:
            continue
        c = _curve(table, x_col="t_over_tc", omega_over_omegac=w)
        t = c["t_over_tc"].to_numpy()
        ex = _excess(c)
        growth.append(float(np.interp(1.0, t, ex) - ex[np.argmin(t)]))
    if not growth:
        raise ValueError(f"no curve at omega >= {omega_min_over_omegac} omega_c in the table")
    return {"value": min(growth), "largest": max(growth)}


def steepest_drop_temperature(table, omega_over_omegac: float = 0.0) -> float:
    """Temperature of the steepest descent of the canonical gap at the given field, on the
    Fig. 2 table's grid [Tc]."""
    c = _curve(table, x_col="t_over_tc", omega_over_omegac=omega_over_omegac)
    t = c["t_over_tc"].to_numpy()
    slope = np.gradient(c["gap_over_delta0"].to_numpy(), t)
    return float(t[int(np.argmin(slope))])


# ---------------------------------------------------------------- Figs 3-5
def gap_step_count(table, shell_m: int, t_over_tc: float, rel_prominence: float = 0.01) -> float:
    """Resolved steps of ``Delta_c(omega)``: maxima of ``-dDelta_c/domega`` on the table's
    grid with prominence above ``rel_prominence`` times the largest slope [1]."""
    c = _curve(table, shell_m=shell_m, t_over_tc=t_over_tc)
    slope = -np.gradient(c["gap_over_delta0"].to_numpy(), c["omega_over_omegac"].to_numpy())
    return float(_maxima(slope, rel_prominence).size)


def steepest_gap_descent(table, shell_m: int, t_over_tc: float) -> float:
    """Field of the steepest descent of ``Delta_c(omega)`` on the table's grid [omega_c]."""
    c = _curve(table, shell_m=shell_m, t_over_tc=t_over_tc)
    x = c["omega_over_omegac"].to_numpy()
    return float(x[int(np.argmin(np.gradient(c["gap_over_delta0"].to_numpy(), x)))])


def peak_count(table, shell_m: int, t_over_tc: float, column: str,
               rel_prominence: float = 0.01) -> float:
    """Number of maxima of ``column`` vs omega with prominence above ``rel_prominence`` times
    the highest value [1]."""
    c = _curve(table, shell_m=shell_m, t_over_tc=t_over_tc)
    return float(_maxima(c[column].to_numpy(), rel_prominence).size)


def peak_position(table, shell_m: int, t_over_tc: float, column: str) -> float:
    """Field of the largest value of ``column`` [omega_c]."""
    c = _curve(table, shell_m=shell_m, t_over_tc=t_over_tc)
    return float(c["omega_over_omegac"].iloc[int(np.argmax(c[column].to_numpy()))])


def chi_peaks_at_crossings(table, shell_m: int, t_over_tc: float) -> dict[str, float]:
    """Ratio ``omega_peak / omega_crossing`` farthest from 1, pairing each T = 0 crossing
    (Eq. 12) with the nearest maximum of the canonical chi (prominence >= 1 %) [1]."""
    c = _curve(table, shell_m=shell_m, t_over_tc=t_over_tc)
    n = int(c["n_electrons"].iloc[0])
    x = c["omega_over_omegac"].to_numpy()
    peaks = x[_maxima(c["chi_mub2_per_v_delta0"].to_numpy(), 0.01)]
    _, steps = seniority.step_frequencies(shell_m, n)
    crossings = steps / seniority.critical_frequency(shell_m, n)
    ratios = np.array([peaks[np.argmin(np.abs(peaks - xc))] / xc for xc in crossings])
    worst = ratios[np.argmax(np.abs(ratios - 1.0))]
    return {"value": float(worst), "peaks": float(peaks.size),
            "crossings": float(crossings.size)}


def heat_capacity_dip_depth(table, shell_m: int, t_over_tc: float) -> float:
    """C at the T = 0 crossings relative to the smaller of its maxima on either side [1].

    For each crossing ``omega_nu`` (Eq. 12) C is interpolated at the crossing and divided by
    the smaller of the largest C on its left and on its right within half the smallest step
    spacing; the largest ratio over the crossings is returned (< 1: a dip at every crossing).
    """
    c = _curve(table, shell_m=shell_m, t_over_tc=t_over_tc)
    n = int(c["n_electrons"].iloc[0])
    x = c["omega_over_omegac"].to_numpy()
    heat = c["heat_capacity_kb"].to_numpy()
    _, steps = seniority.step_frequencies(shell_m, n)
    xs = steps / seniority.critical_frequency(shell_m, n)
    half = 0.5 * np.min(np.diff(np.concatenate([[0.0], xs])))
    ratios = []
    for xc in xs:
        left = heat[(x >= xc - half) & (x <= xc)]
        right = heat[(x >= xc) & (x <= xc + half)]
        ratios.append(np.interp(xc, x, heat) / min(left.max(), right.max()))
    return float(np.max(ratios))


def bcs_to_canonical_chi_ratio(tables, shell_m: int, t_over_tc: float) -> dict[str, float]:
    """Highest BCS chi over the highest canonical chi at one temperature, from the Fig. 4
    tables [1].

    The BCS column is chi as the configured reading (``bcs_chi``) computes it: the analytic
    derivative along the chosen branch (the tables hold the rows on both sides of each
    located jump, so its supremum is grid independent; the delta functions at the jumps have
    weight ``moment_jump`` and no height), or a finite difference on the figure's grid.
    Also returns ``bcs_max``, ``canonical_max`` and ``largest_jump`` [mu_B].
    """
    b = _curve(tables["bcs_response_vs_field"], shell_m=shell_m, t_over_tc=t_over_tc)
    c = _curve(tables["canonical_response_vs_field"], shell_m=shell_m, t_over_tc=t_over_tc)
    chi_b = float(b["chi_mub2_per_v_delta0"].max())
    chi_c = float(c["chi_mub2_per_v_delta0"].max())
    return {"value": chi_b / chi_c, "bcs_max": chi_b, "canonical_max": chi_c,
            "largest_jump": float(b["moment_jump_mub"].max())}
