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
_NEWTON_STEPS = 60
#: Smallest change of the gap across a bisected bracket that counts as a first-order jump
#: [Delta0], and the bracket width (relative) of the jump test (:func:`locate_jumps`).
_JUMP_TOL = 1e-6
_JUMP_WIDTH = 1e-13
#: Relative width to which the bracket of a located jump is then halved (its position
#: only; :func:`locate_jumps`).
_JUMP_POSITION = 1e-15
#: Smallest gap of a superconducting root [Delta0] (:func:`superconducting_roots`). It was
#: ``sqrt(2 |xi| 1e-9)`` (1.7e-5 for M = 7, N = 6): a gap vanishing continuously then
#: dropped by that much to zero, which :func:`locate_jumps` took for a first-order jump.
_GAP_MIN = 1e-9
#: Largest number of rounds of the search for further jumps inside a grid interval
#: (:func:`locate_jumps`); a cascade of n jumps needs at most n + 1.
_JUMP_ROUNDS = 64
#: Largest gap change over a tabulated interval of a smooth branch [Delta0]: steeper
#: intervals are halved (``bcs_chi = analytic``).
_REFINE_GAP = 0.01
#: Readings of the susceptibility (config key ``bcs_chi``): the analytic derivative along the
#: chosen branch (jumps located and drawn as delta functions) or a centred finite
#: difference of the moment on the figure's grid (jumps become grid-limited spikes).
CHI_METHODS = ("analytic", "finite_difference")


