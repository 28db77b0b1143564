r"""Computer-generated ensembles of ligand-capped CdSe nanocrystals (Figs. 4 and 5).

Model of the paper's Section 2 (after Eq. 5), with every choice the text leaves open made a
named option (see ``docs/model-notes/emr_anisotropy.md``):

* ``n_nc`` spheres of diameter ``d_NC`` (2.7 nm) are aggregated one by one in a cylinder with
  height = diameter whose volume gives the NC volume fraction 0.2; the NC *centres* are
  confined to the cylinder (whole spheres do not fit for small ``n_nc``).
* Each new NC touches a randomly chosen, already placed NC ("parent"). The two ligand-shell
  thicknesses at the contact, one per NC at its point P' nearest to the contact point P, are
  drawn from a normal distribution (mean = width = 0.3 nm) truncated at 0; the centre
  distance is ``d_NC + d_parent + d_child``. Candidates outside the cylinder or closer than
  ``d_NC + non_parent_gap`` to any other NC are rejected.
* Ten dipoles are placed uniformly on every NC surface, at least 0.26 nm (the CdSe bond
  length) apart within each NC.
* For every contact side whose ligand thickness is below 0.3 nm one extra dipole is added on
  that NC's surface, its direction drawn from the Fisher distribution
  :math:`P(\hat r) = \kappa e^{\kappa\,\hat\mu\cdot\hat r}/(4\pi\sinh\kappa)` with
  :math:`\kappa = 3` and :math:`\hat\mu` pointing to P'.
* A, B, C follow from the closed-form tensor, ``mu0 M D = (mu0 m / 2 pi n) S``.

Random numbers: every ensemble has its own generator
``numpy.random.default_rng([seed, n_nc, ensemble_index])``, so a chunk of ensembles gives the
same samples whatever the chunking.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.emr_anisotropy.dipolar import anisotropy_from_tensor_sum, cylinder_radius_nm
from nanomag.io import Table

#: Default model options (the paper's values where it gives them).
DEFAULTS = {
    "nc_diameter_nm": 2.7,
    "volume_fraction": 0.2,
    "ligand_mean_nm": 0.3,
    "ligand_sd_nm": 0.3,
    "ligand_truncation": "truncated",   # "truncated" (redraw negatives) or "clip" (set to 0)
    "dipoles_per_nc": 10,
    "min_dipole_distance_nm": 0.26,
    "extra_threshold_nm": 0.3,
    "fisher_kappa": 3.0,
    "extra_obeys_min_distance": False,
    "non_parent_gap_nm": 0.6,
    "confine": "centres",               # "centres" or "spheres"
    "moment_mu_b": 1.73,
    "double_count": True,
    "placement_block": 8,
    "max_placement_blocks": 2000,
    "dominance_tolerance": 0.5,
    "dominance_max_pairs": 10,
    "batch_size": 250,
}


def _opts(params: dict) -> dict:
    out = dict(DEFAULTS)
    out.update({k: v for k, v in params.items() if k in DEFAULTS})
    return out


# ----------------------------------------------------------------------------- samplers
def ligand_thickness_density(d_nm: np.ndarray, mean_nm: float, sd_nm: float,
                             truncation: str) -> np.ndarray:
    """Probability density of the ligand thickness (Fig. 4b) [1/nm].

    Parameters
    ----------
    d_nm : array_like
        Thickness [nm].
    mean_nm, sd_nm : float
        Mean and width of the parent normal distribution [nm].
    truncation : {"truncated", "clip"}
        ``"truncated"``: the normal restricted to d >= 0 (negative draws redrawn);
        ``"clip"``: negative draws set to 0, whose point mass at 0 is not included in the
        returned density.
    """
    from scipy.special import ndtr

    d = np.asarray(d_nm, dtype=float)
    gauss = np.exp(-0.5 * ((d - mean_nm) / sd_nm) ** 2) / (sd_nm * np.sqrt(2 * np.pi))
    norm = 1.0 - ndtr(-mean_nm / sd_nm) if truncation == "truncated" else 1.0
    return np.where(d >= 0, gauss / norm, 0.0)


def fisher_cos_density(cos_theta: np.ndarray, kappa: float) -> np.ndarray:
    r"""Density of :math:`\cos\theta` for the Fisher distribution [1].

    :math:`p(w) = \kappa e^{\kappa w} / (2\sinh\kappa)` on ``[-1, 1]`` (the solid-angle
    density :math:`C(\kappa) e^{\kappa w}`, :math:`C = \kappa / (4\pi\sinh\kappa)`, times
    :math:`2\pi`).
    """
    w = np.asarray(cos_theta, dtype=float)
    return kappa * np.exp(kappa * (w - 1.0)) / (1.0 - np.exp(-2.0 * kappa))


def fisher_solid_angle_density(cos_theta: np.ndarray, kappa: float) -> np.ndarray:
    r"""Fisher density per solid angle [1/sr].

    :math:`P = \kappa e^{\kappa\cos\theta}/(4\pi\sinh\kappa)`, written with
    :math:`e^{\kappa(\cos\theta - 1)}` to avoid overflow.
    """
    w = np.asarray(cos_theta, dtype=float)
    return kappa * np.exp(kappa * (w - 1.0)) / (2.0 * np.pi * (1.0 - np.exp(-2.0 * kappa)))


def _row_norms(v: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row of ``v`` (k, 3), shape (k, 1), in the units of ``v``.

    The arithmetic of ``np.linalg.norm(v, axis=1, keepdims=True)`` (same bits) without its
    argument handling, which costs more than the sum for a few hundred rows.
    """
    return np.sqrt(np.add.reduce(v * v, axis=1, keepdims=True))


