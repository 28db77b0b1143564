"""Physical constants, all from :mod:`scipy.constants` (CODATA), in SI and in cgs.

Papers in cgs (``orbital_dimers``) use the ``*_CGS`` names; the others use SI.
"""

from scipy import constants as _c

# SI
ELECTRON_MASS_KG = _c.m_e
ELEMENTARY_CHARGE_C = _c.e
HBAR_J_S = _c.hbar
PLANCK_J_S = _c.h
BOLTZMANN_J_PER_K = _c.k
BOLTZMANN_EV_PER_K = _c.k / _c.e
BOHR_MAGNETON_J_PER_T = _c.physical_constants["Bohr magneton"][0]
BOHR_MAGNETON_EV_PER_T = _c.physical_constants["Bohr magneton in eV/T"][0]
MU0_T_M_PER_A = _c.mu_0
EPSILON0_F_PER_M = _c.epsilon_0
ELECTRON_VOLT_J = _c.eV
SPEED_OF_LIGHT_M_PER_S = _c.c

# cgs (Gaussian)
SPEED_OF_LIGHT_CM_PER_S = _c.c * 1e2
ELECTRON_MASS_G = _c.m_e * 1e3
ELEMENTARY_CHARGE_STATC = _c.e * _c.c * 10.0  # 1 C = 10 c[m/s] statC
BOHR_MAGNETON_ERG_PER_G = BOHR_MAGNETON_J_PER_T * 1e3  # 1 J/T = 1e3 erg/G
ERG_PER_EV = _c.eV * 1e7