def _distinct_pair_moments(shell_m: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ``|m_p|`` and their multiplicities."""
    a, c = np.unique(np.abs(pair_moments(shell_m)), return_counts=True)
    return a.astype(float), c.astype(float)


def _fermi(x, t):
    """Fermi function ``1/(exp(x/t) + 1)``; step (1/2 at 0) for ``t = 0``."""
    from scipy.special import expit

    hot = t > 0
    if np.all(hot):  # the common case: no step, five fewer array passes (same values)
        return expit(-x / t)
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


def _gap_function_and_slope(e, w, t, g, a, c):
    """``g(E) = E - (G/2) S(E)`` [Delta0] and ``dg/dE = 1 - (G/2) dS/dE`` [1]."""
    e3, w3, t3 = (np.asarray(v, dtype=float)[..., None] for v in (e, w, t))
    fm, fp = _fermi(e3 - w3 * a, t3), _fermi(e3 + w3 * a, t3)
    hot = t3 > 0
    # dS/dE = sum_p c [f(1 - f)]/T over both quasiparticles (0 at T = 0 away from a step)
    ds_de = np.sum(c * np.where(hot, fm * (1 - fm) + fp * (1 - fp), 0.0)
                   / np.where(hot, t3, 1.0), axis=-1)
    return e - 0.5 * g * np.sum(c * (1 - fm - fp), axis=-1), 1.0 - 0.5 * g * ds_de


def _safeguarded_newton(func, left, right, increasing, steps=_NEWTON_STEPS):
    """Vectorized Newton iteration kept inside a sign-change bracket.

    Parameters
    ----------
    func : callable
        ``x -> (f(x), f'(x))`` on arrays of the shape of ``left``.
    left, right : numpy.ndarray
        Brackets with ``f(left)`` and ``f(right)`` of opposite signs.
    increasing : numpy.ndarray of bool
        True where ``f(left) < 0``.
    steps : int
        Largest number of iterations.

    Returns
    -------
    numpy.ndarray
        The roots, to the bracket width of round-off (a Newton step that leaves the
        bracket is replaced by its midpoint, so convergence is never worse than bisection).
    """
    left, right = left.astype(float).copy(), right.astype(float).copy()
    x = 0.5 * (left + right)
    for _ in range(steps):
        fx, dfx = func(x)
        below = (fx < 0) == increasing          # the root lies to the right of x
        left = np.where(below, x, left)
        right = np.where(below, right, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - fx / dfx
        inside = np.isfinite(newton) & (newton > left) & (newton < right)
        x_new = np.where(inside, newton, 0.5 * (left + right))
        done = (fx == 0) | (np.abs(x_new - x) <= 4 * np.finfo(float).eps * np.abs(x))
        x = np.where(fx == 0, x, x_new)
        if np.all(done):
            break
    return x


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
    Roots lie in ``(|xi|, G M / 2]`` because ``S <= M``; gaps below
    ``max(1e-9, 1.7e-7 |xi|)`` Delta0 are not resolved (the search starts there). ``g`` is
    smooth on the scale ``T`` and nearly linear between the steps of ``S`` at
    ``E = omega |m_p|``; it is sampled at the plateau roots ``G n / 2``, at each step centre
    and at offsets of a few ``T`` around it,
    then every sign change is refined by a vectorized Newton iteration kept inside its
    bracket (:func:`_safeguarded_newton`; no dense scan). At ``T = 0``
    the roots are the plateaus ``E = G n / 2`` whose number of unblocked pairs is ``n``.
    """
    t = np.asarray(temperature, dtype=float)
    w = np.asarray(omega, dtype=float)
    g = coupling(shell_m)
    a, c = _distinct_pair_moments(shell_m)
    xi = 0.5 * g * (shell_m - n_bar)
    # E = sqrt(xi^2 + Delta^2) >= |xi|: for Nbar > M (xi < 0) the interval below |xi| holds
    # only the mirror images -E and the Delta = 0 end point, not superconducting states.
    # The search starts at the gap _GAP_MIN (64 round-offs of |xi| above |xi| at least, so
    # that Delta > 0 and dDelta/domega stay finite): a gap vanishing continuously then ends
    # with a step of at most max(_GAP_MIN, 1.7e-7 |xi|), below the jump threshold.
    lo = abs(xi) + max(_GAP_MIN ** 2 / (abs(xi) + np.hypot(xi, _GAP_MIN)),
                       64 * np.finfo(float).eps * abs(xi))
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
        root = _safeguarded_newton(
            lambda e: _gap_function_and_slope(e, wi, ti, g, a, c), left, right, g_left < 0)
        pts.append(hot[i])
        roots.append(root)
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
    # T > 0: Newton on xi for sum_k f(xi - omega m_k) = Nbar (decreasing in xi), bracketed
    span = np.abs(w[:, 0]) * mk.max() + 60 * t[:, 0] + 1.0
    ts = np.where(t > 0, t, 1.0)

    def excess(xi_):
        occ_ = _fermi(xi_[:, None] - w * mk, t)
        return occ_.sum(axis=1) - n_bar, -np.sum(occ_ * (1 - occ_) / ts, axis=1)

    xi = _safeguarded_newton(excess, -span, span, np.zeros(n_pts, bool))
    occ = _fermi(xi[:, None] - w * mk, t)
    if np.any(np.abs(occ.sum(axis=1) - n_bar)[~cold] > 1e-9):
        bad = np.flatnonzero(np.abs(occ.sum(axis=1) - n_bar) > 1e-9)[0]
        raise RuntimeError(f"normal-state number equation not solved for M = {shell_m}, "
                           f"Nbar = {n_bar}, T = {t[bad, 0]}, omega = {w[bad, 0]}")
    x = xi[:, None] - w * mk
    f_normal = -np.sum(_soft(x, t), axis=1) - xi * n_bar
    moment = np.sum(mk * occ, axis=1)
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
    :func:`locate_jumps`.
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
        # A stable superconducting root is taken unless the normal state is lower beyond
        # round-off: near Tc both free energies agree to O(Delta^4), and a fixed margin in
        # favour of the normal state would move Tc down.
        f_n = normal["free_energy"][pt[best]]
        sc_wins[pt[best]] = f_sc[best] <= f_n + 1e-12 * (1.0 + np.abs(f_n))
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


def _candidates(x, d, s_, m, k):
    """Grid intervals whose gap or moment change is not the branch's trapezoidal one.

    On a smooth branch the trapezoidal prediction from the end-point slopes errs by
    ``O(dx^3)``; across a jump it misses the whole jump. An interval is a candidate when the
    miss exceeds 1 % of the change (plus 1e-9).
    """
    dx = np.diff(x, axis=-1)
    dd, dmm = np.diff(d, axis=-1), np.diff(m, axis=-1)
    miss_d = np.abs(dd - 0.5 * (s_[..., 1:] + s_[..., :-1]) * dx)
    miss_m = np.abs(dmm - 0.5 * (k[..., 1:] + k[..., :-1]) * dx)
    return (miss_d > 1e-2 * np.abs(dd) + 1e-9) | (miss_m > 1e-2 * np.abs(dmm) + 1e-9)


def _bisect_to_jumps(evaluate, rows, lo, hi, g_lo, g_hi, tol, width):
    """Bisect intervals of sweeps ``rows`` to a jump of the gap each, all at once.

    Each interval ``[lo, hi]`` (gaps ``g_lo``, ``g_hi`` at its ends [Delta0]) is halved,
    keeping the half over which the gap changes more, to a bracket of relative width
    ``1e3 * width`` and then ``width``. It holds a jump if the gap change over the second
    bracket exceeds ``tol`` [Delta0] and is at least half the change over the first one. The
    brackets of the jumps are then halved on to the relative width :data:`_JUMP_POSITION`
    (position only, no test), so that grids that find the same jump agree on it to that
    width.

    Returns
    -------
    jump : numpy.ndarray of bool
        Which intervals hold a jump.
    lo, hi : numpy.ndarray
        The final brackets [sweep units].
    """
    lo, hi, g_lo, g_hi = (np.array(v, dtype=float) for v in (lo, hi, g_lo, g_hi))
    change = np.zeros(lo.size)
    jump = np.ones(lo.size, bool)
    for stage, stage_width in enumerate((1e3 * width, width, _JUMP_POSITION)):
        for _ in range(80):
            active = jump & ((hi - lo) > stage_width * np.maximum(1.0, np.abs(hi)))
            if not np.any(active):
                break
            mid = 0.5 * (lo + hi)
            g_mid = evaluate(rows[active], mid[active])["gap"]
            left_half = np.zeros(lo.size, bool)
            left_half[active] = (np.abs(g_mid - g_lo[active])
                                 >= np.abs(g_hi[active] - g_mid))
            go_right, go_left = active & ~left_half, active & left_half
            lo[go_right], g_lo[go_right] = mid[go_right], g_mid[go_right[active]]
            hi[go_left], g_hi[go_left] = mid[go_left], g_mid[go_left[active]]
        if stage < 2:
            previous, change = change, np.abs(g_hi - g_lo)
        if stage == 1:
            jump = (change > tol) & (change >= 0.5 * previous)
    return jump, lo, hi


def _jump_lattice(v, width):
    """Spacing of the lattice the tabulated jump ends lie on [sweep units].

    The power of 2 just above ``1e3 * width * max(1, |v|)`` (1.16e-10 for ``|v| <= 1`` and
    the default width): the ends are exact multiples of it, hence the same numbers on every
    grid that finds the jump.
    """
    return np.exp2(np.ceil(np.log2(1e3 * width * np.maximum(1.0, np.abs(v)))))


def locate_jumps(evaluate, sweep_values, gap, slope, moment, chi, tol: float = _JUMP_TOL,
                 width: float = _JUMP_WIDTH, max_rounds: int = _JUMP_ROUNDS, where=None):
    """First-order jumps of the chosen BCS solution along sweeps, located by bisection.

    Candidate grid intervals (:func:`_candidates`) are bisected, keeping the half over which
    the gap changes more, to a bracket of relative width ``1e3 * width`` and then
    ``width``. A jump is a gap change larger than ``tol`` that does not shrink between the
    two widths (it keeps at least half of its size); a smooth branch, however steep
    (``Delta ~ sqrt(x* - x)`` at the end of a continuous transition), changes by
    ``O(sqrt(width))``, 30 times less at the second width. The bracket of a jump is then
    halved on to the relative width :data:`_JUMP_POSITION` (1e-15).

    One grid interval may hold several jumps (a cascade: M = 23 at 0.1 Tc has six within
    1.3e-5 omega_c below 2/3 omega_c). After a jump is bracketed in ``[a, b]``, the parts
    ``[x0, a]`` and ``[b, x1]`` of the interval ``[x0, x1]`` it was found in are tested
    again (:func:`_candidates`, with the states ``evaluate`` gives at their ends) and the
    candidates are bisected likewise, round after round until no new jump is found; each
    round bisects the candidate parts of all sweeps together. The jumps found are therefore
    those of the solution, not of the grid.

    The returned brackets are widened to the lattice of :func:`_jump_lattice` (spacing
    ``q`` = 1.16e-10 for ``|x| <= 1``): ``x_left`` is the lattice point one below the one at
    or below ``a``, ``x_right`` the one above the one at or above ``b``, so ``q <= a -
    x_left < 2 q``. Within round-off of a jump the chosen solution is arbitrary (at ``T = 0``
    several plateaus cross at one field); at the widened ends it is not, and two grids that
    bracket the same jump to 1e-15 tabulate its ends at the same two numbers (unless the
    jump lies within 1e-15 of a lattice point). Parts narrower than ``q`` are not searched,
    and jumps whose widened brackets overlap are merged into one: at ``T = 0`` a cascade of
    plateaus crossing at one field is one jump, and so are jumps closer than ``q``.

    Parameters
    ----------
    evaluate : callable
        ``(row, x) -> dict`` with ``gap``, ``moment``, the slope ``dgap`` and ``dm`` (the
        derivative of the moment) at sweep values ``x`` of sweeps ``row`` (equal lengths).
    sweep_values, gap, slope, moment, chi : numpy.ndarray, shape (n_sweeps, n_points)
        The swept variable (increasing along axis 1) [Delta0], the gap [Delta0], its slope
        along the branch [1], the moment [mu_B] and its derivative along the branch.
    tol : float
        Smallest gap change that counts as a jump [Delta0].
    width : float
        Bracket width of the jump test, relative to ``max(1, |x|)`` [1].
    max_rounds : int
        Largest number of rounds of the search inside grid intervals [1].
    where : callable, optional
        ``row -> str`` naming the parameters of sweep ``row`` in the error message.

    Returns
    -------
    list of tuple
        ``(row, index, x_left, x_right)``, sorted: a jump between grid points ``index - 1``
        and ``index`` of sweep ``row`` (the first such interval if merged jumps span two),
        inside ``[x_left, x_right]`` [sweep units], the widened bracket.

    Raises
    ------
    RuntimeError
        If a grid interval still yields new jumps after ``max_rounds`` rounds (the message
        names the sweep and the interval).
    """
    x, d, s_, m, k = (np.asarray(v, dtype=float) for v in (sweep_values, gap, slope, moment,
                                                           chi))
    rows, idx = np.nonzero(_candidates(x, d, s_, m, k))
    lo, hi = x[rows, idx], x[rows, idx + 1]
    g_lo, g_hi = d[rows, idx], d[rows, idx + 1]
    found = []
    for _ in range(max_rounds):
        if rows.size == 0:
            break
        jump, a, b = _bisect_to_jumps(evaluate, rows, lo, hi, g_lo, g_hi, tol, width)
        rows, idx, lo, hi, a, b = (v[jump] for v in (rows, idx, lo, hi, a, b))
        found.extend(zip(rows, idx, a, b))
        # the parts [lo, a] and [b, hi] of each interval that held a new jump
        rows, idx = np.concatenate([rows, rows]), np.concatenate([idx, idx])
        lo, hi = np.concatenate([lo, b]), np.concatenate([a, hi])
        wide = hi - lo > _jump_lattice(hi, width)
        rows, idx, lo, hi = rows[wide], idx[wide], lo[wide], hi[wide]
        if rows.size == 0:
            break
        ends = np.stack([lo, hi], axis=1)
        state = evaluate(np.repeat(rows, 2), ends.ravel())
        cols = [np.asarray(state[key], dtype=float).reshape(ends.shape)
                for key in ("gap", "dgap", "moment", "dm")]
        cand = _candidates(ends, *cols)[:, 0]
        rows, idx, lo, hi = rows[cand], idx[cand], lo[cand], hi[cand]
        g_lo, g_hi = cols[0][cand, 0], cols[0][cand, 1]
    else:
        if rows.size:
            r, i = int(rows[0]), int(idx[0])
            name = where(r) if where is not None else f"sweep {r}"
            raise RuntimeError(
                f"BCS jumps: new jumps still found after {max_rounds} rounds in the grid "
                f"interval [{x[r, i]!r}, {x[r, i + 1]!r}] of {name}")
    merged = []
    for r, i, a, b in sorted(found):
        qa, qb = _jump_lattice(a, width), _jump_lattice(b, width)
        left, right = float((np.floor(a / qa) - 1) * qa), float((np.ceil(b / qb) + 1) * qb)
        if merged and merged[-1][0] == r and left <= merged[-1][3]:
            merged[-1] = (*merged[-1][:3], max(merged[-1][3], right))
        else:
            merged.append((int(r), int(i) + 1, left, right))
    return merged


def bcs_critical_temperature(shell_m: int, n_bar: float) -> float:
    """Mean-field critical temperature at ``omega = 0`` [Delta0].

    The gap equation ``E = (G/2) S`` at ``omega = 0`` and ``Delta -> 0`` (``E = xi =
    G (M - Nbar)/2``, ``S = M tanh(xi / 2T)``) gives ``tanh(xi / 2 Tc) = (M - Nbar)/M``.

    Parameters
    ----------
    shell_m : int
        ``M`` [1].
    n_bar : float
        ``Nbar`` [1], ``0 < Nbar < 2M``.

    Returns
    -------
    float
        ``Tc = xi / (2 artanh(|M - Nbar| / M))`` [Delta0]: ``G M / 4`` for ``Nbar = M``,
        ``G / (4 artanh(1/M))`` for ``Nbar = M - 1``.
    """
    check_shell(shell_m, n_bar)
    g = coupling(shell_m)
    xi = 0.5 * g * abs(shell_m - n_bar)
    if xi == 0:
        return 0.25 * g * shell_m
    return float(xi / (2.0 * np.arctanh(abs(shell_m - n_bar) / shell_m)))


def _refined_sweep(evaluate, row, sweep, cols, jumps, field, wc):
    """One sweep of :func:`bcs_sweep_table` with the jump ends and refinement points added.

    The two ends of each located jump (several may lie in one grid interval; their widened
    brackets do not overlap) are added; then every interval that is not a jump and
    over which the gap changes by more than :data:`_REFINE_GAP` is halved (up to 40 times),
    so steep smooth parts next to a jump are resolved independently of the grid.
    """
    import pandas as pd

    def state(values):
        out = evaluate(np.full(values.size, row), values)
        return {"gap_over_delta0": out["gap"], "moment_mub": out["moment"],
                "chi_mub2_per_v_delta0": out["susceptibility"], "normal_state": out["normal"]}

    x = np.asarray(sweep, float)
    data = {k: np.asarray(cols[k], float) for k in ("gap_over_delta0", "moment_mub",
                                                    "chi_mub2_per_v_delta0", "normal_state")}
    jump_right = np.zeros(x.size, bool)
    refined = np.zeros(x.size, bool)
    if jumps:
        ends = np.array([[j[2], j[3]] for j in jumps]).ravel()
        new = state(ends)
        x = np.concatenate([x, ends])
        data = {k: np.concatenate([v, new[k]]) for k, v in data.items()}
        jump_right = np.concatenate([jump_right, np.tile([False, True], len(jumps))])
        refined = np.concatenate([refined, np.ones(ends.size, bool)])
    for _ in range(40):
        order = np.argsort(x, kind="stable")
        x, jump_right, refined = x[order], jump_right[order], refined[order]
        data = {k: v[order] for k, v in data.items()}
        split = ((np.abs(np.diff(data["gap_over_delta0"])) > _REFINE_GAP) & ~jump_right[1:]
                 & (np.diff(x) > 1e3 * _JUMP_WIDTH * np.maximum(1.0, np.abs(x[1:]))))
        if not np.any(split):
            break
        mids = 0.5 * (x[:-1][split] + x[1:][split])
        new = state(mids)
        x = np.concatenate([x, mids])
        data = {k: np.concatenate([v, new[k]]) for k, v in data.items()}
        jump_right = np.concatenate([jump_right, np.zeros(mids.size, bool)])
        refined = np.concatenate([refined, np.ones(mids.size, bool)])
    moment_jump = np.zeros(x.size)
    if field:
        moment_jump[1:] = np.where(jump_right[1:], np.diff(data["moment_mub"]), 0.0)
    t_over_tc = x / TC_OVER_DELTA0 if not field else np.full(x.size, cols["t_over_tc"][0])
    w_over_wc = x / wc if field else np.full(x.size, cols["omega_over_omegac"][0])
    return pd.DataFrame({"t_over_tc": t_over_tc, "omega_over_omegac": w_over_wc, **data,
                         "jump_before": jump_right.astype(float),
                         "moment_jump_mub": moment_jump, "refined": refined.astype(float)})


def bcs_sweep_table(params: Mapping[str, Any]):
    """Table: BCS gap, moment, susceptibility and first-order jumps along a sweep.

    Parameters
    ----------
    params : mapping
        The figure's config slice (see :func:`nanomag.cluster_pairing.shell.sweep_points`),
        plus ``bcs_branch`` (``global_minimum`` or ``largest_gap``) and, optionally,
        ``bcs_chi`` (:data:`CHI_METHODS`, default ``analytic``). The mean particle number is
        each shell's ``n_electrons``.

    Returns
    -------
    nanomag.io.Table
        Long format: ``shell_m``, ``n_electrons``, ``t_over_tc``, ``omega_over_omegac``,
        ``omega_over_delta0``, ``gap_over_delta0``, ``moment_mub``,
        ``chi_mub2_per_v_delta0``, ``normal_state`` (1/0), ``jump_before`` (1 where the
        chosen solution jumps between the previous row and this one), ``moment_jump_mub``
        (the jump of the moment there: the weight of the delta function of chi in a field
        sweep; 0 elsewhere) and ``refined`` (1 for the rows added on both sides of a jump
        and between grid points, 0 for the configured grid).

    Notes
    -----
    ``bcs_chi = analytic``: chi is ``d<m>/domega`` along the chosen branch (implicit
    differentiation), every jump (several in one grid interval if there are) is located by
    bisection (:func:`locate_jumps`) and its two ends, on a fixed lattice 1.2e-10 to
    2.3e-10 Delta0 outside it, are added as rows, and intervals over which the gap changes
    by more than 0.01 Delta0 are halved (:func:`_refined_sweep`): the curves end at the
    jumps with their limiting values and steep parts are resolved, independent of the
    grid. ``finite_difference``: chi is
    the centred difference of the moment on the configured grid (one-sided at the ends), no
    rows are added; a jump then shows as a spike of height ``Delta m / (2 d omega)``.
    """
    import pandas as pd

    from nanomag.cluster_pairing.seniority import critical_frequency
    from nanomag.io import Table

    sp = sweep_points(params)
    branch = params.get("bcs_branch", "global_minimum")
    chi_method = params.get("bcs_chi", "analytic")
    if chi_method not in CHI_METHODS:
        raise ValueError(f"bcs_chi must be one of {CHI_METHODS}, got {chi_method!r}")
    field = sp["sweep"] == "field"
    frames = []
    for m, n in sp["shells"]:
        wc = critical_frequency(m, n)
        fixed, grid = np.meshgrid(sp["fixed"], sp["grid"], indexing="ij")
        t_tc, x = (fixed, grid) if field else (grid, fixed)
        res = bcs_state(m, n, t_tc * TC_OVER_DELTA0, x * wc, branch)
        sweep = x * wc if field else t_tc * TC_OVER_DELTA0
        slope = res["dgap_domega"] if field else res["dgap_dt"]
        # d<m>/d(sweep variable) along the branch: chi in a field sweep; in a temperature
        # sweep dm/dT is not tabulated and only the gap is used to find the jumps
        dm = res["susceptibility"] if field else np.zeros_like(sweep)

        def evaluate(row, values, _t=t_tc[:, 0], _x=x[:, 0]):
            if field:
                out = bcs_state(m, n, _t[row] * TC_OVER_DELTA0, values, branch)
                return {**out, "dgap": out["dgap_domega"], "dm": out["susceptibility"]}
            out = bcs_state(m, n, values, _x[row] * wc, branch)
            return {**out, "dgap": out["dgap_dt"], "dm": np.zeros_like(values)}

        def where(row, _fixed=fixed[:, 0]):
            swept = "field sweep at T/Tc" if field else "temperature sweep at omega/omega_c"
            return f"M = {m}, Nbar = {n}, {branch}, {swept} = {_fixed[row]!r}"

        def probe(row, values):
            # in a temperature sweep the moment is not used to find jumps (dm/dT is not
            # known), also at the ends of the parts searched beside a jump
            out = evaluate(row, values)
            return out if field else {**out, "moment": np.zeros_like(values)}

        jumps = locate_jumps(probe, sweep, res["gap"], slope,
                             res["moment"] if field else np.zeros_like(sweep), dm,
                             where=where)
        cols = {"t_over_tc": t_tc, "omega_over_omegac": x, "gap_over_delta0": res["gap"],
                "moment_mub": res["moment"], "chi_mub2_per_v_delta0": res["susceptibility"],
                "normal_state": res["normal"], "jump_before": np.zeros_like(sweep),
                "moment_jump_mub": np.zeros_like(sweep), "refined": np.zeros_like(sweep)}
        if chi_method == "finite_difference":
            cols["chi_mub2_per_v_delta0"] = (
                np.stack([np.gradient(mo, sw) for mo, sw in zip(res["moment"], sweep)])
                if field else np.zeros_like(sweep))
            for r, i, _, _ in jumps:
                cols["jump_before"][r, i] = 1.0
            frame = pd.DataFrame({k: v.ravel() for k, v in cols.items()})
        else:
            parts = [_refined_sweep(evaluate, r, sweep[r], {k: v[r] for k, v in cols.items()},
                                    [j for j in jumps if j[0] == r], field, wc)
                     for r in range(sweep.shape[0])]
            frame = pd.concat(parts, ignore_index=True)
        for col in ("normal_state", "jump_before", "refined"):
            frame[col] = frame[col].astype(np.int64)
        frame.insert(0, "shell_m", np.full(len(frame), m))
        frame.insert(1, "n_electrons", np.full(len(frame), n))
        frame.insert(4, "omega_over_delta0", frame["omega_over_omegac"] * wc)
        frames.append(frame)
    units = {**RESPONSE_UNITS, "normal_state": "1", "jump_before": "1",
             "moment_jump_mub": "mu_B", "refined": "1"}
    return Table(pd.concat(frames, ignore_index=True), units,
                 f"BCS mean field ({branch}, chi {chi_method}) of the single shell, "
                 f"{sp['sweep']} sweep")
