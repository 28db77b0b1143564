r"""Moment per site of a 2D lattice with Gaussian couplings (Fig. 5).

Per wave vector the pair :math:`\mathbf S_k\otimes\mathbf S_{\bar k}` is the dimer of
:mod:`nanomag.vibrational_magnetism.dimer` with

.. math::

    J_k = -\sqrt2\pi r_S J e^{-k^2/k_S^2},\qquad
    \alpha_k = \sqrt2\pi r_A A e^{-k^2/k_A^2}\,\langle Q\rangle,\qquad
    \langle Q\rangle = -6\frac{\Phi}{\omega_0}\coth\frac{\beta\omega_0}{2},

:math:`k_S = 2/r_S`, :math:`k_A = 2/r_A`, and J the real-space exchange in the paper's
early convention (J < 0 antiferromagnetic, so :math:`J_k > 0` is AFM in
:math:`H_k = J_k\mathbf S_1\cdot\mathbf S_2 + ...`). The prefactor :math:`\sqrt2\pi r` is used as
printed with r in Angstrom (dimensionally odd; see the model notes). The anisotropy
:math:`I = |J|` enters every :math:`H_k` as :math:`I S_1^zS_2^z` (``anisotropy: intersite``;
for S = 1/2 an on-site :math:`S_z^2` is a constant) or, for the caption's S = 1, as the
on-site :math:`D(S_1^{z2}+S_2^{z2})` (``anisotropy: onsite``).

The moment per site is the average of :math:`\langle M_k\rangle/2` over an
:math:`n_k\times n_k` cell-centred grid on :math:`[-k_{max}, k_{max}]^2` (midpoint rule). Couplings depend on
:math:`|k|` only, so the grid is reduced to its distinct :math:`|k|^2` with multiplicities
(exact, not an approximation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table
from nanomag.vibrational_magnetism.anharmonic import mean_displacement
from nanomag.vibrational_magnetism.dimer import (_beta, block_log_partition, dimer_spectrum,
                                                  moment_from_blocks)

SQRT2_PI = np.sqrt(2.0) * np.pi


def gaussian_coupling_k(k_per_angstrom, amplitude_mev, decay_angstrom) -> np.ndarray:
    r"""Printed 2D Gaussian transform :math:`\sqrt2\pi r\,X e^{-k^2 r^2/4}` [meV].

    Parameters
    ----------
    k_per_angstrom : array_like
        :math:`|k|` [1/Angstrom].
    amplitude_mev : float
        Real-space amplitude X (J or A) [meV].
    decay_angstrom : float
        Spatial decay r (r_S or r_A) [Angstrom]; :math:`k_r = 2/r`.
    """
    k = np.asarray(k_per_angstrom, dtype=float)
    r = float(decay_angstrom)
    if r <= 0:
        raise ValueError(f"decay_angstrom must be > 0, got {r}")
    return SQRT2_PI * r * float(amplitude_mev) * np.exp(-(k * r / 2.0) ** 2)


def k_shells(n_k: int, k_max_per_angstrom: float) -> tuple[np.ndarray, np.ndarray]:
    r"""Distinct :math:`|k|` of a cell-centred ``n_k`` x ``n_k`` grid on :math:`[-k_{max},k_{max}]^2`.

    The square is cut into :math:`n_k^2` equal cells and each cell is represented by its
    centre, :math:`k_i = (2i + 1 - n_k)\,k_{max}/n_k`. This is the midpoint rule of the 2D
    average: its error falls as :math:`1/n_k^2` (a grid that includes the edge points at full
    weight errs by :math:`O(1/n_k)`).

    Parameters
    ----------
    n_k : int
        Cells per axis (>= 1).
    k_max_per_angstrom : float
        Half width of the square [1/Angstrom].

    Returns
    -------
    k : numpy.ndarray
        Distinct :math:`|k|` [1/Angstrom].
    weight : numpy.ndarray
        Fraction of grid points on each shell [1]; sums to 1.
    """
    n_k = int(n_k)
    if n_k < 1:
        raise ValueError(f"n_k must be >= 1, got {n_k}")
    # integer coordinates 2i + 1 - n (all odd or all even) make |k|^2 exact integers
    idx = 2 * np.arange(n_k) + 1 - n_k
    r2 = (idx[:, None] ** 2 + idx[None, :] ** 2).ravel()
    shells, counts = np.unique(r2, return_counts=True)
    k = np.sqrt(shells.astype(float)) * float(k_max_per_angstrom) / n_k
    return k, counts / counts.sum()


def moment_per_site(temperature_k, real_exchange_mev: float, phi_over_omega0,
                    omega0_mev: float = 0.1, spin: float = 0.5,
                    anisotropy_mev: float | None = None, anisotropy: str = "intersite",
                    spin_lattice_mev: float | None = None, r_s_angstrom: float = 1.0,
                    r_a_angstrom: float = 1.0, n_k: int = 101,
                    k_max_per_angstrom: float = np.pi) -> np.ndarray:
    r"""Moment per site :math:`\langle S^z_m\rangle` vs temperature (Fig. 5) [hbar].

    Parameters
    ----------
    temperature_k : array_like
        1-D temperatures [K].
    real_exchange_mev : float
        Real-space exchange J (J < 0 AFM, J > 0 FM) [meV].
    phi_over_omega0 : array_like
        1-D anharmonic couplings :math:`\Phi/\omega_0` [1].
    omega0_mev : float
        Vibrational energy [meV].
    spin : float
        S [hbar].
    anisotropy_mev : float, optional
        I (or D); default \|J\| [meV].
    anisotropy : {"intersite", "onsite"}
        :math:`I S_1^zS_2^z` or :math:`D(S_1^{z2}+S_2^{z2})` in every :math:`H_k`.
    spin_lattice_mev : float, optional
        A (not given by the paper); default \|J\| [meV].
    r_s_angstrom, r_a_angstrom : float
        Decay lengths [Angstrom].
    n_k : int
        Cells per axis of the cell-centred k grid (:func:`k_shells`).
    k_max_per_angstrom : float
        Cutoff of the square k grid [1/Angstrom].

    Returns
    -------
    numpy.ndarray
        Shape ``(len(phi_over_omega0), len(temperature_k))`` [hbar].
    """
    t = np.atleast_1d(np.asarray(temperature_k, dtype=float))
    phi = np.atleast_1d(np.asarray(phi_over_omega0, dtype=float))
    i_val = abs(real_exchange_mev) if anisotropy_mev is None else float(anisotropy_mev)
    a_val = abs(real_exchange_mev) if spin_lattice_mev is None else float(spin_lattice_mev)
    k, weight = k_shells(n_k, k_max_per_angstrom)
    j_k = -gaussian_coupling_k(k, real_exchange_mev, r_s_angstrom)
    a_k = gaussian_coupling_k(k, a_val, r_a_angstrom)
    if anisotropy == "intersite":
        energies, m_total = dimer_spectrum(spin, j_k, anisotropy_mev=i_val)
    elif anisotropy == "onsite":
        energies, m_total = dimer_spectrum(spin, j_k, onsite_mev=i_val)
    else:
        raise ValueError(f"anisotropy must be 'intersite' or 'onsite', got {anisotropy!r}")
    m_values, log_g = block_log_partition(energies[:, None, :], m_total, t[None, :])
    beta = _beta(t)
    out = np.empty((phi.size, t.size))
    for n, p in enumerate(phi):   # short loop over Phi keeps the (n_k, n_T) arrays in cache
        alpha = a_k[:, None] * mean_displacement(t, omega0_mev, p)[None, :]   # (n_k, n_T)
        out[n] = weight @ moment_from_blocks(m_values, log_g, beta * alpha)
    return out / 2.0


def moment_per_site_table(params: dict) -> Table:
    r"""Fig. 5: moment per site vs T for the four (sign J, \|J\|) cases and all Phi.

    Parameters
    ----------
    params : dict
        ``panels`` (list of {letter, sign, abs_exchange_mev}), ``phi_over_omega0`` (list),
        ``visibility_factors`` (list, same length), ``omega0_mev``, ``spin``, ``anisotropy``,
        ``anisotropy_over_abs_exchange``, ``spin_lattice_over_abs_exchange``,
        ``r_s_angstrom``, ``r_a_angstrom``, ``n_k``, ``k_max_per_angstrom``,
        ``temperature_k`` (grid spec [K]).

    Returns
    -------
    Table
        Columns ``panel``, ``exchange_mev`` (signed real-space J), ``phi_over_omega0``,
        ``visibility_factor``, ``temperature_k``, ``moment_per_site`` [hbar].
    """
    from nanomag.config import grid

    t = grid(params["temperature_k"])
    phi = np.asarray(params["phi_over_omega0"], dtype=float)
    factors = np.asarray(params["visibility_factors"], dtype=float)
    if factors.shape != phi.shape:
        raise ValueError("visibility_factors must have one entry per phi_over_omega0")
    frames = []
    for panel in params["panels"]:
        sign = {"afm": -1.0, "fm": 1.0}[panel["sign"]]
        abs_j = float(panel["abs_exchange_mev"])
        m = moment_per_site(
            t, sign * abs_j, phi, omega0_mev=params["omega0_mev"], spin=params["spin"],
            anisotropy_mev=params["anisotropy_over_abs_exchange"] * abs_j,
            anisotropy=params["anisotropy"],
            spin_lattice_mev=params["spin_lattice_over_abs_exchange"] * abs_j,
            r_s_angstrom=params["r_s_angstrom"], r_a_angstrom=params["r_a_angstrom"],
            n_k=params["n_k"], k_max_per_angstrom=params["k_max_per_angstrom"])
        pp, tt = np.meshgrid(phi, t, indexing="ij")
        ff = np.broadcast_to(factors[:, None], pp.shape)
        frames.append(pd.DataFrame({"panel": panel["letter"],
                                    "exchange_mev": sign * abs_j,
                                    "phi_over_omega0": pp.ravel(),
                                    "visibility_factor": ff.ravel(),
                                    "temperature_k": tt.ravel(),
                                    "moment_per_site": m.ravel()}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"panel": "label", "exchange_mev": "meV", "phi_over_omega0": "1",
             "visibility_factor": "1", "temperature_k": "K", "moment_per_site": "hbar"}
    return Table(frame, units, "moment per site <S_m^z> of the 2D Gaussian-coupled lattice "
                               "(unscaled; visibility_factor is applied in the plot only)")
