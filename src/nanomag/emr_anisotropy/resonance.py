r"""Angular dependence of the EMR resonance field (Eqs. 4-5, Fig. 1).

Free energy per unit magnetization (fields as :math:`\mu_0 H` in mT), M in the xy-plane at
azimuth :math:`\alpha_M`, H at :math:`\alpha_H`, :math:`\Delta = \alpha_H - \alpha_M`:

.. math::

    F/M = -H\cos\Delta + \tfrac{A}{4} + \tfrac{B}{4}\cos 2\alpha_M + \tfrac{C}{2}\sin 2\alpha_M
          \quad(\text{standard convention, } F = -M\cdot H + \tfrac{\mu_0}{2} M\cdot D\cdot M).

The Suhl-Smit condition at :math:`\theta = 90^\circ` (neglecting Dxz, Dyz as the paper does)
and the equilibrium condition give

.. math::

    (\omega/\gamma)^2 = \tfrac12 (H\cos\Delta - Bc - 2Cs)(2H\cos\Delta - 3A - Bc - 2Cs),\qquad
    2C\cos 2\alpha_M - B\sin 2\alpha_M - 2H\sin\Delta = 0,

with :math:`c = \cos 2\alpha_M`, :math:`s = \sin 2\alpha_M`; the second equation is Eq. 5 as
printed and the first is Eq. 4 read with the signs of Eq. 5. With A, B > 0 this puts the
*highest* H_res at :math:`\alpha_H = 0`, whereas the paper's sample I (A = 191.5, B = 204.6 mT)
has its *lowest* H_res (62 mT) at 0 deg and the highest (~400 mT) at 90 deg. The paper's
statements are reproduced by the same equations with (A, B, C) -> -(A, B, C): that is the
``convention="paper"`` used for Fig. 1 (see the model notes).
"""

from __future__ import annotations

import numpy as np

from nanomag.constants import BOHR_MAGNETON_J_PER_T, PLANCK_J_S
from nanomag.io import Table


def resonance_field_isotropic_mt(frequency_ghz: float, g: float) -> float:
    """Isotropic resonance field h nu / (g mu_B) [mT] (frequency [GHz], g [1])."""
    return PLANCK_J_S * frequency_ghz * 1e9 / (g * BOHR_MAGNETON_J_PER_T) * 1e3


def _sign(convention: str) -> float:
    if convention == "paper":
        return -1.0
    if convention == "standard":
        return 1.0
    raise ValueError(f"unknown convention {convention!r} (use 'paper' or 'standard')")


def _parametric(alpha_m: np.ndarray, a: float, b: float, c: float, h0: float):
    """Standard convention: (H_res, alpha_H) [mT, rad] for a given equilibrium alpha_M [rad]."""
    cc, ss = np.cos(2 * alpha_m), np.sin(2 * alpha_m)
    p = b * cc + 2 * c * ss                 # F_phiphi / M = H cos D - p
    q = 1.5 * a + 0.5 * b * cc + c * ss     # F_thth / M  = H cos D - q
    hcos = 0.5 * (p + q) + np.sqrt((0.5 * (p - q)) ** 2 + h0**2)   # stable root (> p, q)
    hsin = c * cc - 0.5 * b * ss            # from Eq. 5
    return np.hypot(hcos, hsin), alpha_m + np.arctan2(hsin, hcos)


