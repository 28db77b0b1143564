"""Recompute tests/reference/independent/granular_exchange.yaml by independent methods.

Run: .venv/bin/python tests/reference/independent/granular_exchange.py > \
         tests/reference/independent/granular_exchange.yaml

Nothing from nanomag is imported. Parameters are those of config/ci.yaml and config/config.yaml
(material slice; the rows chosen lie on the ci grids). Methods:
- z_n J of Figs. 3-7: Eqs. 12 (FM) and 17 (AFM) transcribed as printed, term by term, with
  their own limits and piecewise functions (Eqs. 13-15, 18-20; the two braces of the AFM
  hopping term), matrix elements of Eqs. 31 and 33, integrated by nested adaptive scipy quad
  (relative 1e-9). Readings of docs/model-notes/granular_exchange.md: the units factor
  2m/hbar^2, eps^-_k of Eq. 17 read as eps^s_k, Eq. 15 with max(k1, k2), sinh factor g = 1.
  The ci tables use 32 x 24 (Figs. 3, 6, 7) or 48 x 32 (Figs. 4, 5: larger U) Gauss-Legendre
  nodes; measured against these points their error is below 3e-4 relative, so the stated
  tolerance rtol = 1e-3 is that of the tables' quadrature, with margin (the full config's
  64 x 48 tables agree to 2e-6).
- Fig. 2: the potential -U -+ Jsd (analytic). Fig. 8: exp(-kappa0 r^2 / 2a) with
  kappa0 = sqrt(-2 m E_F)/hbar from scipy.constants (analytic).
The unit test test_granular_exchange_printed_equations.py imports this transcription.
"""

import math

import numpy as np
from scipy import constants as sc
from scipy import integrate

EF = -0.1
K_PER_EV = sc.e / sc.k
Z_N = 6
A_EPS_C = 0.14                                # eV nm, config material.eps_c_times_a_ev_nm
C = 2 * sc.m_e * sc.e / sc.hbar**2 * 1e-18  # 2m/hbar^2 [1/(eV nm^2)]
QUAD = dict(epsrel=1e-9, epsabs=0.0, limit=200)


def _band(U, J, s):
    """(kF^2, kmax^2, kappa(k), tau(k)) of subband s (eps_k^s = k^2/C - U + s J)."""
    kf2 = max(C * (EF + U - s * J), 0.0)
    km2 = max(C * (U - s * J), 0.0)
    return kf2, km2, (lambda k: np.sqrt(km2 - k * k)), (lambda k: 2 * k / (k + 1j * np.sqrt(km2 - k * k)))


def _first_term(U, J, a, d, s, v_sign):
    """Omega/(2pi)^2 int dk (EF - eps^s_k) (pi a/kappa) V^s_kk, V = (v_sign J - U)|tau|^2 e^{-2kd}/(2k)."""
    kf2, _, kap, tau = _band(U, J, s)
    if kf2 == 0.0:
        return 0.0

    def f(k):
        eps = k * k / C - U + s * J
        v = (v_sign * J - U) * abs(tau(k)) ** 2 * np.exp(-2 * kap(k) * d) / (2 * kap(k))
        return C * (EF - eps) * (math.pi * a / kap(k)) * v
    return integrate.quad(f, 0.0, math.sqrt(kf2), **QUAD)[0] / (4 * math.pi**2)


def _T(e0, tau1, tau2, kap1, kap2, k1, d):
    return e0 * np.conj(tau1) * tau2 * (kap1 + kap2) / (k1**2 + kap2**2) * np.exp(-kap2 * d)