def _orthonormal_frames(mu: np.ndarray):
    """Two unit vectors perpendicular to each row of ``mu`` (unit vectors).

    ``e2 = mu x e1`` is written out component by component, the arithmetic of ``np.cross``
    (same bits) without its axis handling.
    """
    helper = np.zeros_like(mu)
    use_x = np.abs(mu[:, 0]) < 0.9
    helper[use_x, 0] = 1.0
    helper[~use_x, 1] = 1.0
    e1 = helper - np.einsum("ij,ij->i", helper, mu)[:, None] * mu
    e1 /= _row_norms(e1)
    e2 = np.stack([mu[:, 1] * e1[:, 2] - mu[:, 2] * e1[:, 1],
                   mu[:, 2] * e1[:, 0] - mu[:, 0] * e1[:, 2],
                   mu[:, 0] * e1[:, 1] - mu[:, 1] * e1[:, 0]], axis=1)
    return e1, e2


def sample_fisher(rng: np.random.Generator, mu: np.ndarray, kappa: float) -> np.ndarray:
    r"""Unit vectors from the Fisher (von Mises-Fisher on S^2) distribution.

    Parameters
    ----------
    rng : numpy.random.Generator
    mu : numpy.ndarray, shape (k, 3)
        Mean directions (unit vectors) [1].
    kappa : float
        Concentration [1], > 0.

    Returns
    -------
    numpy.ndarray, shape (k, 3)
        [1]. Uses :math:`\cos\theta = 1 + \ln(u + (1-u)e^{-2\kappa})/\kappa` (exact inverse
        CDF) and a uniform azimuth; two uniform numbers per vector.
    """
    mu = np.atleast_2d(np.asarray(mu, dtype=float))
    u = rng.random((mu.shape[0], 2))
    w = 1.0 + np.log(u[:, 0] + (1.0 - u[:, 0]) * np.exp(-2.0 * kappa)) / kappa
    w = np.clip(w, -1.0, 1.0)
    phi = 2.0 * np.pi * u[:, 1]
    e1, e2 = _orthonormal_frames(mu)
    st = np.sqrt(1.0 - w**2)
    return (w[:, None] * mu + (st * np.cos(phi))[:, None] * e1
            + (st * np.sin(phi))[:, None] * e2)


def _unit_vectors(rng: np.random.Generator, k: int) -> np.ndarray:
    v = rng.normal(size=(k, 3))
    return v / _row_norms(v)


# ----------------------------------------------------------------------------- packing
def cylinder_for_ensemble(n_nc: int, nc_diameter_nm: float, volume_fraction: float):
    """Volume [nm^3] and radius [nm] (half-height) of the sample cylinder of ``n_nc`` NCs."""
    r = 0.5 * nc_diameter_nm
    volume = n_nc * (4.0 / 3.0) * np.pi * r**3 / volume_fraction
    return volume, cylinder_radius_nm(volume)