def resonance_field(alpha_h_deg, a_mt: float, b_mt: float, c_mt: float = 0.0,
                    frequency_ghz: float = 9.45, g: float = 2.0, convention: str = "paper",
                    n_sweep: int = 2048, return_alpha_m: bool = False):
    r"""Resonance field H_res(alpha_H) of Eqs. 4-5.

    Parameters
    ----------
    alpha_h_deg : array_like
        In-plane angle of the applied field [deg].
    a_mt, b_mt, c_mt : float
        Anisotropy parameters A, B, C [mT].
    frequency_ghz : float
        Microwave frequency nu [GHz].
    g : float
        g-factor [1].
    convention : {"paper", "standard"}
        ``"standard"``: A, B, C as defined from D with F = -M.H + (mu0/2) M.D.M;
        ``"paper"``: the sign convention that reproduces the paper's statements, identical to
        ``"standard"`` with (A, B, C) -> -(A, B, C).
    n_sweep : int
        Points of the alpha_M sweep used to check monotonicity and to start Newton.
    return_alpha_m : bool
        Also return the equilibrium angle of M [deg].

    Returns
    -------
    h_res_mt : numpy.ndarray
        Resonance field mu0 H_res [mT].
    alpha_m_deg : numpy.ndarray
        Only if ``return_alpha_m``: equilibrium azimuth of M [deg].

    Raises
    ------
    RuntimeError
        If alpha_H(alpha_M) is not monotonic (several equilibria: hysteretic regime, no
        unique H_res) or Newton's refinement does not converge.

    Notes
    -----
    No root bracketing: for each alpha_M the resonance condition is a quadratic in
    H cos(Delta), whose larger root is the one with a stable equilibrium (both second
    derivatives of F positive), and Eq. 5 gives H sin(Delta) explicitly. The map
    alpha_M -> alpha_H is then inverted (checked monotonic, then Newton).
    """
    sgn = _sign(convention)
    a, b, c = sgn * a_mt, sgn * b_mt, sgn * c_mt
    h0 = resonance_field_isotropic_mt(frequency_ghz, g)
    am = np.linspace(0.0, 2 * np.pi, n_sweep + 1)
    _, ah = _parametric(am, a, b, c, h0)
    ah = np.unwrap(ah)
    if not np.all(np.diff(ah) > 0):
        raise RuntimeError(f"resonance_field: alpha_H(alpha_M) not monotonic, no unique "
                           f"resonance (A={a_mt}, B={b_mt}, C={c_mt} mT, "
                           f"frequency={frequency_ghz} GHz, g={g}, convention={convention})")
    target = np.deg2rad(np.asarray(alpha_h_deg, dtype=float))
    # reduce the targets into the swept alpha_H window [ah[0], ah[0] + 2 pi)
    shift = np.floor((target - ah[0]) / (2 * np.pi)) * 2 * np.pi
    t = target - shift
    x = np.interp(t, ah, am)
    for _ in range(50):
        _, f = _parametric(x, a, b, c, h0)
        eps = 1e-7
        _, f2 = _parametric(x + eps, a, b, c, h0)
        res = f - t
        x = x - res / ((f2 - f) / eps)
        if np.all(np.abs(res) < 1e-12):
            break
    else:
        raise RuntimeError(f"resonance_field: Newton did not converge (A={a_mt}, B={b_mt}, "
                           f"C={c_mt} mT, convention={convention})")
    h, _ = _parametric(x, a, b, c, h0)
    if return_alpha_m:
        return h, np.rad2deg(x + shift)
    return h


def resonance_field_table(params: dict) -> Table:
    """Fig. 1: model H_res(alpha_H) for the samples with the paper's fitted A, B, C.

    Parameters
    ----------
    params : dict
        ``samples``: list of ``{name, a_mt, b_mt, c_mt}`` [mT]; ``alpha_grid`` grid spec
        [deg]; ``frequency_ghz`` [GHz]; ``g`` [1]; ``convention``.

    Returns
    -------
    Table
        ``sample``, ``alpha_h_deg`` [deg], ``h_res_mt`` [mT], ``alpha_m_deg`` [deg].
    """
    import pandas as pd

    from nanomag.config import grid

    alpha = grid(params["alpha_grid"])
    frames = []
    for smp in params["samples"]:
        h, am = resonance_field(alpha, smp["a_mt"], smp["b_mt"], smp.get("c_mt", 0.0),
                                params["frequency_ghz"], params["g"], params["convention"],
                                return_alpha_m=True)
        frames.append(pd.DataFrame({"sample": smp["name"], "alpha_h_deg": alpha,
                                    "h_res_mt": h, "alpha_m_deg": am}))
    return Table(pd.concat(frames, ignore_index=True),
                 {"sample": "label", "alpha_h_deg": "deg", "h_res_mt": "mT",
                  "alpha_m_deg": "deg"},
                 "Fig. 1: model resonance field vs in-plane field angle (Eqs. 4-5)")


