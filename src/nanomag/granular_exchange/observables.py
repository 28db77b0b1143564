r"""The paper's quantitative statements evaluated from the figures' own tables (scorecard).

Every public ``*_statement`` function is the ``evaluate`` of one or more entries of
``config/anchors/granular_exchange.yaml``: it receives the pipeline table(s) the figure draws
(``table`` / ``tables``), the merged config slice (``config``) and the entry's ``params``,
and returns ``{"value": v, **numbers}``; the extra numbers fill the entry's ``finding``.
Exchange values are :math:`z_nJ` [K]; splittings :math:`J_{sd}` [eV]; radii [nm].

The generic finders (:func:`parabolic_peak`, :func:`sign_changes`) work on sampled curves:
the peak is refined by the parabola through the largest sample and its neighbours, a zero by
linear interpolation between the two samples of opposite sign.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


# ----------------------------------------------------------------------------- finders
def parabolic_peak(x, y) -> tuple[float, float]:
    r"""Position and height of the maximum of a sampled curve.

    The largest sample and its two neighbours define a parabola whose vertex is returned;
    on an end point the sample itself is returned.

    Parameters
    ----------
    x : array_like
        Abscissae, strictly increasing (any unit).
    y : array_like
        Values (any unit).

    Returns
    -------
    x_peak, y_peak : float
        Vertex of the parabola (unit of ``x``, unit of ``y``).
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    i = int(np.argmax(y))
    if i == 0 or i == y.size - 1:
        return float(x[i]), float(y[i])
    x0, x1, x2 = x[i - 1:i + 2]
    y0, y1, y2 = y[i - 1:i + 2]
    # Lagrange parabola through three (possibly unequally spaced) points
    d01, d12, d02 = x0 - x1, x1 - x2, x0 - x2
    a = (y0 / (d01 * d02)) - (y1 / (d01 * d12)) + (y2 / (d02 * d12))
    b = (-y0 * (x1 + x2) / (d01 * d02) + y1 * (x0 + x2) / (d01 * d12)
         - y2 * (x0 + x1) / (d02 * d12))
    c = y1 - a * x1 * x1 - b * x1
    # y1 is the first largest of three samples and not on an edge, so the parabola is
    # concave (a < 0): a convex or flat one cannot have its largest value in the middle
    xp = -b / (2.0 * a)
    return float(xp), float(a * xp * xp + b * xp + c)


