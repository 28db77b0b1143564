r"""Scalar observables behind the paper's quantitative statements (scorecard entries).

Every function returns a float and takes keyword arguments only, so that an anchor can call
it as ``f(**params)``. Exchange values are :math:`z_nJ` in kelvin; the charging energy is
:math:`\tilde\epsilon_c = (\tilde\epsilon_c a)/a`.
"""

from __future__ import annotations

import numpy as np

from nanomag.granular_exchange.exchange import (DEFAULT_NODES, KELVIN_PER_EV,
                                                exchange_per_radius)

_SCAN_POINTS = 401


def _zj_over_a(u_ev, jsd, d_nm, ef_ev, eps_c, sinh_factor, hopping_prefactor, z_n, nodes):
    per_a = exchange_per_radius(u_ev, jsd, d_nm, ef_ev, eps_c, sinh_factor=sinh_factor,
                                hopping_prefactor=hopping_prefactor, nodes=nodes)
    return z_n * KELVIN_PER_EV * per_a


def exchange_k(*, u_ev, jsd_ev, a_nm, d_nm, ef_ev=-0.1, eps_c_times_a_ev_nm=0.14, z_n=6,
               sinh_factor=1.0, hopping_prefactor=1.0, nodes=DEFAULT_NODES) -> float:
    r""":math:`z_nJ` at one point [K] (:math:`\tilde\epsilon_c = ` ``eps_c_times_a_ev_nm``/a)."""
    eps = float(eps_c_times_a_ev_nm) / float(a_nm)
    return float(a_nm * _zj_over_a(u_ev, jsd_ev, d_nm, ef_ev, eps, sinh_factor,
                                   hopping_prefactor, z_n, nodes)[0])


def _scan(u_ev, d_nm, ef_ev, a_nm, eps_c_times_a_ev_nm, jsd_min_ev, jsd_max_ev, sinh_factor,
          hopping_prefactor, z_n):
    jsd = np.linspace(jsd_min_ev, jsd_max_ev, _SCAN_POINTS)
    eps = float(eps_c_times_a_ev_nm) / float(a_nm)
    zj = a_nm * _zj_over_a(u_ev, jsd, d_nm, ef_ev, eps, sinh_factor, hopping_prefactor, z_n,
                           DEFAULT_NODES)[:, 0]
    return jsd, zj


def _refine_extremum(f, jsd, values, index, sign):
    from scipy.optimize import minimize_scalar

    lo = jsd[max(index - 1, 0)]
    hi = jsd[min(index + 1, jsd.size - 1)]
    res = minimize_scalar(lambda x: -sign * f(x), bounds=(lo, hi), method="bounded",
                          options={"xatol": 1e-6})
    return float(res.x), float(f(res.x))


def peak_splitting_ratio(*, u_ev, d_nm, a_nm, jsd_min_ev, jsd_max_ev, ef_ev=-0.1,
                         eps_c_times_a_ev_nm=0.14, z_n=6, sinh_factor=1.0,
                         hopping_prefactor=1.0, extremum="max", quantity="position") -> float:
    r"""Position :math:`J_{sd}/U` (or value :math:`z_nJ` [K]) of the FM peak or AFM extremum.

    Parameters
    ----------
    u_ev, d_nm, a_nm, ef_ev : float
        U [eV], d [nm], radius [nm], :math:`E_F` [eV].
    jsd_min_ev, jsd_max_ev : float
        Range of :math:`J_{sd}` searched [eV].
    eps_c_times_a_ev_nm : float
        :math:`\tilde\epsilon_c a` [eV nm] (0: no Coulomb blockade).
    extremum : {"max", "min"}
        FM peak (maximum) or AFM extremum (minimum).
    quantity : {"position", "value"}
        Return :math:`J_{sd}/U` [1] or :math:`z_nJ` there [K].
    """
    args = (u_ev, d_nm, ef_ev, a_nm, eps_c_times_a_ev_nm, jsd_min_ev, jsd_max_ev, sinh_factor,
            hopping_prefactor, z_n)
    jsd, zj = _scan(*args)
    sign = 1.0 if extremum == "max" else -1.0
    index = int(np.argmax(sign * zj))
    eps = float(eps_c_times_a_ev_nm) / float(a_nm)

    def f(x):
        return float(a_nm * _zj_over_a(u_ev, x, d_nm, ef_ev, eps, sinh_factor, hopping_prefactor,
                                       z_n, DEFAULT_NODES)[0])

    x, value = _refine_extremum(f, jsd, zj, index, sign)
    return x / u_ev if quantity == "position" else value