def lorentzian_derivative(field_mt: np.ndarray, center_mt, width_pp_mt: float) -> np.ndarray:
    """First derivative of a Lorentzian absorption line, peak-to-peak normalised to 1.

    Parameters
    ----------
    field_mt : numpy.ndarray
        Field [mT].
    center_mt : float or numpy.ndarray
        Resonance field (zero crossing) [mT].
    width_pp_mt : float
        Peak-to-peak width Delta H_pp [mT]; the half width is sqrt(3)/2 Delta H_pp.

    Returns
    -------
    numpy.ndarray
        dP/dH in arbitrary units, positive below the resonance, with peak-to-peak 1 [1].
    """
    gamma = np.sqrt(3.0) / 2.0 * width_pp_mt
    x = (np.asarray(field_mt) - center_mt) / gamma
    y = -2.0 * x / (1.0 + x**2) ** 2
    ypp = 2.0 * (2.0 / np.sqrt(3.0)) / (1.0 + 1.0 / 3.0) ** 2   # value at x = -1/sqrt(3), times 2
    return y / ypp


def simulated_spectra_table(params: dict) -> Table:
    """Fig. 1: simulated derivative-Lorentzian spectra centred at the model H_res.

    These are not the measured spectra (which are not published): one line per angle, of
    peak-to-peak width ``linewidth_pp_mt``, zero crossing at the model H_res.

    Parameters
    ----------
    params : dict
        As :func:`resonance_field_table` plus ``spectra_angles_deg`` (list) [deg],
        ``field_grid`` grid spec [mT], ``linewidth_pp_mt`` [mT], and optionally
        ``isotropic_lines``: list of ``{sample, field_mt, linewidth_pp_mt, amplitude}``, an
        angle-independent line added to that sample's spectra (sample II's Se-vacancy line,
        position from the text; width and relative peak-to-peak amplitude [1] not given).

    Returns
    -------
    Table
        ``sample``, ``alpha_h_deg`` [deg], ``field_mt`` [mT], ``signal_arb`` [arb. u.],
        ``h_res_mt`` [mT] (zero crossing of the anisotropic line).
    """
    import pandas as pd

    from nanomag.config import grid

    field = grid(params["field_grid"])
    angles = np.asarray(params["spectra_angles_deg"], dtype=float)
    frames = []
    for smp in params["samples"]:
        h = resonance_field(angles, smp["a_mt"], smp["b_mt"], smp.get("c_mt", 0.0),
                            params["frequency_ghz"], params["g"], params["convention"])
        sig = lorentzian_derivative(field[None, :], h[:, None], params["linewidth_pp_mt"])
        for line in params.get("isotropic_lines", []):
            if line["sample"] == smp["name"]:
                sig = sig + line["amplitude"] * lorentzian_derivative(
                    field, line["field_mt"], line["linewidth_pp_mt"])[None, :]
        frames.append(pd.DataFrame({
            "sample": smp["name"], "alpha_h_deg": np.repeat(angles, field.size),
            "field_mt": np.tile(field, angles.size), "signal_arb": sig.ravel(),
            "h_res_mt": np.repeat(h, field.size)}))
    return Table(pd.concat(frames, ignore_index=True),
                 {"sample": "label", "alpha_h_deg": "deg", "field_mt": "mT",
                  "signal_arb": "arb. u.", "h_res_mt": "mT"},
                 "Fig. 1: simulated derivative-Lorentzian EMR lines at the model H_res "
                 "(not measured data)")


