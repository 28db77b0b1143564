r"""Anharmonic mean displacement and the vibrational pseudo-field (Eq. 7, Figs. 3 and 4).

To first order in the cubic anharmonicity
:math:`H_{anh} = \sum_{kk'}\Phi_{kk'}Q_kQ_{k'}Q_{k+k'}`, the mean displacement is (Eq. 7)

.. math:: \langle Q\rangle = -\frac{6\Phi}{\omega_0}\coth\frac{\beta\omega_0}{2}
          \quad[\text{dimensionless}, Q = a + a^\dagger],

and the pseudo-field on the spins is :math:`\alpha = A\langle Q\rangle
= -(6A\Phi/\omega_0)\coth(\beta\omega_0/2)`. Fig. 4 quotes only the product
:math:`X = A\Phi`; for :math:`\alpha` to be an energy X is an energy squared (see the model
notes: the default reads the printed "0.2 micro-eV" as X = 0.2 meV^2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table
from nanomag.vibrational_magnetism.dimer import K_B_MEV_PER_K, _beta, dimer_spectrum, thermal_moment

#: Readings of the Fig. 4 coupling "A Phi = 0.2 micro-eV": factor converting the printed
#: number into X [meV^2].
A_PHI_READINGS = {
    "mev_squared": 1.0,          # X = value meV^2 (reproduces the regimes the text describes)
    "printed_micro_ev": 1e-3,    # X = value micro-eV x 1 meV (literal; gives a blank figure)
}


def coth_over_omega(temperature_k, omega0_mev) -> np.ndarray:
    r""":math:`\coth(\beta\omega_0/2)/\omega_0` [1/meV] (Fig. 3).

    Parameters
    ----------
    temperature_k : array_like
        Temperature T > 0 [K].
    omega0_mev : array_like
        Vibrational energy :math:`\omega_0 > 0` [meV].

    Returns
    -------
    numpy.ndarray
        [1/meV]; tends to :math:`1/\omega_0` for :math:`T\to0` and to
        :math:`2k_BT/\omega_0^2` for :math:`k_BT\gg\omega_0`.
    """
    omega0 = np.asarray(omega0_mev, dtype=float)
    if np.any(omega0 <= 0):
        raise ValueError("omega0_mev must be > 0")
    x = 0.5 * omega0 * _beta(temperature_k)
    return 1.0 / (np.tanh(x) * omega0)


def mean_displacement(temperature_k, omega0_mev, phi_over_omega0) -> np.ndarray:
    r"""Mean displacement :math:`\langle Q\rangle = -6(\Phi/\omega_0)\coth(\beta\omega_0/2)` [1].

    Parameters
    ----------
    temperature_k : array_like
        [K].
    omega0_mev : array_like
        [meV].
    phi_over_omega0 : array_like
        Anharmonic coupling :math:`\Phi/\omega_0` [1].
    """
    return -6.0 * np.asarray(phi_over_omega0, float) * np.asarray(omega0_mev, float) * \
        coth_over_omega(temperature_k, omega0_mev)


def vibrational_field(temperature_k, omega0_mev, a_phi_mev2) -> np.ndarray:
    r"""Pseudo-field :math:`\alpha(T) = -(6X/\omega_0)\coth(\beta\omega_0/2)` [meV].

    Parameters
    ----------
    temperature_k : array_like
        [K].
    omega0_mev : array_like
        [meV].
    a_phi_mev2 : float
        :math:`X = A\Phi` [meV^2].
    """
    return -6.0 * float(a_phi_mev2) * coth_over_omega(temperature_k, omega0_mev)


def displacement_factor_table(params: dict) -> Table:
    r"""Fig. 3: :math:`\coth(\beta\omega_0/2)/\omega_0` vs T for every :math:`\omega_0`.

    Parameters
    ----------
    params : dict
        ``omega0_mev`` (list [meV]), ``temperature_k`` (grid spec [K]).

    Returns
    -------
    Table
        Columns ``omega0_mev``, ``temperature_k``, ``coth_over_omega0_per_mev``.
    """
    from nanomag.config import grid

    t = grid(params["temperature_k"])
    w = np.asarray(params["omega0_mev"], dtype=float)
    val = coth_over_omega(t[None, :], w[:, None])
    ww, tt = np.meshgrid(w, t, indexing="ij")
    frame = pd.DataFrame({"omega0_mev": ww.ravel(), "temperature_k": tt.ravel(),
                          "coth_over_omega0_per_mev": val.ravel()})
    return Table(frame, {"omega0_mev": "meV", "temperature_k": "K",
                         "coth_over_omega0_per_mev": "1/meV"},
                 "coth(omega0/2 k_B T)/omega0 (Eq. 7 without the prefactor)")


def phase_map_temperature_table(params: dict) -> Table:
    r"""Fig. 4: S = 1 dimer moment vs (J, T) for several :math:`\omega_0`.

    Parameters
    ----------
    params : dict
        ``spin`` [hbar], ``omega0_mev`` (list [meV]), ``a_phi`` (printed number),
        ``a_phi_reading`` (key of :data:`A_PHI_READINGS`), ``exchange_mev`` and
        ``temperature_k`` (grid specs [meV], [K]).

    Returns
    -------
    Table
        Columns ``omega0_mev``, ``exchange_mev``, ``temperature_k``, ``alpha_mev``,
        ``total_moment`` [hbar].
    """
    from nanomag.config import grid

    reading = params["a_phi_reading"]
    if reading not in A_PHI_READINGS:
        raise ValueError(f"a_phi_reading must be one of {list(A_PHI_READINGS)}, got {reading!r}")
    x = float(params["a_phi"]) * A_PHI_READINGS[reading]
    j = grid(params["exchange_mev"])
    t = grid(params["temperature_k"])
    spin = float(params["spin"])
    energies, m_total = dimer_spectrum(spin, j)
    frames = []
    for omega0 in params["omega0_mev"]:
        alpha = vibrational_field(t, omega0, x)
        m = thermal_moment(energies[:, None, :], m_total, t[None, :], alpha[None, :])
        jj, tt = np.meshgrid(j, t, indexing="ij")
        frames.append(pd.DataFrame({"omega0_mev": np.full(jj.size, float(omega0)),
                                    "exchange_mev": jj.ravel(), "temperature_k": tt.ravel(),
                                    "alpha_mev": np.broadcast_to(alpha, jj.shape).ravel(),
                                    "total_moment": m.ravel()}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"omega0_mev": "meV", "exchange_mev": "meV", "temperature_k": "K",
             "alpha_mev": "meV", "total_moment": "hbar"}
    return Table(frame, units, f"S={spin} dimer moment vs (J, T), alpha(T) from Eq. 7 with "
                               f"A Phi = {x} meV^2")


__all__ = ["K_B_MEV_PER_K", "coth_over_omega", "mean_displacement", "vibrational_field",
           "displacement_factor_table", "phase_map_temperature_table"]