def zero_crossing_splitting_ev(*, u_ev, d_nm, a_nm, jsd_min_ev, jsd_max_ev, ef_ev=-0.1,
                               eps_c_times_a_ev_nm=0.14, z_n=6, sinh_factor=1.0,
                               hopping_prefactor=1.0, normalise="none") -> float:
    r"""First :math:`J_{sd}` in the range where J changes sign from FM to AFM.

    Parameters
    ----------
    normalise : {"none", "u_plus_ef", "u"}
        Return :math:`J_{sd,0}` [eV], :math:`J_{sd,0}/(U+E_F)` [1] or :math:`J_{sd,0}/U` [1].

    Raises
    ------
    RuntimeError
        If J does not change sign from positive to negative in the range.
    """
    from scipy.optimize import brentq

    jsd, zj = _scan(u_ev, d_nm, ef_ev, a_nm, eps_c_times_a_ev_nm, jsd_min_ev, jsd_max_ev,
                    sinh_factor, hopping_prefactor, z_n)
    idx = np.nonzero((zj[:-1] > 0) & (zj[1:] <= 0))[0]
    if idx.size == 0:
        raise RuntimeError(f"no FM->AFM sign change of J for Jsd in [{jsd_min_ev}, {jsd_max_ev}] "
                           f"eV (U = {u_ev} eV, d = {d_nm} nm, a = {a_nm} nm)")
    i = int(idx[0])
    eps = float(eps_c_times_a_ev_nm) / float(a_nm)
    root = brentq(lambda x: _zj_over_a(u_ev, x, d_nm, ef_ev, eps, sinh_factor, hopping_prefactor,
                                       z_n, DEFAULT_NODES)[0], jsd[i], jsd[i + 1], xtol=1e-9)
    scale = {"none": 1.0, "u_plus_ef": u_ev + ef_ev, "u": u_ev}[normalise]
    return float(root / scale)


def zero_line_shift_ev(*, u_ev, d_nm, a_small_nm, a_large_nm, jsd_min_ev, jsd_max_ev,
                       ef_ev=-0.1, eps_c_times_a_ev_nm=0.14, sinh_factor=1.0,
                       hopping_prefactor=1.0) -> float:
    r"""Shift of the J = 0 line between two radii, :math:`J_{sd,0}(a_l)-J_{sd,0}(a_s)` [eV]."""
    common = dict(u_ev=u_ev, d_nm=d_nm, jsd_min_ev=jsd_min_ev, jsd_max_ev=jsd_max_ev, ef_ev=ef_ev,
                  eps_c_times_a_ev_nm=eps_c_times_a_ev_nm, sinh_factor=sinh_factor,
                  hopping_prefactor=hopping_prefactor)
    return (zero_crossing_splitting_ev(a_nm=a_large_nm, **common)
            - zero_crossing_splitting_ev(a_nm=a_small_nm, **common))


def relative_change_percent(*, u_ev, jsd_ev, a_nm, d_nm, ef_ev=-0.1, eps_c_times_a_ev_nm=0.14,
                            sinh_factor=1.0, hopping_prefactor=1.0) -> float:
    r""":math:`\Delta J/J = (J_\varepsilon - J_\infty)/J_\infty` [%] at one point."""
    per_a = exchange_per_radius(u_ev, jsd_ev, d_nm, ef_ev,
                                np.array([0.0, eps_c_times_a_ev_nm / a_nm]),
                                sinh_factor=sinh_factor, hopping_prefactor=hopping_prefactor)
    return float(100.0 * (per_a[1] - per_a[0]) / per_a[0])