def printed_fm_energy(U, J, a, d, ec, g=1.0):
    """Eq. 12 with Eqs. 13-15 and the FM matrix elements of Eq. 31 (F_i = 1)."""
    total = 0.0
    for s in (+1, -1):
        kf2, km2, kap, tau = _band(U, J, s)
        if kf2 == 0.0:
            continue                     # only occupied subbands (text after Eq. 15)
        kf = math.sqrt(kf2)
        total += _first_term(U, J, a, d, s, s)
        e0 = s * J - U

        def T12(k1, k2):
            return _T(e0, tau(k1), tau(k2), kap(k1), kap(k2), k1, d)

        def P12(k1, k2):
            T21 = _T(e0, tau(k2), tau(k1), kap(k2), kap(k1), k2, d)
            dk = kap(k1) - kap(k2)
            sh = math.sinh(dk * d / 2) / dk if dk != 0 else d / 2
            return ((T12(k1, k2) + np.conj(T21)) / e0 + g * np.conj(tau(k1)) * tau(k2)
                    * np.exp(-(kap(k1) + kap(k2)) * d / 2) * sh)

        def delta(k1, k2):               # Eq. 15 (energy)
            return EF + U - s * J - max(k1, k2) ** 2 / C

        second = integrate.quad(lambda k1: integrate.quad(
            lambda k2: delta(k1, k2) * (T12(k1, k2) * np.conj(P12(k1, k2))).real / kap(k2),
            0.0, kf, points=[k1] if 0 < k1 < kf else None, **QUAD)[0], 0.0, kf, **QUAD)[0]

        def xi(k1, k2):                  # Eq. 13 (energy)
            return (k1**2 - k2**2) / C if k1 < kf else (kf2 - k2**2) / C

        third = integrate.quad(lambda k1: integrate.quad(
            lambda k2: xi(k1, k2) * abs(T12(k1, k2)) ** 2 / kap(k2)
            / ((k1**2 - k2**2) / C + ec), 0.0, min(k1, kf), **QUAD)[0],
            0.0, math.sqrt(km2), points=[kf], **QUAD)[0]
        total -= C * a / (8 * math.pi**2) * (second + third)
    return total


def printed_afm_energy(U, J, a, d, ec, g=1.0):
    """Eq. 17 with Eqs. 18-20 and the AFM matrix elements of Eq. 33 (F_i = 1)."""
    Jt = C * J                            # J~ = 2 m Jsd / hbar^2
    bands = {s: _band(U, J, s) for s in (+1, -1)}
    total = 0.0
    for s in (+1, -1):
        kf2_s, _, kap_s, tau_s = bands[s]
        kf2_m, _, kap_m, tau_m = bands[-s]
        if kf2_s == 0.0:
            continue
        total += _first_term(U, J, a, d, s, -s)
        if kf2_m == 0.0:
            continue

        def T12(k1, k2, s=s, kap_m=kap_m, kap_s=kap_s, tau_m=tau_m, tau_s=tau_s):
            return _T(-s * J - U, tau_m(k1), tau_s(k2), kap_m(k1), kap_s(k2), k1, d)

        def P12(k1, k2, s=s, kap_m=kap_m, kap_s=kap_s, tau_m=tau_m, tau_s=tau_s, T12=T12):
            T21m = _T(s * J - U, tau_s(k2), tau_m(k1), kap_s(k2), kap_m(k1), k2, d)  # T^{-s}_21
            dk = kap_m(k1) - kap_s(k2)
            sh = math.sinh(dk * d / 2) / dk if dk != 0 else d / 2
            return (np.conj(T21m) / (s * J - U) + T12(k1, k2) / (-s * J - U)
                    + g * np.conj(tau_m(k1)) * tau_s(k2)
                    * np.exp(-(kap_m(k1) + kap_s(k2)) * d / 2) * sh)

        def delta(k1, k2, s=s):          # Eq. 19 (energy)
            if 2 * s * Jt + k2**2 < k1**2:
                return EF + U + s * J - k1**2 / C
            return EF + U - s * J - k2**2 / C

        kf_s, kf_m = math.sqrt(kf2_s), math.sqrt(kf2_m)

        def inner(k1, kf_s=kf_s, s=s, T12=T12, P12=P12, delta=delta, kap_s=kap_s):
            b = k1**2 - 2 * s * Jt
            pts = [math.sqrt(b)] if 0 < b < kf_s**2 else None
            return integrate.quad(lambda k2: delta(k1, k2) * (T12(k1, k2) * np.conj(
                P12(k1, k2))).real / kap_s(k2), 0.0, kf_s, points=pts, **QUAD)[0]
        pts = [math.sqrt(2 * s * Jt)] if 0 < 2 * s * Jt < kf_m**2 else None
        second = integrate.quad(inner, 0.0, kf_m, points=pts, **QUAD)[0]
        total -= C * a / (8 * math.pi**2) * second

    def brace(sign):
        """One brace of the third term: s = sign for xi~, k_max, k_up; T^{-sign}."""
        kf2_a, km2_a, _, _ = bands[sign]           # subband of k1 (grain 2)
        kf2_b, _, kap_b, tau_b = bands[-sign]      # occupied subband of k2 (grain 1)
        _, _, kap_a, tau_a = bands[sign]
        if km2_a == 0.0 or kf2_b == 0.0:
            return 0.0

        def T(k1, k2):                             # T^{-sign}_12 of Eq. 33
            return _T(sign * J - U, tau_a(k1), tau_b(k2), kap_a(k1), kap_b(k2), k1, d)

        def xi(k1, k2):                            # Eq. 18 (energy), s = sign
            if k1 < math.sqrt(kf2_a):
                return (2 * sign * Jt + k1**2 - k2**2) / C
            return (kf2_b - k2**2) / C

        def inner(k1):
            top2 = min(k1**2 + 2 * sign * Jt, kf2_b)   # k_up^2 (Eq. 20)
            if top2 <= 0:
                return 0.0
            return integrate.quad(lambda k2: xi(k1, k2) * abs(T(k1, k2)) ** 2 / kap_b(k2)
                                  / ((k1**2 - k2**2 + 2 * sign * Jt) / C + ec),
                                  0.0, math.sqrt(top2), **QUAD)[0]
        low = math.sqrt(max(-2 * sign * Jt, 0.0))       # sqrt(2 J~) for the '-' brace
        pts = [p for p in (math.sqrt(kf2_a), math.sqrt(max(kf2_b - 2 * sign * Jt, 0.0)))
               if low < p < math.sqrt(km2_a)]
        return integrate.quad(inner, low, math.sqrt(km2_a), points=pts or None,
                              **{**QUAD, "limit": 400})[0]
    total -= C * a / (8 * math.pi**2) * (brace(-1) + brace(+1))
    return total



