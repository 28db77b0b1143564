r"""Dipolar free energy of random magnetic dipoles and its effective tensor (Eqs. 1-3, Fig. 3).

For ``n`` mutually aligned point dipoles of moment ``m`` along the unit vector
:math:`\hat M` in a volume ``V``, Eq. 2 of the paper reads (double sum over ``i != j``, no
factor 1/2, taken literally)

.. math::

    F_\mathrm{dip}(\hat M) = \frac{\mu_0 m^2}{4\pi V} \sum_i \sum_{j\ne i}
        \frac{1 - 3(\hat r_{ij}\cdot\hat M)^2}{r_{ij}^3}
      = \frac{\mu_0 m^2}{4\pi V}\, \hat M\cdot S\cdot\hat M,
    \qquad S = \sum_i\sum_{j\ne i} \frac{I - 3\hat r_{ij}\hat r_{ij}}{r_{ij}^3}.

``S`` is exactly traceless. Eq. 3, :math:`F_\mathrm{eff} = (\mu_0/2) M\cdot D\cdot M` with
``M = n m / V``, is therefore exact with the closed form

.. math::  D = \frac{V S}{2\pi n^2},\qquad \mu_0 M D = \frac{\mu_0 m}{2\pi n} S,

so ``A = mu0 M (Dxx + Dyy)``, ``B = mu0 M (Dxx - Dyy)``, ``C = mu0 M Dxy`` do not depend on
``V``. Lengths are in nm throughout, energies densities in J/m^3, fields mu0 H in mT.
"""

from __future__ import annotations

import numpy as np

from nanomag.constants import BOHR_MAGNETON_J_PER_T, MU0_T_M_PER_A
from nanomag.io import Table

NM3_PER_M3 = 1e27

PLANES = ("xy", "xz", "yz")


def _pair_arrays(positions: np.ndarray):
    """Squared distances and difference vectors of all ordered pairs (diagonal excluded)."""
    x = np.asarray(positions, dtype=float)
    diff = x[:, None, :] - x[None, :, :]
    r2 = np.einsum("ijk,ijk->ij", diff, diff)
    np.fill_diagonal(r2, np.inf)
    return diff, r2


def dipolar_tensor_sum(positions: np.ndarray, double_count: bool = True) -> np.ndarray:
    r"""Geometric dipolar tensor :math:`S = \sum_{i\ne j} (I - 3\hat r\hat r)/r^3`.

    Parameters
    ----------
    positions : numpy.ndarray, shape (n, 3)
        Dipole positions [nm].
    double_count : bool
        ``True`` (Eq. 2 literally): sum over ordered pairs ``i != j``, every pair twice.
        ``False``: every unordered pair once (the usual 1/2-corrected pair energy).

    Returns
    -------
    numpy.ndarray, shape (3, 3)
        Symmetric, traceless tensor [nm^-3].

    Raises
    ------
    ValueError
        If two dipoles coincide.

    Notes
    -----
    Uses :math:`\sum_{ij} f_{ij} r_{ij} r_{ij}^T = 2 X^T \mathrm{diag}(F 1) X - 2 X^T F X`
    with the symmetric matrix ``f = 3 / r^5`` so that the O(n^2) work is a few array passes
    and two matrix products (BLAS). Coordinates are centred first to limit cancellation.
    """
    x = np.asarray(positions, dtype=float)
    n = x.shape[0]
    if n < 2:
        return np.zeros((3, 3))
    x = x - x.mean(axis=0)
    # squared distances from explicit differences (exact for close pairs)
    r2 = np.zeros((n, n))
    for k in range(3):
        d = x[:, k, None] - x[None, :, k]
        d *= d
        r2 += d
    np.fill_diagonal(r2, np.inf)
    if not np.all(r2 > 0):
        raise ValueError("dipolar_tensor_sum: two dipoles coincide")
    inv = 1.0 / r2
    f3 = inv * np.sqrt(inv)
    f5 = f3 * inv
    rowsum5 = f5.sum(axis=1)
    outer = 2.0 * (x.T * rowsum5) @ x - 2.0 * x.T @ (f5 @ x)
    s = f3.sum() * np.eye(3) - 3.0 * outer
    s = 0.5 * (s + s.T)
    return s if double_count else 0.5 * s


def dipolar_tensor_sum_direct(positions: np.ndarray, double_count: bool = True) -> np.ndarray:
    """Reference implementation of :func:`dipolar_tensor_sum` by explicit pair vectors.

    Parameters
    ----------
    positions : numpy.ndarray, shape (n, 3)
        Dipole positions [nm].
    double_count : bool
        As in :func:`dipolar_tensor_sum`.

    Returns
    -------
    numpy.ndarray, shape (3, 3)
        [nm^-3]
    """
    diff, r2 = _pair_arrays(positions)
    r = np.sqrt(r2)
    rhat = diff / r[..., None]          # the diagonal (r = inf) gives 0
    w = 1.0 / r**3
    s = np.eye(3) * w.sum() - 3.0 * np.einsum("ij,ija,ijb->ab", w, rhat, rhat)
    return s if double_count else 0.5 * s