def place_nanocrystals_batch(rngs: list, n_nc: int, opts: dict | None = None) -> dict:
    """Random sequential aggregation of ligand-capped NCs, for several ensembles at once.

    Parameters
    ----------
    rngs : list of numpy.random.Generator
        One generator per ensemble; ensemble ``e`` draws only from ``rngs[e]``.
    n_nc : int
        Number of NCs per ensemble [1].
    opts : dict, optional
        Model options (keys of :data:`DEFAULTS`).

    Returns
    -------
    dict
        ``centres`` (E, n_nc, 3) [nm]; ``parent`` (E, n_nc) index of the NC each one touches
        (-1 for the first); ``d_parent_nm``, ``d_child_nm`` (E, n_nc) ligand thickness of the
        parent and of the new NC at their contact [nm] (0 for the first NC); ``contact_dir``
        (E, n_nc, 3) unit vector from the parent centre to the child centre;
        ``cylinder_radius_nm`` [nm].

    Raises
    ------
    RuntimeError
        If no valid position is found within ``max_placement_blocks`` blocks of candidates.

    Notes
    -----
    The first NC is uniform in the allowed region. NC ``k`` is then proposed in blocks of
    ``placement_block`` candidates; each candidate uses six uniform numbers (parent, two for
    the direction, two ligand thicknesses, one spare kept for a fixed block layout), drawn in
    one call from the ensemble's own generator. The first valid candidate of a block is
    taken. The random stream of an ensemble therefore does not depend on which other
    ensembles are processed together (the vectorization is over ensembles and candidates).
    """
    o = _opts(opts or {})
    n_e = len(rngs)
    radius = 0.5 * o["nc_diameter_nm"]
    _, rc = cylinder_for_ensemble(n_nc, o["nc_diameter_nm"], o["volume_fraction"])
    if o["confine"] == "centres":
        rho_max, z_max = rc, rc
    elif o["confine"] == "spheres":
        rho_max, z_max = rc - radius, rc - radius
        if rho_max <= 0:
            raise RuntimeError(f"place_nanocrystals: NCs do not fit in the cylinder "
                               f"(n_nc={n_nc}, confine='spheres', radius {rc:.3f} nm)")
    else:
        raise ValueError(f"unknown confine {o['confine']!r}")
    from scipy.special import ndtr, ndtri

    mean, sd = o["ligand_mean_nm"], o["ligand_sd_nm"]
    p0 = ndtr(-mean / sd) if o["ligand_truncation"] == "truncated" else 0.0
    if o["ligand_truncation"] not in ("truncated", "clip"):
        raise ValueError(f"unknown ligand_truncation {o['ligand_truncation']!r}")
    block = int(o["placement_block"])
    min_sep2 = (2 * radius + o["non_parent_gap_nm"]) ** 2
    centres = np.zeros((n_e, n_nc, 3))
    parent = np.full((n_e, n_nc), -1)
    d_par = np.zeros((n_e, n_nc))
    d_chi = np.zeros((n_e, n_nc))
    cdir = np.zeros((n_e, n_nc, 3))
    u = np.stack([g.random(3) for g in rngs])
    centres[:, 0] = np.stack([rho_max * np.sqrt(u[:, 0]) * np.cos(2 * np.pi * u[:, 1]),
                              rho_max * np.sqrt(u[:, 0]) * np.sin(2 * np.pi * u[:, 1]),
                              z_max * (2 * u[:, 2] - 1)], axis=1)
    coords = [np.ascontiguousarray(centres[..., ax]) for ax in range(3)]
    for k in range(1, n_nc):
        pending = np.arange(n_e)
        for _ in range(int(o["max_placement_blocks"])):
            u = np.empty((pending.size, block, 6))
            for q, e in enumerate(pending.tolist()):
                rngs[e].random(out=u[q])
            par = np.minimum((u[..., 0] * k).astype(int), k - 1)
            cz = 2.0 * u[..., 1] - 1.0
            sz = np.sqrt(1.0 - cz**2)
            ph = 2.0 * np.pi * u[..., 2]
            v = np.stack([sz * np.cos(ph), sz * np.sin(ph), cz], axis=-1)
            d = mean + sd * ndtri(p0 + u[..., 3:5] * (1.0 - p0))
            if o["ligand_truncation"] == "clip":
                d = np.maximum(d, 0.0)
            base = centres[pending[:, None], par]                        # (P, block, 3)
            c = base + (2 * radius + d[..., 0] + d[..., 1])[..., None] * v
            ok = (c[..., 0] ** 2 + c[..., 1] ** 2 <= rho_max**2) & (np.abs(c[..., 2]) <= z_max)
            # squared distances to the placed NCs, (P, block, k): the sum over the axes in
            # the order x, y, z
            placed = [(xc[:, None, :k] if pending.size == n_e else xc[pending, None, :k])
                      for xc in coords]
            dist2 = np.subtract(c[..., 0, None], placed[0])
            dist2 *= dist2
            t = np.empty_like(dist2)
            for ax in (1, 2):
                np.subtract(c[..., ax, None], placed[ax], out=t)
                t *= t
                dist2 += t
            np.put_along_axis(dist2, par[..., None], np.inf, axis=2)
            ok &= dist2.min(axis=2) >= min_sep2
            has = ok.any(axis=1)
            b = np.argmax(ok, axis=1)
            sel, pb = pending[has], b[has]
            rows = np.nonzero(has)[0]
            centres[sel, k] = c[rows, pb]
            parent[sel, k] = par[rows, pb]
            d_par[sel, k] = d[rows, pb, 0]
            d_chi[sel, k] = d[rows, pb, 1]
            cdir[sel, k] = v[rows, pb]
            for ax in range(3):
                coords[ax][sel, k] = centres[sel, k, ax]
            pending = pending[~has]
            if pending.size == 0:
                break
        else:
            raise RuntimeError(
                f"place_nanocrystals: no valid position for NC {k} after "
                f"{o['max_placement_blocks']} blocks (n_nc={n_nc}, "
                f"volume_fraction={o['volume_fraction']}, "
                f"non_parent_gap_nm={o['non_parent_gap_nm']}, confine={o['confine']})")
    return {"centres": centres, "parent": parent, "d_parent_nm": d_par, "d_child_nm": d_chi,
            "contact_dir": cdir, "cylinder_radius_nm": rc}


