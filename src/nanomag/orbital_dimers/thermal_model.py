r"""Heuristic thermal model of two interacting paramagnetic particles (App. B, Eqs. B1-B8).

Each particle has a moment :math:`\mathbf M` of free length :math:`|\mathbf M| \le M_0` and
energy :math:`\gamma M^2 - \mathbf M\cdot\mathbf H` (B1); the two are coupled by the dipolar
energy (B5). With :math:`\mu_i = M_i/M_0`, :math:`h = \beta M_0 H`,
:math:`K = \beta M_0^2/d^3`, :math:`C = \beta\gamma M_0^2`, the partition function is Eq. (B8).

Reduction used here (h = 0). The :math:`u_2` and azimuthal integrals are closed-form,
:math:`\int_{-1}^{1}du\,e^{pu} I_0(q\sqrt{1-u^2}) = 2\sinh\kappa/\kappa`,
:math:`\kappa = \sqrt{p^2+q^2}` (an integral of :math:`e^{\mathbf a\cdot\hat n}` over the
sphere). With :math:`p = 2K\mu_1\mu_2 u_1`, :math:`q = K\mu_1\mu_2\sqrt{1-u_1^2}`, and changing
to :math:`s = \mu_1 u_1 = M_{z1}/M_0`, the probability density of :math:`s` is

.. math:: P_1(s) \propto \int_{|s|}^{1} d\mu\,\mu\,e^{-C\mu^2}\,
          G\big(K\sqrt{\mu^2 + 3 s^2}\big),\qquad
          G(k) = \int_0^1 d\nu\,\nu^2 e^{-C\nu^2}\,\frac{\sinh(k\nu)}{k\nu},

normalised to :math:`\int_{-1}^{1} P_1\,ds = 1`. Everything is evaluated in log space
(Gauss-Legendre quadrature); :math:`\log G` is tabulated once on a fine grid of :math:`k` and
interpolated by a cubic spline.

The normalisation is a Gauss-Legendre quadrature of the even :math:`P_1` over
:math:`s\in[0,1]` (twice), with as many nodes as the :math:`\mu` integral, not a sum over
the grid the density is drawn on: for strong coupling (:math:`K/C\to2` at :math:`C=50`) the
two peaks sit at :math:`|s|\approx0.99`, a width of about :math:`1/K` from the edge where
:math:`P_1` vanishes, and the trapezoidal rule on a grid of spacing 0.005 errs by 2 % there.
The value at a point of :math:`s` therefore does not depend on the other points of the grid.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from nanomag.io import Table


@lru_cache(maxsize=8)
def _gauss(n):
    """Gauss-Legendre nodes and weights on [-1, 1] (cached; computing them costs an
    eigenvalue problem)."""
    x, w = np.polynomial.legendre.leggauss(int(n))
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


def _log_sinhc(z):
    """log(sinh(z)/z) for z >= 0, stable for small and large z."""
    z = np.asarray(z, dtype=float)
    small = z < 1e-3
    zs = np.where(small, 1.0, z)
    big = zs + np.log1p(-np.exp(-2.0 * zs)) - np.log(2.0 * zs)
    return np.where(small, z * z / 6.0, big)


def log_g(k, c, n_nodes=400):
    r""":math:`\log G(k) = \log\int_0^1 d\nu\,\nu^2 e^{-C\nu^2}\sinh(k\nu)/(k\nu)` [1].

    Parameters
    ----------
    k : array_like
        :math:`k \ge 0` [1].
    c : float
        :math:`C = \beta\gamma M_0^2` [1].
    n_nodes : int
        Gauss-Legendre nodes on [0, 1].
    """
    from scipy.special import logsumexp

    x, w = _gauss(int(n_nodes))
    nu = 0.5 * (x + 1.0)
    w = 0.5 * w
    k = np.asarray(k, dtype=float)
    expo = (np.log(nu ** 2) - c * nu ** 2) + _log_sinhc(k[..., None] * nu)
    return logsumexp(expo, b=w, axis=-1)


#: Points of the log G spline table per Gauss-Legendre node of the mu integral (4001 at the
#: production 200 nodes): refining the nodes refines the table too.
K_TABLE_PER_NODE = 20


def moment_density(s, k_over_c, c, n_nodes=200):
    r"""Probability density :math:`P_1(s)` of :math:`s = M_{z1}/M_0` at zero field [1].

    Parameters
    ----------
    s : array_like
        Grid of :math:`M_{z1}/M_0` in [-1, 1] [1]; should span [-1, 1] for the normalisation.
    k_over_c : array_like
        Interaction strengths :math:`K/C = 1/(\gamma d^3)` [1].
    c : float
        :math:`C = \beta\gamma M_0^2` [1] (50 in Fig. 8).
    n_nodes : int
        Gauss-Legendre nodes of the :math:`\mu` integral and of the normalisation over
        :math:`s`; the :math:`\log G` table has ``K_TABLE_PER_NODE * n_nodes + 1`` points.

    Returns
    -------
    numpy.ndarray
        Density, shape (len(k_over_c), len(s)), each row normalised to
        :math:`\int_{-1}^{1}P_1\,ds = 1` (Gauss-Legendre over :math:`|s|`, independent of the
        grid ``s``) [1].
    """
    from scipy.interpolate import CubicSpline
    from scipy.special import logsumexp

    s = np.asarray(s, dtype=float)
    kk = np.atleast_1d(np.asarray(k_over_c, dtype=float)) * c
    n_nodes = int(n_nodes)
    k_table = np.linspace(0.0, 2.0 * max(kk.max(), 1e-12) * 1.0001,
                          K_TABLE_PER_NODE * n_nodes + 1)
    spline = _uniform_grid_evaluator(k_table, CubicSpline(k_table, log_g(k_table, c)))
    x, w = _gauss(n_nodes)
    # normalisation nodes: Gauss-Legendre on |s| in [0, 1], weights doubled (P_1 is even)
    s_norm = 0.5 * (x + 1.0)
    logp = _log_unnormalised(np.concatenate([s, s_norm]), kk, c, x, w, spline)
    log_norm = logsumexp(logp[:, s.size:], b=w[None, :], axis=1)   # 2 * (1/2) w
    return np.exp(logp[:, :s.size] - log_norm[:, None])


def _uniform_grid_evaluator(x_table, spline):
    """Evaluator of a cubic ``spline`` whose breakpoints ``x_table`` are uniform, at points
    in [x_table[0], x_table[-1]].

    The same piecewise cubic as ``spline(x)`` (Horner in ``x - x_table[i]`` with the
    spline's coefficients), but the interval i is computed from the uniform spacing
    instead of a binary search: 2.7 instead of 15 ms per 120,000 points (Fig. 8's table
    evaluates 24 million).
    At a breakpoint the interval may be the neighbouring one, which gives the same value
    to round-off (the spline is continuous there).
    """
    coefficients = spline.c
    intervals = coefficients.shape[1]
    inverse_step = intervals / (x_table[-1] - x_table[0])
    last = intervals - 1

    def evaluate(points):
        i = np.minimum(((points - x_table[0]) * inverse_step).astype(np.intp), last)
        t = points - x_table[i]
        return ((coefficients[0, i] * t + coefficients[1, i]) * t + coefficients[2, i]) * t \
            + coefficients[3, i]

    return evaluate


def _log_unnormalised(s, kk, c, x, w, spline):
    """log P_1(s) up to a constant, shape (len(kk), len(s)): the mu integral over [|s|, 1]
    with the Gauss-Legendre nodes ``x``, weights ``w`` and the log G ``spline``."""
    from scipy.special import logsumexp

    a = np.abs(s)
    mu = a[:, None] + (1.0 - a[:, None]) * 0.5 * (x[None, :] + 1.0)
    wt = (1.0 - a[:, None]) * 0.5 * w[None, :]
    arg = np.sqrt(mu ** 2 + 3.0 * s[:, None] ** 2)
    base = np.log(mu) - c * mu ** 2
    logp = np.empty((kk.size, s.size))
    for i, k in enumerate(kk):
        with np.errstate(divide="ignore"):
            logp[i] = logsumexp(base + spline(k * arg), b=wt, axis=1)   # -inf at |s| = 1
    return logp


def splitting_threshold(c=50.0, bounds=(0.5, 2.0)):
    r"""Interaction :math:`K/C` at which :math:`P_1(s)` turns from a single peak at :math:`s = 0`
    into two peaks: the curvature of :math:`\log P_1` at :math:`s = 0` changes sign [1].

    Parameters
    ----------
    c : float
        :math:`C = \beta\gamma M_0^2` [1].
    bounds : tuple of float
        Search interval of :math:`K/C` [1].

    Returns
    -------
    float
        The threshold :math:`K/C` (-> 1, i.e. :math:`\gamma d^3 = 1`, for large C) [1].
    """
    from scipy.optimize import brentq

    h = 1e-3
    s = np.array([-h, 0.0, h])

    def curvature(r):
        # unnormalised: the normalisation does not change the sign of the curvature
        p = _unnormalised(s, r, c)
        return float(np.log(p[0]) + np.log(p[2]) - 2.0 * np.log(p[1]))

    lo, hi = bounds
    if curvature(lo) * curvature(hi) > 0:
        raise RuntimeError(f"splitting_threshold: no sign change of the curvature for c={c} "
                           f"in k_over_c={bounds}")
    return float(brentq(curvature, lo, hi, xtol=1e-10))


def _unnormalised(s, k_over_c, c, n_nodes=400):
    """P_1(s) up to a constant, by direct quadrature of G (no spline), for a few points."""
    from scipy.special import logsumexp

    x, w = _gauss(int(n_nodes))
    out = []
    for sv in np.atleast_1d(s):
        a = abs(sv)
        mu = a + (1.0 - a) * 0.5 * (x + 1.0)
        wt = (1.0 - a) * 0.5 * w
        k = k_over_c * c * np.sqrt(mu ** 2 + 3.0 * sv ** 2)
        out.append(logsumexp(np.log(mu) - c * mu ** 2 + log_g(k, c), b=wt))
    out = np.array(out)
    return np.exp(out - out.max())


def thermal_density_table(params: dict) -> Table:
    r"""Fig. 8: density of :math:`M_{z1}/M_0` vs :math:`K/C` at fixed C (Eq. B8, h = 0).

    Parameters
    ----------
    params : dict
        Config slice ``fig8``: ``c`` [1], ``k_over_c`` (grid) [1], ``s`` (grid of
        :math:`M_{z1}/M_0` on [-1, 1]) [1], ``n_nodes`` [1].

    Returns
    -------
    nanomag.io.Table
        Long format: ``k_over_c`` [1], ``mz1_over_m0`` [1], ``density`` [1/(M_0)].
    """
    from nanomag.config import grid

    r = grid(params["k_over_c"])
    s = grid(params["s"])
    p = moment_density(s, r, float(params["c"]), n_nodes=int(params.get("n_nodes", 200)))
    frame = pd.DataFrame({"k_over_c": np.repeat(r, s.size), "mz1_over_m0": np.tile(s, r.size),
                          "density": p.ravel()})
    return Table(frame, {"k_over_c": "1", "mz1_over_m0": "1", "density": "1/M_0"},
                 "Equilibrium density of M_z1/M_0 in the heuristic dimer model (Fig. 8).")
