"""Independent values of the orbital_dimers reference tables (tests/reference/orbital_dimers/).

Run ``python tests/reference/independent/orbital_dimers.py > tests/reference/independent/orbital_dimers.yaml``.
Nothing here imports ``nanomag``: zeros come from mpmath (or a sign scan of scipy's
spherical_jn with brentq), sums run level by level over (n, l, m), linear algebra and roots
are done in mpmath or scipy, integrals by direct quadrature. The rows are those of the small
configuration (config/ci.yaml).
"""

from __future__ import annotations

import numpy as np
import mpmath as mp
from scipy.optimize import brentq, fsolve
from scipy.special import i0e, spherical_jn

mp.mp.dps = 30
CHI_L = 2.9e-7          # config material.chi_landau
D_OVER_A = 3.0          # config fig5/fig10 d_over_a
points: list[dict] = []


def add(table, where, column, value, method, rtol=None, atol=None):
    entry = {"table": table, "where": where, "column": column, "value": float(value),
             "method": method}
    if rtol is not None:
        entry["rtol"] = rtol
    if atol is not None:
        entry["atol"] = atol
    points.append(entry)


def zero(n, l):
    """n-th zero of j_l: n-th zero of J_{l+1/2} (mpmath)."""
    return float(mp.besseljzero(mp.mpf(l) + mp.mpf(1) / 2, n))


def all_zeros(z_max):
    """Every zero of j_l below z_max: sign scan of scipy spherical_jn, brentq."""
    grid = np.arange(0.05, z_max, 0.02)
    ls, zs = [], []
    for l in range(int(z_max) + 1):
        v = spherical_jn(l, grid)
        for i in np.flatnonzero(np.sign(v[1:]) * np.sign(v[:-1]) < 0):
            zs.append(brentq(lambda q: spherical_jn(l, q), grid[i], grid[i + 1], xtol=1e-14))
            ls.append(l)
    return np.array(ls), np.array(zs)


ZEROS = all_zeros(90.0)


def levels(kfa):
    """Every level (l, zeta, m) below zeta = 90 with rho = <r^2>/a^2 and s = <sin^2>."""
    l, z = ZEROS
    ll = np.repeat(l, 2 * l + 1).astype(float)
    zz = np.repeat(z, 2 * l + 1)
    mm = np.concatenate([np.arange(-q, q + 1) for q in l]).astype(float)
    rho = (1 + (2 * ll * (ll + 1) - 1.5) / zz ** 2) / 3
    s = 2 * (ll * ll + ll - 1 + mm * mm) / ((2 * ll - 1) * (2 * ll + 3))
    return ll, zz, mm, kfa ** 2 * rho * s / 4


def zfs_level_sum(kfa, t):
    """chi/|chi_L| = 9 pi/(kFa)^3 dM/dx at x = 0, summed level by level:
    dM/dx = sum_levels [f(1-f) m^2 / t - 2 f kappa] (spin 2 included as in M = -2 sum ...)."""
    ll, zz, mm, kappa = levels(kfa)
    y = (1 - (zz / kfa) ** 2) / t
    f = 0.5 * (1 + np.tanh(y / 2))
    ff = f * (0.5 * (1 - np.tanh(y / 2)))
    slope = np.sum(ff * mm ** 2 / t - 2 * f * kappa)
    return 9 * np.pi / kfa ** 3 * slope


def moment_brute(kfa, t, x, h=1e-7):
    """M/mu_B = -2 dOmega/dx, central difference of the grand potential of every level."""
    ll, zz, mm, kappa = levels(kfa)

    def omega(xx):
        e = (zz / kfa) ** 2 + xx * mm / 2 + xx ** 2 * kappa / 4
        return -2 * t * np.sum(np.logaddexp(0.0, (1 - e) / t))

    return -2 * (omega(x + h) - omega(x - h)) / (2 * h)


# --------------------------------------------------------------- bessel_zeros, zeros_in_range
for n, l in ((1, 36), (6, 26), (5, 37), (3, 0)):
    add("bessel_zeros", {"n": n, "l": l}, "zeta", zero(n, l), "mpmath besseljzero(l + 1/2, n)",
        rtol=1e-12)