def dipole_moment_j_per_t(moment_mu_b: float) -> float:
    """Dipole moment [J/T] from its value in Bohr magnetons [mu_B]."""
    return float(moment_mu_b) * BOHR_MAGNETON_J_PER_T


def dipolar_free_energy(positions: np.ndarray, directions: np.ndarray, moment_mu_b: float,
                        volume_nm3: float, double_count: bool = True,
                        block: int = 16) -> np.ndarray:
    r"""Brute-force dipolar free-energy density of Eq. 2 for given orientations of M.

    Parameters
    ----------
    positions : numpy.ndarray, shape (n, 3)
        Dipole positions [nm].
    directions : numpy.ndarray, shape (k, 3)
        Unit vectors of the magnetization [1].
    moment_mu_b : float
        Moment of one dipole [mu_B].
    volume_nm3 : float
        Sample volume V [nm^3].
    double_count : bool
        Sum over ordered pairs (Eq. 2 literally) or over unordered pairs.
    block : int
        Orientations evaluated per pass (memory control only).

    Returns
    -------
    numpy.ndarray, shape (k,)
        :math:`F_\mathrm{dip}` [J/m^3], evaluated pair by pair without the tensor identity.
    """
    x = np.asarray(positions, dtype=float)
    u = np.atleast_2d(np.asarray(directions, dtype=float))
    u = u / np.linalg.norm(u, axis=1, keepdims=True)
    i, j = np.triu_indices(x.shape[0], k=1)
    d = x[j] - x[i]
    r = np.sqrt(np.einsum("pk,pk->p", d, d))
    rhat_t = np.ascontiguousarray((d / r[:, None]).T)     # (3, n_pairs)
    w = 1.0 / r**3
    out = np.empty(u.shape[0])
    wsum = w.sum()
    for start in range(0, u.shape[0], block):
        cos = u[start:start + block] @ rhat_t                # (block, n_pairs)
        np.square(cos, out=cos)
        out[start:start + block] = wsum - 3.0 * (cos @ w)
    if double_count:
        out *= 2.0
    m = dipole_moment_j_per_t(moment_mu_b)
    prefactor = MU0_T_M_PER_A * m**2 / (4.0 * np.pi * volume_nm3 / NM3_PER_M3)
    return prefactor * out * NM3_PER_M3


def magnetization_a_per_m(n_dipoles: int, moment_mu_b: float, volume_nm3: float) -> float:
    """Saturation magnetization M = n m / V [A/m]."""
    return n_dipoles * dipole_moment_j_per_t(moment_mu_b) / (volume_nm3 / NM3_PER_M3)


def effective_tensor(positions: np.ndarray, volume_nm3: float,
                     double_count: bool = True) -> np.ndarray:
    r"""Closed-form effective tensor D of Eq. 3, :math:`D = V S / (2\pi n^2)`.

    Parameters
    ----------
    positions : numpy.ndarray, shape (n, 3)
        Dipole positions [nm].
    volume_nm3 : float
        Sample volume V [nm^3].
    double_count : bool
        Pair-counting convention of Eq. 2 (see :func:`dipolar_tensor_sum`).

    Returns
    -------
    numpy.ndarray, shape (3, 3)
        D [1], symmetric and traceless.
    """
    n = np.asarray(positions).shape[0]
    return volume_nm3 * dipolar_tensor_sum(positions, double_count) / (2.0 * np.pi * n**2)


