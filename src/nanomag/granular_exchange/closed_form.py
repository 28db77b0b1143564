r"""Charging energy and the approximate closed form of the exchange (Eqs. 22-23, Sec. 3).

.. math::

    \tilde\epsilon_c = \frac{e^2}{8\pi\varepsilon\varepsilon_0 a},\qquad
    \Delta\epsilon = \frac{\gamma\hbar\sqrt{h_B}}{\sqrt{2m_e}\,d},\qquad
    J = S_cJ_0 + S_cJ_1\Big(1-\sqrt{\tilde\epsilon_c/\Delta\epsilon}\,
        \arctan\sqrt{\Delta\epsilon/\tilde\epsilon_c}\Big).

No figure uses Eq. 22 (the figures come from Eqs. 12 and 17); it is implemented to check the
numbers the text quotes (:math:`\Delta\epsilon\approx120` K, :math:`\tilde\epsilon_c\approx800`
K, the blockade factor 0.95).
"""

from __future__ import annotations

import numpy as np

from nanomag.constants import (BOLTZMANN_EV_PER_K, ELECTRON_MASS_KG, ELECTRON_VOLT_J,
                               ELEMENTARY_CHARGE_C, EPSILON0_F_PER_M, HBAR_J_S)

#: Coefficient of the characteristic energy interval, Sec. 6.2 [1].
GAMMA_SLONCZEWSKI = 3.43


def charging_energy_times_radius(permittivity: float) -> float:
    r""":math:`\tilde\epsilon_c a = e^2/(8\pi\varepsilon\varepsilon_0)` [eV nm].

    Parameters
    ----------
    permittivity : float
        Effective dielectric constant :math:`\varepsilon` of the matrix [1].
    """
    if not permittivity > 0:
        raise ValueError(f"permittivity must be positive, got {permittivity}")
    value_j_m = ELEMENTARY_CHARGE_C**2 / (8.0 * np.pi * permittivity * EPSILON0_F_PER_M)
    return float(value_j_m / ELECTRON_VOLT_J * 1e9)


def charging_energy_ev(a_nm: float, permittivity: float) -> float:
    r"""Charging energy :math:`\tilde\epsilon_c` of a grain pair [eV] (Sec. 3).

    Parameters
    ----------
    a_nm : float
        Grain radius [nm].
    permittivity : float
        Dielectric constant of the matrix [1].
    """
    return charging_energy_times_radius(permittivity) / float(a_nm)


def charging_energy_k(a_nm: float, permittivity: float) -> float:
    r"""Charging energy :math:`\tilde\epsilon_c` [K]."""
    return charging_energy_ev(a_nm, permittivity) / BOLTZMANN_EV_PER_K


def energy_interval_ev(barrier_height_ev: float, d_nm: float,
                       gamma: float = GAMMA_SLONCZEWSKI) -> float:
    r"""Characteristic interval :math:`\Delta\epsilon = \gamma\hbar\sqrt{h_B}/(\sqrt{2m}d)` [eV].

    Parameters
    ----------
    barrier_height_ev : float
        :math:`h_B = -E_F` [eV].
    d_nm : float
        Barrier thickness [nm].
    gamma : float
        Numerical coefficient (3.43 in the text) [1].
    """
    hbar2_2m_ev_nm2 = HBAR_J_S**2 / (2.0 * ELECTRON_MASS_KG * ELECTRON_VOLT_J) * 1e18
    return float(gamma * np.sqrt(barrier_height_ev * hbar2_2m_ev_nm2) / d_nm)


def energy_interval_k(barrier_height_ev: float, d_nm: float,
                      gamma: float = GAMMA_SLONCZEWSKI) -> float:
    r""":math:`\Delta\epsilon` [K] (the text quotes 120 K for :math:`h_B` = 0.1 eV, d = 1 nm)."""
    return energy_interval_ev(barrier_height_ev, d_nm, gamma) / BOLTZMANN_EV_PER_K


def blockade_factor(eps_c, delta_eps):
    r""":math:`f = \sqrt{\tilde\epsilon_c/\Delta\epsilon}\arctan\sqrt{\Delta\epsilon/
    \tilde\epsilon_c}` [1], 0 at :math:`\tilde\epsilon_c=0`, -> 1 for large charging energy.

    Parameters
    ----------
    eps_c, delta_eps : array_like
        Charging energy and interval, in the same unit.
    """
    eps_c = np.asarray(eps_c, float)
    delta_eps = np.asarray(delta_eps, float)
    if np.any(delta_eps <= 0) or np.any(eps_c < 0):
        raise ValueError("blockade_factor needs delta_eps > 0 and eps_c >= 0")
    r = np.sqrt(eps_c / delta_eps)
    safe = np.where(r > 0, r, 1.0)
    return np.where(r > 0, r * np.arctan(1.0 / safe), 0.0)


def blockade_factor_value(eps_c: float, delta_eps: float) -> float:
    """:func:`blockade_factor` as a float (for the scorecard) [1]."""
    return float(blockade_factor(eps_c, delta_eps))


def approximate_exchange(contact_area, j0, j1, eps_c, delta_eps):
    r"""Eq. 22: :math:`J = S_cJ_0 + S_cJ_1(1-f(\tilde\epsilon_c/\Delta\epsilon))`.

    Parameters
    ----------
    contact_area : array_like
        :math:`S_c` [nm^2].
    j0, j1 : array_like
        Areal couplings [energy/nm^2].
    eps_c, delta_eps : array_like
        Charging energy and interval [same energy unit].

    Returns
    -------
    numpy.ndarray
        J [unit of ``j0`` times nm^2].
    """
    return contact_area * j0 + contact_area * j1 * (1.0 - blockade_factor(eps_c, delta_eps))


def blockade_change(contact_area, j1, eps_c, delta_eps):
    r"""Eq. 23: :math:`\Delta J = J|_\varepsilon - J|_{\varepsilon=\infty} = -S_cJ_1 f`."""
    return -contact_area * j1 * blockade_factor(eps_c, delta_eps)
