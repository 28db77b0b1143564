"""Exact diagonalization in Fock space against the seniority closed form (Eqs. 4-10).

The Fock-space Hamiltonian -G A+A - omega (Lz + 2 Sz) is built here from fermion operators
on bit strings (Jordan-Wigner signs), independently of the seniority formulas, and
diagonalized block by block (particle number N, magnetic number m).
"""

from collections import Counter

import numpy as np
import pytest
from scipy.special import logsumexp

from nanomag.cluster_pairing import seniority


def _fock_spectrum(shell_m):
    """Eigenvalues of -G A+A with their (N, m) for all 2**(2M) Fock states."""
    l = (shell_m - 1) // 2
    g = 2.0 / shell_m
    n_sp = 2 * shell_m
    lam = np.arange(-l, l + 1)
    m_sp = np.concatenate([lam + 1, lam - 1])          # up states then down states
    up = lam + l                                        # index of (lambda, up)
    down = shell_m + (-lam + l)                         # index of (-lambda, down)
    states = np.arange(2 ** n_sp, dtype=np.int64)
    bits = (states[:, None] >> np.arange(n_sp)) & 1
    n_of = bits.sum(axis=1)
    m_of = bits @ m_sp

    def apply(op_list, s):
        """Apply fermion operators (rightmost first); returns new states and signs."""
        sign = np.ones(s.size)
        ok = np.ones(s.size, bool)
        for kind, j in reversed(op_list):
            occ = (s >> j) & 1
            below = np.bitwise_count(s & ((1 << j) - 1)).astype(int)
            if kind == "c":
                ok &= occ == 0
                s = s | (1 << j)
            else:
                ok &= occ == 1
                s = s & ~(1 << j)
            sign *= np.where(below % 2 == 1, -1.0, 1.0)
        return s, sign, ok

    rows, cols, vals = [], [], []
    for p in range(shell_m):
        for q in range(shell_m):
            ops = [("c", up[p]), ("c", down[p]), ("a", down[q]), ("a", up[q])]
            new, sign, ok = apply(ops, states)
            rows.append(new[ok])
            cols.append(states[ok])
            vals.append(-g * sign[ok])
    rows, cols, vals = map(np.concatenate, (rows, cols, vals))
    spectrum = []
    for n in range(n_sp + 1):
        for m in np.unique(m_of[n_of == n]):
            block = np.flatnonzero((n_of == n) & (m_of == m))
            index = -np.ones(states.size, int)
            index[block] = np.arange(block.size)
            sel = (index[rows] >= 0) & (index[cols] >= 0)
            h = np.zeros((block.size, block.size))
            np.add.at(h, (index[rows[sel]], index[cols[sel]]), vals[sel])
            assert np.allclose(h, h.T)
            for e in np.linalg.eigvalsh(h):
                spectrum.append((n, int(m), e))
    return spectrum


@pytest.fixture(scope="module", params=[3, 5, 7])
def fock(request):
    return request.param, _fock_spectrum(request.param)


def _closed_form_levels(shell_m, n):
    m_values, deg = seniority.seniority_degeneracy_table(shell_m)
    levels = Counter()
    for nu in seniority.allowed_seniorities(shell_m, n):
        e = float(seniority.pairing_energy(shell_m, n, nu))
        for j in np.flatnonzero(deg[nu]):
            levels[(int(m_values[j]), round(e, 9))] += int(deg[nu, j])
    return levels


def test_spectrum_matches_seniority_formula(fock):
    shell_m, spectrum = fock
    for n in range(2 * shell_m + 1):
        ed = Counter((m, round(e + 0.0, 9)) for nn, m, e in spectrum if nn == n)
        assert ed == _closed_form_levels(shell_m, n), (shell_m, n)


@pytest.mark.parametrize("t, w", [(0.05, 0.0), (0.05, 0.3), (0.3, 0.17), (1.5, 0.6),
                                  (0.02, 0.41)])
def test_thermodynamics_match_fock_space(fock, t, w):
    shell_m, spectrum = fock
    g = 2.0 / shell_m
    for n in range(1, 2 * shell_m):
        e = np.array([x[2] for x in spectrum if x[0] == n])
        m = np.array([x[1] for x in spectrum if x[0] == n], float)
        u = e - w * m
        ln_z = logsumexp(-u / t)
        p = np.exp(-u / t - ln_z)
        ref = {"free_energy": -t * ln_z,
               "gap": np.sqrt(-g * p @ e),
               "susceptibility": p @ (m - p @ m) ** 2 / t,
               "heat_capacity": p @ (u - p @ u) ** 2 / t ** 2,
               "moment": p @ m}
        got = seniority.canonical_thermodynamics(shell_m, n, t, w)
        for key, val in ref.items():
            np.testing.assert_allclose(got[key], val, rtol=1e-11, atol=1e-12,
                                       err_msg=f"{key} M={shell_m} N={n} T={t} w={w}")


def test_largest_moment_per_seniority_is_eq11(fock):
    """Eq. 11 against the largest m among the Fock states of each seniority."""
    shell_m, spectrum = fock
    # at N = nu the seniority-nu states are those with E = E_nu = 0 (no pairs)
    for nu in range(shell_m + 1):
        ms = [m for n, m, e in spectrum if n == nu and abs(e) < 1e-9]
        assert max(ms) == seniority.max_moment(nu, shell_m), (shell_m, nu)
