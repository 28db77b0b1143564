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
    # blocks of fixed (N, m): every state's block and its position inside it
    key = n_of * (4 * n_sp * n_sp + 1) + (m_of - m_of.min())
    keys, block_of = np.unique(key, return_inverse=True)
    order = np.argsort(block_of, kind="stable")
    starts = np.searchsorted(block_of[order], np.arange(keys.size))
    position = np.empty(states.size, int)
    position[order] = np.arange(states.size) - starts[block_of[order]]
    # H conserves N and m: an element outside its block would be a bug of this builder
    assert np.array_equal(block_of[rows], block_of[cols])
    by_block = np.argsort(block_of[cols], kind="stable")
    bounds = np.searchsorted(block_of[cols][by_block], np.arange(keys.size + 1))
    spectrum = []
    for b in range(keys.size):
        members = order[starts[b]:(starts[b + 1] if b + 1 < keys.size else states.size)]
        entries = by_block[bounds[b]:bounds[b + 1]]
        h = np.zeros((members.size, members.size))
        np.add.at(h, (position[rows[entries]], position[cols[entries]]), vals[entries])
        assert np.allclose(h, h.T)
        n, m = int(n_of[members[0]]), int(m_of[members[0]])
        for e in np.linalg.eigvalsh(h):
            spectrum.append((n, m, e))
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
               "energy": p @ u,
               "entropy": -np.sum(p * np.log(p)),
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


def _ensemble(spectrum, n, t, w, g, interacting=True):
    """Canonical averages of the Fock states of N particles [Delta0, mu_B, k_B]; at T = 0
    the equal-weight average over the states within 1e-9 of the lowest level."""
    e = np.array([x[2] for x in spectrum if x[0] == n])
    m = np.array([x[1] for x in spectrum if x[0] == n], float)
    u = (e if interacting else 0.0) - w * m
    if t == 0:
        p = (u <= u.min() + 1e-9).astype(float)
        p /= p.sum()
        return {"gap": np.sqrt(-g * p @ e), "moment": p @ m, "chi": 0.0, "heat": 0.0}
    p = np.exp(-u / t - logsumexp(-u / t))
    return {"gap": np.sqrt(-g * p @ e), "moment": p @ m, "chi": p @ (m - p @ m) ** 2 / t,
            "heat": p @ (u - p @ u) ** 2 / t ** 2}


@pytest.mark.parametrize("sweep", ["field", "temperature"])
@pytest.mark.parametrize("form", ["thermodynamic", "eq2_literal"])
def test_canonical_table_rows_against_fock_space(sweep, form):
    """Every row of a small table (M = 3, N = 2: omega_c = 2/M = 2/3 Delta0 by Eq. 12 by
    hand; Tc = Delta0 / 2), on a non-square grid, against the Fock-space ensemble:
    the gap, its non-interacting baseline (Boltzmann weights exp(omega m / T) only), the
    moment, chi and C (C/T in the eq2_literal reading, 0 at T = 0)."""
    shell_m, n, wc, g = 3, 2, 2.0 / 3.0, 2.0 / 3.0
    spectrum = _fock_spectrum(shell_m)
    if sweep == "field":
        params = {"temperatures_over_tc": [0.0, 0.3, 1.0],
                  "omega_over_omegac": {"start": 0.0, "stop": 2.4, "num": 5}}
    else:
        params = {"omegas_over_omegac": [0.0, 1.5],
                  "temperature_over_tc": {"start": 0.0, "stop": 2.0, "num": 4}}
    params = {"shells": [{"m": shell_m, "n_electrons": n}, {"m": 5, "n_electrons": 4}],
              "heat_capacity": form, **params}
    table = seniority.canonical_sweep_table(params)
    frame = table.frame
    assert list(frame.index) == list(range(len(frame)))
    assert table.units["heat_capacity_kb"] == ("k_B" if form == "thermodynamic" else "k_B/Delta0")
    assert f"{sweep} sweep" in table.description
    assert table.units["gap_uncorrelated_over_delta0"] == "Delta0"
    assert table.units["mean_seniority"] == "1"
    rows = frame[frame["shell_m"] == shell_m]
    assert len(rows) == (15 if sweep == "field" else 8)
    # long format: the listed (fixed) values are the slow index, the grid the fast one
    fixed = "t_over_tc" if sweep == "field" else "omega_over_omegac"
    n_grid = 5 if sweep == "field" else 4
    assert rows[fixed].nunique() * n_grid == len(rows)
    np.testing.assert_array_equal(rows[fixed].to_numpy()[:n_grid], rows[fixed].iloc[0])
    assert set(rows["n_electrons"]) == {n}
    assert len(frame) == 2 * len(rows)
    seen = set()
    for row in rows.itertuples():
        t, w = 0.5 * row.t_over_tc, wc * row.omega_over_omegac
        seen.add((row.t_over_tc, row.omega_over_omegac))
        assert row.omega_over_delta0 == pytest.approx(w, rel=1e-12)
        ref = _ensemble(spectrum, n, t, w, g)
        free = _ensemble(spectrum, n, t, w, g, interacting=False)
        heat = ref["heat"] / t if (form == "eq2_literal" and t > 0) else ref["heat"]
        np.testing.assert_allclose(
            [row.gap_over_delta0, row.gap_uncorrelated_over_delta0, row.moment_mub,
             row.chi_mub2_per_v_delta0, row.heat_capacity_kb],
            [ref["gap"], free["gap"], ref["moment"], ref["chi"], heat],
            rtol=1e-10, atol=1e-12, err_msg=f"T = {row.t_over_tc} Tc, omega = {w}")
    expected = ({(t, x) for t in (0.0, 0.3, 1.0) for x in np.linspace(0, 2.4, 5)}
                if sweep == "field" else
                {(t, x) for x in (0.0, 1.5) for t in np.linspace(0, 2.0, 4)})
    assert seen == expected