def sign_changes(x, y, direction: str = "any") -> np.ndarray:
    r"""Zeros of a sampled curve by linear interpolation between samples of opposite sign.

    Parameters
    ----------
    x : array_like
        Abscissae, strictly increasing (any unit).
    y : array_like
        Values (any unit).
    direction : {"any", "down", "up"}
        All sign changes, only positive -> negative ("down") or negative -> positive ("up")
        with increasing x.

    Returns
    -------
    numpy.ndarray
        The zeros in increasing order (unit of ``x``). A sample exactly at 0 counts once.
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    s = np.sign(y)
    nonzero = s != 0
    xs, ys, ss = x[nonzero], y[nonzero], s[nonzero]
    idx = np.nonzero(ss[:-1] != ss[1:])[0]
    if direction == "down":
        idx = idx[ss[idx] > 0]
    elif direction == "up":
        idx = idx[ss[idx] < 0]
    elif direction != "any":
        raise ValueError(f"direction must be 'any', 'down' or 'up', got {direction!r}")
    x0, x1, y0, y1 = xs[idx], xs[idx + 1], ys[idx], ys[idx + 1]
    return x0 + (x1 - x0) * y0 / (y0 - y1)


def _curves(frame: pd.DataFrame, key: str, x: str, y: str):
    """(key value, x, y) of each curve of a long table, x sorted."""
    for value, group in frame.groupby(key, sort=True):
        group = group.sort_values(x)
        yield float(value), group[x].to_numpy(float), group[y].to_numpy(float)


def _grid(frame: pd.DataFrame, x: str, y: str, value: str):
    """(x, y, Z[y, x]) of a long table on a rectangular grid."""
    table = frame.pivot(index=y, columns=x, values=value)
    return table.columns.to_numpy(float), table.index.to_numpy(float), table.to_numpy(float)


def _fmt(values, digits: int = 3) -> str:
    return ", ".join(f"{v:.{digits}g}" for v in values)


# ----------------------------------------------------------------------------- Fig. 3
def fig3_peak_position_statement(*, table, config, extreme: str = "max") -> dict:
    r"""FM peak position :math:`J_{sd}/U` of every curve of Fig. 3 (both permittivities).

    Parameters
    ----------
    table : pandas.DataFrame
        ``fig3_exchange_vs_splitting``.
    config : dict
        Merged slices ``material`` and ``fig3`` (``u_ev``).
    extreme : {"min", "max"}
        Return the lowest or the highest peak position over radii and permittivities.

    Returns
    -------
    dict
        ``value`` [1], ``positions`` (text: a and position for eps = 5), ``radius`` [nm]
        and ``column`` of the extreme one.
    """
    u = float(config["u_ev"])
    rows = []
    for column in ("zj_k", "zj_inf_k"):
        for a, jsd, zj in _curves(table, "a_nm", "jsd_ev", column):
            rows.append((parabolic_peak(jsd, zj)[0] / u, a, column))
    pick = min if extreme == "min" else max
    value, a, column = pick(rows)
    eps5 = [r for r in rows if r[2] == "zj_k"]
    return {"value": value, "radius": a, "column": column,
            "positions": "; ".join(f"a = {r[1]:g} nm: {r[0]:.3f}" for r in eps5)}


def fig3_afm_extremum_statement(*, table, config) -> dict:
    r"""Position :math:`J_{sd}/U` of the strongest AFM coupling, farthest of all curves.

    Returns
    -------
    dict
        ``value``: the position (minimum of :math:`z_nJ`) [1] that lies farthest from the
        median position over all curves; ``low``, ``high`` the range of positions [1].
    """
    u = float(config["u_ev"])
    positions = []
    for column in ("zj_k", "zj_inf_k"):
        for _, jsd, zj in _curves(table, "a_nm", "jsd_ev", column):
            positions.append(parabolic_peak(jsd, -zj)[0] / u)
    positions = np.array(positions)
    far = positions[np.argmax(np.abs(positions - np.median(positions)))]
    return {"value": float(far), "low": float(positions.min()), "high": float(positions.max())}


def fig3_peak_value_statement(*, table, config) -> dict:
    r"""Height of the FM peak of the largest grain of Fig. 3 (finite permittivity).

    Returns
    -------
    dict
        ``value``: peak :math:`z_nJ` at the largest radius for :math:`\varepsilon = 5` [K];
        ``inf``: the same for :math:`\varepsilon\to\infty` [K]; ``afm``: largest
        :math:`|z_nJ|` of the AFM side at that radius [K]; ``radius`` [nm]; ``g`` the sinh
        factor of the reading [1].
    """
    curves = {c: {a: (x, y) for a, x, y in _curves(table, "a_nm", "jsd_ev", c)}
              for c in ("zj_k", "zj_inf_k")}
    a = max(curves["zj_k"])
    peak = parabolic_peak(*curves["zj_k"][a])[1]
    peak_inf = parabolic_peak(*curves["zj_inf_k"][a])[1]
    afm = -min(curves["zj_k"][a][1].min(), curves["zj_inf_k"][a][1].min())
    return {"value": peak, "inf": peak_inf, "afm": float(afm), "radius": a,
            "g": float(config["sinh_factor"])}


def fig3_peak_growth_statement(*, table) -> dict:
    r"""Smallest ratio of the FM peak heights of successive radii at finite permittivity
    (> 1: the peak grows with a; without blockade J is proportional to a by construction).

    Returns
    -------
    dict
        ``value`` [1]; ``peaks``: text of the peak heights [K].
    """
    heights = [parabolic_peak(x, y)[1] for _, x, y in _curves(table, "a_nm", "jsd_ev", "zj_k")]
    ratios = [h1 / h0 for h0, h1 in zip(heights[:-1], heights[1:])]
    return {"value": float(min(ratios)), "peaks": _fmt(heights)}


def fig3_zero_crossing_statement(*, table, config) -> dict:
    r"""FM -> AFM sign change :math:`J_{sd,0}/(U+E_F)` of the curves of Fig. 3.

    Returns
    -------
    dict
        ``value``: the crossing closest to :math:`U+E_F` (largest ratio; the
        :math:`\varepsilon\to\infty` curves) [1]; ``low`` the smallest ratio [1];
        ``jsd_high``, ``jsd_low`` the crossings [eV]; ``u_plus_ef`` [eV].
    """
    scale = float(config["u_ev"]) + float(config["ef_ev"])
    zeros = []
    for column in ("zj_k", "zj_inf_k"):
        for _, x, y in _curves(table, "a_nm", "jsd_ev", column):
            crossing = sign_changes(x, y, "down")
            if crossing.size:
                zeros.append(crossing[0])
    if not zeros:
        raise ValueError("no FM -> AFM sign change in the Fig. 3 table")
    zeros = np.array(zeros)
    return {"value": float(zeros.max() / scale), "low": float(zeros.min() / scale),
            "jsd_high": float(zeros.max()), "jsd_low": float(zeros.min()), "u_plus_ef": scale}


def afm_beyond_threshold_statement(*, table, config) -> dict:
    r"""Largest :math:`z_nJ` of any curve for :math:`J_{sd} > U + E_F` (< 0: all AFM).

    Returns
    -------
    dict
        ``value`` [K]; ``count`` the number of samples beyond the threshold [1].
    """
    threshold = float(config["u_ev"]) + float(config["ef_ev"])
    beyond = table[table["jsd_ev"] > threshold]
    if beyond.empty:
        raise ValueError(f"the table has no J_sd above U + E_F = {threshold} eV")
    value = max(beyond["zj_k"].max(), beyond["zj_inf_k"].max())
    return {"value": float(value), "count": float(len(beyond))}


def blockade_lowers_exchange_statement(*, table) -> dict:
    r"""Largest :math:`z_n(J_\varepsilon - J_\infty)` of a table (< 0: the
    :math:`\varepsilon\to\infty` curves lie above everywhere).

    Returns
    -------
    dict
        ``value`` [K]; ``jsd`` and ``radius`` where it occurs [eV, nm].
    """
    diff = (table["zj_k"] - table["zj_inf_k"]).to_numpy()
    i = int(np.argmax(diff))
    return {"value": float(diff[i]), "jsd": float(table["jsd_ev"].iloc[i]),
            "radius": float(table["a_nm"].iloc[i])}


def fig3_blockade_shift_statement(*, table) -> dict:
    r"""Largest change :math:`|z_n(J_\varepsilon - J_\infty)|` at the largest radius [K].

    Returns
    -------
    dict
        ``value`` [K]; ``jsd`` where it occurs [eV]; ``radius`` [nm].
    """
    a = table["a_nm"].max()
    g = table[table["a_nm"] == a]
    diff = np.abs((g["zj_k"] - g["zj_inf_k"]).to_numpy())
    i = int(np.argmax(diff))
    return {"value": float(diff[i]), "jsd": float(g["jsd_ev"].iloc[i]), "radius": float(a)}


def fig3_relative_change_statement(*, table) -> dict:
    r""":math:`|\Delta J/J|` at the FM peak (of :math:`J_\infty`) of each radius; the largest.

    Returns
    -------
    dict
        ``value`` [%]; ``radius`` [nm] where it is largest; ``changes`` (text, all radii) [%].
    """
    changes = []
    for a, x, y in _curves(table, "a_nm", "jsd_ev", "zj_inf_k"):
        g = table[table["a_nm"] == a].sort_values("jsd_ev")
        at = parabolic_peak(x, y)[0]
        changes.append((abs(float(np.interp(at, x, g["delta_j_over_j_percent"]))), a))
    value, a = max(changes)
    return {"value": value, "radius": a,
            "changes": "; ".join(f"a = {r:g} nm: {v:.1f}" for v, r in changes)}


def fig3_relative_change_vs_radius_statement(*, table) -> dict:
    r"""Smallest ratio :math:`|\Delta J/J|(a_i)/|\Delta J/J|(a_{i+1})` of successive radii
    over every :math:`J_{sd}` of Fig. 3 (> 1: the relative change grows as a shrinks).

    Returns
    -------
    dict
        ``value`` [1]; ``jsd`` where the ratio is smallest [eV].
    """
    _, jsd, rel = _grid(table, "a_nm", "jsd_ev", "delta_j_over_j_percent")  # rel[jsd, a]
    ratio = np.abs(rel[:, :-1]) / np.abs(rel[:, 1:])
    i = np.unravel_index(int(np.argmin(ratio)), ratio.shape)
    return {"value": float(ratio[i]), "jsd": float(jsd[i[0]])}


# ----------------------------------------------------------------------------- Fig. 4
def _denominator(frame: pd.DataFrame, config) -> np.ndarray:
    """Denominator of Delta J / J under the configured reading (K)."""
    if config.get("relative_change_denominator", "j_inf") == "sum":
        return (frame["zj_k"] + frame["zj_inf_k"]).to_numpy()
    return frame["zj_inf_k"].to_numpy()


def fig4_divergence_lines_statement(*, table, config) -> dict:
    r"""Number of lines on which :math:`\Delta J/J` diverges: the sign changes of its
    denominator along :math:`J_{sd}`, the most common count over the U columns.

    Returns
    -------
    dict
        ``value`` [1]; ``share``: fraction of U columns with that count [1].
    """
    frame = table.assign(den=_denominator(table, config))
    counts = np.array([sign_changes(x, y).size for _, x, y in _curves(frame, "u_ev", "jsd_ev",
                                                                        "den")])
    values, freq = np.unique(counts, return_counts=True)
    mode = int(values[np.argmax(freq)])
    return {"value": float(mode), "share": float(freq.max() / counts.size)}


def fig4_growth_as_u_falls_statement(*, table, config) -> dict:
    r"""Median :math:`|\Delta J/J|` of the lowest quarter of the U range over that of the
    highest quarter, compared at equal :math:`x = J_{sd}/(U+E_F)` (> 1: the relative change
    grows as U, i.e. :math:`k_F`, falls).

    The map's structure runs along the diagonals :math:`J_{sd}\propto U+E_F` (the J = 0
    lines), so columns of different U are compared at the same position relative to the
    FM -> AFM transition, on the x range that every column covers (101 points, linear
    interpolation in :math:`J_{sd}`).

    Returns
    -------
    dict
        ``value`` [1]; ``low``, ``high`` the two medians [%]; ``x_min``, ``x_max`` the
        compared range [1].
    """
    ef = float(config["ef_ev"])
    columns = list(_curves(table, "u_ev", "jsd_ev", "delta_j_over_j_percent"))
    u = np.array([c[0] for c in columns])
    x_min = max(c[1].min() / (c[0] + ef) for c in columns)
    x_max = min(c[1].max() / (c[0] + ef) for c in columns)
    x = np.linspace(x_min, x_max, 101)
    samples = np.array([np.abs(np.interp(x * (uc + ef), jsd, rel)) for uc, jsd, rel in columns])
    span = u.max() - u.min()
    low = float(np.median(samples[u <= u.min() + 0.25 * span]))
    high = float(np.median(samples[u >= u.max() - 0.25 * span]))
    return {"value": low / high, "low": low, "high": high, "x_min": float(x_min),
            "x_max": float(x_max)}


def fig4_threshold_region_statement(*, table, config) -> dict:
    r"""Median :math:`|\Delta J/J|` for :math:`J_{sd} > U + E_F` over that for
    :math:`J_{sd} < U + E_F` (> 1: the Coulomb blockade matters more at large splitting).

    Returns
    -------
    dict
        ``value`` [1]; ``above``, ``below`` the two medians [%].
    """
    ef = float(config["ef_ev"])
    above_mask = (table["jsd_ev"] > table["u_ev"] + ef).to_numpy()
    rel = np.abs(table["delta_j_over_j_percent"].to_numpy())
    above, below = float(np.median(rel[above_mask])), float(np.median(rel[~above_mask]))
    return {"value": above / below, "above": above, "below": below}


# ----------------------------------------------------------------------------- Figs. 5-7
def phase_region_statement(*, table, config, state: str) -> dict:
    r"""Extent of the SFM (:math:`z_nJ > T`) or SSG (:math:`z_nJ < -T`) region of a map.

    Parameters
    ----------
    table : pandas.DataFrame
        ``fig5_map`` or ``fig6_map``.
    config : dict
        Merged slices ``material`` and the figure's (``temperature_k``, ``sinh_factor``).
    state : {"SFM", "SSG"}
        The region asked for.

    Returns
    -------
    dict
        ``value``: the largest :math:`z_nJ` (SFM) or the smallest (SSG) of the map [K];
        ``radius``, ``jsd`` where it occurs [nm, eV]; ``temperature`` [K]; ``share``: the
        fraction of the map in the region [1]; ``g`` the sinh factor [1].
    """
    zj = table["zj_k"].to_numpy()
    t = float(config["temperature_k"])
    i = int(np.argmax(zj)) if state == "SFM" else int(np.argmin(zj))
    inside = zj > t if state == "SFM" else zj < -t
    return {"value": float(zj[i]), "radius": float(table["a_nm"].iloc[i]),
            "jsd": float(table["jsd_ev"].iloc[i]), "temperature": t,
            "share": float(inside.mean()), "g": float(config["sinh_factor"])}


def _zero_line(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Radii and the first FM -> AFM crossing :math:`J_{sd,0}(a)` of a map [nm, eV]."""
    radii, zeros = [], []
    for a, x, y in _curves(table, "a_nm", "jsd_ev", "zj_k"):
        crossing = sign_changes(x, y, "down")
        if crossing.size:
            radii.append(a)
            zeros.append(crossing[0])
    return np.array(radii), np.array(zeros)