def zj_k(U, J, a, d, eps_c_times_a=A_EPS_C):
    """z_n J [K] at radius a, charging energy eps_c_times_a / a (0: eps -> infinity)."""
    ec = eps_c_times_a / a
    return Z_N * K_PER_EV * (printed_afm_energy(U, J, a, d, ec) - printed_fm_energy(U, J, a, d, ec))


METHOD = ("Eqs. 12 and 17 transcribed as printed (two-brace AFM hopping term), nested scipy "
          "quad at 1e-9 (independent/granular_exchange.py); tolerance: the ci tables' "
          "Gauss-Legendre nodes")
POINTS = [
    # table, where, column, (U, Jsd, a, d, eps_c a) or callable
    ("fig3_exchange_vs_splitting", {"jsd_ev": 1.4, "a_nm": 5.0}, "zj_k", (2.0, 1.4, 5.0, 0.8, A_EPS_C)),
    ("fig3_exchange_vs_splitting", {"jsd_ev": 1.4, "a_nm": 5.0}, "zj_inf_k", (2.0, 1.4, 5.0, 0.8, 0.0)),
    ("fig3_exchange_vs_splitting", {"jsd_ev": 1.9, "a_nm": 2.0}, "zj_k", (2.0, 1.9, 2.0, 0.8, A_EPS_C)),
    ("fig4_relative_change_map", {"u_ev": 3.0, "jsd_ev": 1.08}, "zj_k", (3.0, 1.08, 3.0, 0.9, A_EPS_C)),
    ("fig4_relative_change_map", {"u_ev": 2.0, "jsd_ev": 2.06}, "zj_inf_k", (2.0, 2.06, 3.0, 0.9, 0.0)),
    ("fig5_map", {"a_nm": 10.0, "jsd_ev": 4.6}, "zj_k", (5.0, 4.6, 10.0, 1.0, A_EPS_C)),
    ("fig5_map", {"a_nm": 5.0, "jsd_ev": 3.8}, "zj_k", (5.0, 3.8, 5.0, 1.0, A_EPS_C)),
    ("fig5_curves", {"a_nm": 3.0, "jsd_ev": 4.2}, "zj_k", (5.0, 4.2, 3.0, 1.0, A_EPS_C)),
    ("fig5_curves", {"a_nm": 10.0, "jsd_ev": 5.0}, "zj_k", (5.0, 5.0, 10.0, 1.0, A_EPS_C)),
    ("fig5_inset", {"a_nm": 10.0, "jsd_ev": 4.5}, "zj_k", (5.0, 4.5, 10.0, 1.0, A_EPS_C)),
    ("fig5_inset", {"a_nm": 2.0, "jsd_ev": 4.5}, "zj_k", (5.0, 4.5, 2.0, 1.0, A_EPS_C)),
    ("fig6_map", {"a_nm": 10.0, "jsd_ev": 0.84}, "zj_k", (1.0, 0.84, 10.0, 0.8, A_EPS_C)),
    ("fig6_map", {"a_nm": 4.0, "jsd_ev": 0.68}, "zj_k", (1.0, 0.68, 4.0, 0.8, A_EPS_C)),
    ("fig6_curves", {"a_nm": 5.0, "jsd_ev": 0.84}, "zj_k", (1.0, 0.84, 5.0, 0.8, A_EPS_C)),
    ("fig6_curves", {"a_nm": 2.0, "jsd_ev": 1.0}, "zj_k", (1.0, 1.0, 2.0, 0.8, A_EPS_C)),
    ("fig6_inset", {"a_nm": 10.0, "jsd_ev": 0.4}, "zj_inf_k", (1.0, 0.4, 10.0, 0.8, 0.0)),
    ("fig6_inset", {"a_nm": 10.0, "jsd_ev": 0.4}, "zj_k", (1.0, 0.4, 10.0, 0.8, A_EPS_C)),
    ("fig7_map", {"a_nm": 4.0, "jsd_ev": 0.76}, "zj_over_a_k_per_nm", (1.0, 0.76, 4.0, 0.9, A_EPS_C)),
    ("fig7_map", {"a_nm": 8.0, "jsd_ev": 0.92}, "zj_over_a_k_per_nm", (1.0, 0.92, 8.0, 0.9, A_EPS_C)),
    ("fig7_curves", {"a_nm": 3.0, "jsd_ev": 0.7}, "zj_over_a_k_per_nm", (1.0, 0.7, 3.0, 0.9, A_EPS_C)),
    ("fig7_curves", {"a_nm": 10.0, "jsd_ev": 0.8}, "zj_k", (1.0, 0.8, 10.0, 0.9, A_EPS_C)),
]


