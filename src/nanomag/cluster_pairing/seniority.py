"""Exact canonical solution of the single-shell pairing model in a magnetic field.

.. math::

    H = -G A^\\dagger A - \\omega (L_z + 2 S_z), \\qquad
    A^\\dagger = \\sum_{k>0} a^\\dagger_k a^\\dagger_{\\bar k}

The pairing part is diagonal in the seniority ``nu`` (number of unpaired particles) with
eigenvalues (Eq. 4)

.. math:: E_\\nu = -\\frac{G}{4} (N - \\nu)(2M + 2 - N - \\nu),

``nu = N mod 2, N mod 2 + 2, ..., min(N, 2M - N)``. ``A^\\dagger`` carries no magnetic number,
so the states of seniority ``nu`` at particle number ``N`` have the magnetic numbers of the
seniority-``nu`` states of ``nu`` particles. Their multiplicities are the coefficients of
``q^m`` in ``Phi_nu(q) - Phi_{nu-2}(q)`` (Eqs. 6-9), where ``Phi_nu`` is the generating
function of all ``nu``-particle states of the ``2M`` single-particle states. This module builds
these coefficients as exact integers, ``D_nu(m)``, and evaluates the canonical partition
function (Eq. 6) as a log-sum-exp over ``(nu, m)`` with weights
``D_nu(m) exp(-(E_nu - omega m) / T)``. This avoids the overflow of the sinh products of Eq. 9
at low temperature and large ``M``.

Units: see :mod:`nanomag.cluster_pairing.shell` (energies in ``Delta0 = G M / 2``).

References
----------
Paper (seed 004): Eqs. 1, 2, 4-12. The seniority solution goes back to Racah / Kerman
(quasi-spin SU(2)).
"""

from __future__ import annotations

import functools
import math
from typing import Any, Mapping

import numpy as np

from nanomag.cluster_pairing.shell import (
    RESPONSE_UNITS,
    TC_OVER_DELTA0,
    check_shell,
    coupling,
    single_particle_moments,
    sweep_points,
)

#: Readings of Eq. 2's heat capacity (config key ``heat_capacity``): the thermodynamic
#: ``C = -T d2F/dT2`` [k_B] or the printed ``-d2F/dT2`` (= C / T) [k_B / Delta0].
HEAT_CAPACITY_FORMS = ("thermodynamic", "eq2_literal")

#: Largest M for which every coefficient of Phi_nu fits in int64 (C(2M, M) < 2**63).
_INT64_MAX_SHELL = 33


