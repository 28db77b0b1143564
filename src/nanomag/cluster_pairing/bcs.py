"""Finite-temperature BCS mean field of the single shell in a magnetic field.

The paper compares the exact canonical gap with the mean-field (BCS) gap of the same model
but does not print the equations; this module derives them. With ``xi = -mu`` (all shell
states at zero energy) and the pair ``p = ((lambda, up), (-lambda, down))`` with
``m_p = lambda + 1``, the grand potential of the mean-field state is

.. math::

    \\Omega = \\frac{\\Delta^2}{G} + \\sum_p (\\xi - E)
    - T \\sum_p \\sum_\\pm \\ln\\left(1 + e^{-(E \\mp \\omega m_p)/T}\\right),
    \\qquad E = \\sqrt{\\xi^2 + \\Delta^2}.

The field shifts the two quasiparticles of a pair to ``E -+ omega m_p``; a pair is
*blocked* when ``E < omega |m_p|`` (at T = 0). Stationarity gives

* gap equation: ``E = (G/2) S``, ``S = sum_p [1 - f(E - omega m_p) - f(E + omega m_p)]``;
* number equation: ``Nbar = M - (xi / E) S``, hence ``xi = G (M - Nbar) / 2`` on every
  superconducting solution, independent of T and omega;

and the normal state has ``Delta = 0`` with ``xi`` fixed by ``sum_k f(xi - omega m_k) = Nbar``.
The free energy at fixed particle number is ``F = Omega - xi Nbar``; ``dF/dE = (2/G) g(E)``
with ``g(E) = E - (G/2) S(E)`` along the superconducting family, so the roots of ``g`` are the
stationary points. At low temperature ``g`` has several roots (one per number of unblocked
pairs): the physical state is the global minimum of ``F`` over all stable roots and the
normal state (``branch="global_minimum"``); ``branch="largest_gap"`` follows the root with the
largest gap instead.

Units: see :mod:`nanomag.cluster_pairing.shell` (energies in ``Delta0 = G M / 2``).
"""

from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from nanomag.cluster_pairing.shell import (
    RESPONSE_UNITS,
    TC_OVER_DELTA0,
    check_shell,
    coupling,
    pair_moments,
    single_particle_moments,
    sweep_points,
)

BRANCHES = ("global_minimum", "largest_gap")
_OFFSETS = np.array([-12.0, -8.0, -5.0, -3.0, -2.0, -1.2, -0.6, -0.2, 0.0, 0.2, 0.6, 1.2,
                     2.0, 3.0, 5.0, 8.0, 12.0])
_BISECTION_STEPS = 64


