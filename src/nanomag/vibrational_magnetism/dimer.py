r"""Thermodynamics of a spin dimer in a vibrational pseudo-field (Eqs. 1, 2, 5 and Fig. 2).

Recommended model (the paper's later convention, :math:`J > 0` antiferromagnetic):

.. math::

    H = J\,\mathbf S_1\cdot\mathbf S_2 + I\,S_1^zS_2^z + D\,(S_1^{z2} + S_2^{z2})
        + \alpha\,(S_1^z + S_2^z),

for any spin :math:`S \in \{1/2, 1, 3/2, 2, ...\}`. The part without :math:`\alpha`,
:math:`H_0`, commutes with :math:`M = S_1^z + S_2^z`; it is diagonalised once per
:math:`(J, I, D)` in blocks of fixed :math:`M` (tridiagonal, size :math:`\le 2S+1`), and the
pseudo-field only adds :math:`\alpha M` to every level. The signed total moment is
:math:`\langle M\rangle = \sum_n M_n e^{-\beta E_n}/\sum_n e^{-\beta E_n}\in[-2S, 2S]`,
negative for :math:`\alpha > 0` (the sign of the paper's Eq. 5).

Variants kept for comparison with the printed text:

* ``"eq5_printed"``: the paper's Eq. 5 taken literally (spin 1/2 only), with its levels
  :math:`(J\pm3\alpha)/4`, :math:`-J/4\pm\Omega/2`, :math:`\Omega=\sqrt{J^2+\alpha^2}/4`.
* ``"field_on_one_spin"``: :math:`H_0 + \alpha S_1^z`, the literal reading of
  :math:`H_k = \mathbf S_k\cdot(J_k\mathbf S_{\bar k} + \alpha_k\hat z)` with the field on one
  spin only (still block diagonal in :math:`M`, but :math:`\alpha` enters the blocks).

All energies are in meV, temperatures in K, :math:`k_B` from :mod:`scipy.constants`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.constants import BOLTZMANN_EV_PER_K
from nanomag.io import Table

#: Boltzmann constant [meV/K]
K_B_MEV_PER_K = BOLTZMANN_EV_PER_K * 1e3

#: Readings of the dimer model accepted by :func:`total_moment_map`.
READINGS = ("exact", "field_on_one_spin", "eq5_printed")


def _check_spin(spin: float) -> float:
    two_s = 2.0 * float(spin)
    if two_s < 1 or abs(two_s - round(two_s)) > 1e-12:
        raise ValueError(f"spin must be a positive multiple of 1/2, got {spin}")
    return round(two_s) / 2.0


def _beta(temperature_k) -> np.ndarray:
    temperature_k = np.asarray(temperature_k, dtype=float)
    if np.any(temperature_k <= 0):
        raise ValueError("temperature_k must be > 0")
    return 1.0 / (K_B_MEV_PER_K * temperature_k)


def block_basis(spin: float) -> list[tuple[float, np.ndarray]]:
    r"""Product basis :math:`|m_1, M-m_1\rangle` of every block of fixed total :math:`M`.

    Parameters
    ----------
    spin : float
        Spin quantum number S of each site [hbar].

    Returns
    -------
    list of (float, numpy.ndarray)
        ``(M, m1)`` for M = -2S ... 2S; ``m1`` ascending [hbar].
    """
    spin = _check_spin(spin)
    two_s = int(2 * spin)
    m = np.arange(two_s + 1) - spin            # half-integers: exact in binary
    blocks = []
    for m_total in np.arange(2 * two_s + 1) - 2 * spin:
        m1 = m[np.abs(m_total - m) <= spin]
        blocks.append((float(m_total), m1))
    return blocks


def dimer_spectrum(spin: float, exchange_mev, anisotropy_mev=0.0, onsite_mev=0.0,
                   field_one_mev=0.0) -> tuple[np.ndarray, np.ndarray]:
    r"""Levels of :math:`H_0 (+\alpha_1 S_1^z)` by block diagonalisation in fixed :math:`M`.

    :math:`H_0 = J\mathbf S_1\cdot\mathbf S_2 + I S_1^zS_2^z + D(S_1^{z2}+S_2^{z2})`.
    The uniform pseudo-field :math:`\alpha(S_1^z+S_2^z)` is *not* included: it adds
    :math:`\alpha M` to each level (see :func:`thermal_moment`).

    Parameters
    ----------
    spin : float
        Spin S of each site [hbar].
    exchange_mev : array_like
        Isotropic exchange J (J > 0 antiferromagnetic) [meV].
    anisotropy_mev : array_like, optional
        Inter-site anisotropic exchange I multiplying :math:`S_1^zS_2^z` [meV].
    onsite_mev : array_like, optional
        On-site anisotropy D (D > 0 easy plane) [meV].
    field_one_mev : array_like, optional
        Pseudo-field acting on spin 1 only (variant ``field_on_one_spin``) [meV].

    Returns
    -------
    energies : numpy.ndarray
        Shape ``broadcast(...) + ((2S+1)**2,)``, the levels [meV], grouped by block.
    m_total : numpy.ndarray
        Shape ``((2S+1)**2,)``, total :math:`M` of each level [hbar].

    Raises
    ------
    RuntimeError
        If an eigen-decomposition fails (names the parameters).
    """
    spin = _check_spin(spin)
    j, i_ani, d_on, h1 = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in
                                               (exchange_mev, anisotropy_mev, onsite_mev,
                                                field_one_mev)))
    ss1 = spin * (spin + 1.0)
    energies, labels = [], []
    for m_total, m1 in block_basis(spin):
        m2 = m_total - m1
        dim = m1.size
        diag = ((j + i_ani)[..., None] * (m1 * m2) + d_on[..., None] * (m1**2 + m2**2)
                + h1[..., None] * m1)
        if dim == 1:
            vals = diag
        else:
            off = 0.5 * np.sqrt(ss1 - m1[:-1] * (m1[:-1] + 1)) * np.sqrt(ss1 - m2[:-1] * (m2[:-1] - 1))
            mat = np.zeros(diag.shape + (dim,), dtype=float)
            idx = np.arange(dim)
            mat[..., idx, idx] = diag
            mat[..., idx[1:], idx[:-1]] = j[..., None] * off   # eigvalsh reads the lower triangle
            try:
                vals = np.linalg.eigvalsh(mat, UPLO="L")
            except np.linalg.LinAlgError as exc:  # pragma: no cover - LAPACK failure
                raise RuntimeError(
                    f"eigvalsh did not converge for spin={spin}, M={m_total}, "
                    f"J in [{j.min()}, {j.max()}] meV, I in [{i_ani.min()}, {i_ani.max()}] meV"
                ) from exc
        energies.append(vals)
        labels.append(np.full(dim, m_total))
    energies = np.concatenate(energies, axis=-1)
    if not np.all(np.isfinite(energies)):
        raise RuntimeError(f"non-finite dimer levels for spin={spin}")
    return energies, np.concatenate(labels)


def _logsumexp_columns(columns: list[np.ndarray]) -> np.ndarray:
    """log(sum(exp(c))) over a short list of equally shaped arrays, stable and elementwise."""
    if len(columns) == 1:
        return columns[0]
    c_max = np.maximum.reduce(columns)
    total = np.zeros(c_max.shape)
    for c in columns:
        total += np.exp(c - c_max)
    return c_max + np.log(total)


def block_log_partition(energies, m_total, temperature_k) -> tuple[np.ndarray, list[np.ndarray]]:
    r"""Log partition function of every block of fixed M at zero field.

    Parameters
    ----------
    energies : array_like
        Levels of :math:`H_0`, shape ``P + (n,)`` [meV].
    m_total : array_like
        Total M of each level, shape ``(n,)`` [hbar].
    temperature_k : array_like
        Temperature, broadcast against ``P`` [K].

    Returns
    -------
    m_values : numpy.ndarray
        Distinct M, ascending [hbar].
    log_g : list of numpy.ndarray
        :math:`\ln\sum_{n\in M} e^{-\beta E_n}` per M, shape ``broadcast(P, T)`` [1].
    """
    energies = np.asarray(energies, dtype=float)
    m_total = np.asarray(m_total, dtype=float)
    beta = _beta(temperature_k)
    m_values = np.unique(m_total)
    log_g = [_logsumexp_columns([-beta * energies[..., i] for i in np.flatnonzero(m_total == m)])
             for m in m_values]
    return m_values, log_g


def moment_from_blocks(m_values, log_g, beta_alpha) -> np.ndarray:
    r""":math:`\langle M\rangle` from block partition functions and :math:`\beta\alpha` [hbar].

    The uniform field multiplies block M by :math:`e^{-\beta\alpha M}`; every operation is
    elementwise over a short list of arrays (at most 4S+1 blocks).
    """
    beta_alpha = np.asarray(beta_alpha, dtype=float)
    y = [g - beta_alpha * m for m, g in zip(m_values, log_g)]
    y_max = np.maximum.reduce(y)
    numerator = np.zeros(y_max.shape)
    denominator = np.zeros(y_max.shape)
    for m, y_m in zip(m_values, y):
        w = np.exp(y_m - y_max)
        denominator += w
        if m != 0:
            numerator += m * w
    moment = numerator / denominator
    if not np.all(np.isfinite(moment)):
        raise RuntimeError("non-finite thermal moment (check temperatures and energies)")
    return moment


def thermal_moment(energies, m_total, temperature_k, alpha_mev) -> np.ndarray:
    r"""Thermal total moment :math:`\langle S_1^z+S_2^z\rangle` for levels ``energies + alpha*M``.

    Parameters
    ----------
    energies : array_like
        Levels of :math:`H_0`, shape ``P + (n,)`` [meV].
    m_total : array_like
        Total :math:`M` of each level, shape ``(n,)`` [hbar].
    temperature_k : array_like
        Temperature, broadcast against ``P`` [K].
    alpha_mev : array_like
        Uniform pseudo-field, broadcast against ``P`` [meV].

    Returns
    -------
    numpy.ndarray
        :math:`\langle M\rangle` [hbar], shape ``broadcast(P, T, alpha)``.
    """
    m_values, log_g = block_log_partition(energies, m_total, temperature_k)
    alpha = np.asarray(alpha_mev, dtype=float)
    try:
        return moment_from_blocks(m_values, log_g, _beta(temperature_k) * alpha)
    except RuntimeError as exc:
        t = np.asarray(temperature_k, dtype=float)
        raise RuntimeError(
            f"thermal moment not finite for T in [{t.min()}, {t.max()}] K, alpha in "
            f"[{alpha.min()}, {alpha.max()}] meV, levels in [{np.min(energies)}, "
            f"{np.max(energies)}] meV") from exc


def total_moment(spin: float, exchange_mev, alpha_mev, temperature_k, anisotropy_mev=0.0,
                 onsite_mev=0.0, reading: str = "exact") -> np.ndarray:
    r"""Signed total moment :math:`\langle S_1^z+S_2^z\rangle` of the dimer [hbar].

    Parameters
    ----------
    spin : float
        Spin S of each site [hbar].
    exchange_mev : array_like
        J, J > 0 antiferromagnetic [meV].
    alpha_mev : array_like
        Pseudo-field :math:`\alpha` [meV].
    temperature_k : array_like
        Temperature [K].
    anisotropy_mev, onsite_mev : array_like, optional
        I (inter-site, :math:`S_1^zS_2^z`) and D (on-site) [meV].
    reading : {"exact", "field_on_one_spin", "eq5_printed"}
        Model reading, see the module docstring.

    Returns
    -------
    numpy.ndarray
        :math:`\langle M\rangle` [hbar], broadcast shape of the array arguments.
    """
    if reading == "exact":
        energies, m_total = dimer_spectrum(spin, exchange_mev, anisotropy_mev, onsite_mev)
        return thermal_moment(energies, m_total, temperature_k, alpha_mev)
    if reading == "field_on_one_spin":
        energies, m_total = dimer_spectrum(spin, exchange_mev, anisotropy_mev, onsite_mev,
                                           field_one_mev=alpha_mev)
        return thermal_moment(energies, m_total, temperature_k, 0.0)
    if reading == "eq5_printed":
        if _check_spin(spin) != 0.5:
            raise ValueError(f"reading 'eq5_printed' exists for spin 1/2 only, got spin={spin}")
        if np.any(np.asarray(anisotropy_mev) != 0) or np.any(np.asarray(onsite_mev) != 0):
            raise ValueError("reading 'eq5_printed' has no anisotropy")
        return moment_eq5_printed(exchange_mev, alpha_mev, temperature_k)
    raise ValueError(f"unknown reading {reading!r}; expected one of {READINGS}")


def eq5_printed_levels(exchange_mev, alpha_mev) -> tuple[np.ndarray, np.ndarray]:
    r"""The four S = 1/2 levels as printed under Eq. 5 [meV] and their M [hbar].

    :math:`E^{(-)}_\pm = (J\pm3\alpha)/4` (M = :math:`\pm1`),
    :math:`E^{(+)}_\pm = -J/4\pm\Omega/2` (M = 0), :math:`\Omega = \sqrt{J^2+\alpha^2}/4`.
    These do not follow from :math:`H_k` (wrong even at :math:`\alpha = 0`); kept as a variant.
    """
    j, a = np.broadcast_arrays(exchange_mev, alpha_mev)
    omega = np.sqrt(j**2 + a**2) / 4
    energies = np.stack([(j + 3 * a) / 4, (j - 3 * a) / 4, -j / 4 + omega / 2,
                         -j / 4 - omega / 2], axis=-1)
    return energies, np.array([1.0, -1.0, 0.0, 0.0])


def moment_eq5_printed(exchange_mev, alpha_mev, temperature_k) -> np.ndarray:
    r"""The paper's Eq. 5 taken literally (spin 1/2) [hbar].

    .. math:: \langle M\rangle = -\frac{e^{-\beta J/4}\sinh(3\beta\alpha/4)}
              {e^{-\beta J/4}\cosh(3\beta\alpha/4)+e^{\beta J/4}\cosh(\beta\Omega/2)},
              \quad \Omega=\sqrt{J^2+\alpha^2}/4.

    Evaluated in a numerically stable form (shifted Boltzmann weights of the printed levels).
    """
    energies, m_total = eq5_printed_levels(exchange_mev, alpha_mev)
    return thermal_moment(energies, m_total, temperature_k, 0.0)


def zero_temperature_crossover_ratio(spin: float, reading: str) -> float:
    r"""Smallest :math:`|\alpha|/J` (J > 0) at which the T = 0 ground state carries M != 0 [1].

    The paper states :math:`3|\alpha| = J`, i.e. 1/3. Exact diagonalisation of the
    recommended model gives 1 for every S (the first step S_t = 0 -> 1); the printed Eq. 5
    gives 0.8897; a field on one spin only never magnetises the ground state (ValueError).

    Parameters
    ----------
    spin : float
        S [hbar].
    reading : {"exact", "eq5_printed", "field_on_one_spin"}

    Returns
    -------
    float
        :math:`\alpha_c/J` [1].
    """
    from scipy.optimize import brentq

    if reading == "exact":   # H0 does not depend on alpha: diagonalise once at J = 1
        e0, m0 = dimer_spectrum(spin, 1.0)
        levels = lambda a: (e0 - a * np.abs(m0), m0)       # noqa: E731
    elif reading == "eq5_printed":
        levels = lambda a: eq5_printed_levels(1.0, -a)     # noqa: E731
    elif reading == "field_on_one_spin":
        levels = lambda a: dimer_spectrum(spin, 1.0, field_one_mev=-a)   # noqa: E731
    else:
        raise ValueError(f"unknown reading {reading!r}")

    def gap(a):  # E_min(M = 0 sector) - E_min(M != 0 sectors) at J = 1, alpha = -a
        e, m = levels(a)
        return e[m == 0].min() - e[m != 0].min()

    upper = 10.0 * (2 * spin + 1)
    if gap(upper) <= 0:
        raise ValueError(f"no T = 0 crossover for reading={reading!r}, spin={spin} "
                         f"up to |alpha| = {upper} J")
    return float(brentq(gap, 1e-9, upper, xtol=1e-12))


# --------------------------------------------------------------------------- Eq. 2, Fig. 1
EQ2_STATES = ("m=+1", "m=-1", "m=0 (+)", "m=0 (-)")


def eq2_levels(exchange, i11=0.0, i12=0.0, i21=0.0, i22=0.0, alpha=0.0, zeta=0.0, *,
               i_minus_sign: str) -> np.ndarray:
    r"""Levels of Eq. 2 (paper's early convention :math:`-J\mathbf S_1\cdot\mathbf S_2`, J < 0 AFM).

    :math:`E_{m=\pm1} = -J/4 - I_+ \mp \alpha`,
    :math:`E_{0,\pm} = J/4 - I_- \pm\sqrt{J^2/4+\zeta^2}`, with
    :math:`I_+ = \sum_{mn}I_{mn}/4` and :math:`I_- = I_+ - (I_{12} \pm I_{21})/2`.

    Parameters
    ----------
    exchange : float
        J (J < 0 antiferromagnetic here) [energy].
    i11, i12, i21, i22 : float
        Anisotropic exchange :math:`I_{mn}` of :math:`-\sum S^z_m I_{mn} S^z_n` [energy].
    alpha, zeta : float
        :math:`\alpha = (h_1+h_2)/2`, :math:`\zeta = (h_1-h_2)/2` with
        :math:`h_m = \sum_n \mathcal A_{mn}\langle Q_n\rangle` [energy].
    i_minus_sign : {"exact", "printed"}
        ``"exact"``: :math:`I_- = I_+ - (I_{12}+I_{21})/2` (agrees with exact
        diagonalisation); ``"printed"``: the paper's :math:`I_+ - (I_{12}-I_{21})/2`.

    Returns
    -------
    numpy.ndarray
        The four levels in the order of :data:`EQ2_STATES` [energy].
    """
    i_plus = (i11 + i12 + i21 + i22) / 4
    if i_minus_sign == "exact":
        i_minus = i_plus - (i12 + i21) / 2
    elif i_minus_sign == "printed":
        i_minus = i_plus - (i12 - i21) / 2
    else:
        raise ValueError(f"i_minus_sign must be 'exact' or 'printed', got {i_minus_sign!r}")
    omega = np.sqrt(exchange**2 / 4 + zeta**2)
    return np.array([-exchange / 4 - i_plus - alpha, -exchange / 4 - i_plus + alpha,
                     exchange / 4 - i_minus + omega, exchange / 4 - i_minus - omega])


def eq1_exact_levels(exchange, i11=0.0, i12=0.0, i21=0.0, i22=0.0, alpha=0.0,
                     zeta=0.0) -> np.ndarray:
    r"""Exact diagonalisation of Eq. 1 for S = 1/2 [energy], same order as :func:`eq2_levels`.

    :math:`H = -J\mathbf S_1\cdot\mathbf S_2 - \sum_{mn}S^z_mI_{mn}S^z_n - h_1S_1^z - h_2S_2^z`,
    :math:`h_{1,2} = \alpha\pm\zeta`, built from Pauli matrices and diagonalised in full
    (the M = 0 pair is returned in descending order).
    """
    sx = np.array([[0, 1], [1, 0]]) / 2
    sy = np.array([[0, -1j], [1j, 0]]) / 2
    sz = np.diag([0.5, -0.5])
    one = np.eye(2)
    s1 = [np.kron(s, one) for s in (sx, sy, sz)]
    s2 = [np.kron(one, s) for s in (sx, sy, sz)]
    h1, h2 = alpha + zeta, alpha - zeta
    ham = -exchange * sum(a @ b for a, b in zip(s1, s2))
    ham -= i11 * s1[2] @ s1[2] + i12 * s1[2] @ s2[2] + i21 * s2[2] @ s1[2] + i22 * s2[2] @ s2[2]
    ham -= h1 * s1[2] + h2 * s2[2]
    vals, vecs = np.linalg.eigh(ham)
    m_round = np.round(np.real(np.diag(vecs.conj().T @ (s1[2] + s2[2]) @ vecs)))
    if not np.array_equal(np.sort(m_round), [-1, 0, 0, 1]):
        raise RuntimeError(f"could not label the S=1/2 levels for J={exchange}, alpha={alpha}, "
                           f"zeta={zeta}")
    zero = np.sort(vals[m_round == 0])[::-1]
    return np.array([vals[m_round == 1][0], vals[m_round == -1][0], zero[0], zero[1]])


def eq2_ground_state_crossover(exchange, i12, i21, zeta) -> float:
    r"""Smallest :math:`|\alpha|` [energy] at which the ground state of Eq. 1 has :math:`m=\pm1`.

    Found by exact diagonalisation (:func:`eq1_exact_levels`, bisection on
    :math:`\alpha \ge 0`, where :math:`m = +1` is the lower magnetic level), to compare with
    the paper's condition :math:`\zeta^2 < -(|J|-I-|\alpha|)(I+|\alpha|)`,
    :math:`I = I_+-I_-`. The bracket's upper end :math:`|J| + |\zeta| + |I_{12}| + |I_{21}|`
    exceeds the crossing: there the m = +1 level lies below both m = 0 levels.
    """
    from scipy.optimize import brentq

    def gap(a):
        e = eq1_exact_levels(exchange, i12=i12, i21=i21, alpha=a, zeta=zeta)
        return e[3] - e[0]

    upper = abs(exchange) + abs(zeta) + abs(i12) + abs(i21)
    return float(brentq(gap, 0.0, upper))


def eq2_condition_crossover(exchange, i12, i21, zeta, i_minus_sign: str) -> float:
    r""":math:`|\alpha|` [energy] where the paper's condition
    :math:`\zeta^2 = (I+|\alpha|)(I+|\alpha|-|J|)` is met (larger root), :math:`I = I_+ - I_-`."""
    # I = I_+ - I_- = (I12 +- I21)/2: I_+ cancels
    i_diff = ((i12 + i21) if i_minus_sign == "exact" else (i12 - i21)) / 2
    x = (abs(exchange) + np.sqrt(exchange**2 + 4 * zeta**2)) / 2  # x = I + |alpha|
    return float(x - i_diff)


def level_scheme_table(params: dict) -> Table:
    r"""Fig. 1: levels of Eq. 2 for the three stages (a) exchange, (b) + anisotropy, (c) + field.

    Parameters
    ----------
    params : dict
        ``exchange`` (J < 0, units of \|J\|), ``i12``, ``i21`` (easy-axis anisotropy), ``alpha``,
        ``zeta`` [units of \|J\|], ``i_minus_sign`` ("exact" or "printed").

    Returns
    -------
    Table
        Columns ``panel``, ``state``, ``m_z``, ``energy_eq2_over_abs_j`` (Eq. 2 in the chosen
        reading) and ``energy_ed_over_abs_j`` (exact diagonalisation of Eq. 1).
    """
    j = float(params["exchange"])
    scale = abs(j)
    stages = {
        "a": dict(),
        "b": dict(i12=params["i12"], i21=params["i21"]),
        "c": dict(i12=params["i12"], i21=params["i21"], alpha=params["alpha"],
                  zeta=params["zeta"]),
    }
    rows = []
    for panel, kw in stages.items():
        eq2 = eq2_levels(j, i_minus_sign=params["i_minus_sign"], **kw)
        ed = eq1_exact_levels(j, **kw)
        for state, m_z, e2, e_ed in zip(EQ2_STATES, (1, -1, 0, 0), eq2, ed):
            rows.append((panel, state, m_z, e2 / scale, e_ed / scale))
    frame = pd.DataFrame(rows, columns=["panel", "state", "m_z", "energy_eq2_over_abs_j",
                                        "energy_ed_over_abs_j"])
    units = {"panel": "label", "state": "label", "m_z": "hbar", "energy_eq2_over_abs_j": "|J|",
             "energy_ed_over_abs_j": "|J|"}
    return Table(frame, units, "Eq. 2 levels of the S=1/2 dimer for Fig. 1, with exact "
                               "diagonalisation of Eq. 1")


def phase_map_table(params: dict) -> Table:
    r"""Fig. 2: total moment :math:`\langle S_1^z+S_2^z\rangle` vs (J, alpha) at fixed T.

    Parameters
    ----------
    params : dict
        ``spins`` (list of S), ``temperature_k`` [K], ``exchange_mev`` and ``alpha_mev``
        (grid specs [meV]), ``reading`` (see :func:`total_moment`).

    Returns
    -------
    Table
        Columns ``spin``, ``exchange_mev``, ``alpha_mev``, ``total_moment`` [hbar].
    """
    from nanomag.config import grid

    j = grid(params["exchange_mev"])
    a = grid(params["alpha_mev"])
    t = float(params["temperature_k"])
    reading = params["reading"]
    frames = []
    for spin in params["spins"]:
        m = total_moment(spin, j[:, None], a[None, :], t, reading=reading)
        jj, aa = np.meshgrid(j, a, indexing="ij")
        frames.append(pd.DataFrame({"spin": np.full(jj.size, float(spin)),
                                    "exchange_mev": jj.ravel(), "alpha_mev": aa.ravel(),
                                    "total_moment": m.ravel()}))
    frame = pd.concat(frames, ignore_index=True)
    units = {"spin": "hbar", "exchange_mev": "meV", "alpha_mev": "meV", "total_moment": "hbar"}
    return Table(frame, units, f"dimer total moment vs (J, alpha) at T = {t} K, "
                               f"reading {reading}")