def place_nanocrystals(rng: np.random.Generator, n_nc: int, opts: dict | None = None) -> dict:
    """One ensemble of :func:`place_nanocrystals_batch` (same samples as in a batch).

    Returns
    -------
    dict
        As :func:`place_nanocrystals_batch` without the leading ensemble axis.
    """
    out = place_nanocrystals_batch([rng], n_nc, opts)
    return {k: (v[0] if isinstance(v, np.ndarray) else v) for k, v in out.items()}


def surface_directions(rng: np.random.Generator, n_nc: int, n_per_nc: int, radius_nm: float,
                       min_distance_nm: float, max_rounds: int = 10000) -> np.ndarray:
    """Uniform points on each NC surface with a minimum chord distance within each NC.

    Parameters
    ----------
    rng : numpy.random.Generator
    n_nc : int
        Number of NCs [1].
    n_per_nc : int
        Dipoles per NC [1].
    radius_nm : float
        NC radius [nm].
    min_distance_nm : float
        Minimum distance between two dipoles of the same NC [nm].
    max_rounds : int
        Rejection rounds allowed per slot.

    Returns
    -------
    numpy.ndarray, shape (n_nc, n_per_nc, 3)
        Unit vectors from the NC centre [1].

    Raises
    ------
    RuntimeError
        If the rejection sampling does not finish (too many dipoles for the distance).

    Notes
    -----
    Sequential random addition, slot by slot, vectorized over NCs: a candidate closer than
    ``min_distance_nm`` to an accepted dipole of its NC is redrawn.
    """
    dirs = np.zeros((n_nc, n_per_nc, 3))
    # chord^2 = 2 R^2 (1 - cos) >= dmin^2  <=>  cos <= 1 - dmin^2 / (2 R^2)
    cos_max = 1.0 - min_distance_nm**2 / (2.0 * radius_nm**2)
    for s in range(n_per_nc):
        pending = np.arange(n_nc)
        for _ in range(max_rounds):
            v = _unit_vectors(rng, pending.size)
            if s > 0:
                cos = np.einsum("pj,psj->ps", v, dirs[pending, :s])
                ok = np.logical_and.reduce(cos <= cos_max, axis=1)
            else:
                ok = np.ones(pending.size, dtype=bool)
            dirs[pending[ok], s] = v[ok]
            pending = pending[~ok]
            if pending.size == 0:
                break
        else:
            raise RuntimeError(f"surface_directions: rejection sampling did not finish "
                               f"(n_per_nc={n_per_nc}, radius_nm={radius_nm}, "
                               f"min_distance_nm={min_distance_nm})")
    return dirs


