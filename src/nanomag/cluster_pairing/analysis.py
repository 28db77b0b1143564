"""Scalar measures of the curves, evaluated for the scorecard (config/anchors).

Each function returns one float, computed from the library on its own fine grid, so that
the anchors do not depend on the figure grids. Temperatures in ``Tc = Delta0 / 2``, fields in
``omega_c`` (Eq. 12), energies in ``Delta0``.
"""

from __future__ import annotations

import numpy as np

from nanomag.cluster_pairing import bcs, seniority
from nanomag.cluster_pairing.shell import TC_OVER_DELTA0

_GRID = np.linspace(0.0, 1.6, 6401)


def _canonical(shell_m, n_electrons, t_over_tc, x=_GRID):
    wc = seniority.critical_frequency(shell_m, n_electrons)
    return seniority.canonical_thermodynamics(shell_m, n_electrons,
                                              t_over_tc * TC_OVER_DELTA0, x * wc)


def _count_peaks(y, rel_prominence):
    from scipy.signal import find_peaks

    peaks, _ = find_peaks(y, prominence=rel_prominence * float(np.max(y)))
    return peaks


def bcs_zero_temperature_gap(shell_m: int, n_bar: float) -> float:
    """BCS gap at T = 0, omega = 0 [Delta0 = G M / 2]."""
    return float(bcs.bcs_state(shell_m, n_bar, 0.0, 0.0)["gap"])


def bcs_tc_over_gap(shell_m: int, n_bar: float) -> float:
    """Mean-field Tc at omega = 0 divided by the T = 0 BCS gap of the same shell [1]."""
    return bcs.bcs_critical_temperature(shell_m, n_bar) / bcs_zero_temperature_gap(shell_m,
                                                                                   n_bar)


def critical_frequency_from_spectrum(shell_m: int, n_electrons: int) -> float:
    """``omega_c M / Delta0`` from the crossing of the lowest levels of the two largest
    seniorities, read from the exact degeneracy table (not from Eqs. 11-12) [1]."""
    nu_max = int(seniority.allowed_seniorities(shell_m, n_electrons)[-1])
    return seniority.ground_state_crossing(shell_m, n_electrons, nu_max) * shell_m


def step_frequency_from_spectrum(shell_m: int, n_electrons: int, seniority_after: int) -> float:
    """T = 0 step ``omega_{nu+2}`` from the spectrum [Delta0] (compare with Eq. 12)."""
    return seniority.ground_state_crossing(shell_m, n_electrons, seniority_after)


def canonical_gap(shell_m: int, n_electrons: int, t_over_tc: float,
                  omega_over_omegac: float) -> float:
    """Canonical gap ``Delta_c`` at one point [Delta0]."""
    return seniority.canonical_gap(shell_m, n_electrons, t_over_tc, omega_over_omegac)


def canonical_gap_ratio(shell_m: int, n_electrons: int, omega_over_omegac: float,
                        t_high_over_tc: float, t_low_over_tc: float) -> float:
    """``Delta_c(T_high, omega) / Delta_c(T_low, omega)`` [1]."""
    return (canonical_gap(shell_m, n_electrons, t_high_over_tc, omega_over_omegac)
            / canonical_gap(shell_m, n_electrons, t_low_over_tc, omega_over_omegac))


def chi_peak_position(shell_m: int, n_electrons: int, t_over_tc: float) -> float:
    """Field of the largest canonical susceptibility on 0..1.6 omega_c [omega_c]."""
    chi = _canonical(shell_m, n_electrons, t_over_tc)["susceptibility"]
    return float(_GRID[int(np.argmax(chi))])


def chi_peak_count(shell_m: int, n_electrons: int, t_over_tc: float,
                   rel_prominence: float = 0.01) -> float:
    """Number of maxima of the canonical chi(omega) on 0..1.6 omega_c whose prominence
    exceeds ``rel_prominence`` times the highest peak [1]."""
    chi = _canonical(shell_m, n_electrons, t_over_tc)["susceptibility"]
    return float(_count_peaks(chi, rel_prominence).size)


def gap_step_count(shell_m: int, n_electrons: int, t_over_tc: float,
                   rel_prominence: float = 0.01) -> float:
    """Number of resolved steps of ``Delta_c(omega)``: maxima of ``-dDelta_c/domega`` with
    prominence above ``rel_prominence`` times the largest slope [1]."""
    gap = _canonical(shell_m, n_electrons, t_over_tc)["gap"]
    slope = -np.gradient(gap, _GRID)
    return float(_count_peaks(slope, rel_prominence).size)


def heat_capacity_peak_count(shell_m: int, n_electrons: int, t_over_tc: float,
                             rel_prominence: float = 0.01) -> float:
    """Number of maxima of ``C(omega)`` on 0..1.6 omega_c (prominence criterion) [1]."""
    c = _canonical(shell_m, n_electrons, t_over_tc)["heat_capacity"]
    return float(_count_peaks(c, rel_prominence).size)


def heat_capacity_dip_depth(shell_m: int, n_electrons: int, t_over_tc: float) -> float:
    """Dip of C at the T = 0 level crossings [1].

    For each crossing ``omega_nu`` (Eq. 12) take C at the crossing divided by the smaller of
    the maxima of C on its left and on its right within half the smallest step spacing;
    return the largest ratio over the crossings. A value below 1 means a dip (a local
    minimum between two maxima) at every crossing; 1 means no dip at some crossing.
    """
    _, steps = seniority.step_frequencies(shell_m, n_electrons)
    wc = seniority.critical_frequency(shell_m, n_electrons)
    x_steps = steps / wc
    half = 0.5 * np.min(np.diff(np.concatenate([[0.0], x_steps])))
    ratios = []
    for xs in x_steps:
        x = np.linspace(xs - half, xs + half, 801)
        c = _canonical(shell_m, n_electrons, t_over_tc, x)["heat_capacity"]
        ratios.append(c[400] / min(c[:401].max(), c[400:].max()))
    return float(np.max(ratios))


def bcs_to_canonical_chi_peak_ratio(shell_m: int, n_electrons: int, t_over_tc: float) -> float:
    """Highest smooth BCS chi over highest canonical chi on 0..1.6 omega_c [1].

    The delta functions of the BCS chi at first-order jumps are not included (they have no
    height); the grid has 6401 points.
    """
    wc = seniority.critical_frequency(shell_m, n_electrons)
    chi_b = bcs.bcs_state(shell_m, n_electrons, t_over_tc * TC_OVER_DELTA0,
                          _GRID * wc)["susceptibility"]
    chi_c = _canonical(shell_m, n_electrons, t_over_tc)["susceptibility"]
    return float(np.max(chi_b) / np.max(chi_c))


def bcs_destruction_field(shell_m: int, n_bar: float, t_over_tc: float) -> float:
    """Lowest field where the BCS gap vanishes [omega_c] (grid of 6401 points on 0..1.6)."""
    wc = seniority.critical_frequency(shell_m, int(round(n_bar)))
    gap = bcs.bcs_state(shell_m, n_bar, t_over_tc * TC_OVER_DELTA0, _GRID * wc)["gap"]
    zero = np.flatnonzero(gap == 0)
    return float(_GRID[zero[0]]) if zero.size else float("inf")