def fit_effective_tensor(directions: np.ndarray, f_dip_j_per_m3: np.ndarray,
                         magnetization: float, traceless: bool):
    r"""Least-squares fit of Eq. 3, :math:`F = (\mu_0/2) M^2 \hat M\cdot D\cdot\hat M`.

    Parameters
    ----------
    directions : numpy.ndarray, shape (k, 3)
        Unit vectors of M at which F was sampled [1].
    f_dip_j_per_m3 : numpy.ndarray, shape (k,)
        Sampled dipolar energy density [J/m^3].
    magnetization : float
        M [A/m].
    traceless : bool
        Impose ``Dxx + Dyy + Dzz = 0`` (5 parameters) instead of fitting all 6.

    Returns
    -------
    d_tensor : numpy.ndarray, shape (3, 3)
        Fitted D [1].
    rel_rms : float
        RMS residual divided by the RMS of the data [1].

    Raises
    ------
    RuntimeError
        If the orientations do not determine D (rank-deficient design matrix).
    """
    u = np.asarray(directions, dtype=float)
    f = np.asarray(f_dip_j_per_m3, dtype=float)
    scale = 0.5 * MU0_T_M_PER_A * magnetization**2
    x, y, z = u.T
    if traceless:
        # D = [[a, d, e], [d, b, g], [e, g, -a-b]]
        cols = [x**2 - z**2, y**2 - z**2, 2 * x * y, 2 * x * z, 2 * y * z]
    else:
        cols = [x**2, y**2, z**2, 2 * x * y, 2 * x * z, 2 * y * z]
    design = scale * np.stack(cols, axis=1)
    coef, _, rank, _ = np.linalg.lstsq(design, f, rcond=None)
    if rank < design.shape[1]:
        raise RuntimeError(f"fit_effective_tensor: orientations do not determine D "
                           f"(rank {rank} < {design.shape[1]}, traceless={traceless})")
    if traceless:
        a, b, dxy, dxz, dyz = coef
        c = -a - b
    else:
        a, b, c, dxy, dxz, dyz = coef
    d_tensor = np.array([[a, dxy, dxz], [dxy, b, dyz], [dxz, dyz, c]])
    resid = f - design @ coef
    rel_rms = float(np.sqrt(np.mean(resid**2)) / np.sqrt(np.mean(f**2)))
    return d_tensor, rel_rms


def anisotropy_parameters(d_tensor: np.ndarray, magnetization: float) -> tuple[float, float, float]:
    """A, B, C of Eq. 4 from D and M.

    Parameters
    ----------
    d_tensor : numpy.ndarray, shape (3, 3)
        Effective tensor D [1].
    magnetization : float
        M [A/m].

    Returns
    -------
    a_mt, b_mt, c_mt : float
        ``A = mu0 M (Dxx + Dyy)``, ``B = mu0 M (Dxx - Dyy)``, ``C = mu0 M Dxy`` [mT].
    """
    k = MU0_T_M_PER_A * magnetization * 1e3
    d = np.asarray(d_tensor)
    return (float(k * (d[0, 0] + d[1, 1])), float(k * (d[0, 0] - d[1, 1])),
            float(k * d[0, 1]))


def tensor_field_scale_mt_nm3(moment_mu_b: float) -> float:
    """The constant mu0 m / (2 pi) [mT nm^3] that turns S / n into mu0 M D."""
    return MU0_T_M_PER_A * dipole_moment_j_per_t(moment_mu_b) * NM3_PER_M3 * 1e3 / (2 * np.pi)


def anisotropy_from_tensor_sum(s_tensor: np.ndarray, n_dipoles, moment_mu_b: float):
    """A, B, C [mT] from the geometric tensor S [nm^-3] of ``n_dipoles`` dipoles.

    Parameters
    ----------
    s_tensor : numpy.ndarray, shape (..., 3, 3)
        Tensor S of :func:`dipolar_tensor_sum` [nm^-3].
    n_dipoles : int or numpy.ndarray
        Number of dipoles n [1].
    moment_mu_b : float
        Moment of one dipole [mu_B].

    Returns
    -------
    a_mt, b_mt, c_mt : numpy.ndarray or float
        [mT]; ``mu0 M D = (mu0 m / 2 pi n) S`` (the volume cancels).
    """
    s = np.asarray(s_tensor)
    k = tensor_field_scale_mt_nm3(moment_mu_b) / np.asarray(n_dipoles, dtype=float)
    return (k * (s[..., 0, 0] + s[..., 1, 1]), k * (s[..., 0, 0] - s[..., 1, 1]),
            k * s[..., 0, 1])


def cylinder_radius_nm(volume_nm3: float) -> float:
    """Radius [nm] of a cylinder whose height equals its diameter and volume is given [nm^3]."""
    return float((volume_nm3 / (2.0 * np.pi)) ** (1.0 / 3.0))


def random_points_in_cylinder(rng: np.random.Generator, n: int, volume_nm3: float) -> np.ndarray:
    """Uniform random points in a cylinder (axis z, centred at 0, height = diameter).

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Number of points.
    volume_nm3 : float
        Cylinder volume [nm^3].

    Returns
    -------
    numpy.ndarray, shape (n, 3)
        Positions [nm].
    """
    rc = cylinder_radius_nm(volume_nm3)
    rho = rc * np.sqrt(rng.random(n))
    phi = 2.0 * np.pi * rng.random(n)
    z = rc * (2.0 * rng.random(n) - 1.0)
    return np.stack([rho * np.cos(phi), rho * np.sin(phi), z], axis=1)