for n, l in ((1, 36), (6, 26)):
    add("zeros_in_range", {"n": n, "l": l}, "zeta", zero(n, l),
        "mpmath besseljzero(l + 1/2, n)", rtol=1e-12)

# --------------------------------------------------------------- Eq. (8), Fig. 2
chi_c = 3 * 27 / (8 * np.pi)
add("critical_susceptibility", {"direction": "longitudinal"}, "chi_c", chi_c,
    "analytic: 3 (d/a)^3 / (4 pi |eta|), eta = -2, d = 3a", rtol=1e-14)
add("critical_susceptibility", {"direction": "transverse"}, "chi_c_over_chil",
    2 * chi_c / CHI_L, "analytic: 3 (d/a)^3 / (4 pi) / |chi_L|, d = 3a", rtol=1e-14)

g = mp.mpf(4) * mp.pi / 81
for panel, eta, s1, s2 in (("a", 1, 1, 1), ("f", -2, 1, -1)):
    c1, c2 = s1 * 0.35 * mp.mpf(81) / (8 * mp.pi), s2 * 0.25 * mp.mpf(81) / (8 * mp.pi)
    solution = mp.lu_solve(mp.matrix([[1, eta * g * c1], [eta * g * c2, 1]]), mp.matrix([c1, c2]))
    for particle in (1, 2):
        add("moment_arrows", {"panel": panel, "particle": particle},
            "moment_interacting_over_chicz_h", solution[particle - 1] / (mp.mpf(81) / (8 * mp.pi)),
            "mpmath lu_solve of m_i = chi_i (H - eta g m_j), g = 4 pi/81", rtol=1e-12)

# --------------------------------------------------------------- Figs. 3, 4 (saturating model)
for r, column, sign in ((1.5, "moment_1_over_m0", 1), (-2.0, "moment_2_over_m0", -1),
                        (2.0, "total_moment_over_m0", 2)):
    mu = mp.findroot(lambda m: m - mp.tanh(abs(r) * m), 0.9)
    add("equal_particles", {"chi_over_chicz": r}, column, sign * mu,
        "mpmath findroot of mu = tanh(|r| mu) (Eq. 10)", rtol=1e-12)
for r1, r2 in ((1.5, 1.0), (-1.5, -1.0)):
    sol = mp.findroot(lambda a, b: (a - mp.tanh(r1 * b), b - mp.tanh(r2 * a)),
                      (mp.mpf(0.9) * np.sign(r1), mp.mpf(0.9)))
    mu1, mu2 = (sol[0], sol[1]) if sol[0] > 0 else (-sol[0], -sol[1])
    add("phase_diagram", {"chi1_over_chicz": r1, "chi2_over_chicz": r2}, "moment_1_over_m0",
        mu1, "mpmath findroot of mu1 = tanh(r1 mu2), mu2 = tanh(r2 mu1), mu1 > 0", rtol=1e-12)
    add("phase_diagram", {"chi1_over_chicz": r1, "chi2_over_chicz": r2}, "moment_2_over_m0",
        mu2, "mpmath findroot of mu1 = tanh(r1 mu2), mu2 = tanh(r2 mu1), mu1 > 0", rtol=1e-12)
add("boundary_lines", {"line": "para_dia", "chi1_over_chicz": 1.0}, "chi2_over_chicz", -1 / 3,
    "analytic: numerator of Eq. (6) chi1 + chi2 + 2 chi1 chi2 / chi_c = 0", rtol=1e-12)
add("boundary_lines", {"line": "ordered", "chi1_over_chicz": 1.25}, "chi2_over_chicz", 0.8,
    "analytic: chi1 chi2 = (chi_c^z)^2", rtol=1e-12)

# --------------------------------------------------------------- Fig. 9 (chain, Eq. C1)
lam3 = (mp.mpf(1) / 8 + mp.sqrt(mp.mpf(1) / 64 + 8)) / 2
add("chain_critical_susceptibility", {"n_particles": 3}, "chi_cn_over_chicz", 1 / lam3,
    "closed form: symmetric mode (1, x, 1), lambda^2 - lambda/8 - 2 = 0", rtol=1e-13)
