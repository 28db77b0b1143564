r"""Critical susceptibility of a chain of N dipole-coupled particles (Appendix C, Eq. C1).

For N identical particles on the z axis at spacing d, the linear longitudinal problem at
H = 0 reads :math:`M_i - (\chi/\chi_c^z)\sum_{j\ne i} M_j/|i-j|^3 = 0` (Eq. C1). A non-zero
solution first appears at :math:`\chi_{c,N}/\chi_c^z = 1/\lambda_{max}(A)`,
:math:`A_{ij} = |i-j|^{-3}` (:math:`i \ne j`). For :math:`N\to\infty` the largest eigenvalue
tends to the lattice sum :math:`\sum_{k\ne0}|k|^{-3} = 2\zeta(3)`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.io import Table


def coupling_matrix(n_particles: int) -> np.ndarray:
    r"""Dipolar coupling matrix :math:`A_{ij} = |i-j|^{-3}`, zero diagonal [1]."""
    if n_particles < 2:
        raise ValueError(f"a chain needs n_particles >= 2, got {n_particles}")
    k = np.abs(np.subtract.outer(np.arange(n_particles), np.arange(n_particles))).astype(float)
    with np.errstate(divide="ignore"):
        return np.where(k > 0, 1.0 / k**3, 0.0)


def critical_susceptibility_ratio(n_particles: int) -> float:
    r""":math:`\chi^z_{c,N}/\chi^z_c` for a chain of ``n_particles`` [1] (1 for the dimer)."""
    from scipy.linalg import eigvalsh

    matrix = coupling_matrix(int(n_particles))
    largest = eigvalsh(matrix, subset_by_index=[n_particles - 1, n_particles - 1])[0]
    return float(1.0 / largest)


def infinite_chain_ratio() -> float:
    r""":math:`\chi^z_{c,\infty}/\chi^z_c = 1/(2\zeta(3)) = 0.41595...` [1]."""
    from scipy.special import zeta

    return float(1.0 / (2.0 * zeta(3.0)))


def critical_susceptibility_table(params: dict) -> Table:
    r"""Fig. 9: :math:`\chi^z_{c,N}/\chi^z_c` for N = ``n_min`` ... ``n_max``.

    Parameters
    ----------
    params : dict
        ``n_min``, ``n_max``: chain lengths [particles].

    Returns
    -------
    Table
        Columns ``n_particles`` [1], ``chi_cn_over_chicz`` [chi_c^z] and
        ``chi_c_inf_over_chicz`` [chi_c^z], the N -> infinity limit :math:`1/(2\zeta(3))`
        (the dashed line of Fig. 9), the same on every row.
    """
    n = np.arange(params["n_min"], params["n_max"] + 1)
    ratio = np.array([critical_susceptibility_ratio(k) for k in n])
    frame = pd.DataFrame({"n_particles": n, "chi_cn_over_chicz": ratio,
                          "chi_c_inf_over_chicz": infinite_chain_ratio()})
    return Table(frame, {"n_particles": "1", "chi_cn_over_chicz": "chi_c^z",
                         "chi_c_inf_over_chicz": "chi_c^z"},
                 "Fig. 9: critical susceptibility of an N-particle chain, Eq. (C1)")