def relative_change_growth(*, u_ev, jsd_ev, a_small_nm, a_large_nm, d_nm, ef_ev=-0.1,
                           eps_c_times_a_ev_nm=0.14, sinh_factor=1.0,
                           hopping_prefactor=1.0) -> float:
    r"""Ratio :math:`(\Delta J/J)(a_s)/(\Delta J/J)(a_l)` [1] (> 1: grows as a shrinks)."""
    common = dict(u_ev=u_ev, jsd_ev=jsd_ev, d_nm=d_nm, ef_ev=ef_ev,
                  eps_c_times_a_ev_nm=eps_c_times_a_ev_nm, sinh_factor=sinh_factor,
                  hopping_prefactor=hopping_prefactor)
    return (relative_change_percent(a_nm=a_small_nm, **common)
            / relative_change_percent(a_nm=a_large_nm, **common))


def blockade_shift_k(*, u_ev, a_nm, d_nm, jsd_min_ev, jsd_max_ev, ef_ev=-0.1,
                     eps_c_times_a_ev_nm=0.14, z_n=6, sinh_factor=1.0,
                     hopping_prefactor=1.0) -> float:
    r"""Largest :math:`|z_n(J_\varepsilon - J_\infty)|` over the :math:`J_{sd}` range [K]."""
    jsd = np.linspace(jsd_min_ev, jsd_max_ev, _SCAN_POINTS)
    zj = a_nm * _zj_over_a(u_ev, jsd, d_nm, ef_ev, np.array([0.0, eps_c_times_a_ev_nm / a_nm]),
                           sinh_factor, hopping_prefactor, z_n, DEFAULT_NODES)
    return float(np.max(np.abs(zj[:, 1] - zj[:, 0])))


def linearity_ratio(*, u_ev, jsd_ev, d_nm, a_small_nm, a_large_nm, ef_ev=-0.1,
                    eps_c_times_a_ev_nm=0.0, sinh_factor=1.0, hopping_prefactor=1.0) -> float:
    r""":math:`[J(a_l)/a_l]/[J(a_s)/a_s]` [1]: exactly 1 without Coulomb blockade."""
    eps = np.array([eps_c_times_a_ev_nm / a_small_nm, eps_c_times_a_ev_nm / a_large_nm])
    per_a = exchange_per_radius(u_ev, jsd_ev, d_nm, ef_ev, eps, sinh_factor=sinh_factor,
                                hopping_prefactor=hopping_prefactor)
    return float(per_a[1] / per_a[0])


def sign_change_radius_nm(*, u_ev, jsd_ev, d_nm, ef_ev=-0.1, eps_c_times_a_ev_nm=0.14,
                          a_min_nm=0.3, a_max_nm=1e4, sinh_factor=1.0,
                          hopping_prefactor=1.0) -> float:
    r"""Grain radius at which J changes sign at fixed :math:`J_{sd}` [nm].

    Raises
    ------
    RuntimeError
        If J has the same sign at ``a_min_nm`` and ``a_max_nm``.
    """
    from scipy.optimize import brentq

    def f(a):
        return exchange_per_radius(u_ev, jsd_ev, d_nm, ef_ev, eps_c_times_a_ev_nm / a,
                                   sinh_factor=sinh_factor,
                                   hopping_prefactor=hopping_prefactor)[0]

    lo, hi = f(a_min_nm), f(a_max_nm)
    if lo * hi > 0:
        raise RuntimeError(f"J keeps its sign for a in [{a_min_nm}, {a_max_nm}] nm "
                           f"(U = {u_ev} eV, Jsd = {jsd_ev} eV, d = {d_nm} nm)")
    return float(brentq(f, a_min_nm, a_max_nm, xtol=1e-6, rtol=1e-10))