def zero_line_position_statement(*, table, config) -> dict:
    r""":math:`J_{sd,0}/(U+E_F)` of the J = 0 line of a map, the radius farthest from 1.

    Returns
    -------
    dict
        ``value`` [1]; ``low``, ``high`` the crossings over all radii [eV]; ``u_plus_ef``
        [eV].
    """
    scale = float(config["u_ev"]) + float(config["ef_ev"])
    _, zeros = _zero_line(table)
    if zeros.size == 0:
        raise ValueError("the map has no FM -> AFM sign change")
    ratio = zeros / scale
    return {"value": float(ratio[np.argmax(np.abs(ratio - 1.0))]), "low": float(zeros.min()),
            "high": float(zeros.max()), "u_plus_ef": scale}


def zero_line_shift_statement(*, table) -> dict:
    r"""Shift of the J = 0 line across the radii of a map, in rows of the map.

    Returns
    -------
    dict
        ``value``: :math:`(\max_a J_{sd,0} - \min_a J_{sd,0})/\Delta J_{sd}` [1], with
        :math:`\Delta J_{sd}` the splitting step of the map; ``shift`` [eV]; ``step`` [eV];
        ``at_small``, ``at_large``: :math:`J_{sd,0}` at the smallest and largest radius [eV].
    """
    radii, zeros = _zero_line(table)
    if zeros.size == 0:
        raise ValueError("the map has no FM -> AFM sign change")
    step = float(np.min(np.diff(np.unique(table["jsd_ev"].to_numpy()))))
    shift = float(zeros.max() - zeros.min())
    return {"value": shift / step, "shift": shift, "step": step,
            "at_small": float(zeros[np.argmin(radii)]), "at_large": float(zeros[np.argmax(radii)])}


