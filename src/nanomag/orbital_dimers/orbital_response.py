r"""Orbital magnetic response of a single metallic nanoparticle (App. A; Eqs. A4/A5 of Ref. 21).

Model (as in the paper's Ref. 21): free electrons of mass :math:`m` in a hard-wall sphere of
radius :math:`a`, spin degeneracy 2 (spin Zeeman and spin-orbit neglected), grand-canonical
occupation with chemical potential :math:`E_F`, diamagnetic term to first order. With
:math:`t = T/T_F` and :math:`x = \hbar\omega_c/E_F = 2\mu_B H/E_F` the levels are

.. math::

    \frac{\varepsilon_{nlm}}{E_F} = \Big(\frac{\zeta_{nl}}{k_F a}\Big)^2 + \frac{x}{2} m
        + \frac{x^2 (k_F a)^2}{16}\,\rho_{nl}\, s_{lm},

:math:`\rho_{nl} = \langle r^2\rangle_{nl}/a^2 = [1 + (2l(l+1) - 3/2)/\zeta_{nl}^2]/3`,
:math:`s_{lm} = \langle\sin^2\theta\rangle_{lm} = 2(l^2 + l - 1 + m^2)/((2l-1)(2l+3))`.
The moment :math:`M = -\partial\Omega/\partial H` is

.. math:: M/\mu_B = -2\sum_{nlm} f(\varepsilon_{nlm})\,[m + x\,\kappa_{nlm}],\qquad
          \kappa_{nlm} = (k_F a)^2 \rho_{nl} s_{lm}/4,

and the zero-field susceptibility :math:`\chi = V^{-1}\partial M/\partial H|_{H=0}`, in units
of the Landau value :math:`|\chi_L| = e^2 k_F/(12\pi^2 m c^2)`, is

.. math:: \frac{\chi}{|\chi_L|} = \frac{9\pi}{(k_F a)^3}\frac{dM/\mu_B}{dx}\Big|_0
          = \frac{9\pi S}{t (k_F a)^3} - \frac{3\pi}{k_F a}\sum_{nl} f_{nl}(2l+1)\rho_{nl},
          \qquad S = \sum_{nl} f_{nl}(1-f_{nl})\frac{l(l+1)(2l+1)}{3}.

Numerics: a shell whose levels lie more than ``FERMI_WINDOW`` :math:`\times t` below (above)
:math:`E_F` for every field of a call is counted as exactly full (empty)
(:math:`f(1-f) < e^{-50}`); its contribution is then closed-form. Only the shells near the
Fermi energy are expanded into their :math:`m` levels. Moments use the pair identities
:math:`f(u+v) - f(u-v) = -\sinh v/(\cosh u + \cosh v)` and
:math:`f(u+v) + f(u-v) = (e^{-u} + \cosh v)/(\cosh u + \cosh v)` so that :math:`M` stays
accurate for fields many orders of magnitude below the temperature.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from nanomag.io import Table

#: half-width of the thermally active energy window, in units of T [1].
FERMI_WINDOW = 50.0
#: largest number of (point x level) pairs held in memory at once [1].
_BLOCK = 2_000_000


# --------------------------------------------------------------------------- material
def landau_susceptibility(fermi_wavevector_per_cm: float = 1.21e8) -> float:
    r"""Magnitude of the Landau susceptibility, Eq. (1): :math:`e^2 k_F/(12\pi^2 m c^2)` [1, cgs].

    Parameters
    ----------
    fermi_wavevector_per_cm : float
        Fermi wave vector :math:`k_F` [1/cm] (gold: 1.21e8). The effective mass is the bare
        electron mass (paper, footnote 2).

    Returns
    -------
    float
        :math:`|\chi_L|` [1, cgs] (2.88e-7 for gold; the paper quotes 2.9e-7).
    """
    from nanomag import constants as c

    e2 = c.ELEMENTARY_CHARGE_STATC ** 2
    return float(e2 * fermi_wavevector_per_cm
                 / (12.0 * np.pi ** 2 * c.ELECTRON_MASS_G * c.SPEED_OF_LIGHT_CM_PER_S ** 2))


def fermi_temperature_k(fermi_energy_ev: float = 5.53) -> float:
    """Fermi temperature :math:`T_F = E_F/k_B` [K] for a Fermi energy [eV]."""
    from nanomag import constants as c

    return float(fermi_energy_ev / c.BOLTZMANN_EV_PER_K)


def temperature_k(t_over_tf: float, fermi_energy_ev: float = 5.53) -> float:
    """Temperature [K] for a reduced temperature :math:`T/T_F` [1] and :math:`E_F` [eV]."""
    return float(t_over_tf) * fermi_temperature_k(fermi_energy_ev)


def cyclotron_field_gauss(hbar_omega_c_over_ef: float, fermi_energy_ev: float = 5.53) -> float:
    r"""Field :math:`H` [G] at which :math:`\hbar\omega_c = \hbar e H/(m c)` equals
    ``hbar_omega_c_over_ef`` [1] times :math:`E_F` [eV]; :math:`\hbar\omega_c = 2\mu_B H`."""
    from nanomag import constants as c

    mu_b_ev_per_g = c.BOHR_MAGNETON_EV_PER_T * 1e-4
    return float(hbar_omega_c_over_ef * fermi_energy_ev / (2.0 * mu_b_ev_per_g))


# --------------------------------------------------------------------------- spectrum
def radial_moment(zeta, l):
    r""":math:`\rho_{nl} = \langle r^2\rangle_{nl}/a^2` of the hard-wall state :math:`j_l(\zeta r/a)` [1].

    Parameters
    ----------
    zeta : array_like
        Zero :math:`\zeta_{nl}` of :math:`j_l` [1].
    l : array_like
        Angular momentum [1].

    Returns
    -------
    numpy.ndarray
        :math:`[1 + (2l(l+1) - 3/2)/\zeta^2]/3` [1].
    """
    zeta = np.asarray(zeta, dtype=float)
    l = np.asarray(l, dtype=float)
    return (1.0 + (2.0 * l * (l + 1.0) - 1.5) / zeta ** 2) / 3.0


def angular_moment(l, m):
    r""":math:`s_{lm} = \langle lm|\sin^2\theta|lm\rangle = 2(l^2+l-1+m^2)/((2l-1)(2l+3))` [1]."""
    l = np.asarray(l, dtype=float)
    m = np.asarray(m, dtype=float)
    return 2.0 * (l * l + l - 1.0 + m * m) / ((2.0 * l - 1.0) * (2.0 * l + 3.0))


@lru_cache(maxsize=1)
def _default_zeros():
    """Zeros below 120 (covers kFa <= 80 up to T/T_F = 0.02), computed once per process."""
    from nanomag.orbital_dimers.bessel_zeros import zeros_frame

    return zeros_frame(120.0)


def _shells(zeros):
    """Arrays (zeta, l) of the shells, sorted by zeta, from a zeros frame or ``None``."""
    if zeros is None:
        zeros = _default_zeros()
    zeta = np.asarray(zeros["zeta"], dtype=float)
    l = np.asarray(zeros["l"], dtype=np.int64)
    order = np.argsort(zeta, kind="stable")
    return zeta[order], l[order]


def _expit(y):
    from scipy.special import expit

    return expit(y)


# --------------------------------------------------------------------------- zero field
def zero_field_susceptibility(kfa, t_over_tf, zeros=None):
    r"""Zero-field orbital susceptibility of one sphere, Eq. (A5) of Ref. 21 [units of |chi_L|].

    Parameters
    ----------
    kfa : array_like
        Size :math:`k_F a` [1]; use the exact zeros where the paper names :math:`\zeta_{nl}`.
    t_over_tf : array_like
        Temperature :math:`T/T_F` [1], > 0; broadcast against ``kfa``.
    zeros : pandas.DataFrame, optional
        Table of zeros (columns ``l``, ``zeta``) covering
        :math:`k_F a\sqrt{1 + 50\,T/T_F}`; computed if omitted.

    Returns
    -------
    numpy.ndarray
        :math:`\chi/|\chi_L|` [1], shape of the broadcast inputs.

    Raises
    ------
    ValueError
        If the zeros table does not cover the thermally active window.
    """
    kfa_b, t_b = np.broadcast_arrays(np.asarray(kfa, dtype=float),
                                     np.asarray(t_over_tf, dtype=float))
    shape = kfa_b.shape
    k = kfa_b.ravel()
    t = t_b.ravel()
    if np.any(t <= 0) or np.any(k <= 0):
        raise ValueError("zero_field_susceptibility needs kfa > 0 and t_over_tf > 0")
    zeta, l = _shells(zeros)
    lf = l.astype(float)
    a_w = lf * (lf + 1.0) * (2.0 * lf + 1.0) / 3.0
    b_w = (2.0 * lf + 1.0) * radial_moment(zeta, lf)
    b_cum = np.concatenate([[0.0], np.cumsum(b_w)])
    w = FERMI_WINDOW * t
    z_lo = k * np.sqrt(np.clip(1.0 - w, 0.0, None))
    z_hi = k * np.sqrt(1.0 + w)
    if np.any(z_hi >= zeta[-1]):
        raise ValueError(
            f"zeros table too short: need zeros up to {z_hi.max():.4g}, largest is {zeta[-1]:.4g}")
    i_lo = np.searchsorted(zeta, z_lo, side="left")
    i_hi = np.searchsorted(zeta, z_hi, side="right")
    width = i_hi - i_lo
    order = np.argsort(width, kind="stable")
    out = np.empty(k.size)
    start = 0
    while start < k.size:
        wmax = max(int(width[order[min(start + 1, k.size) - 1:]].max(initial=1)), 1)
        # chunk size limited by the widest window in the chunk: take points in width order
        n_take = max(1, _BLOCK // max(int(width[order[start]]), 1))
        stop = start + n_take
        sel = order[start:stop]
        while sel.size > 1 and sel.size * max(int(width[sel].max()), 1) > _BLOCK:
            sel = sel[: sel.size // 2]
        stop = start + sel.size
        wmax = max(int(width[sel].max()), 1)
        idx = i_lo[sel, None] + np.arange(wmax)[None, :]
        valid = idx < i_hi[sel, None]
        idx = np.where(valid, idx, 0)
        e = (zeta[idx] / k[sel, None]) ** 2
        y = (1.0 - e) / t[sel, None]
        f = _expit(y)
        ff = f * _expit(-y)
        s_sum = np.sum(np.where(valid, ff * a_w[idx], 0.0), axis=1)
        occ = b_cum[i_lo[sel]] + np.sum(np.where(valid, f * b_w[idx], 0.0), axis=1)
        out[sel] = (9.0 * np.pi * s_sum / (t[sel] * k[sel] ** 3)
                    - 3.0 * np.pi / k[sel] * occ)
        start = stop
    return out.reshape(shape)


# --------------------------------------------------------------------------- finite field
def _active_levels(kfa, t_max, x_max, zeta, l):
    """Split the shells for one size into frozen-full, active (expanded in m) and empty."""
    lf = l.astype(float)
    rho = radial_moment(zeta, lf)
    e0 = (zeta / kfa) ** 2
    delta = x_max * lf / 2.0 + x_max ** 2 * kfa ** 2 * rho / 16.0
    w = FERMI_WINDOW * t_max
    top = zeta[-1]
    if (top / kfa) ** 2 - x_max * top / 2.0 - x_max ** 2 * kfa ** 2 / 16.0 <= 1.0 + w:
        raise ValueError(
            f"zeros table too short for kfa={kfa}, t_over_tf<={t_max}, x<={x_max}: "
            f"largest zero {top:.4g}")
    full = e0 + delta < 1.0 - w
    empty = e0 - delta > 1.0 + w
    active = ~(full | empty)
    # frozen full shells: -2 sum_m (m + x kappa) = -x (kfa)^2 rho (2l+1)/3
    frozen_slope = -np.sum(kfa ** 2 * rho[full] * (2.0 * lf[full] + 1.0) / 3.0)
    la = l[active]
    counts = la + 1  # m = 0..l (pairs +-m)
    shell = np.repeat(np.arange(la.size), counts)
    offsets = np.cumsum(counts) - counts   # start of each shell's levels (empty: no shell)
    m = np.arange(counts.sum()) - np.repeat(offsets, counts)
    lvl_l = la[shell].astype(float)
    lvl_m = m.astype(float)
    lvl_e0 = e0[active][shell]
    lvl_kappa = kfa ** 2 * rho[active][shell] * angular_moment(lvl_l, lvl_m) / 4.0
    weight = np.where(m == 0, 0.5, 1.0)
    return frozen_slope, lvl_m, lvl_e0, lvl_kappa, weight


def _pair_terms(u, v):
    """D = f(u+v) - f(u-v) and P = f(u+v) + f(u-v) without overflow or cancellation."""
    au, av = np.abs(u), np.abs(v)
    big = np.maximum(au, av)
    cu = 0.5 * (np.exp(au - big) + np.exp(-au - big))   # cosh(u) e^-big
    cv = 0.5 * (np.exp(av - big) + np.exp(-av - big))   # cosh(v) e^-big
    sv = np.sign(v) * 0.5 * (np.exp(av - big) - np.exp(-av - big))
    den = cu + cv
    d = -sv / den
    p = (np.exp(-u - big) + cv) / den
    return d, p


def magnetic_moment(kfa, t_over_tf, hbar_omega_c_over_ef, zeros=None, derivative=False):
    r"""Orbital magnetic moment of one sphere, Eq. (A4) of Ref. 21 [mu_B].

    Parameters
    ----------
    kfa : float
        Size :math:`k_F a` [1] (one size per call).
    t_over_tf : array_like
        Temperature :math:`T/T_F` [1], > 0.
    hbar_omega_c_over_ef : array_like
        Field as :math:`x = \hbar\omega_c/E_F = 2\mu_B H/E_F` [1]; broadcast against
        ``t_over_tf``.
    zeros : pandas.DataFrame, optional
        Table of zeros (columns ``l``, ``zeta``); computed if omitted.
    derivative : bool
        Also return :math:`dM/dx` [mu_B].

    Returns
    -------
    numpy.ndarray
        :math:`M/\mu_B` [1], positive along the field; and :math:`d(M/\mu_B)/dx` if asked.
    """
    t_b, x_b = np.broadcast_arrays(np.asarray(t_over_tf, dtype=float),
                                   np.asarray(hbar_omega_c_over_ef, dtype=float))
    shape = t_b.shape
    t = t_b.ravel()
    x = x_b.ravel()
    if np.any(t <= 0):
        raise ValueError("magnetic_moment needs t_over_tf > 0")
    zeta, l = _shells(zeros)
    kfa = float(kfa)
    slope, m, e0, kappa, weight = _active_levels(kfa, float(t.max()), float(np.abs(x).max()),
                                                 zeta, l)
    out = slope * x
    dout = np.full(x.size, slope)
    nlev = max(m.size, 1)
    step = max(1, _BLOCK // nlev)
    for start in range(0, x.size, step):
        sl = slice(start, start + step)
        tt, xx = t[sl, None], x[sl, None]
        shift = e0[None, :] + xx ** 2 * kappa[None, :] / 4.0 - 1.0   # (kfa)^2 rho s x^2/16
        u = shift / tt
        v = xx * m[None, :] / (2.0 * tt)
        d, p = _pair_terms(u, v)
        out[sl] += -2.0 * np.sum(weight * (m * d + xx * kappa * p), axis=1)
        if derivative:
            # per level: sum over +-m of f(1-f)(+-m + x kappa)^2 / t - 2 f kappa
            fp = _expit(-(u + v))
            fm = _expit(-(u - v))
            gp = fp * _expit(u + v)
            gm = fm * _expit(u - v)
            term = (gp * (m + xx * kappa) ** 2 + gm * (-m + xx * kappa) ** 2) / tt \
                - 2.0 * kappa * (fp + fm)
            dout[sl] += np.sum(weight * term, axis=1)
    if derivative:
        return out.reshape(shape), dout.reshape(shape)
    return out.reshape(shape)


# --------------------------------------------------------------------------- tables
def _zeros_input(inputs):
    if inputs is None or "bessel_zeros" not in inputs:
        return None
    return inputs["bessel_zeros"]


def _named_sizes(spec, zeros):
    """Sizes from a config list: numbers, or {n, l} for the exact zero zeta_nl."""
    from nanomag.orbital_dimers.bessel_zeros import bessel_zero

    values, labels = [], []
    for item in spec:
        if isinstance(item, dict):
            n, l = int(item["n"]), int(item["l"])
            if zeros is not None:
                sel = (np.asarray(zeros["n"]) == n) & (np.asarray(zeros["l"]) == l)
                z = float(np.asarray(zeros["zeta"])[sel][0]) if np.any(sel) else bessel_zero(n, l)
            else:
                z = bessel_zero(n, l)
            values.append(z)
            labels.append(f"zeta_{n},{l}")
        else:
            values.append(float(item))
            labels.append(f"{float(item):g}")
    return values, labels


def zfs_temperature_table(params: dict, inputs: dict | None = None) -> Table:
    r"""Fig. 5(a): zero-field susceptibility vs temperature for the named sizes.

    Parameters
    ----------
    params : dict
        Merged slices ``material`` and ``fig5``: ``sizes_main`` and ``sizes_inset``
        (numbers or ``{n, l}`` for :math:`\zeta_{nl}`), ``t_main`` and ``t_inset`` (log grids of
        :math:`T/T_F`).
    inputs : dict
        ``{"bessel_zeros": frame}``.

    Returns
    -------
    nanomag.io.Table
        Columns ``panel`` (main / inset), ``size_label``, ``kfa`` [1], ``t_over_tf`` [1],
        ``chi_over_chil`` [|chi_L|].
    """
    from nanomag.config import grid

    zeros = _zeros_input(inputs)
    frames = []
    for panel in ("main", "inset"):
        sizes, labels = _named_sizes(params[f"sizes_{panel}"], zeros)
        t = grid(params[f"t_{panel}"])
        for kfa, label in zip(sizes, labels):
            chi = zero_field_susceptibility(kfa, t, zeros)
            frames.append(pd.DataFrame({"panel": panel, "size_label": label, "kfa": kfa,
                                        "t_over_tf": t, "chi_over_chil": chi}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"panel": "label", "size_label": "label", "kfa": "1", "t_over_tf": "T/T_F",
             "chi_over_chil": "|chi_L|"}
    return Table(frame, units, "Zero-field orbital susceptibility vs temperature (Fig. 5a).")


def zfs_size_table(params: dict, inputs: dict | None = None) -> Table:
    r"""Fig. 6: zero-field susceptibility vs :math:`k_F a` at three temperatures.

    Parameters
    ----------
    params : dict
        Merged ``material`` and ``fig6``: ``temperatures`` (list of :math:`T/T_F`), ``kfa``
        (a linear grid per temperature: list of ``{start, stop, num}`` of the same length),
        ``add_zeros`` (bool: add every :math:`\zeta_{nl}` in the range to the grids, so that
        the peak heights are exact).
    inputs : dict
        ``{"bessel_zeros": frame}``.

    Returns
    -------
    nanomag.io.Table
        Columns ``t_over_tf`` [1], ``kfa`` [1], ``chi_over_chil`` [|chi_L|].
    """
    from nanomag.config import grid

    zeros = _zeros_input(inputs)
    zeta_all, _ = _shells(zeros)
    frames = []
    for t, spec in zip(params["temperatures"], params["kfa"]):
        k = grid(spec)
        if params.get("add_zeros", True):
            inside = zeta_all[(zeta_all >= k[0]) & (zeta_all <= k[-1])]
            k = np.unique(np.concatenate([k, inside]))
        chi = zero_field_susceptibility(k, float(t), zeros)
        frames.append(pd.DataFrame({"t_over_tf": float(t), "kfa": k, "chi_over_chil": chi}))
    frame = pd.concat(frames, ignore_index=True)
    return Table(frame, {"t_over_tf": "T/T_F", "kfa": "1", "chi_over_chil": "|chi_L|"},
                 "Zero-field orbital susceptibility vs size k_F a (Fig. 6).")


def zeros_in_range_table(params: dict, inputs: dict | None = None) -> Table:
    r"""Fig. 6(c): the zeros :math:`\zeta_{nl}` inside the plotted :math:`k_F a` range.

    Parameters
    ----------
    params : dict
        Merged ``material`` and ``fig6``; the range is that of the last ``kfa`` grid.
    inputs : dict
        ``{"bessel_zeros": frame}``.

    Returns
    -------
    nanomag.io.Table
        Columns ``n`` [1], ``l`` [1], ``zeta`` [1].
    """
    from nanomag.orbital_dimers.bessel_zeros import zeros_frame

    zeros = _zeros_input(inputs)
    if zeros is None:
        zeros = zeros_frame(params["kfa"][-1]["stop"] + 1.0)
    lo, hi = params["kfa"][-1]["start"], params["kfa"][-1]["stop"]
    sel = (zeros["zeta"] >= lo) & (zeros["zeta"] <= hi)
    frame = zeros.loc[sel, ["n", "l", "zeta"]].reset_index(drop=True)
    frame = frame.astype({"n": np.int64, "l": np.int64, "zeta": float})
    return Table(frame, {"n": "1", "l": "1", "zeta": "1"},
                 "Zeros of j_l inside the k_F a range of Fig. 6(c).")


def moment_field_table(params: dict, inputs: dict | None = None) -> Table:
    r"""Fig. 7: magnetic moment vs :math:`\hbar\omega_c/E_F` for two sizes and three temperatures.

    Parameters
    ----------
    params : dict
        Merged ``material`` and ``fig7``: ``sizes`` (numbers or ``{n, l}``), ``temperatures``
        (:math:`T/T_F`), ``field`` (linear grid of :math:`x = \hbar\omega_c/E_F`).
    inputs : dict
        ``{"bessel_zeros": frame}``.

    Returns
    -------
    nanomag.io.Table
        Columns ``size_label``, ``kfa`` [1], ``t_over_tf`` [1], ``hbar_omega_c_over_ef`` [1],
        ``moment_over_mub`` [mu_B].
    """
    from nanomag.config import grid

    zeros = _zeros_input(inputs)
    sizes, labels = _named_sizes(params["sizes"], zeros)
    x = grid(params["field"])
    frames = []
    for kfa, label in zip(sizes, labels):
        for t in params["temperatures"]:
            mom = magnetic_moment(kfa, float(t), x, zeros)
            frames.append(pd.DataFrame({"size_label": label, "kfa": kfa, "t_over_tf": float(t),
                                        "hbar_omega_c_over_ef": x, "moment_over_mub": mom}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"size_label": "label", "kfa": "1", "t_over_tf": "T/T_F",
             "hbar_omega_c_over_ef": "1", "moment_over_mub": "mu_B"}
    return Table(frame, units, "Orbital magnetic moment vs cyclotron energy (Fig. 7).")