def main():
    print("# Independent points of the granular_exchange reference tables (config/ci.yaml).")
    print("# Generated by tests/reference/independent/granular_exchange.py (methods there).")
    for table, where, column, (U, J, a, d, eca) in POINTS:
        value = zj_k(U, J, a, d, eca)
        if column == "zj_over_a_k_per_nm":
            value /= a
        print(f"- table: {table}\n  where: {where}\n  column: {column}\n  value: {value:.10g}\n"
              f"  rtol: 1.0e-3\n  method: \"{METHOD}\"")
    for spin, z, energy in (("up", -1.9, -2.0 - 0.6), ("down", 1.9, -2.0 - 0.6),
                            ("down", -1.9, -2.0 + 0.6)):
        print(f"- table: fig2_potential_profile\n  where: {{spin: {spin}, z_nm: {z}}}\n"
              f"  column: energy_ev\n  value: {energy:.10g}\n  atol: 1.0e-12\n"
              "  method: \"analytic: -U - Jsd (spin parallel to M) and -U + Jsd, U = 2, Jsd = 0.6 eV\"")
    kappa0 = math.sqrt(-2 * sc.m_e * EF * sc.e) / sc.hbar * 1e-9          # 1/nm
    for r in (1.0, 2.5):
        print(f"- table: fig8_wavefunction_factor\n  where: {{r_perp_nm: {r}}}\n"
              f"  column: gaussian_factor\n  value: {math.exp(-kappa0 * r * r / 6.0):.12g}\n"
              "  rtol: 1.0e-11\n  method: \"analytic: exp(-kappa0 r^2 / 2a), a = 3 nm, kappa0 from scipy.constants\"")
    print("- table: fig8_wavefunction_factor\n  where: {r_perp_nm: 2.0}\n  column: step_factor\n"
          f"  value: 0.0\n  atol: 1.0e-12\n  method: \"analytic: the step radius sqrt(2a/kappa0) = "
          f"{math.sqrt(6.0 / kappa0):.4f} nm < 2 nm\"")


if __name__ == "__main__":
    main()