def generate_ensemble(rng: np.random.Generator, n_nc: int, opts: dict | None = None,
                      pack: dict | None = None) -> dict:
    """One NC ensemble with its surface dipoles.

    Parameters
    ----------
    rng : numpy.random.Generator
        This ensemble's own generator.
    n_nc : int
        Number of NCs [1].
    opts : dict, optional
        Model options (keys of :data:`DEFAULTS`).
    pack : dict, optional
        A packing already drawn from ``rng`` (one ensemble of
        :func:`place_nanocrystals_batch`); drawn here if omitted.

    Returns
    -------
    dict
        The packing of :func:`place_nanocrystals` plus ``positions`` (n_dip, 3) [nm],
        ``nc_index`` (n_dip,) and ``is_extra`` (n_dip,) bool.
    """
    o = _opts(opts or {})
    radius = 0.5 * o["nc_diameter_nm"]
    pack = dict(place_nanocrystals(rng, n_nc, o) if pack is None else pack)
    n_per = int(o["dipoles_per_nc"])
    dirs = surface_directions(rng, n_nc, n_per, radius, o["min_dipole_distance_nm"])
    centres = pack["centres"]
    positions = [(centres[:, None, :] + radius * dirs).reshape(-1, 3)]
    nc_index = [np.repeat(np.arange(n_nc), n_per)]
    if n_nc > 1:
        # contact sides: parent side (towards the child) and child side (towards the parent)
        kids = np.arange(1, n_nc)
        side_nc = np.concatenate([pack["parent"][kids], kids])
        side_mu = np.concatenate([pack["contact_dir"][kids], -pack["contact_dir"][kids]])
        side_d = np.concatenate([pack["d_parent_nm"][kids], pack["d_child_nm"][kids]])
        fisher = sample_fisher(rng, side_mu, o["fisher_kappa"])
        add = side_d < o["extra_threshold_nm"]
        extra_nc = side_nc[add]
        extra_dir = fisher[add]
        if o["extra_obeys_min_distance"] and extra_nc.size:
            cos_max = 1.0 - o["min_dipole_distance_nm"] ** 2 / (2.0 * radius**2)
            placed = [list(dirs[i]) for i in range(n_nc)]
            for e in range(extra_nc.size):
                nc = extra_nc[e]
                mu = side_mu[add][e][None, :]
                v = extra_dir[e]
                for _ in range(10000):
                    if np.all(np.asarray(placed[nc]) @ v <= cos_max):
                        break
                    v = sample_fisher(rng, mu, o["fisher_kappa"])[0]
                else:
                    raise RuntimeError(f"generate_ensemble: no valid extra dipole position "
                                       f"(n_nc={n_nc}, kappa={o['fisher_kappa']})")
                extra_dir[e] = v
                placed[nc].append(v)
        positions.append(centres[extra_nc] + radius * extra_dir)
        nc_index.append(extra_nc)
    pos = np.concatenate(positions)
    idx = np.concatenate(nc_index)
    is_extra = np.zeros(pos.shape[0], dtype=bool)
    is_extra[n_nc * n_per:] = True
    pack.update({"positions": pos, "nc_index": idx, "is_extra": is_extra})
    return pack


