r"""Model ingredients drawn in the schematic figures: potential profiles (Fig. 2) and the
transverse wave-function factor (Eq. 29, Fig. 8).

Fig. 2: along the axis through the grain centres the single-particle potential is
:math:`-U \mp J_{sd}` inside the grains and 0 (the barrier top) in the insulator of width d;
in the AFM configuration the two spin subbands swap between the grains. The Hamiltonian
:math:`H_m = -J_{sd}\sigma_z M` puts the spin parallel to M at :math:`-U-J_{sd}`.

Fig. 8 (Appendix A): outside a grain the wave function falls off in the transverse plane as
:math:`\exp(-\varkappa r_\perp^2/2a)` (Eq. 29); the calculation replaces it by a step of the
same area, 1 for :math:`r_\perp < \sqrt{2a/\varkappa}` and 0 outside.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table


def barrier_decay_constant(ef_ev: float) -> float:
    r""":math:`\varkappa_0 = \sqrt{-2m_eE_F/\hbar^2}` [nm^-1] (Sec. 3)."""
    from nanomag.granular_exchange.exchange import C_INV_EV_NM2

    if not ef_ev < 0:
        raise ValueError(f"E_F must be negative (below the barrier), got {ef_ev} eV")
    return float(np.sqrt(-C_INV_EV_NM2 * ef_ev))


def step_radius_nm(a_nm: float, kappa_per_nm: float) -> float:
    r"""Radius :math:`\sqrt{2a/\varkappa}` of the step that replaces the Gaussian [nm]."""
    return float(np.sqrt(2.0 * a_nm / kappa_per_nm))


def transverse_factors(r_nm, a_nm: float, kappa_per_nm: float):
    r"""Gaussian factor of Eq. 29 and the step model at transverse distance ``r_nm``.

    Parameters
    ----------
    r_nm : array_like
        Transverse distance :math:`r_\perp` [nm].
    a_nm : float
        Grain radius [nm].
    kappa_per_nm : float
        Decay constant :math:`\varkappa` [nm^-1].

    Returns
    -------
    gaussian, step : numpy.ndarray
        :math:`\exp(-\varkappa r_\perp^2/2a)` and the step of equal area [1].
    """
    r = np.asarray(r_nm, float)
    gaussian = np.exp(-kappa_per_nm * r**2 / (2.0 * a_nm))
    step = (r < step_radius_nm(a_nm, kappa_per_nm)).astype(float)
    return gaussian, step


def wavefunction_factor_table(params: dict) -> Table:
    r"""Fig. 8: the transverse factor of Eq. 29 and the step model.

    Parameters
    ----------
    params : dict
        ``a_nm`` [nm], ``ef_ev`` [eV] (:math:`\varkappa = \varkappa_0`), ``r_perp_nm`` (grid)
        [nm].

    Returns
    -------
    Table
        Columns ``r_perp_nm``, ``gaussian_factor``, ``step_factor``.
    """
    from nanomag.config import grid

    r = grid(params["r_perp_nm"])
    kappa = barrier_decay_constant(float(params["ef_ev"]))
    gaussian, step = transverse_factors(r, float(params["a_nm"]), kappa)
    frame = pd.DataFrame({"r_perp_nm": r, "gaussian_factor": gaussian, "step_factor": step})
    return Table(frame, {"r_perp_nm": "nm", "gaussian_factor": "1", "step_factor": "1"},
                 "transverse wave-function factor (Eq. 29) and its step model")


def potential_profile_table(params: dict) -> Table:
    r"""Fig. 2: spin-up and spin-down potential along the grain axis, AFM configuration.

    Parameters
    ----------
    params : dict
        ``u_ev``, ``jsd_ev`` [eV]; ``d_nm`` [nm]; ``grain_extent_nm`` [nm] (length of grain
        drawn on each side).

    Returns
    -------
    Table
        Columns ``z_nm``, ``spin`` (label), ``energy_ev``: corner points of each profile.
    """
    u = float(params["u_ev"])
    jsd = float(params["jsd_ev"])
    half = 0.5 * float(params["d_nm"])
    extent = float(params["grain_extent_nm"])
    z = np.array([-half - extent, -half, -half, half, half, half + extent])
    rows = []
    # grain 1 magnetised up, grain 2 down (AFM); H_m = -Jsd sigma_z M
    for spin, sign in (("up", +1), ("down", -1)):
        left = -u - sign * jsd
        right = -u + sign * jsd
        energy = np.array([left, left, 0.0, 0.0, right, right])
        rows.append(pd.DataFrame({"z_nm": z, "spin": spin, "energy_ev": energy}))
    frame = pd.concat(rows, ignore_index=True)
    return Table(frame, {"z_nm": "nm", "spin": "label", "energy_ev": "eV"},
                 "potential energy profiles of the two spin subbands, AFM configuration")
