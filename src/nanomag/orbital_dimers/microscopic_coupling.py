r"""Dimer and chain of dipole-coupled nanoparticles with the microscopic moment (Sec. V, App. C).

At zero applied field, for moments along the chain axis :math:`z` (transverse components
vanish, paper footnote 9), the field on particle :math:`i` is
:math:`H_i = \sum_{j\ne i} 2 M_j / (d^3 |i-j|^3)` (Eq. 3). With moments in :math:`\mu_B` and
fields as :math:`x = \hbar\omega_c/E_F = 2\mu_B H/E_F`,

.. math:: x_i = \alpha \sum_{j \ne i} \frac{m_j}{|i-j|^3},\qquad
          \alpha = \frac{4\mu_B^2}{E_F d^3} = \frac{24\pi^2 |\chi_L|}{(k_F a)^3 (d/a)^3},

using :math:`\mu_B^2/(E_F a^3) = 6\pi^2|\chi_L|/(k_F a)^3`. The self-consistent moments solve
:math:`m_i = M(x_i)` with :math:`M` of :func:`nanomag.orbital_dimers.orbital_response.magnetic_moment`.
An ordered solution exists iff :math:`\alpha\,M'(0)\,\lambda_{max}(A) > 1`
(:math:`A_{ij} = |i-j|^{-3}`), i.e. iff :math:`\chi > \chi_c^z/\lambda_{max}`: the moment
:math:`M(x)/x` decreases with :math:`x` for the fields reached here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table
from nanomag.orbital_dimers.chain import coupling_matrix, critical_susceptibility_ratio
from nanomag.orbital_dimers.linear_response import ETA, critical_susceptibility
from nanomag.orbital_dimers.orbital_response import (
    landau_susceptibility,
    magnetic_moment,
    zero_field_susceptibility,
)


def coupling_alpha(kfa: float, d_over_a: float = 3.0, chi_landau: float | None = None) -> float:
    r"""Field on a particle per unit moment of a neighbour at distance d, :math:`\alpha` [1/mu_B].

    Parameters
    ----------
    kfa : float
        Size :math:`k_F a` [1].
    d_over_a : float
        Centre-to-centre distance [a].
    chi_landau : float, optional
        :math:`|\chi_L|` [1, cgs]; default from :func:`landau_susceptibility` for gold.

    Returns
    -------
    float
        :math:`\alpha = 24\pi^2|\chi_L|/((k_F a)^3 (d/a)^3)`: :math:`x` per :math:`\mu_B` [1].
    """
    if chi_landau is None:
        chi_landau = landau_susceptibility()
    return 24.0 * np.pi ** 2 * chi_landau / (float(kfa) ** 3 * float(d_over_a) ** 3)


def _lambda_max(n_particles: int) -> float:
    """Largest eigenvalue of the chain coupling matrix :math:`A_{ij} = |i-j|^{-3}` [1]."""
    return 1.0 / critical_susceptibility_ratio(n_particles)


def _shell_bound(kfa, t_max, zeros):
    """Upper bound [mu_B] of |M| from the shells near E_F: sum of l(l+1) plus a margin."""
    from nanomag.orbital_dimers.orbital_response import FERMI_WINDOW, _shells

    zeta, l = _shells(zeros)
    e0 = (zeta / kfa) ** 2
    near = np.abs(e0 - 1.0) < FERMI_WINDOW * t_max + 1e-3
    return float(np.sum(l[near] * (l[near] + 1.0))) + 10.0


def dimer_spontaneous_moment(kfa, t_over_tf, d_over_a=3.0, chi_landau=None, zeros=None,
                             iterations=200):
    r"""Zero-field longitudinal moment per particle of a dimer of equal spheres [mu_B].

    Solves :math:`m = M(\alpha m)` for the largest root :math:`m \ge 0` by a vectorized
    bisection on :math:`M(\alpha m)/m - 1` (decreasing in :math:`m`), for all temperatures at
    once; :math:`m = 0` where :math:`\chi \le \chi_c^z`.

    Parameters
    ----------
    kfa : float
        Size :math:`k_F a` [1] (both particles).
    t_over_tf : array_like
        Temperatures :math:`T/T_F` [1].
    d_over_a : float
        Centre-to-centre distance [a].
    chi_landau : float, optional
        :math:`|\chi_L|` [1, cgs].
    zeros : pandas.DataFrame, optional
        Bessel zeros table.
    iterations : int
        Bisection steps (200 reaches the last bit).

    Returns
    -------
    numpy.ndarray
        :math:`m_z = (M_1 + M_2)/2` [mu_B] (the positive branch; :math:`-m_z` is degenerate).

    Raises
    ------
    RuntimeError
        If the bracket fails (names kfa, d_over_a and the temperature).
    """
    t = np.atleast_1d(np.asarray(t_over_tf, dtype=float))
    alpha = coupling_alpha(kfa, d_over_a, chi_landau)
    _, slope0 = magnetic_moment(kfa, t, 0.0, zeros, derivative=True)
    ordered = alpha * slope0 > 1.0
    m = np.zeros_like(t)
    if not np.any(ordered):
        return m
    tt = t[ordered]
    hi = np.full(tt.size, _shell_bound(kfa, tt.max(), zeros))
    h_hi = magnetic_moment(kfa, tt, alpha * hi, zeros) / hi - 1.0
    if np.any(h_hi >= 0):
        bad = tt[h_hi >= 0]
        raise RuntimeError(f"dimer_spontaneous_moment: no upper bracket for kfa={kfa}, "
                           f"d_over_a={d_over_a}, t_over_tf={bad[:3]}")
    lo = np.zeros_like(hi)
    for _ in range(int(iterations)):
        mid = 0.5 * (lo + hi)
        h = magnetic_moment(kfa, tt, alpha * mid, zeros) / mid - 1.0
        pos = h > 0
        lo = np.where(pos, mid, lo)
        hi = np.where(pos, hi, mid)
        if np.all(hi - lo <= 1e-13 * hi):
            break
    m[ordered] = 0.5 * (lo + hi)
    return m


def chain_spontaneous_moments(kfa, t_over_tf, n_particles, d_over_a=3.0, chi_landau=None,
                              zeros=None, tol=1e-11, max_iter=200):
    r"""Zero-field longitudinal moments of a chain of N equal spheres [mu_B].

    Newton's method on :math:`F(m) = m - M(\alpha A m)` from the saturated ordered start,
    with step halving on :math:`|F|`; the trivial solution :math:`m = 0` is returned where
    :math:`\alpha M'(0)\lambda_{max}(A) \le 1` (no ordered solution).

    Parameters
    ----------
    kfa : float
        Size :math:`k_F a` [1].
    t_over_tf : float
        Temperature :math:`T/T_F` [1].
    n_particles : int
        Chain length N >= 1.
    d_over_a : float
        Centre-to-centre distance of neighbours [a].
    chi_landau : float, optional
        :math:`|\chi_L|` [1, cgs].
    zeros : pandas.DataFrame, optional
        Bessel zeros table.
    tol : float
        Relative tolerance on the moments [1].
    max_iter : int
        Newton iterations.

    Returns
    -------
    numpy.ndarray
        Moments :math:`M_i^z` [mu_B], shape (N,).

    Raises
    ------
    RuntimeError
        If Newton does not converge to an ordered solution (names kfa, t, N, d_over_a).
    """
    n = int(n_particles)
    t = float(t_over_tf)
    if n < 2:
        return np.zeros(max(n, 0))
    a = coupling_matrix(n)
    alpha = coupling_alpha(kfa, d_over_a, chi_landau)
    _, slope0 = magnetic_moment(kfa, t, 0.0, zeros, derivative=True)
    if alpha * float(slope0) * _lambda_max(n) <= 1.0:
        return np.zeros(n)
    m = np.full(n, _shell_bound(kfa, t, zeros) - 10.0)
    ta = np.full(n, t)

    def residual(mv):
        return mv - magnetic_moment(kfa, ta, alpha * (a @ mv), zeros)

    f = residual(m)
    for _ in range(int(max_iter)):
        x = alpha * (a @ m)
        _, dmdx = magnetic_moment(kfa, ta, x, zeros, derivative=True)
        jac = np.eye(n) - (dmdx[:, None] * alpha) * a
        step = np.linalg.solve(jac, -f)
        lam = 1.0
        norm0 = np.linalg.norm(f)
        while lam > 1e-6:
            trial = m + lam * step
            f_trial = residual(trial)
            if np.linalg.norm(f_trial) < norm0 or lam <= 1e-6:
                break
            lam *= 0.5
        m, f = trial, f_trial
        if np.max(np.abs(lam * step)) <= tol * max(np.max(np.abs(m)), 1.0):
            break
    else:
        raise RuntimeError(f"chain_spontaneous_moments: Newton did not converge for kfa={kfa}, "
                           f"t_over_tf={t}, n_particles={n}, d_over_a={d_over_a}")
    if not np.all(m > 0) or np.max(np.abs(f)) > 1e-6 * np.max(np.abs(m)):
        raise RuntimeError(f"chain_spontaneous_moments: no ordered solution found for kfa={kfa}, "
                           f"t_over_tf={t}, n_particles={n}, d_over_a={d_over_a}")
    return m


def critical_temperature(kfa, d_over_a=3.0, n_particles=2, chi_landau=None, zeros=None,
                         t_bounds=(1e-12, 1e-2), never=None):
    r"""Temperature below which the dimer (chain) orders: :math:`\chi(T_c) = \chi_c^z/\lambda_{max}`.

    Parameters
    ----------
    kfa : float
        Size :math:`k_F a` [1].
    d_over_a : float
        Centre-to-centre distance [a].
    n_particles : int
        2 for the dimer, N for a chain.
    chi_landau : float, optional
        :math:`|\chi_L|` [1, cgs].
    zeros : pandas.DataFrame, optional
        Bessel zeros table.
    t_bounds : tuple of float
        Search interval of :math:`T/T_F` [1].
    never : float, optional
        Returned when :math:`\chi < \chi_c^z/\lambda_{max}` at both ends of ``t_bounds``
        (the size does not order at any temperature searched, e.g. a diamagnetic low-T ZFS);
        None: raise.

    Returns
    -------
    float
        :math:`T_c/T_F` [1].

    Raises
    ------
    RuntimeError
        If :math:`\chi - \chi_c` does not change sign in ``t_bounds`` and ``never`` does not
        apply (names the parameters).
    """
    from scipy.optimize import brentq

    if chi_landau is None:
        chi_landau = landau_susceptibility()
    target = critical_susceptibility(d_over_a, ETA["longitudinal"]) / _lambda_max(n_particles) / chi_landau

    def g(log_t):
        return float(zero_field_susceptibility(kfa, np.exp(log_t), zeros)) - target

    lo, hi = np.log(t_bounds[0]), np.log(t_bounds[1])
    if never is not None and g(lo) < 0 and g(hi) < 0:
        return float(never)
    if g(lo) * g(hi) > 0:
        raise RuntimeError(f"critical_temperature: no crossing for kfa={kfa}, d_over_a={d_over_a},"
                           f" n_particles={n_particles} in t_over_tf={t_bounds}")
    return float(np.exp(brentq(g, lo, hi, xtol=1e-14, rtol=1e-13)))


def largest_transverse_moment(config: dict, temperatures: int = 6, sweeps: int = 50,
                              seed: int = 0) -> dict:
    r"""Largest transverse moment [mu_B] of the dimer solved with vector moments (footnote 9).

    No direction is imposed: the field of particle j at particle i is
    :math:`\mathbf x_i = \alpha(-m_{jx}/2, -m_{jy}/2, m_{jz})` (Eq. 3, in units of
    :math:`\hbar\omega_c/E_F`) and a sphere's moment is along its field,
    :math:`\mathbf m_i = M(|\mathbf x_i|)\,\hat{\mathbf x}_i` (isotropic response). For every
    size of the ``fig5`` slice and ``temperatures`` evenly spaced points of its ``t_dimer`` grid
    (T = 0 aside) the
    moments start in random directions (seeded) with the length of the saturated shells at
    :math:`E_F` and are iterated ``sweeps`` Gauss-Seidel sweeps; a transverse tilt of the
    z-aligned state decays by 1/2 per sweep.

    Parameters
    ----------
    config : dict
        Merged ``material`` and ``fig5`` slices.

    Returns
    -------
    dict
        ``value``: largest :math:`|m_{ix}|, |m_{iy}|` [mu_B] after the sweeps; ``kfa`` and
        ``t_over_tf`` of that point; ``largest_z``: largest :math:`|m_{iz}|` [mu_B].
    """
    from nanomag.config import grid

    t = grid(config["t_dimer"])
    t = t[t > 0]
    t = t[np.unique(np.linspace(0, t.size - 1, int(temperatures)).round().astype(int))]
    rng = np.random.default_rng(seed)
    weight = np.array([-0.5, -0.5, 1.0])
    worst = {"value": -1.0}
    largest_z = 0.0
    for item in config["sizes_main"]:
        zeros = None      # the zeros below 120 cover kFa <= 80 at these temperatures
        kfa, _ = _size(item, zeros)
        alpha = coupling_alpha(kfa, config["d_over_a"], config["chi_landau"])
        bound = _shell_bound(kfa, float(t.max()), zeros)
        moments = rng.normal(size=(2, t.size, 3))
        moments *= bound / np.linalg.norm(moments, axis=2, keepdims=True)
        for _ in range(int(sweeps)):
            for i in (0, 1):
                field = alpha * moments[1 - i] * weight
                size = np.linalg.norm(field, axis=1)
                length = magnetic_moment(kfa, t, size, zeros)
                with np.errstate(invalid="ignore", divide="ignore"):
                    moments[i] = np.where(size[:, None] > 0,
                                          field * (length / size)[:, None], 0.0)
        transverse = np.abs(moments[:, :, :2]).max(axis=(0, 2))
        largest_z = max(largest_z, float(np.abs(moments[:, :, 2]).max()))
        j = int(np.argmax(transverse))
        if transverse[j] > worst["value"]:
            worst = {"value": float(transverse[j]), "kfa": float(kfa), "t_over_tf": float(t[j])}
    return {**worst, "largest_z": largest_z}


def _size(item, zeros):
    from nanomag.orbital_dimers.orbital_response import _named_sizes

    values, labels = _named_sizes([item], zeros)
    return values[0], labels[0]


def dimer_moment_table(params: dict, inputs: dict | None = None) -> Table:
    r"""Fig. 5(b): spontaneous longitudinal moment per particle of a dimer vs temperature.

    Parameters
    ----------
    params : dict
        Merged ``material`` and ``fig5``: ``sizes_main`` (sizes, numbers or ``{n, l}``),
        ``d_over_a`` [a], ``t_dimer`` (linear grid of :math:`T/T_F`), ``chi_landau`` [1].
    inputs : dict
        ``{"bessel_zeros": frame}``.

    Returns
    -------
    nanomag.io.Table
        Columns ``size_label``, ``kfa`` [1], ``t_over_tf`` [1], ``mz_over_mub`` [mu_B] and
        ``critical_t_over_tf`` [1], the temperature where :math:`\chi(T) = \chi_c^z`
        (the same on every row of a size; 0 for a size whose :math:`\chi` stays below
        :math:`\chi_c^z` down to :math:`T/T_F = 10^{-12}`: it never orders, its moment is 0).
    """
    from nanomag.config import grid

    zeros = None if inputs is None else inputs.get("bessel_zeros")
    t = grid(params["t_dimer"])
    t = t[t > 0]
    frames, tcs = [], {}
    for item in params["sizes_main"]:
        kfa, label = _size(item, zeros)
        m = dimer_spontaneous_moment(kfa, t, params["d_over_a"], params["chi_landau"], zeros)
        tcs[label] = critical_temperature(kfa, params["d_over_a"], 2, params["chi_landau"], zeros,
                                          never=0.0)
        frames.append(pd.DataFrame({"size_label": label, "kfa": kfa, "t_over_tf": t,
                                    "mz_over_mub": m, "critical_t_over_tf": tcs[label]}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"size_label": "label", "kfa": "1", "t_over_tf": "T/T_F", "mz_over_mub": "mu_B",
             "critical_t_over_tf": "T/T_F"}
    return Table(frame, units, "Zero-field moment per particle of a dimer (Fig. 5b).")


def chain_moment_table(params: dict, inputs: dict | None = None) -> Table:
    r"""Fig. 10: zero-field moment per particle :math:`m_N^z` of chains vs N at several T.

    Parameters
    ----------
    params : dict
        Merged ``material`` and ``fig10``: ``size`` (number or ``{n, l}``), ``d_over_a`` [a],
        ``n_particles`` (``{start, stop}``, inclusive), ``temperatures`` (:math:`T/T_F`),
        ``chi_landau`` [1].
    inputs : dict
        ``{"bessel_zeros": frame}``.

    Returns
    -------
    nanomag.io.Table
        Columns ``t_over_tf`` [1], ``n_particles`` [1], ``mz_over_mub`` [mu_B] (mean moment).
    """
    zeros = None if inputs is None else inputs.get("bessel_zeros")
    kfa, _ = _size(params["size"], zeros)
    ns = np.arange(int(params["n_particles"]["start"]), int(params["n_particles"]["stop"]) + 1)
    rows = []
    for t in params["temperatures"]:
        for n in ns:
            m = chain_spontaneous_moments(kfa, float(t), int(n), params["d_over_a"],
                                          params["chi_landau"], zeros)
            rows.append((float(t), int(n), float(np.mean(m))))
    frame = pd.DataFrame(rows, columns=["t_over_tf", "n_particles", "mz_over_mub"])
    frame = frame.astype({"n_particles": np.int64})
    return Table(frame, {"t_over_tf": "T/T_F", "n_particles": "1", "mz_over_mub": "mu_B"},
                 "Zero-field moment per particle of a chain vs its length (Fig. 10).")