def anisotropy_from_extremes(h_res_0_mt: float, h_res_90_mt: float, which: str,
                             frequency_ghz: float, g: float, convention: str) -> float:
    """A or B [mT] (C = 0) that give the stated H_res at alpha_H = 0 and 90 deg.

    Parameters
    ----------
    h_res_0_mt, h_res_90_mt : float
        Resonance fields at 0 and 90 deg [mT].
    which : {"a_mt", "b_mt"}
        Which parameter to return.
    frequency_ghz, g : float
        Microwave frequency [GHz] and g-factor [1].
    convention : {"paper", "standard"}
        As :func:`resonance_field`.

    Returns
    -------
    float
        [mT]

    Raises
    ------
    RuntimeError
        If the two equations have no solution found by the root finder.

    Notes
    -----
    With C = 0 the equilibrium is alpha_M = alpha_H at 0 and 90 deg, so (paper convention)
    ``h0^2 = 1/2 (H0 + B)(2 H0 + 3A + B)`` and ``h0^2 = 1/2 (H90 - B)(2 H90 + 3A - B)``:
    solved by eliminating A and finding B with a bracketing root finder.
    """
    from scipy.optimize import brentq

    if which not in ("a_mt", "b_mt"):
        raise ValueError(f"anisotropy_from_extremes: which must be 'a_mt' or 'b_mt', not {which!r}")
    h0 = resonance_field_isotropic_mt(frequency_ghz, g)
    sgn = -_sign(convention)          # +1 for "paper"
    x, y = h_res_0_mt, h_res_90_mt

    def a_of_b(b):   # from the 0-deg equation, in the paper convention (A, B -> sgn A, sgn B)
        return (2 * h0**2 / (x + b) - 2 * x - b) / 3.0

    def resid(b):
        return 0.5 * (y - b) * (2 * y + 3 * a_of_b(b) - b) - h0**2

    bs = np.linspace(-x + 1e-6, y - 1e-6, 4001)
    r = resid(bs)
    k = np.nonzero(np.sign(r[:-1]) != np.sign(r[1:]))[0]
    if k.size == 0:
        raise RuntimeError(f"anisotropy_from_extremes: no solution (H0={x}, H90={y} mT)")
    b = brentq(resid, bs[k[0]], bs[k[0] + 1], xtol=1e-12)
    a = a_of_b(b)
    return float(sgn * (a if which == "a_mt" else b))


def _angular_derivatives(theta, phi, field_mt, alpha_h, d_mt):
    """F/M, its gradient and Hessian in (theta, phi) for F/M = -H.m + 1/2 m.D.m [mT]."""
    st, ct, sp, cp = np.sin(theta), np.cos(theta), np.sin(phi), np.cos(phi)
    m = np.array([st * cp, st * sp, ct])
    m_t = np.array([ct * cp, ct * sp, -st])
    m_p = np.array([-st * sp, st * cp, 0.0])
    m_pp = np.array([-st * cp, -st * sp, 0.0])
    m_tp = np.array([-ct * sp, ct * cp, 0.0])
    torque = d_mt @ m - field_mt * np.array([np.cos(alpha_h), np.sin(alpha_h), 0.0])
    grad = np.array([torque @ m_t, torque @ m_p])
    f_tt = m_t @ d_mt @ m_t - torque @ m            # m_tt = -m
    f_pp = m_p @ d_mt @ m_p + torque @ m_pp
    f_tp = m_t @ d_mt @ m_p + torque @ m_tp
    return grad, np.array([[f_tt, f_tp], [f_tp, f_pp]])


def _downhill(x, hess, field_mt, alpha_h, d_mt):
    """Lowest point of F/M [rad] along the most unstable direction of a stationary point
    ``x`` that is not a minimum, within two scan steps (6 deg) on either side."""
    _, vectors = np.linalg.eigh(hess)
    theta, phi = x[:, None] + np.outer(vectors[:, 0], np.deg2rad(np.linspace(-6.0, 6.0, 1201)))
    u = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)])
    energy = (0.5 * np.einsum("in,ij,jn->n", u, d_mt, u)
              - field_mt * np.sin(theta) * np.cos(phi - alpha_h))
    k = int(np.argmin(energy))
    return np.array([theta[k], phi[k]])


def _scan_grid():
    """The 3 deg (theta, phi) scan grid of :func:`_equilibrium` [rad], sin(theta) and the
    unit vectors m on it, shape (3, 60, 120) (read-only arrays)."""
    theta, phi = np.meshgrid(np.deg2rad(np.arange(1.5, 180.0, 3.0)),
                             np.deg2rad(np.arange(0.0, 360.0, 3.0)), indexing="ij")
    sin_theta = np.sin(theta)
    u = np.stack([sin_theta * np.cos(phi), sin_theta * np.sin(phi), np.cos(theta)])
    for array in (theta, phi, sin_theta, u):
        array.setflags(write=False)
    return theta, phi, sin_theta, u