def plane_directions(plane: str, angles_deg: np.ndarray) -> np.ndarray:
    """Unit vectors of M rotating in a coordinate plane.

    Parameters
    ----------
    plane : {"xy", "xz", "yz"}
        The angle is measured from the first axis towards the second.
    angles_deg : numpy.ndarray
        Rotation angle [deg].

    Returns
    -------
    numpy.ndarray, shape (k, 3)
        [1]
    """
    a = np.deg2rad(np.asarray(angles_deg, dtype=float))
    out = np.zeros((a.size, 3))
    first, second = "xyz".index(plane[0]), "xyz".index(plane[1])
    out[:, first] = np.cos(a)
    out[:, second] = np.sin(a)
    return out


def random_arrangement(seed: int, arrangement: int, n_dipoles: int, density_per_nm3: float):
    """The Fig. 3 dipole arrangement number ``arrangement`` (uniform in a D = H cylinder).

    Returns
    -------
    positions : numpy.ndarray, shape (n, 3)
        [nm]
    volume_nm3 : float
        ``n_dipoles / density_per_nm3`` [nm^3].
    """
    volume = n_dipoles / density_per_nm3
    rng = np.random.default_rng([int(seed), int(arrangement)])
    return random_points_in_cylinder(rng, n_dipoles, volume), volume


def _fig3_fit(seed, arrangement, n_dipoles, density, moment_mu_b, step_deg, double_count):
    pos, volume = random_arrangement(seed, arrangement, n_dipoles, density)
    angles = np.arange(0.0, 360.0, step_deg)
    dirs = np.concatenate([plane_directions(p, angles) for p in PLANES])
    f = dipolar_free_energy(pos, dirs, moment_mu_b, volume, double_count)
    mag = magnetization_a_per_m(n_dipoles, moment_mu_b, volume)
    return pos, volume, angles, dirs, f, mag


def dipolar_energy_table(params: dict) -> Table:
    """Fig. 3 (b-d): F_dip of three random arrangements vs orientation of M, with the Eq. 3 fit.

    Parameters
    ----------
    params : dict
        ``seed`` [1], ``n_arrangements`` [1], ``n_dipoles`` [1], ``density_per_nm3``
        [nm^-3], ``moment_mu_b`` [mu_B], ``sample_step_deg`` [deg] (orientations where the
        brute-force Eq. 2 is evaluated and fitted), ``curve_points`` [1] (points per plane of
        the fitted F_eff curve), ``double_count`` [bool].

    Returns
    -------
    Table
        One row per (arrangement, plane, angle). ``f_dip_j_per_m3`` is the brute-force Eq. 2
        (only on sampled rows, ``sampled == 1``; elsewhere it repeats F_eff and must not be
        drawn), ``f_eff_j_per_m3`` the fitted Eq. 3, ``f_closed_j_per_m3`` Eq. 3 with the
        closed-form D.
    """
    import pandas as pd

    frames = []
    n_curve = int(params["curve_points"])
    for arr in range(int(params["n_arrangements"])):
        pos, volume, angles, dirs, f, mag = _fig3_fit(
            params["seed"], arr, int(params["n_dipoles"]), float(params["density_per_nm3"]),
            float(params["moment_mu_b"]), float(params["sample_step_deg"]),
            bool(params["double_count"]))
        d_fit, rel = fit_effective_tensor(dirs, f, mag, traceless=True)
        d_closed = effective_tensor(pos, volume, bool(params["double_count"]))
        scale = 0.5 * MU0_T_M_PER_A * mag**2
        all_angles = np.unique(np.concatenate([angles, np.linspace(0.0, 360.0, n_curve)]))
        sampled = np.isin(all_angles, angles)
        for ip, plane in enumerate(PLANES):
            u = plane_directions(plane, all_angles)
            f_eff = scale * np.einsum("ka,ab,kb->k", u, d_fit, u)
            f_dip = f_eff.copy()
            f_dip[sampled] = f[ip * angles.size:(ip + 1) * angles.size]
            frames.append(pd.DataFrame({
                "arrangement": arr, "plane": plane, "angle_deg": all_angles,
                "sampled": sampled.astype("int64"), "f_dip_j_per_m3": f_dip,
                "f_eff_j_per_m3": f_eff,
                "f_closed_j_per_m3": scale * np.einsum("ka,ab,kb->k", u, d_closed, u),
                "fit_rel_rms": rel}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"arrangement": "1", "plane": "label", "angle_deg": "deg", "sampled": "1",
             "f_dip_j_per_m3": "J/m^3", "f_eff_j_per_m3": "J/m^3",
             "f_closed_j_per_m3": "J/m^3", "fit_rel_rms": "1"}
    return Table(frame, units, "Fig. 3: dipolar energy density of random dipoles in a "
                 "cylinder vs orientation of M, brute-force Eq. 2 and Eq. 3 fits")