@functools.lru_cache(maxsize=32)
def _generating_coefficients(shell_m: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact coefficients of ``Phi_nu(q) = sum over nu-particle states of q^m``, nu <= M."""
    mk = single_particle_moments(shell_m)
    mmax = int(np.sort(mk)[-shell_m:].sum())
    width = 2 * mmax + 1
    dtype = np.int64 if shell_m <= _INT64_MAX_SHELL else object
    table = np.zeros((shell_m + 1, width), dtype=dtype)
    table[0, mmax] = 1
    for m in mk:  # add one single-particle state at a time (2M steps, each vectorized)
        shifted = np.zeros_like(table[:-1])
        if m >= 0:
            shifted[:, m:] = table[:-1, :width - m]
        else:
            shifted[:, :width + m] = table[:-1, -m:]
        table[1:] = table[1:] + shifted
    return np.arange(-mmax, mmax + 1), table


def seniority_degeneracy_table(shell_m: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact number ``D_nu(m)`` of seniority-``nu`` states with magnetic number ``m``.

    ``D_nu(m)`` is the coefficient of ``q^m`` in ``Phi_nu(q) - Phi_{nu-2}(q)`` (Eqs. 6-9 of
    the paper), computed with exact integer arithmetic (int64 up to M = 33, Python integers
    beyond).

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M = 2l + 1`` [1].

    Returns
    -------
    m_values : numpy.ndarray of int, shape (n_m,)
        Magnetic numbers [mu_B].
    degeneracy : numpy.ndarray of int (int64 or object), shape (M + 1, n_m)
        ``degeneracy[nu, j] = D_nu(m_values[j])`` for ``nu = 0..M`` [1].

    Notes
    -----
    ``sum_m D_nu(m) = C(2M, nu) - C(2M, nu - 2)``, the dimension of the seniority-``nu``
    subspace.
    """
    check_shell(shell_m)
    m_values, phi = _generating_coefficients(int(shell_m))
    deg = phi.copy()
    deg[2:] = phi[2:] - phi[:-2]
    return m_values, deg


def allowed_seniorities(shell_m: int, n_electrons: int) -> np.ndarray:
    """Seniorities ``nu`` present at particle number ``N``.

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M`` [1].
    n_electrons : int
        Particle number ``N`` in the shell [1].

    Returns
    -------
    numpy.ndarray of int
        ``nu = N mod 2, ..., min(N, 2M - N)`` in steps of 2 [1]. (The paper's bound
        ``nu <= M`` is only sufficient for ``N <= M + 1``.)
    """
    check_shell(shell_m, n_electrons)
    nu_max = min(n_electrons, 2 * shell_m - n_electrons)
    return np.arange(n_electrons % 2, nu_max + 1, 2)


def pairing_energy(shell_m: int, n_electrons: int, seniority) -> np.ndarray:
    """Eigenvalue ``E_nu`` of ``H_pair = -G A+ A`` (Eq. 4) [Delta0].

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M`` [1].
    n_electrons : int
        Particle number ``N`` [1].
    seniority : int or array_like of int
        Seniority ``nu`` [1].

    Returns
    -------
    numpy.ndarray
        ``E_nu = -(G/4)(N - nu)(2M + 2 - N - nu)`` with ``G = 2/M`` [Delta0].
    """
    nu = np.asarray(seniority, dtype=float)
    g = coupling(shell_m)
    return -0.25 * g * (n_electrons - nu) * (2 * shell_m + 2 - n_electrons - nu)


@functools.lru_cache(maxsize=64)
def _state_list(shell_m: int, n_electrons: int):
    """Flattened (E_nu, m, ln D, D as float) over all (nu, m) with D > 0."""
    m_values, deg = seniority_degeneracy_table(shell_m)
    nus = allowed_seniorities(shell_m, n_electrons)
    rows, cols = np.nonzero(deg[nus] != 0)
    counts = deg[nus][rows, cols]
    if counts.dtype == object:
        ln_d = np.array([math.log(int(c)) for c in counts])
    else:
        ln_d = np.log(counts.astype(float))
    energy = pairing_energy(shell_m, n_electrons, nus[rows])
    moment = m_values[cols].astype(float)
    return energy, moment, ln_d, nus[rows]


def canonical_thermodynamics(shell_m: int, n_electrons: int, temperature, omega,
                             max_block: int = 2_000_000,
                             interacting: bool = True) -> dict[str, np.ndarray]:
    """Canonical ensemble of the shell in a field (Eqs. 2, 5, 6, 10).

    Parameters
    ----------
    shell_m : int
        Orbital degeneracy ``M = 2l + 1`` [1].
    n_electrons : int
        Particle number ``N`` in the shell [1].
    temperature : float or array_like
        ``k_B T`` [Delta0]; 0 gives the ground-state (degeneracy-weighted) average.
    omega : float or array_like
        Larmor energy ``hbar omega = mu_B B`` [Delta0]; broadcast against ``temperature``.
    max_block : int, optional
        Largest number of (point, state) weights held in memory at once.
    interacting : bool, optional
        False gives the non-interacting baseline: the states are weighted with
        ``exp(omega m / T)`` alone (``G = 0`` in the Boltzmann factor) while ``pair_energy``
        and ``gap`` still average ``E_nu`` (Eq. 10). Uncorrelated electrons have
        ``Delta_c > 0`` at ``T > 0`` (the diagonal part of ``A+ A``); pair correlations are
        the excess of ``Delta_c`` over this baseline.

    Returns
    -------
    dict of numpy.ndarray, each of the broadcast shape
        ``free_energy`` F [Delta0]; ``energy`` <U> [Delta0]; ``pair_energy`` <E_nu> [Delta0];
        ``gap`` canonical gap ``Delta_c = sqrt(-G <E_nu>)`` (Eq. 10) [Delta0];
        ``moment`` <m> = -dF/domega [mu_B]; ``susceptibility`` ``-d2F/domega2 = Var(m)/T``
        [mu_B^2/(V Delta0)]; ``heat_capacity`` ``-T d2F/dT2 = Var(U)/T^2`` [k_B];
        ``entropy`` [k_B]; ``seniority`` <nu> [1].

    Notes
    -----
    The weights ``D_nu(m) exp(-(E_nu - omega m)/T)`` are summed in log space, so the result
    is finite for any ``T > 0`` and any ``M``. At ``T = 0`` the susceptibility and heat
    capacity are set to 0 (their delta functions at level crossings are not represented).
    Eq. 2 of the paper writes ``C = -d2F/dT2``; the heat capacity is ``-T d2F/dT2``.
    """
    check_shell(shell_m, n_electrons)
    t, w = np.broadcast_arrays(np.asarray(temperature, dtype=float),
                               np.asarray(omega, dtype=float))
    shape = t.shape
    t, w = t.ravel(), w.ravel()
    if np.any(t < 0):
        raise ValueError("temperature must be >= 0")
    e_s, m_s, lnd_s, nu_s = _state_list(int(shell_m), int(n_electrons))
    g = coupling(shell_m)
    n_pts = t.size
    out = {k: np.zeros(n_pts) for k in ("free_energy", "energy", "pair_energy", "moment",
                                       "susceptibility", "heat_capacity", "entropy",
                                       "seniority")}
    step = max(1, max_block // max(1, e_s.size))
    for start in range(0, n_pts, step):
        sl = slice(start, min(n_pts, start + step))
        tt, ww = t[sl], w[sl]
        u = (e_s[None, :] if interacting else 0.0) - ww[:, None] * m_s[None, :]  # (P, S)
        hot = tt > 0
        p = np.empty_like(u)
        f = np.empty(tt.size)
        if np.any(hot):
            a = lnd_s[None, :] - u[hot] / tt[hot, None]
            amax = a.max(axis=1, keepdims=True)
            wt = np.exp(a - amax)
            z = wt.sum(axis=1, keepdims=True)
            p[hot] = wt / z
            f[hot] = -tt[hot] * (amax[:, 0] + np.log(z[:, 0]))
        if np.any(~hot):
            uc = u[~hot]
            umin = uc.min(axis=1, keepdims=True)
            ground = uc <= umin + 1e-12 * (1.0 + np.abs(umin))
            lw = np.where(ground, lnd_s[None, :], -np.inf)
            wt = np.exp(lw - lw.max(axis=1, keepdims=True))
            p[~hot] = wt / wt.sum(axis=1, keepdims=True)
            f[~hot] = umin[:, 0]
        mean_e = p @ e_s
        mean_m = p @ m_s
        mean_u = (mean_e if interacting else 0.0) - ww * mean_m
        var_m = np.einsum("ps,ps->p", p, (m_s[None, :] - mean_m[:, None]) ** 2)
        var_u = np.einsum("ps,ps->p", p, (u - mean_u[:, None]) ** 2)
        safe_t = np.where(hot, tt, 1.0)
        out["free_energy"][sl] = f
        out["energy"][sl] = mean_u
        out["pair_energy"][sl] = mean_e
        out["moment"][sl] = mean_m
        out["susceptibility"][sl] = np.where(hot, var_m / safe_t, 0.0)
        out["heat_capacity"][sl] = np.where(hot, var_u / safe_t ** 2, 0.0)
        out["entropy"][sl] = np.where(hot, (mean_u - f) / safe_t,
                                      np.log(np.sum(np.where(p > 0, 1.0, 0.0)
                                                    * np.exp(lnd_s)[None, :], axis=1)))
        out["seniority"][sl] = p @ nu_s.astype(float)
    out["gap"] = np.sqrt(np.maximum(-g * out["pair_energy"], 0.0))
    return {k: v.reshape(shape) for k, v in out.items()}


def max_moment(seniority, shell_m: int) -> np.ndarray:
    """Largest magnetic number of a seniority-``nu`` state (Eq. 11) [mu_B].

    Parameters
    ----------
    seniority : int or array_like of int
        ``nu`` with ``0 <= nu <= M`` [1].
    shell_m : int
        Orbital degeneracy ``M`` [1].

    Returns
    -------
    numpy.ndarray
        ``m_nu = (1/4) [nu (2M - nu) - (1 - (-1)^nu)/2 + 4 (1 - delta_nu0)]`` [mu_B].
        (The paper's prefactor ``mu_B / 4`` gives the moment in units of ``mu_B``.)
    """
    nu = np.asarray(seniority)
    odd = (nu % 2).astype(float)
    return 0.25 * (nu * (2 * shell_m - nu) - odd + 4.0 * (nu != 0))


def step_frequencies(shell_m: int, n_electrons: int) -> tuple[np.ndarray, np.ndarray]:
    """Frequencies at which the T = 0 ground state changes seniority (Eq. 12).

    Parameters
    ----------
    shell_m, n_electrons : int
        ``M`` and ``N`` [1].

    Returns
    -------
    seniority_after : numpy.ndarray of int
        ``nu + 2``, the seniority of the ground state above the step [1].
    omega : numpy.ndarray
        ``omega_{nu+2} = (2 Delta0 / M)[delta_nu0 + (M - nu)/(M - nu - 1)(1 - delta_nu0)]``
        [Delta0], increasing.

    Notes
    -----
    From ``E_{nu+2} - E_nu = G (M - nu)`` and ``m_{nu+2} - m_nu = M`` (nu = 0) or
    ``M - nu - 1`` (nu >= 1).
    """
    nus = allowed_seniorities(shell_m, n_electrons)[:-1]
    m = float(shell_m)
    ratio = np.where(nus == 0, 1.0, (m - nus) / (m - nus - 1.0))  # nus <= M - 2
    return nus + 2, (2.0 / m) * ratio


def critical_frequency(shell_m: int, n_electrons: int) -> float:
    """``omega_c``: the last step, to the maximum seniority (Eq. 12) [Delta0].

    For the half-filled shell ``omega_c = 3 Delta0 / M`` (even N) and ``4 Delta0 / M``
    (odd N).

    Parameters
    ----------
    shell_m, n_electrons : int
        ``M`` and ``N`` [1].

    Returns
    -------
    float
        ``omega_c`` [Delta0].

    Raises
    ------
    ValueError
        If the shell has a single seniority (no step), e.g. ``N <= 1``.
    """
    _, omegas = step_frequencies(shell_m, n_electrons)
    if omegas.size == 0:
        raise ValueError(f"no seniority step for M = {shell_m}, N = {n_electrons}")
    return float(omegas[-1])


def ground_state_crossing(shell_m: int, n_electrons: int, seniority_after: int) -> float:
    """Step frequency found from the spectrum ``(E_nu, m)`` without Eq. 11-12 [Delta0].

    The lowest level of seniority ``nu`` at field ``omega`` is ``E_nu - omega * max m`` with
    the largest ``m`` read from the exact degeneracy table; returns the field where the levels
    of seniorities ``nu`` and ``nu + 2`` cross.
    """
    m_values, deg = seniority_degeneracy_table(shell_m)
    nu = seniority_after - 2
    m_lo = m_values[np.flatnonzero(deg[nu])[-1]]
    m_hi = m_values[np.flatnonzero(deg[nu + 2])[-1]]
    e_lo, e_hi = pairing_energy(shell_m, n_electrons, [nu, nu + 2])
    return float((e_hi - e_lo) / (m_hi - m_lo))


def canonical_sweep_table(params: Mapping[str, Any]):
    """Table: canonical gap, moment, susceptibility and heat capacity along a sweep.

    Parameters
    ----------
    params : mapping
        The figure's config slice (see :func:`nanomag.cluster_pairing.shell.sweep_points`),
        optionally ``heat_capacity`` (:data:`HEAT_CAPACITY_FORMS`, default
        ``thermodynamic``; ``eq2_literal`` tabulates ``-d2F/dT2 = C/T`` [k_B/Delta0]).

    Returns
    -------
    nanomag.io.Table
        Long format, one row per (shell, fixed value, grid value), columns ``shell_m``,
        ``n_electrons``, ``t_over_tc``, ``omega_over_omegac``, ``omega_over_delta0``,
        ``gap_over_delta0`` (Eq. 10), ``gap_uncorrelated_over_delta0`` (the same for the
        non-interacting ensemble, ``interacting=False``), ``moment_mub``,
        ``chi_mub2_per_v_delta0``, ``heat_capacity_kb``, ``mean_seniority``.
    """
    import pandas as pd

    from nanomag.io import Table

    sp = sweep_points(params)
    form = params.get("heat_capacity", "thermodynamic")
    if form not in HEAT_CAPACITY_FORMS:
        raise ValueError(f"heat_capacity must be one of {HEAT_CAPACITY_FORMS}, got {form!r}")
    frames = []
    for m, n in sp["shells"]:
        wc = critical_frequency(m, n)
        fixed, grid = np.meshgrid(sp["fixed"], sp["grid"], indexing="ij")
        if sp["sweep"] == "field":
            t_tc, x = fixed.ravel(), grid.ravel()
        else:
            x, t_tc = fixed.ravel(), grid.ravel()
        res = canonical_thermodynamics(m, n, t_tc * TC_OVER_DELTA0, x * wc)
        free = canonical_thermodynamics(m, n, t_tc * TC_OVER_DELTA0, x * wc, interacting=False)
        heat = res["heat_capacity"]
        if form == "eq2_literal":
            t_d = t_tc * TC_OVER_DELTA0
            heat = np.where(t_d > 0, heat / np.where(t_d > 0, t_d, 1.0), 0.0)
        frames.append(pd.DataFrame({
            "shell_m": np.full(x.size, m), "n_electrons": np.full(x.size, n),
            "t_over_tc": t_tc, "omega_over_omegac": x, "omega_over_delta0": x * wc,
            "gap_over_delta0": res["gap"], "gap_uncorrelated_over_delta0": free["gap"],
            "moment_mub": res["moment"],
            "chi_mub2_per_v_delta0": res["susceptibility"],
            "heat_capacity_kb": heat, "mean_seniority": res["seniority"]}))
    units = {**RESPONSE_UNITS, "gap_uncorrelated_over_delta0": "Delta0",
             "heat_capacity_kb": "k_B" if form == "thermodynamic" else "k_B/Delta0",
             "mean_seniority": "1"}
    return Table(pd.concat(frames, ignore_index=True), units,
                 f"exact canonical single-shell pairing model, {sp['sweep']} sweep")