def fm_small_afm_large_statement(*, table) -> dict:
    r"""FM at the smallest and AFM at the largest splitting of a map, for every radius.

    Returns
    -------
    dict
        ``value``: :math:`\min(\min_a z_nJ(J_{sd,min}), -\max_a z_nJ(J_{sd,max}))` [K]
        (> 0: the statement holds); ``bottom``, ``top`` those two extremes [K].
    """
    low = table[table["jsd_ev"] == table["jsd_ev"].min()]["zj_k"]
    high = table[table["jsd_ev"] == table["jsd_ev"].max()]["zj_k"]
    return {"value": float(min(low.min(), -high.max())), "bottom": float(low.min()),
            "top": float(high.max())}


def sign_change_with_radius_statement(*, table) -> dict:
    r"""Splittings of a map at which J changes sign between the smallest and largest radius.

    Returns
    -------
    dict
        ``value``: the width of that :math:`J_{sd}` range [eV]; ``low``, ``high`` its ends
        [eV] (NaN if empty); ``a_min``, ``a_max`` the radii compared [nm].
    """
    a_min, a_max = float(table["a_nm"].min()), float(table["a_nm"].max())
    small = table[table["a_nm"] == a_min].sort_values("jsd_ev")
    large = table[table["a_nm"] == a_max].sort_values("jsd_ev")
    jsd = small["jsd_ev"].to_numpy()
    flips = (small["zj_k"].to_numpy() < 0) & (large["zj_k"].to_numpy() > 0)
    radii = {"a_min": a_min, "a_max": a_max}
    if not flips.any():
        return {"value": 0.0, "low": float("nan"), "high": float("nan"), **radii}
    low, high = float(jsd[flips].min()), float(jsd[flips].max())
    return {"value": high - low, "low": low, "high": high, **radii}


