r"""Linear orbital response of a dipole-coupled nanoparticle dimer (Sec. III, Eqs. 3-8).

Two spheres of radius :math:`a` (volume :math:`V = 4\pi a^3/3`) at centre distance :math:`d`
along :math:`z` respond linearly, :math:`M_i = V\chi_i H_i`, to the local field

.. math:: H_i = H - \eta_\sigma M_j / d^3,

with :math:`\eta_\sigma = 1` for a transverse field (:math:`\sigma = x, y`) and
:math:`\eta_z = -2` for a longitudinal one (Eq. 3 with :math:`H \parallel \sigma`). cgs units:
susceptibilities are dimensionless (:math:`\chi_{SI} = 4\pi\chi`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table

#: eta of Eq. (6) for a field across (transverse) and along (longitudinal) the dimer axis.
ETA = {"transverse": 1, "longitudinal": -2}


def coupling_strength(d_over_a):
    r"""Dipolar coupling :math:`g = V/d^3 = (4\pi/3)(a/d)^3` [1].

    Parameters
    ----------
    d_over_a : float or array_like
        Centre-to-centre distance in units of the radius [a].
    """
    return 4.0 * np.pi / 3.0 / np.asarray(d_over_a, dtype=float) ** 3


def critical_susceptibility(d_over_a, eta=-2):
    r"""Critical zero-field susceptibility of a dimer of equal particles, Eq. (8) [1, cgs].

    :math:`\chi_c^\sigma = \frac{3}{4\pi|\eta_\sigma|}(d/a)^3`: the dimer susceptibility of
    Eq. (6) diverges at :math:`\chi_1 = \chi_2 = \chi_c^\sigma`.

    Parameters
    ----------
    d_over_a : float or array_like
        Centre-to-centre distance [a].
    eta : int
        -2 for the longitudinal direction (z), 1 for the transverse ones (x, y).

    Returns
    -------
    float or numpy.ndarray
        :math:`\chi_c^\sigma` [1, cgs]; 3.2229 (z) and 6.4458 (x, y) at d = 3a.
    """
    return 1.0 / (abs(eta) * coupling_strength(d_over_a))


def critical_product(d_over_a, eta=-2):
    r"""Critical product :math:`\chi_1\chi_2|_c = 9 (d/a)^6 / (16\pi^2\eta^2)` [1], Sec. III."""
    return 9.0 * np.asarray(d_over_a, dtype=float) ** 6 / (16.0 * np.pi**2 * eta**2)


def dimer_moments(chi1, chi2, d_over_a, eta, field=1.0):
    r"""Moments per volume :math:`M_i/V` of the two particles, exact solution of Eqs. (3)-(4).

    Solving :math:`m_1 = \chi_1(H - \eta g m_2)`, :math:`m_2 = \chi_2(H - \eta g m_1)` gives

    .. math:: m_1 = \chi_1 H \frac{1 - \eta g\chi_2}{1 - \eta^2 g^2\chi_1\chi_2}

    and the same with 1 and 2 exchanged; their mean is Eq. (6).

    Parameters
    ----------
    chi1, chi2 : float or array_like
        Zero-field susceptibilities of the particles [1, cgs].
    d_over_a : float
        Centre-to-centre distance [a].
    eta : int
        1 (transverse field) or -2 (longitudinal field).
    field : float or array_like
        Applied field H [G] (any unit: the moments per volume come out in the same unit).

    Returns
    -------
    m1, m2 : numpy.ndarray
        :math:`M_1/V`, :math:`M_2/V` [unit of ``field``].
    """
    chi1, chi2 = np.asarray(chi1, float), np.asarray(chi2, float)
    g = coupling_strength(d_over_a)
    denominator = 1.0 - eta**2 * g**2 * chi1 * chi2
    m1 = chi1 * field * (1.0 - eta * g * chi2) / denominator
    m2 = chi2 * field * (1.0 - eta * g * chi1) / denominator
    return m1, m2


def dimer_susceptibility(chi1, chi2, d_over_a, eta):
    r"""Dimer zero-field susceptibility :math:`\chi^{\sigma\sigma}`, Eq. (6) [1, cgs].

    .. math:: \chi^{\sigma\sigma} = \frac12\,
       \frac{\chi_1+\chi_2 - \eta_\sigma\frac{8\pi}{3}(a/d)^3\chi_1\chi_2}
            {1-\eta_\sigma^2\frac{16\pi^2}{9}(a/d)^6\chi_1\chi_2}

    Parameters
    ----------
    chi1, chi2 : float or array_like
        Single-particle susceptibilities [1, cgs].
    d_over_a : float
        Centre-to-centre distance [a].
    eta : int
        1 (transverse) or -2 (longitudinal).
    """
    chi1, chi2 = np.asarray(chi1, float), np.asarray(chi2, float)
    g = coupling_strength(d_over_a)
    return 0.5 * (chi1 + chi2 - 2.0 * eta * g * chi1 * chi2) / (
        1.0 - eta**2 * g**2 * chi1 * chi2)


def susceptibility_shift_first_order(chi1, chi2, d_over_a, eta):
    r"""Interaction-induced shift to first order in :math:`(a/d)^3`, Eq. (7) [1, cgs].

    :math:`\Delta\chi_\sigma = -\eta_\sigma\frac{4\pi}{3}(a/d)^3\chi_1\chi_2`.
    """
    return -eta * coupling_strength(d_over_a) * np.asarray(chi1, float) * np.asarray(chi2, float)


def moment_arrows_table(params: dict) -> Table:
    r"""Moments of Fig. 2: both particles, six panels, with and without dipolar coupling.

    Parameters
    ----------
    params : dict
        ``d_over_a`` [a]; ``chi_first_over_chicz`` and ``chi_second_over_chicz``: the
        magnitudes of the susceptibilities of particles 1 and 2 [chi_c^z]; their signs are
        set by the panel (both +, both -, + and -).

    Returns
    -------
    Table
        One row per panel and particle. Moments per volume in units of
        :math:`\chi_c^z H` (so an arrow of length 1 is the moment of a particle with
        :math:`\chi = \chi_c^z` in the bare field).
    """
    d_over_a = params["d_over_a"]
    chi_c = critical_susceptibility(d_over_a, ETA["longitudinal"])
    first, second = params["chi_first_over_chicz"], params["chi_second_over_chicz"]
    sign_cases = {"both paramagnetic": (1, 1), "both diamagnetic": (-1, -1),
                  "opposite": (1, -1)}
    panels = iter("abcdef")
    rows = []
    for direction in ("transverse", "longitudinal"):
        eta = ETA[direction]
        for case, (s1, s2) in sign_cases.items():
            chi1, chi2 = s1 * first * chi_c, s2 * second * chi_c
            m_free = (chi1, chi2)
            m_coupled = dimer_moments(chi1, chi2, d_over_a, eta)
            shift = susceptibility_shift_first_order(chi1, chi2, d_over_a, eta)
            exact = dimer_susceptibility(chi1, chi2, d_over_a, eta) - 0.5 * (chi1 + chi2)
            panel = next(panels)
            for particle, chi, free, coupled in zip((1, 2), (chi1, chi2), m_free, m_coupled):
                rows.append({
                    "panel": panel, "field_direction": direction, "sign_case": case,
                    "eta": eta, "particle": particle, "chi_over_chicz": chi / chi_c,
                    "moment_noninteracting_over_chicz_h": free / chi_c,
                    "moment_interacting_over_chicz_h": float(coupled) / chi_c,
                    "delta_chi_first_order_over_chicz": shift / chi_c,
                    "delta_chi_exact_over_chicz": float(exact) / chi_c,
                })
    frame = pd.DataFrame(rows)
    units = {c: "chi_c^z H" if c.startswith("moment") else "chi_c^z" for c in frame.columns}
    units.update({"panel": "label", "field_direction": "label", "sign_case": "label",
                  "eta": "1", "particle": "1"})
    return Table(frame, units, "Fig. 2: moments M_i/V of the two particles, Eqs. (3), (4), (6), (7)")


def critical_susceptibility_table(params: dict) -> Table:
    r"""Eq. (8) at the configured distance: the dashed line of Fig. 5(a) and Sec. III's numbers.

    Parameters
    ----------
    params : dict
        ``d_over_a`` [a] and ``chi_landau`` (:math:`|\chi_L|` [1, cgs]), from the merged
        ``material`` and ``fig5`` slices.

    Returns
    -------
    Table
        One row per direction (``longitudinal``, ``transverse``): ``eta`` [1],
        ``d_over_a`` [a], ``chi_c`` [1, cgs], ``chi_landau`` [1, cgs] and
        ``chi_c_over_chil`` [|chi_L|].
    """
    d_over_a, chi_landau = float(params["d_over_a"]), float(params["chi_landau"])
    rows = [{"direction": name, "eta": eta, "d_over_a": d_over_a,
             "chi_c": float(critical_susceptibility(d_over_a, eta)), "chi_landau": chi_landau,
             "chi_c_over_chil": float(critical_susceptibility(d_over_a, eta)) / chi_landau}
            for name, eta in ETA.items()]
    units = {"direction": "label", "eta": "1", "d_over_a": "a", "chi_c": "1 (cgs)",
             "chi_landau": "1 (cgs)", "chi_c_over_chil": "|chi_L|"}
    return Table(pd.DataFrame(rows), units, "Critical susceptibilities of Eq. (8)")
