"""Independent constructions shared by the vibrational_magnetism unit tests (not tests).

Full (2S+1)^2 Hamiltonians built with numpy.kron and diagonalised with numpy.linalg.eigh,
and the S = 1/2 moment written out from its four levels. Nothing here imports nanomag.
"""

import numpy as np

K_B = 0.08617333262  # meV/K (CODATA 2018)


def spin_matrices(s):
    """S_x, S_y, S_z of spin s in the basis m = s, s-1, ..., -s."""
    m = np.arange(s, -s - 1, -1.0)
    sp = np.diag(np.sqrt(s * (s + 1) - m[1:] * (m[1:] + 1)), k=1)
    return (sp + sp.T) / 2, (sp - sp.T) / 2j, np.diag(m)


def full_hamiltonian(s, j, i_ani=0.0, d_on=0.0, alpha=0.0, h_one=0.0):
    """J S1.S2 + I S1zS2z + D(S1z^2+S2z^2) + alpha(S1z+S2z) + h_one S1z, and S1z + S2z."""
    sx, sy, sz = spin_matrices(s)
    one = np.eye(sz.shape[0])
    s1 = [np.kron(a, one) for a in (sx, sy, sz)]
    s2 = [np.kron(one, a) for a in (sx, sy, sz)]
    h = j * sum(a @ b for a, b in zip(s1, s2)) + i_ani * s1[2] @ s2[2]
    h = h + d_on * (s1[2] @ s1[2] + s2[2] @ s2[2]) + alpha * (s1[2] + s2[2]) + h_one * s1[2]
    return h, s1[2] + s2[2]


def brute_moment(s, j, alpha, t, i_ani=0.0, d_on=0.0, h_one=0.0):
    """Thermal <S1z + S2z> [hbar] by full diagonalisation."""
    h, mz = full_hamiltonian(s, j, i_ani, d_on, alpha, h_one)
    vals, vecs = np.linalg.eigh(h)
    w = np.exp(-(vals - vals.min()) / (K_B * t))
    mdiag = np.real(np.einsum("in,ij,jn->n", vecs.conj(), mz, vecs))
    return float((w * mdiag).sum() / w.sum())


def spin_half_moment(j, alpha, t, i_ani=0.0):
    """<M> of J S1.S2 + I S1zS2z + alpha(S1z+S2z), S = 1/2, from its four levels [hbar].

    M = +-1: (J + I)/4 +- alpha; M = 0: -(J + I)/4 +- J/2 (triplet m = 0 and singlet).
    """
    j, alpha, i_ani = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (j, alpha, i_ani)))
    levels = [(j + i_ani) / 4 + alpha, (j + i_ani) / 4 - alpha,
              -(j + i_ani) / 4 + j / 2, -(j + i_ani) / 4 - j / 2]
    low = np.minimum.reduce(levels)
    w = [np.exp(-(e - low) / (K_B * t)) for e in levels]
    return (w[0] - w[1]) / (w[0] + w[1] + w[2] + w[3])


def coth_over_omega(t, omega0):
    """coth(omega0 / 2 k_B T) / omega0 = (2 n_B + 1) / omega0, n_B from a sum over levels."""
    n = np.arange(0, 4000)
    x = omega0 / (K_B * t)
    w = np.exp(-x * n)
    n_bose = (n * w).sum() / w.sum()
    return (2 * n_bose + 1) / omega0


def gauss_legendre_square_average(f, k_max, nodes=96):
    """Average of f(|k|) over [-k_max, k_max]^2 by a Gauss-Legendre product rule (one quadrant)."""
    x, w = np.polynomial.legendre.leggauss(nodes)
    k = 0.5 * k_max * (x + 1)
    ww = 0.5 * w                       # weights of the mean over [0, 1] in units of k_max
    kk = np.sqrt(k[:, None] ** 2 + k[None, :] ** 2)
    return float(np.einsum("i,j,ij->", ww, ww, f(kk)))