def inset_linearity_statement(*, table) -> dict:
    r""":math:`(J/a)(a_{max})/(J/a)(a_{min})` of a grain-size curve (1: J proportional to a).

    Returns
    -------
    dict
        ``value`` [1]; ``zj_small``, ``zj_large`` [K] at ``a_small``, ``a_large`` [nm];
        ``inf_ratio`` the same ratio for :math:`\varepsilon\to\infty` [1].
    """
    g = table.sort_values("a_nm")
    a = g["a_nm"].to_numpy()
    zj = g["zj_k"].to_numpy()
    zi = g["zj_inf_k"].to_numpy()
    return {"value": float((zj[-1] / a[-1]) / (zj[0] / a[0])), "zj_small": float(zj[0]),
            "zj_large": float(zj[-1]), "a_small": float(a[0]), "a_large": float(a[-1]),
            "inf_ratio": float((zi[-1] / a[-1]) / (zi[0] / a[0]))}


def normalised_growth_statement(*, table) -> dict:
    r"""Smallest step of :math:`z_nJ/a` between successive radii over all curves of Fig. 7b
    (> 0: J/a grows with a for every splitting, i.e. J falls faster than a as a shrinks).

    Returns
    -------
    dict
        ``value`` [K/nm]; ``jsd`` of the curve where it is smallest [eV].
    """
    steps = [(float(np.min(np.diff(y))), j)
             for j, _, y in _curves(table, "jsd_ev", "a_nm", "zj_over_a_k_per_nm")]
    value, jsd = min(steps)
    return {"value": value, "jsd": jsd}