# ----------------------------------------------------------------------------- tensor
def tensor_sum_with_close_pairs(positions: np.ndarray, n_closest: int = 10,
                                block: int = 64):
    r"""Tensor S over unordered pairs and the ``n_closest`` closest pairs.

    Parameters
    ----------
    positions : numpy.ndarray, shape (n, 3)
        Dipole positions [nm], ``n >= 2``.
    n_closest : int
        Number of closest pairs to return [1] (all pairs if there are fewer).
    block : int
        Rows per block of the upper triangle (cache blocking) [1].

    Returns
    -------
    s_unique : numpy.ndarray, shape (3, 3)
        :math:`\sum_{i<j} (I - 3\hat r\hat r)/r^3` [nm^-3].
    pairs_i, pairs_j : numpy.ndarray of int
        The closest pairs (``i < j``), sorted by distance; equal distances in the order of
        ``(i, j)``.
    pairs_r2 : numpy.ndarray
        Their squared distances from the difference vectors [nm^2].

    Raises
    ------
    ValueError
        If two dipoles coincide.

    Notes
    -----
    One pass over the upper triangle, ``block`` rows at a time (a block and its work array
    stay in the cache). The squared distances of a block are one matrix product,
    ``r2_ij = [x_i, |x_i|^2, 1] . [-2 x_j, 1, |x_j|^2]`` with centred coordinates ``x`` (the
    Gram form). With ``f = 1/r^5`` and ``r = x_j - x_i``,
    ``M = sum_{i<j} f r r^T = sum_i w_i x_i x_i^T - C - C^T``: ``w_i`` is the sum of ``f``
    over the pairs of dipole ``i`` (its row and column sums), ``C = X^T (F X)``, and one
    product ``F [X, 1]`` gives ``F X`` and the row sums. As ``tr(M) = sum_{i<j} 1/r^3``,
    ``S = tr(M) I - 3 M``.

    The Gram form loses relative accuracy for close pairs. Every pair with a Gram squared
    distance of at most ``tau`` is left out of the bulk and summed from its difference
    vector (:func:`pair_tensors`); the ``k`` closest pairs are the ``k`` nearest of these.
    ``tau`` is an upper bound of the k-th smallest squared distance of all pairs, the k-th
    smallest over the consecutive pairs ``(i, i + 1)`` (the dipoles of one NC are listed
    together, so the bound is close; ``4 max|x|^2``, which bounds every pair, if there are
    fewer than ``k`` consecutive pairs), plus ``1e-12 max|x|^2``, far above the rounding
    error of the Gram form and of the centring (~50 eps max|x|^2). So every pair within the
    k-th closest distance is summed exactly, and so is every pair of coinciding dipoles
    (Gram r2 = 0 up to rounding): checking the exact distances of these pairs finds
    coinciding dipoles, and every pair left in the bulk has ``r2 > tau >= 0``.
    """
    pos = np.asarray(positions, dtype=float)
    n = pos.shape[0]
    k = min(int(n_closest), n * (n - 1) // 2)
    x = pos - pos.mean(axis=0)
    sq = np.einsum("ij,ij->i", x, x)
    step = pos[1:] - pos[:-1]
    step_r2 = np.einsum("ij,ij->i", step, step)
    bound = np.partition(step_r2, k - 1)[k - 1] if step_r2.size >= k else 4.0 * sq.max()
    tau = bound + 1e-12 * sq.max()
    ones = np.ones((n, 1))
    gram_left = np.hstack([x, sq[:, None], ones])
    gram_right = np.ascontiguousarray(np.hstack([-2.0 * x, ones, sq[:, None]]).T)
    x_one = np.hstack([x, ones])
    row_sums = np.empty((n, 4))         # row i: sum_{j>i} f_ij x_j, sum_{j>i} f_ij
    col_sums = np.zeros(n)              # column j: sum_{i<j} f_ij
    lower = np.tri(block, dtype=bool)
    work = np.empty((2, block * n))      # r2, then 1/r^5; and 1/r of a block
    close_i, close_j = [], []
    for i0 in range(0, n, block):
        i1 = min(i0 + block, n)
        b, m = i1 - i0, n - i0
        flat = work[0, :b * m]
        f = flat.reshape(b, m)
        np.matmul(gram_left[i0:i1], gram_right[:, i0:], out=f)       # r2_ij, j >= i0
        f[:, :b][lower[:b, :b]] = np.inf                              # keep j > i only
        close = np.flatnonzero(flat <= tau)
        flat[close] = np.inf                                           # summed exactly
        close_i.append(i0 + close // m)
        close_j.append(i0 + close % m)
        np.reciprocal(f, out=f)
        inv_r = work[1, :b * m].reshape(b, m)
        np.sqrt(f, out=inv_r)
        f *= f
        f *= inv_r                                                     # 1/r^5
        np.matmul(f, x_one[i0:], out=row_sums[i0:i1])
        col_sums[i0:] += ones[:b, 0] @ f
    xt = np.ascontiguousarray(x.T)
    cross = xt @ row_sums[:, :3]
    outer_sum = (xt * (row_sums[:, 3] + col_sums)) @ x - cross - cross.T      # M (Notes)
    pi = np.concatenate(close_i)
    pj = np.concatenate(close_j)
    d = pos[pj] - pos[pi]
    pr2 = np.einsum("ij,ij->i", d, d)
    if np.any(pr2 <= 0):                # coinciding dipoles are among these pairs (Notes)
        raise ValueError("tensor_sum_with_close_pairs: two dipoles coincide")
    s = np.trace(outer_sum) * np.eye(3) - 3.0 * outer_sum + pair_tensors(pos, pi, pj).sum(axis=0)
    order = np.argsort(pr2, kind="stable")[:k]
    return 0.5 * (s + s.T), pi[order], pj[order], pr2[order]


def pair_tensors(positions: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Tensors (I - 3 r^ r^)/r^3 of the given pairs [nm^-3], shape (k, 3, 3)."""
    d = positions[j] - positions[i]
    r2 = np.einsum("kj,kj->k", d, d)
    r = np.sqrt(r2)
    return (np.eye(3)[None] * r2[:, None, None] - 3.0 * d[:, :, None] * d[:, None, :]) \
        / (r2 * r2 * r)[:, None, None]


def ensemble_anisotropy(ens: dict, opts: dict | None = None) -> dict:
    """A, B, C and the pair-dominance statistics of one ensemble.

    Parameters
    ----------
    ens : dict
        Output of :func:`generate_ensemble`.
    opts : dict, optional
        Model options (``moment_mu_b``, ``double_count``, ``dominance_*``).

    Returns
    -------
    dict
        ``a_mt``, ``b_mt``, ``c_mt`` [mT]; ``n_dipoles``, ``n_extra`` [1];
        ``closest_pair_nm`` [nm]; ``n_dominant_pairs`` [1]: the smallest k such that the k
        closest pairs reproduce S within ``dominance_tolerance`` (Frobenius norm), or
        ``dominance_max_pairs + 1`` if more are needed; ``dominant_with_extra`` [1]: 1 if one
        of those pairs contains an extra dipole; ``dominant_inter_nc_fraction`` [1]: fraction
        of those pairs whose dipoles sit in different NCs; ``closest_pair_inter_nc`` [1];
        ``residual_4_pairs`` [1]: ``||S - S_4|| / ||S||`` with ``S_4`` the sum over the four
        closest pairs.
    """
    o = _opts(opts or {})
    pos = ens["positions"]
    kmax = int(o["dominance_max_pairs"])
    s, pi, pj, pr2 = tensor_sum_with_close_pairs(pos, kmax)     # pairs sorted by distance
    factor = 2.0 if o["double_count"] else 1.0
    n = pos.shape[0]
    a, b, c = anisotropy_from_tensor_sum(factor * s, n, o["moment_mu_b"])
    partial = np.cumsum(pair_tensors(pos, pi, pj), axis=0)
    norm = np.linalg.norm(s)
    eps = np.linalg.norm(s[None] - partial, axis=(1, 2)) / norm
    good = np.nonzero(eps <= o["dominance_tolerance"])[0]
    k_dom = int(good[0]) + 1 if good.size else kmax + 1
    kk = min(k_dom, pi.size)
    extra = ens["is_extra"]
    nci = ens["nc_index"]
    return {
        "a_mt": float(a), "b_mt": float(b), "c_mt": float(c),
        "n_dipoles": int(n), "n_extra": int(extra.sum()),
        "closest_pair_nm": float(np.sqrt(pr2[0])),
        "n_dominant_pairs": k_dom,
        "dominant_with_extra": int(np.any(extra[pi[:kk]] | extra[pj[:kk]])),
        "dominant_inter_nc_fraction": float(np.mean(nci[pi[:kk]] != nci[pj[:kk]]))
        if kk else 0.0,
        "residual_4_pairs": float(eps[min(3, eps.size - 1)]),
        "closest_pair_inter_nc": int(nci[pi[0]] != nci[pj[0]]) if pi.size else 0,
    }


def ensemble_rng(seed: int, n_nc: int, ensemble_index: int) -> np.random.Generator:
    """The generator of one ensemble, ``default_rng([seed, n_nc, ensemble_index])``."""
    return np.random.default_rng([int(seed), int(n_nc), int(ensemble_index)])


def simulate_ensembles(seed: int, n_nc: int, indices, opts: dict | None = None) -> list[dict]:
    """A, B, C (and dominance statistics) of the ensembles ``indices`` with ``n_nc`` NCs.

    Each ensemble depends only on ``(seed, n_nc, index)`` and the model options: the
    packing is vectorized over batches of ``batch_size`` ensembles, each drawing from its own
    generator, then dipoles and tensors are computed ensemble by ensemble.
    """
    o = _opts(opts or {})
    indices = [int(e) for e in indices]
    out = []
    bs = int(o["batch_size"])
    for b0 in range(0, len(indices), bs):
        idx = indices[b0:b0 + bs]
        rngs = [ensemble_rng(seed, n_nc, e) for e in idx]
        packs = place_nanocrystals_batch(rngs, n_nc, o)
        for q, e in enumerate(idx):
            pack = {k: (v[q] if isinstance(v, np.ndarray) else v) for k, v in packs.items()}
            ens = generate_ensemble(rngs[q], n_nc, o, pack=pack)
            res = ensemble_anisotropy(ens, o)
            res.update({"n_nc": int(n_nc), "ensemble": e})
            out.append(res)
    return out


COLUMNS = ["n_nc", "ensemble", "a_mt", "b_mt", "c_mt", "n_dipoles", "n_extra",
           "closest_pair_nm", "n_dominant_pairs", "dominant_with_extra",
           "dominant_inter_nc_fraction", "closest_pair_inter_nc", "residual_4_pairs"]
UNITS = {"n_nc": "1", "ensemble": "1", "a_mt": "mT", "b_mt": "mT", "c_mt": "mT",
         "n_dipoles": "1", "n_extra": "1", "closest_pair_nm": "nm", "n_dominant_pairs": "1",
         "dominant_with_extra": "1", "dominant_inter_nc_fraction": "1",
         "closest_pair_inter_nc": "1", "residual_4_pairs": "1"}


def ensemble_cost_weight(n_nc) -> np.ndarray:
    """Relative run time of one ensemble with ``n_nc`` NCs [1].

    Measured as 1.1 + 0.12 n_nc ms with the first tensor kernel; the one-pass kernel takes
    about 0.65 + 0.053 n_nc ms (1 + 0.08 n_nc), and with these weights the eight Fig. 5
    chunks still cost 2.5-2.9 CPU-s each (2026-11-30), so the chunk edges were kept.
    """
    return 1.0 + 0.11 * np.asarray(n_nc, dtype=float)


def chunk_slice(weights, chunk_index: int, n_chunks: int) -> tuple[int, int]:
    """Contiguous share ``[start, stop)`` of an ordered list of items for one chunk.

    Parameters
    ----------
    weights : int or array_like
        Number of items (equal weights) or the cost weight of every item.
    chunk_index, n_chunks : int
        This chunk and the number of chunks.

    Returns
    -------
    start, stop : int
        The chunks are contiguous, cover all items in order and have about equal total
        weight, so concatenating them in order reproduces the whole list for any
        ``n_chunks``.
    """
    if not 0 <= chunk_index < n_chunks:
        raise ValueError(f"chunk_index {chunk_index} not in [0, {n_chunks})")
    w = np.ones(int(weights)) if np.ndim(weights) == 0 else np.asarray(weights, dtype=float)
    cum = np.cumsum(w)
    total = cum[-1] if cum.size else 0.0

    def edge(k):
        if k <= 0:
            return 0
        if k >= n_chunks:
            return int(w.size)
        return int(np.searchsorted(cum, total * k / n_chunks, side="right"))

    return edge(chunk_index), edge(chunk_index + 1)


def anisotropy_distribution_table(params: dict, chunk_index: int = 0,
                                  n_chunks: int = 1) -> Table:
    """Fig. 5: A, B, C of ``n_ensembles`` random NC ensembles for each ``n_nc`` (one chunk).

    Parameters
    ----------
    params : dict
        ``seed`` [1], ``n_nc_values`` (list of int) [1], ``n_ensembles`` [1] per n_nc, and
        the model options of :data:`DEFAULTS`.
    chunk_index, n_chunks : int
        This chunk and the number of chunks. The global list of ensembles, ordered by
        (n_nc in the given order, ensemble index), is cut into ``n_chunks`` contiguous parts
        of about equal cost (:func:`ensemble_cost_weight`); concatenating the chunks in
        order gives the same table for every ``n_chunks``.

    Returns
    -------
    Table
        One row per ensemble; see :func:`ensemble_anisotropy` for the columns.
    """

    n_nc_values = [int(v) for v in params["n_nc_values"]]
    n_ens = int(params["n_ensembles"])
    weights = ensemble_cost_weight(np.repeat(n_nc_values, n_ens))
    start, stop = chunk_slice(weights, chunk_index, n_chunks)
    rows = []
    for g in range(len(n_nc_values)):
        lo, hi = max(start, g * n_ens), min(stop, (g + 1) * n_ens)
        if lo < hi:
            rows += simulate_ensembles(params["seed"], n_nc_values[g],
                                       range(lo - g * n_ens, hi - g * n_ens), params)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.astype({"n_nc": "int64", "ensemble": "int64", "n_dipoles": "int64",
                          "n_extra": "int64", "n_dominant_pairs": "int64",
                          "dominant_with_extra": "int64", "closest_pair_inter_nc": "int64"})
    return Table(frame, UNITS, "Fig. 5: anisotropy parameters A, B, C of random CdSe NC "
                 "ensembles (one row per ensemble)")


def ligand_thickness_table(params: dict) -> Table:
    """Fig. 4b: probability density of the ligand-shell thickness at a contact point.

    Parameters
    ----------
    params : dict
        ``ligand_mean_nm``, ``ligand_sd_nm`` [nm], ``ligand_truncation``,
        ``thickness_grid`` (grid spec) [nm].

    Returns
    -------
    Table
        ``thickness_nm`` [nm], ``density_per_nm`` [1/nm] (the truncated normal actually
        sampled), ``parent_normal_per_nm`` [1/nm] (the untruncated normal N(mean, sd)).
    """

    from nanomag.config import grid

    o = _opts(params)
    d = grid(params["thickness_grid"])
    gauss = np.exp(-0.5 * ((d - o["ligand_mean_nm"]) / o["ligand_sd_nm"]) ** 2) \
        / (o["ligand_sd_nm"] * np.sqrt(2 * np.pi))
    frame = pd.DataFrame({"thickness_nm": d,
                          "density_per_nm": ligand_thickness_density(
                              d, o["ligand_mean_nm"], o["ligand_sd_nm"], o["ligand_truncation"]),
                          "parent_normal_per_nm": gauss})
    return Table(frame, {"thickness_nm": "nm", "density_per_nm": "1/nm",
                         "parent_normal_per_nm": "1/nm"},
                 "Fig. 4b: ligand-shell thickness density")


def fisher_density_table(params: dict) -> Table:
    """Fig. 4c: Fisher density of the extra dipole's direction around P'.

    Parameters
    ----------
    params : dict
        ``fisher_kappa`` [1], ``angle_grid`` (grid spec) [deg] of the polar angle from P'.

    Returns
    -------
    Table
        ``theta_deg`` [deg], ``density_per_sr`` [1/sr],
        ``density_cos`` [1] (density of cos theta).
    """

    from nanomag.config import grid

    o = _opts(params)
    th = grid(params["angle_grid"])
    w = np.cos(np.deg2rad(th))
    frame = pd.DataFrame({"theta_deg": th,
                          "density_per_sr": fisher_solid_angle_density(w, o["fisher_kappa"]),
                          "density_cos": fisher_cos_density(w, o["fisher_kappa"])})
    return Table(frame, {"theta_deg": "deg", "density_per_sr": "1/sr", "density_cos": "1"},
                 "Fig. 4c: Fisher distribution of the extra dipole around P'")
