"""granular_exchange: the library against the paper's equations transcribed as printed.

- Eqs. 12 (FM) and 17 (AFM) written term by term as printed, with their own limits and
  piecewise functions (Eqs. 13-15, 18-20): the two braces of the AFM hopping term with the
  lower limit sqrt(2 J~), k_up and xi~; the FM hopping term with min(k1, kF) and xi. This is
  not the unified sigma/t rewrite of the library (nor the one of
  test_granular_exchange_quadrature.py); readings as in docs/model-notes/granular_exchange.md
  (units factor 2m/hbar^2, eps^-_k of Eq. 17 read as eps^s_k, Eq. 15 read with max(k1, k2)).
- The matrix elements T and P (Eqs. 31, 33) against direct integration along z of the wave
  functions of Eqs. 6 and 7.
- The quadrature nodes of every figure of config/config.yaml against 96 x 64 nodes.
"""

import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import constants as sc
from scipy import integrate

from nanomag.granular_exchange import exchange as ex

C = 2 * sc.m_e * sc.e / sc.hbar**2 * 1e-18  # 2m/hbar^2 [1/(eV nm^2)]
EF = -0.1
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


CASES = [
    # (U, Jsd, a, d, eps_c): ferromagnet near the Fig. 3 peak; half metal; Fig. 6 region
    (2.0, 1.4, 5.0, 0.8, 0.028),
    (2.0, 1.95, 3.0, 0.8, 0.0467),
    (1.0, 0.45, 3.0, 0.8, 0.0467),
]


@pytest.mark.parametrize("U, J, a, d, ec", CASES)
def test_library_matches_printed_eqs_12_and_17(U, J, a, d, ec):
    fm, afm = ex.configuration_energies_per_radius(U, J, d, EF, ec, nodes=(64, 48))
    assert a * fm[0] == pytest.approx(printed_fm_energy(U, J, a, d, ec), rel=2e-5)
    assert a * afm[0] == pytest.approx(printed_afm_energy(U, J, a, d, ec), rel=2e-5)


def test_printed_afm_energy_of_a_semimetal_has_no_hopping():
    """Eq. 21: for Jsd > U the AFM energy is its first term, whatever eps_c (printed form)."""
    U, J, a, d = 1.0, 1.2, 2.0, 0.9
    e1 = printed_afm_energy(U, J, a, d, 0.0)
    assert printed_afm_energy(U, J, a, d, 0.3) == pytest.approx(e1, rel=1e-12)
    fm, afm = ex.configuration_energies_per_radius(U, J, d, EF, [0.0, 0.3])
    assert a * afm[0] == pytest.approx(e1, rel=2e-5)


# ----------------------------------------------------------------------------- Eqs. 31, 33
def _psi(z, k, kap, d):
    """Eqs. 6, 7 (Omega = 1): grain 1 fills z < -d/2."""
    tau = 2 * k / (k + 1j * kap)
    xi = (k - 1j * kap) / (k + 1j * kap)
    if z < -d / 2:
        return np.exp(1j * k * (d / 2 + z)) + xi * np.exp(-1j * k * (d / 2 + z))
    return tau * np.exp(-kap * (d / 2 + z))


def _phi(z, k, kap, d):
    """Mirror image of _psi (Eq. 2): grain 2 fills z > d/2."""
    return _psi(-z, k, kap, d)


def _zint(f, a, b):
    re = integrate.quad(lambda z: f(z).real, a, b, epsabs=1e-13, epsrel=1e-11, limit=400)[0]
    im = integrate.quad(lambda z: f(z).imag, a, b, epsabs=1e-13, epsrel=1e-11, limit=400)[0]
    return re + 1j * im


@pytest.mark.parametrize("k1, k2, km_t2, km_s2, d, e0", [
    (2.0, 3.5, 52.0, 66.0, 0.8, -2.0),     # different subbands (AFM-like)
    (4.1, 4.1, 60.0, 60.0, 0.9, -1.6),     # equal decay constants (the sinh limit)
    (1.0, 6.5, 45.0, 80.0, 1.0, -3.1),
])
def test_matrix_elements_against_z_integration_of_the_wave_functions(k1, k2, km_t2, km_s2, d,
                                                                      e0):
    """T = int_{d/2}^inf phi* psi e_t0 dz and P = int phi* psi dz (Eqs. 8, 31, 33): the
    z-integral of the middle region gives 2 sinh, so P equals the library's P for g = 2; the
    printed g = 1 misses exactly half of the middle-region overlap."""
    kap1, kap2 = math.sqrt(km_t2 - k1**2), math.sqrt(km_s2 - k2**2)

    def integrand(z):
        return np.conj(_phi(z, k1, kap1, d)) * _psi(z, k2, kap2, d)
    # decay lengths < 0.2 nm: 40 nm covers the tails to far below round-off
    t_direct = e0 * _zint(integrand, d / 2, d / 2 + 40.0)
    middle = _zint(integrand, -d / 2, d / 2)
    p_direct = _zint(integrand, -d / 2 - 40.0, -d / 2) + middle + t_direct / e0
    T, P2 = ex.matrix_elements(k1, k2, km_t2, km_s2, d, e0, sinh_factor=2.0)
    _, P1 = ex.matrix_elements(k1, k2, km_t2, km_s2, d, e0, sinh_factor=1.0)
    assert T == pytest.approx(t_direct, rel=1e-9)
    assert P2 == pytest.approx(p_direct, rel=1e-9)
    assert P2 - P1 == pytest.approx(middle / 2, rel=1e-9)


# ----------------------------------------------------------------------------- nodes used
CONFIG = yaml.safe_load((Path(__file__).parents[3] / "config" / "config.yaml").read_text())
PAPER = CONFIG["granular_exchange"]


@pytest.mark.parametrize("fig", ["fig3", "fig4", "fig5", "fig6", "fig7"])
def test_quadrature_nodes_of_the_pipeline_are_converged(fig):
    """The node counts config/config.yaml really uses give J within 1e-4 of max|J| of 96 x 64
    nodes on a 5 x 5 grid spanning the figure's (U, Jsd) range (the study of the notes: 48 x 32
    2e-5, 64 x 48 2e-7)."""
    p = {**PAPER["material"], **PAPER[fig]}
    jsd_spec = p.get("jsd_ev", p.get("map_jsd_ev"))
    u_spec = p["u_ev"] if isinstance(p["u_ev"], dict) else {"start": p["u_ev"], "stop": p["u_ev"]}
    u = np.linspace(u_spec["start"], u_spec["stop"], 5)
    jsd = np.linspace(jsd_spec["start"], jsd_spec["stop"], 5)
    uu, jj = np.meshgrid(u, jsd)
    eps = [0.0, p["eps_c_times_a_ev_nm"] / 3.0]
    used = ex.exchange_per_radius(uu, jj, p["d_nm"], p["ef_ev"], eps,
                                  nodes=tuple(p["quadrature_nodes"]))
    fine = ex.exchange_per_radius(uu, jj, p["d_nm"], p["ef_ev"], eps, nodes=(96, 64))
    assert np.max(np.abs(used - fine)) < 1e-4 * np.max(np.abs(fine))