def _distinct_pair_moments(shell_m: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``|m_p|`` and their multiplicities."""
    a, c = np.unique(np.abs(pair_moments(shell_m)), return_counts=True)
    return a.astype(float), c.astype(float)


def _fermi(x, t):
    """Fermi function ``1/(exp(x/t) + 1)``; step (1/2 at 0) for ``t = 0``."""
    from scipy.special import expit

    hot = t > 0
    return np.where(hot, expit(-x / np.where(hot, t, 1.0)),
                    np.where(x < 0, 1.0, np.where(x > 0, 0.0, 0.5)))


def _soft(x, t):
    """``T ln(1 + exp(-x/T))`` [energy]; ``max(0, -x)`` for ``T = 0``."""
    hot = t > 0
    ts = np.where(hot, t, 1.0)
    return np.where(hot, ts * np.logaddexp(0.0, -x / ts), np.maximum(0.0, -x))


def _level_entropy(x, t):
    """Entropy of one fermion level at energy ``x`` [k_B]; 0 for ``T = 0``."""
    hot = t > 0
    y = np.abs(x) / np.where(hot, t, 1.0)
    return np.where(hot, np.logaddexp(0.0, -y) + y * _fermi(y, 1.0), 0.0)


def _pair_sums(e, w, t, a, c):
    """S, dS/dE, dS/domega, dS/dT, m, dm/domega, dm/dT, entropy and F-part for given E.

    ``e, w, t`` broadcast to shape (...,); the pair axis is appended last.
    """
    e, w, t = (np.asarray(v, dtype=float)[..., None] for v in (e, w, t))
    xm, xp = e - w * a, e + w * a
    fm, fp = _fermi(xm, t), _fermi(xp, t)
    hot = t > 0
    ts = np.where(hot, t, 1.0)
    # derivative of f(x) with respect to x: -f(1 - f)/T  (zero at T = 0 away from x = 0)
    dm_ = np.where(hot, -fm * (1 - fm) / ts, 0.0)
    dp_ = np.where(hot, -fp * (1 - fp) / ts, 0.0)
    out = {
        "s": np.sum(c * (1 - fm - fp), axis=-1),
        "ds_de": -np.sum(c * (dm_ + dp_), axis=-1),
        "ds_dw": np.sum(c * a * (dm_ - dp_), axis=-1),
        # df(x)/dT = -(x/T) df/dx
        "ds_dt": np.sum(c * (xm * dm_ + xp * dp_), axis=-1) / ts[..., 0],
        "m": np.sum(c * a * (fm - fp), axis=-1),
        "dm_dw": -np.sum(c * a * a * (dm_ + dp_), axis=-1),
        "entropy": np.sum(c * (_level_entropy(xm, t) + _level_entropy(xp, t)), axis=-1),
        "soft": np.sum(c * (_soft(xm, t) + _soft(xp, t)), axis=-1),
    }
    return out


def _gap_function(e, w, t, g, a, c):
    """``g(E) = E - (G/2) S(E)`` [Delta0]."""
    e, w, t = (np.asarray(v, dtype=float)[..., None] for v in (e, w, t))
    s = np.sum(c * (1 - _fermi(e - w * a, t) - _fermi(e + w * a, t)), axis=-1)
    return e[..., 0] - 0.5 * g * s


def superconducting_roots(shell_m: int, n_bar: float, temperature, omega):
    """All stationary superconducting solutions (roots of the gap equation) at each point.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M`` [1].
    n_bar : float
        Mean particle number ``Nbar`` [1], ``0 < Nbar < 2M``.
    temperature, omega : array_like, 1-D, same length
        ``k_B T`` and ``hbar omega`` [Delta0].

    Returns
    -------
    point : numpy.ndarray of int
        Index of the point each root belongs to.
    energy : numpy.ndarray
        Quasiparticle energy ``E = sqrt(xi^2 + Delta^2)`` of the root [Delta0].
    stable : numpy.ndarray of bool
        True for local minima of F (``g`` crosses zero upwards).

    Notes
    -----
    Roots lie in ``(xi, G M / 2]`` because ``S <= M``. ``g`` is smooth on the scale ``T``
    and nearly linear between the steps of ``S`` at ``E = omega |m_p|``; it is sampled at the
    plateau roots ``G n / 2``, at each step centre and at offsets of a few ``T`` around it,
    then every sign change is refined by vectorized bisection (no dense scan). At ``T = 0``
    the roots are the plateaus ``E = G n / 2`` whose number of unblocked pairs is ``n``.
    """
    t = np.asarray(temperature, dtype=float)
    w = np.asarray(omega, dtype=float)
    g = coupling(shell_m)
    a, c = _distinct_pair_moments(shell_m)
    xi = 0.5 * g * (shell_m - n_bar)
    lo = xi + 1e-9
    hi = 0.5 * g * shell_m * (1 + 1e-9) + 1e-9
    pts, roots, stab = [], [], []
    plateaus = 0.5 * g * np.arange(1, shell_m + 1)
    cold = np.flatnonzero(t == 0)
    if cold.size:
        # unblocked pairs at E = G n / 2: omega |m_p| < E
        n_unblocked = np.sum(c[None, None, :] * (w[cold, None, None] * a[None, None, :]
                                                 < plateaus[None, :, None]), axis=-1)
        ok = (n_unblocked == np.arange(1, shell_m + 1)[None, :]) & (plateaus[None, :] > lo)
        i, j = np.nonzero(ok)
        pts.append(cold[i])
        roots.append(plateaus[j])
        stab.append(np.ones(i.size, bool))
    hot = np.flatnonzero(t > 0)
    if hot.size:
        th, wh = t[hot], w[hot]
        centres = wh[:, None] * a[None, :]
        cand = (centres[:, :, None] + th[:, None, None] * _OFFSETS).reshape(hot.size, -1)
        cand = np.concatenate([cand, np.broadcast_to(plateaus, (hot.size, plateaus.size)),
                               np.full((hot.size, 1), lo), np.full((hot.size, 1), hi)], axis=1)
        cand = np.sort(np.clip(cand, lo, hi), axis=1)
        gv = _gap_function(cand, wh[:, None], th[:, None], g, a, c)
        change = (gv[:, :-1] < 0) != (gv[:, 1:] < 0)
        i, k = np.nonzero(change)
        left, right = cand[i, k], cand[i, k + 1]
        g_left = gv[i, k]
        ti, wi = th[i], wh[i]
        for _ in range(_BISECTION_STEPS):
            mid = 0.5 * (left + right)
            gm = _gap_function(mid, wi, ti, g, a, c)
            same = (gm < 0) == (g_left < 0)
            left = np.where(same, mid, left)
            g_left = np.where(same, gm, g_left)
            right = np.where(same, right, mid)
        pts.append(hot[i])
        roots.append(0.5 * (left + right))
        stab.append(gv[i, k] < 0)
    if not pts:
        return np.zeros(0, int), np.zeros(0), np.zeros(0, bool)
    pts, roots, stab = np.concatenate(pts), np.concatenate(roots), np.concatenate(stab)
    order = np.lexsort((roots, pts))
    return pts[order], roots[order], stab[order]


def normal_state(shell_m: int, n_bar: float, temperature, omega) -> dict[str, np.ndarray]:
    """Normal (``Delta = 0``) mean-field state at fixed mean particle number.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M`` [1].
    n_bar : float
        Mean particle number ``Nbar`` [1].
    temperature, omega : array_like, 1-D, same length
        ``k_B T`` and ``hbar omega`` [Delta0].

    Returns
    -------
    dict of numpy.ndarray
        ``xi`` (= -mu) [Delta0], ``free_energy`` F [Delta0], ``moment`` [mu_B],
        ``susceptibility`` [mu_B^2/(V Delta0)], ``entropy`` [k_B].

    Raises
    ------
    RuntimeError
        If the number equation is not solved to 1e-9.
    """
    t = np.asarray(temperature, dtype=float)[:, None]
    w = np.asarray(omega, dtype=float)[:, None]
    mk = single_particle_moments(shell_m).astype(float)[None, :]
    n_pts = t.shape[0]
    cold = t[:, 0] == 0
    # T > 0: bisection on xi for sum_k f(xi - omega m_k) = Nbar (decreasing in xi)
    span = np.abs(w[:, 0]) * mk.max() + 60 * t[:, 0] + 1.0
    left, right = -span, span
    for _ in range(100):
        mid = 0.5 * (left + right)
        n_mid = _fermi(mid[:, None] - w * mk, t).sum(axis=1)
        left = np.where(n_mid > n_bar, mid, left)
        right = np.where(n_mid > n_bar, right, mid)
    xi = 0.5 * (left + right)
    occ = _fermi(xi[:, None] - w * mk, t)
    if np.any(np.abs(occ.sum(axis=1) - n_bar)[~cold] > 1e-9):
        bad = np.flatnonzero(np.abs(occ.sum(axis=1) - n_bar) > 1e-9)[0]
        raise RuntimeError(f"normal-state number equation not solved for M = {shell_m}, "
                           f"Nbar = {n_bar}, T = {t[bad, 0]}, omega = {w[bad, 0]}")
    x = xi[:, None] - w * mk
    f_normal = -np.sum(_soft(x, t), axis=1) - xi * n_bar
    moment = np.sum(mk * occ, axis=1)
    ts = np.where(t > 0, t, 1.0)
    weight = np.where(t > 0, occ * (1 - occ) / ts, 0.0)
    sw = weight.sum(axis=1)
    chi = np.where(sw > 0, np.sum(weight * mk ** 2, axis=1)
                   - np.sum(weight * mk, axis=1) ** 2 / np.where(sw > 0, sw, 1.0), 0.0)
    entropy = np.sum(_level_entropy(x, t), axis=1)
    if np.any(cold):  # T = 0: fill the Nbar states of largest omega m_k
        energies = np.sort(-w[cold] * mk, axis=1)
        n_full = int(np.floor(n_bar))
        frac = n_bar - n_full
        u = energies[:, :n_full].sum(axis=1)
        if frac > 0:
            u = u + frac * energies[:, n_full]
        mom = -u / np.where(w[cold, 0] != 0, w[cold, 0], 1.0)
        mom = np.where(w[cold, 0] != 0, mom, 0.0)
        f_normal[cold], moment[cold], chi[cold], entropy[cold] = u, mom, 0.0, 0.0
        xi[cold] = np.nan  # undefined at T = 0 (any value between two levels)
    return {"xi": np.nan_to_num(xi), "free_energy": f_normal, "moment": moment,
            "susceptibility": chi, "entropy": entropy}


def bcs_state(shell_m: int, n_bar: float, temperature, omega,
              branch: str = "global_minimum") -> dict[str, np.ndarray]:
    """BCS mean-field state of the shell in a field.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M = 2l + 1`` [1].
    n_bar : float
        Mean particle number ``Nbar`` [1] (``M - 1`` for the half-filled even shell).
    temperature, omega : float or array_like
        ``k_B T`` and ``hbar omega = mu_B B`` [Delta0], broadcast together.
    branch : {"global_minimum", "largest_gap"}
        Which solution to return where there are several: the one of lowest free energy at
        fixed ``Nbar`` (stable roots and the normal state compared), or the superconducting
        root with the largest gap (normal state only where there is none).

    Returns
    -------
    dict of numpy.ndarray, each of the broadcast shape
        ``gap`` Delta [Delta0]; ``energy`` E [Delta0]; ``xi`` [Delta0]; ``free_energy`` F
        [Delta0]; ``moment`` [mu_B]; ``susceptibility`` ``d<m>/domega`` along the branch
        [mu_B^2/(V Delta0)]; ``entropy`` [k_B]; ``dgap_domega`` [1] and ``dgap_dt`` [1]: slopes
        of Delta along the branch; ``normal`` (1.0 where the normal state is chosen).

    Notes
    -----
    The susceptibility is the smooth part ``-d2F/domega2`` of the chosen branch
    (implicit differentiation of the gap equation); where the chosen solution jumps
    (first-order transition) it has a delta function, which is not represented: see
    :func:`branch_jumps`.
    """
    check_shell(shell_m, n_bar)
    if branch not in BRANCHES:
        raise ValueError(f"branch must be one of {BRANCHES}, got {branch!r}")
    t, w = np.broadcast_arrays(np.asarray(temperature, dtype=float),
                               np.asarray(omega, dtype=float))
    shape = t.shape
    t, w = t.ravel().copy(), w.ravel().copy()
    if np.any(t < 0):
        raise ValueError("temperature must be >= 0")
    g = coupling(shell_m)
    a, c = _distinct_pair_moments(shell_m)
    xi_s = 0.5 * g * (shell_m - n_bar)
    n_pts = t.size

    normal = normal_state(shell_m, n_bar, t, w)
    pt, roots, stable = superconducting_roots(shell_m, n_bar, t, w)
    pt, roots = pt[stable], roots[stable]
    sums = _pair_sums(roots, w[pt], t[pt], a, c)
    f_sc = ((roots ** 2 - xi_s ** 2) / g + shell_m * (xi_s - roots) - sums["soft"]
            - xi_s * n_bar)

    chosen = np.full(n_pts, -1)
    if branch == "global_minimum":
        key = f_sc
    else:
        key = -roots
    # per point, the root with the smallest key
    order = np.lexsort((key, pt))
    first = np.ones(order.size, bool)
    first[1:] = pt[order][1:] != pt[order][:-1]
    best = order[first]
    chosen[pt[best]] = best
    if branch == "global_minimum":
        sc_wins = np.zeros(n_pts, bool)
        sc_wins[pt[best]] = f_sc[best] < normal["free_energy"][pt[best]] - 1e-13
        chosen = np.where(sc_wins, chosen, -1)

    out = {"gap": np.zeros(n_pts), "energy": np.zeros(n_pts), "xi": normal["xi"].copy(),
           "free_energy": normal["free_energy"].copy(), "moment": normal["moment"].copy(),
           "susceptibility": normal["susceptibility"].copy(),
           "entropy": normal["entropy"].copy(), "dgap_domega": np.zeros(n_pts),
           "dgap_dt": np.zeros(n_pts), "normal": np.ones(n_pts)}
    out["energy"] = np.abs(out["xi"])
    sel = np.flatnonzero(chosen >= 0)
    if sel.size:
        r = chosen[sel]
        e = roots[r]
        s = {k: v[r] for k, v in sums.items()}
        gap = np.sqrt(np.maximum(e ** 2 - xi_s ** 2, 0.0))
        denom = 1.0 - 0.5 * g * s["ds_de"]
        de_dw = 0.5 * g * s["ds_dw"] / denom
        de_dt = 0.5 * g * s["ds_dt"] / denom
        out["gap"][sel] = gap
        out["energy"][sel] = e
        out["xi"][sel] = xi_s
        out["free_energy"][sel] = f_sc[r]
        out["moment"][sel] = s["m"]
        out["susceptibility"][sel] = s["dm_dw"] + s["ds_dw"] * de_dw
        out["entropy"][sel] = s["entropy"]
        out["dgap_domega"][sel] = e / gap * de_dw
        out["dgap_dt"][sel] = e / gap * de_dt
        out["normal"][sel] = 0.0
    for k, v in out.items():
        if not np.all(np.isfinite(v)):
            bad = np.flatnonzero(~np.isfinite(v))[0]
            raise RuntimeError(f"BCS solution not finite ({k}) for M = {shell_m}, "
                               f"Nbar = {n_bar}, T = {t[bad]}, omega = {w[bad]}")
    return {k: v.reshape(shape) for k, v in out.items()}


def branch_jumps(sweep_values, gap, slope, rel_factor: float = 10.0,
                 abs_tol: float = 1e-3) -> np.ndarray:
    """Flag the grid intervals where the chosen BCS solution jumps (first-order steps).

    Parameters
    ----------
    sweep_values : array_like, 1-D
        The swept variable (omega or T) [Delta0], increasing.
    gap : array_like, 1-D
        Delta along the sweep [Delta0].
    slope : array_like, 1-D
        dDelta/d(sweep variable) along the chosen branch at each point [1].
    rel_factor, abs_tol : float
        An interval is a jump when ``|Delta_{i+1} - Delta_i|`` exceeds
        ``rel_factor * max(|slope_i|, |slope_{i+1}|) * (x_{i+1} - x_i) + abs_tol`` [Delta0].

    Returns
    -------
    numpy.ndarray of bool
        ``jump[i]`` is True when a jump lies between points ``i - 1`` and ``i`` (False at 0).
    """
    x, d, s = (np.asarray(v, dtype=float) for v in (sweep_values, gap, slope))
    jump = np.zeros(x.size, bool)
    if x.size > 1:
        bound = rel_factor * np.maximum(np.abs(s[1:]), np.abs(s[:-1])) * np.diff(x) + abs_tol
        jump[1:] = np.abs(np.diff(d)) > bound
    return jump


def bcs_gap(shell_m: int, n_bar: float, t_over_tc: float, omega_over_delta0: float,
            branch: str = "global_minimum") -> float:
    """BCS gap at one point [Delta0] (temperature in Tc = Delta0/2, field in Delta0)."""
    return float(bcs_state(shell_m, n_bar, t_over_tc * TC_OVER_DELTA0, omega_over_delta0,
                           branch)["gap"])


def bcs_critical_temperature(shell_m: int, n_bar: float) -> float:
    """Mean-field critical temperature at ``omega = 0`` found by bisection [Delta0].

    Parameters
    ----------
    shell_m : int
        ``M`` [1].
    n_bar : float
        ``Nbar`` [1].

    Returns
    -------
    float
        The temperature above which the global-minimum solution is normal [Delta0].
        Analytic values: ``G M / 4`` for ``Nbar = M``; ``G / (4 artanh(1/M))`` for
        ``Nbar = M - 1`` (gap equation at ``Delta -> 0`` with ``xi = G/2``).
    """
    lo, hi = 1e-3, 1.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if bcs_state(shell_m, n_bar, mid, 0.0)["gap"] > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def bcs_sweep_table(params: Mapping[str, Any]):
    """Table: BCS gap, moment, susceptibility and branch jumps along a sweep.

    Parameters
    ----------
    params : mapping
        The figure's config slice (see :func:`nanomag.cluster_pairing.shell.sweep_points`),
        plus ``bcs_branch`` (``global_minimum`` or ``largest_gap``). The mean particle
        number is each shell's ``n_electrons``.

    Returns
    -------
    nanomag.io.Table
        Long format: ``shell_m``, ``n_electrons``, ``t_over_tc``, ``omega_over_omegac``,
        ``omega_over_delta0``, ``gap_over_delta0``, ``moment_mub``,
        ``chi_mub2_per_v_delta0`` (smooth part), ``normal_state`` (1/0), ``jump_before``
        (1 where the chosen solution jumps between the previous grid point and this one).
    """
    import pandas as pd

    from nanomag.cluster_pairing.seniority import critical_frequency
    from nanomag.io import Table

    sp = sweep_points(params)
    branch = params.get("bcs_branch", "global_minimum")
    frames = []
    for m, n in sp["shells"]:
        wc = critical_frequency(m, n)
        fixed, grid = np.meshgrid(sp["fixed"], sp["grid"], indexing="ij")
        if sp["sweep"] == "field":
            t_tc, x = fixed, grid
        else:
            x, t_tc = fixed, grid
        res = bcs_state(m, n, t_tc * TC_OVER_DELTA0, x * wc, branch)
        if sp["sweep"] == "field":
            sweep, slope = x * wc, res["dgap_domega"]
        else:
            sweep, slope = t_tc * TC_OVER_DELTA0, res["dgap_dt"]
        jumps = np.stack([branch_jumps(sweep[i], res["gap"][i], slope[i])
                          for i in range(sweep.shape[0])])
        frames.append(pd.DataFrame({
            "shell_m": np.full(x.size, m), "n_electrons": np.full(x.size, n),
            "t_over_tc": t_tc.ravel(), "omega_over_omegac": x.ravel(),
            "omega_over_delta0": (x * wc).ravel(), "gap_over_delta0": res["gap"].ravel(),
            "moment_mub": res["moment"].ravel(),
            "chi_mub2_per_v_delta0": res["susceptibility"].ravel(),
            "normal_state": res["normal"].ravel().astype(np.int64),
            "jump_before": jumps.ravel().astype(np.int64)}))
    units = {**RESPONSE_UNITS, "normal_state": "1", "jump_before": "1"}
    return Table(pd.concat(frames, ignore_index=True), units,
                 f"BCS mean field ({branch}) of the single shell, {sp['sweep']} sweep")