a12 = mp.matrix(12, 12)
for i in range(12):
    for j in range(12):
        if i != j:
            a12[i, j] = mp.mpf(1) / abs(i - j) ** 3
add("chain_critical_susceptibility", {"n_particles": 12}, "chi_cn_over_chicz",
    1 / max(mp.eigsy(a12)[0]), "mpmath eigsy of A_ij = |i-j|^-3 built element by element",
    rtol=1e-12)
add("chain_critical_susceptibility", {"n_particles": 5}, "chi_c_inf_over_chicz",
    1 / (2 * mp.zeta(3)), "mpmath 1/(2 zeta(3)): the lattice sum of |k|^-3", rtol=1e-14)

# --------------------------------------------------------------- Figs. 5-7 (single particle)
ZETA_1_36, ZETA_5_37 = zero(1, 36), zero(5, 37)
for where, kfa, t in (({"panel": "main", "size_label": "zeta_1,36", "t_over_tf": 1e-8},
                       ZETA_1_36, 1e-8),
                      ({"panel": "main", "size_label": "zeta_5,37", "t_over_tf": 1e-4},
                       ZETA_5_37, 1e-4),
                      ({"panel": "inset", "size_label": "42.4", "t_over_tf": 1e-2}, 42.4, 1e-2)):
    add("zfs_temperature", where, "chi_over_chil", zfs_level_sum(kfa, t),
        "level-by-level sum over (n, l, m) of f(1-f) m^2/t - 2 f kappa, zeros by sign scan "
        "of scipy spherical_jn + brentq", rtol=1e-8)
for t, kfa in ((5e-3, 50.0), (5e-5, 45.0)):
    add("zfs_size", {"t_over_tf": t, "kfa": kfa}, "chi_over_chil", zfs_level_sum(kfa, t),
        "level-by-level sum over (n, l, m), zeros by sign scan + brentq", rtol=1e-8)
x = 1.926e-3 * 20 / 40
for label, kfa, t in (("42.4", 42.4, 5e-4), ("zeta_1,36", ZETA_1_36, 5e-3)):
    add("moment_field", {"size_label": label, "t_over_tf": t, "hbar_omega_c_over_ef": x},
        "moment_over_mub", moment_brute(kfa, t, x),
        "central difference of the grand potential summed over every level (n, l, m), "
        "zeros by sign scan + brentq", rtol=1e-6)


# --------------------------------------------------------------- Figs. 5(b), 10 (coupled)
def single_shell(l, kfa):
    """The half-filled shell l at E_F as M(x) = sum_m m tanh(x m/(4t)) + bg x, with the
    diamagnetic background bg of the full shells below (and half of the shell itself)."""
    lz, zz = ZEROS
    rho = (1 + (2 * lz * (lz + 1.0) - 1.5) / zz ** 2) / 3
    below, at = zz < kfa - 1e-9, np.abs(zz - kfa) < 1e-9
    bg = -kfa ** 2 / 3 * (np.sum(((2 * lz + 1) * rho)[below])
                          + 0.5 * np.sum(((2 * lz + 1) * rho)[at]))
    m = np.arange(-l, l + 1)
    alpha = 24 * np.pi ** 2 * CHI_L / (kfa ** 3 * D_OVER_A ** 3)
    return m, bg, alpha


m36, bg36, alpha36 = single_shell(36, ZETA_1_36)
curie36 = 9 * np.pi * 36 * 37 * 73 / (12 * ZETA_1_36 ** 3)
tc36 = brentq(lambda t: curie36 / t + 9 * np.pi / ZETA_1_36 ** 3 * bg36 - chi_c / CHI_L, 1e-8,
              1e-6, xtol=1e-20, rtol=1e-14)