# ----------------------------------------------------------------------------- Sec. 6
def sign_change_radius_statement(*, config, jsd_ev: float, a_min_nm: float,
                                 a_max_nm: float) -> dict:
    r"""Grain radius at which J changes sign at one splitting (Fig. 6 inset as printed).

    Parameters
    ----------
    config : dict
        Merged slices ``material`` and ``fig6`` (``u_ev``, ``d_nm``, model options).
    jsd_ev : float
        The splitting of the paper's inset [eV].
    a_min_nm, a_max_nm : float
        Radii between which the sign change is searched [nm].

    Returns
    -------
    dict
        ``value``: the radius [nm] (``a_max_nm`` if J keeps its sign, with ``found`` 0);
        ``zj_small``, ``zj_large``: :math:`z_nJ` at 1 nm and 10 nm [K].
    """
    from scipy.optimize import brentq

    from nanomag.granular_exchange.exchange import KELVIN_PER_EV, exchange_per_radius, model_options

    opts = model_options(config)

    def per_a(a):
        return float(exchange_per_radius(float(config["u_ev"]), jsd_ev, float(config["d_nm"]),
                                         float(config["ef_ev"]),
                                         float(config["eps_c_times_a_ev_nm"]) / a, **opts)[0])

    scale = float(config["z_n"]) * KELVIN_PER_EV
    lo, hi = per_a(a_min_nm), per_a(a_max_nm)
    numbers = {"zj_small": scale * 1.0 * per_a(1.0), "zj_large": scale * 10.0 * per_a(10.0)}
    if lo * hi > 0:
        return {"value": float(a_max_nm), "found": 0.0, **numbers}
    return {"value": float(brentq(per_a, a_min_nm, a_max_nm, xtol=1e-6)), "found": 1.0,
            **numbers}


