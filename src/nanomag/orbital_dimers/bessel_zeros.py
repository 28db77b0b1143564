r"""Zeros of the spherical Bessel functions :math:`j_l(z)` (hard-wall sphere spectrum).

The zero-field levels of a free electron in a hard-wall sphere of radius :math:`a` are
:math:`\varepsilon_{nl} = \hbar^2\zeta_{nl}^2 / (2 m a^2)`, i.e.
:math:`\varepsilon_{nl}/E_F = (\zeta_{nl}/k_F a)^2`, with :math:`\zeta_{nl}` the :math:`n`-th
positive zero of :math:`j_l`. The paramagnetic peaks of the zero-field susceptibility sit at
:math:`k_F a = \zeta_{nl}` (paper, App. A and footnote 8).

All zeros below ``z_max`` are found at once: sign changes of
:math:`J_{l+1/2}(z)` on a grid finer than the smallest spacing of consecutive zeros (which
exceeds :math:`\pi` for :math:`l \ge 1`), then a vectorized bisection on all brackets to the
last bit, then one Newton polish step.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table

#: grid step [1] for bracketing; consecutive zeros of j_l are more than pi apart.
_BRACKET_STEP = 0.25


def _bessel_half(l, z):
    """:math:`J_{l+1/2}(z)`, same sign as :math:`j_l(z)` for :math:`z > 0` [1]."""
    from scipy.special import jv

    return jv(np.asarray(l, dtype=float) + 0.5, z)


def spherical_bessel_zeros(z_max: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""All positive zeros :math:`\zeta_{nl} < z_{max}` of the spherical Bessel functions.

    Parameters
    ----------
    z_max : float
        Upper bound of the zeros [1] (dimensionless argument of :math:`j_l`).

    Returns
    -------
    n : numpy.ndarray of int
        Radial quantum number (1 for the first zero) [1].
    l : numpy.ndarray of int
        Angular momentum [1].
    zeta : numpy.ndarray of float
        The zeros, sorted increasingly (ties broken by ``l``) [1].
    """
    z_max = float(z_max)
    if z_max <= np.pi:
        return (np.zeros(0, int), np.zeros(0, int), np.zeros(0))
    # j_l has no zero below l + 1/2 (first zero of J_nu exceeds nu): l < z_max suffices.
    ls = np.arange(0, int(np.ceil(z_max)) + 1)
    z = np.arange(_BRACKET_STEP, z_max + _BRACKET_STEP, _BRACKET_STEP)
    vals = _bessel_half(ls[:, None], z[None, :])
    sign = np.sign(vals)
    change = (sign[:, :-1] * sign[:, 1:]) < 0
    il, iz = np.nonzero(change)
    lo = z[iz].copy()
    hi = z[iz + 1].copy()
    lv = ls[il].astype(float)
    flo = _bessel_half(lv, lo)
    for _ in range(64):
        mid = 0.5 * (lo + hi)
        fm = _bessel_half(lv, mid)
        left = np.sign(fm) == np.sign(flo)
        lo = np.where(left, mid, lo)
        flo = np.where(left, fm, flo)
        hi = np.where(left, hi, mid)
        if np.all(hi - lo <= 4 * np.finfo(float).eps * hi):
            break
    root = 0.5 * (lo + hi)
    # one Newton step with J'_nu = J_{nu-1} - nu/z J_nu, kept only if it stays in the bracket
    from scipy.special import jv

    nu = lv + 0.5
    f = jv(nu, root)
    fp = jv(nu - 1.0, root) - nu / root * f
    newton = root - f / fp
    ok = np.isfinite(newton) & (np.abs(newton - root) <= (hi - lo) + 1e-15 * root)
    root = np.where(ok, newton, root)
    keep = root < z_max
    root, lv = root[keep], lv[keep].astype(int)
    order = np.lexsort((lv, root))
    root, lv = root[order], lv[order]
    # radial index n: rank of the zero among the zeros of the same l
    n = np.empty_like(lv)
    for l_value in np.unique(lv):
        sel = np.nonzero(lv == l_value)[0]
        n[sel] = np.arange(1, sel.size + 1)
    return n, lv, root


def bessel_zero(n: int, l: int) -> float:
    r"""The zero :math:`\zeta_{nl}`, the :math:`n`-th positive zero of :math:`j_l` [1].

    Parameters
    ----------
    n : int
        Radial quantum number, >= 1 [1].
    l : int
        Angular momentum, >= 0 [1].

    Returns
    -------
    float
        :math:`\zeta_{nl}` [1] (e.g. :math:`\zeta_{1,36} = 42.9669...`).

    Raises
    ------
    ValueError
        If ``n < 1`` or ``l < 0``.
    """
    n, l = int(n), int(l)
    if n < 1 or l < 0:
        raise ValueError(f"bessel_zero needs n >= 1 and l >= 0, got n={n}, l={l}")
    # upper bound (n + l/2) pi + 1: above McMahon's zeta_nl ~ (n + l/2) pi - (4 nu^2 - 1) /
    # (8 (n + l/2) pi) (nu = l + 1/2) for large n and above zeta_1l ~ l + 1/2 +
    # 1.86 (l + 1/2)^(1/3) for large l; checked for every zero below 130 (the former bound
    # l + 1/2 + pi n + 2 (l + 1/2)^(1/3) + 4 missed 801 of them, first zeta_9,34 = 73.4)
    z_max = (n + 0.5 * l) * np.pi + 1.0
    nn, ll, zz = spherical_bessel_zeros(z_max)
    return float(zz[(nn == n) & (ll == l)][0])


def zeros_frame(z_max: float) -> pd.DataFrame:
    """The zeros below ``z_max`` [1] as a frame with columns ``n``, ``l``, ``zeta``."""
    n, l, zeta = spherical_bessel_zeros(z_max)
    return pd.DataFrame({"n": n.astype(np.int64), "l": l.astype(np.int64), "zeta": zeta})


def bessel_zeros_table(params: dict) -> Table:
    r"""Table of every zero :math:`\zeta_{nl} < z_{max}` (the ``bessel_zeros`` table).

    Parameters
    ----------
    params : dict
        Config slice ``bessel_zeros`` with ``z_max`` [1]: must exceed
        :math:`k_F a \sqrt{1 + 50\,T/T_F + \dots}` for every size, temperature and field used.

    Returns
    -------
    nanomag.io.Table
        Columns ``n`` [1], ``l`` [1], ``zeta`` [1], sorted by ``zeta``.
    """
    frame = zeros_frame(params["z_max"])
    return Table(frame, {"n": "1", "l": "1", "zeta": "1"},
                 "Zeros zeta_nl of the spherical Bessel functions j_l below z_max.")
