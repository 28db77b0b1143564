"""Arithmetic behind the magnetization statements of the paper (Fig. 2 is experimental only).

The SQUID loops of Fig. 2 are not published, so nothing here models them. These functions
check the numbers the text derives from them: the magnetization that 1 ppb of a
ferromagnetic contaminant would give, and the number of dipoles per NC implied by M_s.
"""

from __future__ import annotations

import numpy as np

from nanomag.constants import BOHR_MAGNETON_J_PER_T

#: 1 emu = 1e-3 J/T
J_PER_T_PER_EMU = 1e-3


def contaminant_magnetization_memu_per_g(ms_emu_per_g: float, mass_fraction: float) -> float:
    """Magnetization of a sample holding ``mass_fraction`` of a contaminant [memu/g].

    Parameters
    ----------
    ms_emu_per_g : float
        Saturation magnetization of the contaminant as quoted by the paper [emu/g].
    mass_fraction : float
        Contaminant mass fraction (1 ppb = 1e-9) [1].

    Returns
    -------
    float
        ``ms * mass_fraction`` [memu/g].
    """
    return float(ms_emu_per_g * mass_fraction * 1e3)


def dipoles_per_nanocrystal(ms_memu_per_g: float, nc_diameter_nm: float,
                            density_g_per_cm3: float, moment_mu_b: float) -> float:
    """Number of dipoles per NC = M_s x (mass of one NC) / m, as the text defines it [1].

    Parameters
    ----------
    ms_memu_per_g : float
        Saturation magnetization per mass of NC powder [memu/g].
    nc_diameter_nm : float
        NC diameter [nm].
    density_g_per_cm3 : float
        Mass density of CdSe [g/cm^3] (wurtzite 5.81; ligands neglected, which would only
        lower the result).
    moment_mu_b : float
        Moment of one dipole [mu_B].

    Returns
    -------
    float
        Dipoles per NC [1].
    """
    volume_cm3 = np.pi / 6.0 * (nc_diameter_nm * 1e-7) ** 3
    moment_per_nc_j_per_t = ms_memu_per_g * 1e-3 * J_PER_T_PER_EMU * density_g_per_cm3 * volume_cm3
    return float(moment_per_nc_j_per_t / (moment_mu_b * BOHR_MAGNETON_J_PER_T))


def spin_moment_mu_b(spin: float, g: float) -> float:
    """Total moment g sqrt(S(S+1)) mu_B of a spin S [mu_B].

    The paper's note prints ``m = S(S + 1) mu_B`` and quotes 1.73 mu_B for S = 1/2, which is
    g sqrt(S(S+1)) with g = 2 (sqrt(S(S+1)) alone is 0.866).
    """
    return float(g * np.sqrt(spin * (spin + 1.0)))