add("dimer_moment", {"size_label": "zeta_1,36", "t_over_tf": 1e-7}, "critical_t_over_tf", tc36,
    "single-shell Curie law + background of the full shells, brentq on chi(T) = chi_c^z",
    rtol=1e-7)
for t in (1e-7, 2e-7):
    mu = brentq(lambda v: np.sum(m36 * np.tanh(alpha36 * v * m36 / (4 * t))) + bg36 * alpha36 * v
                - v, 1e-6, 36 * 37 + 1.0, xtol=1e-12)
    add("dimer_moment", {"size_label": "zeta_1,36", "t_over_tf": t}, "mz_over_mub", mu,
        "single-shell model (l = 36 at E_F, background of full shells), scalar brentq",
        rtol=1e-6)
for t, n in ((1e-7, 4), (3e-7, 6)):
    idx = np.arange(n)
    a = np.where(idx[:, None] != idx[None, :],
                 1.0 / np.maximum(np.abs(idx[:, None] - idx[None, :]), 1) ** 3, 0.0)

    def residual(v):
        x = alpha36 * (a @ v)
        return v - (np.sum(m36[None, :] * np.tanh(x[:, None] * m36[None, :] / (4 * t)), axis=1)
                    + bg36 * x)

    v = fsolve(residual, np.full(n, 36 * 37.0), xtol=1e-13)
    add("chain_moment", {"t_over_tf": t, "n_particles": n}, "mz_over_mub", float(np.mean(v)),
        "single-shell model for every particle of the chain, scipy fsolve", rtol=1e-6)


# --------------------------------------------------------------- Fig. 8 (App. B)
C = 50.0
z_norm = np.sqrt(np.pi / C) * float(mp.erf(np.sqrt(C))) - 2 * np.exp(-C)
for s in (0.0, 0.5):
    add("thermal_density", {"k_over_c": 0.0, "mz1_over_m0": s}, "density",
        (np.exp(-C * s * s) - np.exp(-C)) / z_norm,
        "closed form at K = 0: (e^{-C s^2} - e^{-C}) / (sqrt(pi/C) erf(sqrt C) - 2 e^{-C})",
        rtol=1e-8)


def direct_density(s, k, c, n=48):
    """P1(s) up to a constant: Eq. (B8) with delta(s - mu1 u1), 3-D Gauss-Legendre over
    mu1, mu2, u2 with the Bessel I0 (scaled)."""
    xg, wg = np.polynomial.legendre.leggauss(n)
    a = abs(s)
    mu1 = a + (1 - a) * (xg + 1) / 2
    w1 = (1 - a) * wg / 2
    mu2, w2 = (xg + 1) / 2, wg / 2
    m1, m2, u2 = np.meshgrid(mu1, mu2, xg, indexing="ij")
    w = w1[:, None, None] * w2[None, :, None] * wg[None, None, :]
    u1 = s / m1
    q = k * m1 * m2 * np.sqrt(np.clip((1 - u1 ** 2) * (1 - u2 ** 2), 0, None))
    expo = -c * (m1 ** 2 + m2 ** 2) + 2 * k * m1 * m2 * u1 * u2 + q
    return np.sum(w * m1 * m2 ** 2 * np.exp(expo) * i0e(q))


x_norm, w_norm = np.polynomial.legendre.leggauss(32)   # P1 is even: 2 * int_0^1 ds
norm = np.sum(w_norm * np.array([direct_density(v, C, C) for v in (x_norm + 1) / 2]))
add("thermal_density", {"k_over_c": 1.0, "mz1_over_m0": 0.0}, "density",
    direct_density(0.0, C, C) / norm,
    "direct 3-D Gauss-Legendre quadrature of Eq. (B8) with I0, normalised by 32-point "
    "Gauss-Legendre over |s| (48 vs 96 nodes per dimension: 2e-13)", rtol=1e-8)


if __name__ == "__main__":
    import sys

    import yaml

    sys.stdout.write("# Independent values of the orbital_dimers reference tables; written by\n"
                     "# tests/reference/independent/orbital_dimers.py (see its docstring).\n")
    yaml.safe_dump(points, sys.stdout, sort_keys=False, width=100)