def _equilibrium(field_mt, alpha_h, d_mt, scan_grid):
    """Global minimum (theta, phi) [rad] of F/M and the Hessian there.

    The energy is scanned on a (theta, phi) grid of 3 deg for the global minimum, which
    Newton then refines; the result must be a minimum (positive-definite Hessian). Newton
    finds stationary points of any kind: one that is not a minimum (a scan point next to a
    saddle, e.g. a field just below the saturation field of a hard axis, where two minima
    lie within a scan step of the saddle between them) is left by :func:`_downhill` and
    Newton restarted. ``scan_grid`` is :func:`_scan_grid`'s (computed once by the caller,
    which scans at ~70 fields per angle).
    """
    theta, phi, sin_theta, u = scan_grid
    energy = (0.5 * np.einsum("i...,ij,j...->...", u, d_mt, u)
              - field_mt * sin_theta * np.cos(phi - alpha_h))
    best = np.unravel_index(int(np.argmin(energy)), energy.shape)
    x = np.array([theta[best], phi[best]])
    for _ in range(100):
        grad, hess = _angular_derivatives(x[0], x[1], field_mt, alpha_h, d_mt)
        step = np.linalg.solve(hess, grad)
        x -= step
        if np.max(np.abs(step)) < 1e-13:
            if np.all(np.linalg.eigvalsh(hess) > 0):
                return x, hess
            x = _downhill(x, hess, field_mt, alpha_h, d_mt)
    raise RuntimeError(f"resonance_field_general: no stable equilibrium (H = {field_mt} mT)")


def resonance_field_general(alpha_h_deg, d_mt: np.ndarray, frequency_ghz: float = 9.45,
                            g: float = 2.0, convention: str = "paper",
                            field_range_mt: tuple[float, float] = (1.0, 3000.0)) -> np.ndarray:
    r"""H_res(alpha_H) for H in the xy-plane and a full tensor mu0 M D, Dxz and Dyz included.

    Parameters
    ----------
    alpha_h_deg : array_like
        In-plane field angles [deg].
    d_mt : numpy.ndarray, shape (3, 3)
        mu0 M D [mT] (symmetric; A = Dxx + Dyy, B = Dxx - Dyy, C = Dxy in these units).
    frequency_ghz, g : float
        Microwave frequency [GHz] and g-factor [1].
    convention : {"paper", "standard"}
        As :func:`resonance_field`: ``"paper"`` uses -D.
    field_range_mt : tuple of float
        Bracket of the resonance field [mT].

    Returns
    -------
    numpy.ndarray
        mu0 H_res [mT].

    Notes
    -----
    The general Suhl-Smit condition
    :math:`(\omega/\gamma)^2 = (F_{\theta\theta}F_{\varphi\varphi} - F_{\theta\varphi}^2)
    / (M\sin\theta)^2` at the equilibrium (theta, phi) of the full free energy, which M
    leaves the xy-plane when Dxz or Dyz is non-zero (the paper's Eq. S3, not printed). The
    equilibrium is the global minimum of F (grid scan, then Newton in both angles), and
    the condition is solved for H by bracketing on the highest-field root.
    """
    from scipy.optimize import brentq

    d = _sign(convention) * np.asarray(d_mt, dtype=float)
    d = 0.5 * (d + d.T)
    h0 = resonance_field_isotropic_mt(frequency_ghz, g)
    scan_grid = _scan_grid()
    out = []
    for ah in np.deg2rad(np.atleast_1d(np.asarray(alpha_h_deg, dtype=float))):
        def resid(h):
            x, hess = _equilibrium(h, ah, d, scan_grid)
            det = hess[0, 0] * hess[1, 1] - hess[0, 1] ** 2
            return np.sign(det) * np.sqrt(abs(det)) / np.sin(x[0]) - h0

        hs = np.linspace(*field_range_mt, 60)
        r = np.array([resid(h) for h in hs])
        k = np.nonzero(np.sign(r[:-1]) != np.sign(r[1:]))[0]
        if k.size == 0:
            raise RuntimeError(f"resonance_field_general: no resonance in {field_range_mt} mT")
        out.append(brentq(resid, hs[k[-1]], hs[k[-1] + 1], xtol=1e-10))
    return np.array(out)