def charging_energy_statement(*, config, permittivity: float, a_nm: float | None = None,
                              unit: str = "ev_nm") -> dict:
    r"""The text's charging energy :math:`\tilde\epsilon_c = e^2/(8\pi\varepsilon
    \varepsilon_0 a)` (Sec. 3).

    Parameters
    ----------
    config : dict
        Slice ``material`` (``eps_c_times_a_ev_nm`` of the figures).
    permittivity : float
        :math:`\varepsilon` of the statement [1].
    a_nm : float, optional
        Radius [nm]; without it :math:`\tilde\epsilon_c a` is returned.
    unit : {"ev_nm", "k"}
        :math:`\tilde\epsilon_c a` [eV nm] or :math:`\tilde\epsilon_c` [K].

    Returns
    -------
    dict
        ``value``; ``figures``: the figures' :math:`\tilde\epsilon_c a` [eV nm];
        ``figures_times_eps``: that times 5 [eV nm]; ``from_figures_k``: the figures'
        value at ``a_nm`` [K].
    """
    from nanomag.granular_exchange.closed_form import (charging_energy_k,
                                                       charging_energy_times_radius)
    from nanomag.granular_exchange.exchange import KELVIN_PER_EV

    figures = float(config["eps_c_times_a_ev_nm"])
    numbers = {"figures": figures, "figures_times_eps": 5.0 * figures}
    if unit == "k":
        return {"value": charging_energy_k(float(a_nm), permittivity),
                "from_figures_k": figures / float(a_nm) * KELVIN_PER_EV, **numbers}
    return {"value": charging_energy_times_radius(permittivity), **numbers}


def energy_interval_statement(*, config, d_nm: float) -> dict:
    r""":math:`\Delta\epsilon = \gamma\hbar\sqrt{h_B}/(\sqrt{2m}d)` [K] with
    :math:`h_B = -E_F` of the config (Sec. 6.2).

    Returns
    -------
    dict
        ``value`` [K]; ``ev`` the same in eV; ``h_b`` [eV].
    """
    from nanomag.granular_exchange.closed_form import energy_interval_ev
    from nanomag.granular_exchange.exchange import KELVIN_PER_EV

    h_b = -float(config["ef_ev"])
    ev = energy_interval_ev(h_b, d_nm)
    return {"value": ev * KELVIN_PER_EV, "ev": ev, "h_b": h_b}


def blockade_factor_statement(*, config, a_nm: float, permittivity: float, d_nm: float,
                              quoted_eps_c_k: float, quoted_delta_k: float) -> dict:
    r"""Blockade factor :math:`\sqrt{\tilde\epsilon_c/\Delta\epsilon}\arctan\sqrt{\Delta
    \epsilon/\tilde\epsilon_c}` with both energies from the text's formulas (Sec. 6.3).

    Returns
    -------
    dict
        ``value`` [1]; ``eps_c`` and ``delta`` [K]; ``quoted``: the factor from the numbers
        the text quotes (``quoted_eps_c_k``, ``quoted_delta_k``) [1].
    """
    from nanomag.granular_exchange.closed_form import blockade_factor, charging_energy_k

    eps_c = charging_energy_k(a_nm, permittivity)
    delta = energy_interval_statement(config=config, d_nm=d_nm)["value"]
    return {"value": float(blockade_factor(eps_c, delta)), "eps_c": eps_c, "delta": delta,
            "quoted": float(blockade_factor(quoted_eps_c_k, quoted_delta_k))}
