"""granular_exchange: the fast quadrature of Eqs. 12/17 against the literal integrals.

The reference integrates the printed integrands (unified reading, see
docs/model-notes/granular_exchange.md) with scipy's adaptive quad, nested, with complex
transmission amplitudes and the min/max of Eqs. 13, 15, 18-20 written out literally; it shares
no code with the library.
"""

import functools

import numpy as np
import pytest
from scipy import constants as sc
from scipy import integrate

from nanomag.granular_exchange import exchange as ex

C = 2 * sc.m_e * sc.e / sc.hbar**2 * 1e-18  # 2m/hbar^2 [1/(eV nm^2)]


# cached: the reference never changes within a session (a mutation run forks every mutant's
# tests from a process that has computed it once)
@functools.lru_cache(maxsize=None)
def literal_energy(conf, U, J, a, d, EF, ec, g=1.0, h=1.0, terms=(1, 2, 3), rel=1e-9,
                   kappa_area=None):
    """E_FM or E_AFM [eV] (without the zero-order part) by nested adaptive quadrature.

    ``kappa_area``: decay constant of the area factors (pi a/kappa of term 1, 1/kappa_2 of
    terms 2-3) [1/nm]; None: each state's own, as Eqs. 12/17 print them."""
    total = 0.0
    for sg in (+1, -1):
        t = sg if conf == "fm" else -sg
        km_s2, km_t2 = C * (U - sg * J), C * (U - t * J)
        kf_s2, kf_t2 = max(C * (EF + U - sg * J), 0.0), max(C * (EF + U - t * J), 0.0)
        if kf_s2 <= 0:
            continue
        kfs, kft = np.sqrt(kf_s2), np.sqrt(kf_t2)
        e_t = -U + t * J

        def kap_s(k):
            return np.sqrt(km_s2 - k * k)

        def kap_t(k):
            return np.sqrt(km_t2 - k * k)

        def area(kap):
            return kap if kappa_area is None else kappa_area

        def tau(k, kap):
            return 2 * k / (k + 1j * kap)

        def T(k1, k2):
            p1, p2 = kap_t(k1), kap_s(k2)
            return (e_t * np.conj(tau(k1, p1)) * tau(k2, p2) * (p1 + p2) / (k1**2 + p2**2)
                    * np.exp(-p2 * d))

        def P(k1, k2):
            p1, p2 = kap_t(k1), kap_s(k2)
            dp = p1 - p2
            sh = np.sinh(dp * d / 2) / dp if abs(dp) > 1e-12 else d / 2
            return np.conj(tau(k1, p1)) * tau(k2, p2) * (
                (p1 + p2) * np.exp(-p1 * d) / (k2**2 + p1**2)
                + (p1 + p2) * np.exp(-p2 * d) / (k1**2 + p2**2)
                + g * np.exp(-(p1 + p2) * d / 2) * sh)

        if 1 in terms:
            def f1(k):
                eps_k = k * k / C - U + sg * J          # epsilon_k^s
                v = e_t * abs(tau(k, kap_s(k)))**2 * np.exp(-2 * kap_s(k) * d) / (2 * kap_s(k))
                return C * (EF - eps_k) * (np.pi * a / area(kap_s(k))) * v
            total += integrate.quad(f1, 0, kfs, epsrel=rel, epsabs=0, limit=200)[0] / (4 * np.pi**2)
        if 2 in terms and kf_t2 > 0:
            D = kf_t2 - kf_s2

            def inner2(k1):
                def f(k2):
                    delta = min(kf_t2 - k1 * k1, kf_s2 - k2 * k2) / C
                    return delta * (T(k1, k2) * np.conj(P(k1, k2))).real / area(kap_s(k2))
                b = k1 * k1 - D
                pts = [np.sqrt(b)] if 0 < b < kf_s2 else None
                return integrate.quad(f, 0, kfs, points=pts, epsrel=rel, epsabs=0, limit=200)[0]
            pts = [np.sqrt(D)] if 0 < D < kf_t2 else None
            total -= h * C * a / (8 * np.pi**2) * integrate.quad(
                inner2, 0, kft, points=pts, epsrel=rel, epsabs=0, limit=200)[0]
        if 3 in terms and km_t2 > 0:
            kmt = np.sqrt(km_t2)

            def inner3(k1):
                top2 = kf_s2 - max(0.0, kf_t2 - k1 * k1)
                if top2 <= 0:
                    return 0.0

                def f(k2):
                    xi = max(0.0, kf_s2 - k2 * k2 - max(0.0, kf_t2 - k1 * k1)) / C
                    x = (k1 * k1 - k2 * k2) / C + (t - sg) * J
                    weight = 1.0 if ec is None else 1.0 / (x + ec)
                    return xi * abs(T(k1, k2))**2 / area(kap_s(k2)) * weight
                return integrate.quad(f, 0, np.sqrt(top2), epsrel=rel, epsabs=0, limit=200)[0]
            pts = [p for p in (np.sqrt(max(kf_t2 - kf_s2, 0.0)), kft) if 0 < p < kmt]
            total -= h * C * a / (8 * np.pi**2) * integrate.quad(
                inner3, 0, kmt, points=pts or None, epsrel=rel, epsabs=0, limit=400)[0]
    return total


def literal_exchange(U, J, a, d, EF, ec, **kw):
    return literal_energy("afm", U, J, a, d, EF, ec, **kw) - literal_energy("fm", U, J, a, d, EF,
                                                                             ec, **kw)


EF = -0.1
CASES = [
    # (U, Jsd, a, d, eps_c): ferromagnet, Fig 3 peak, eps = 5
    (2.0, 1.4, 5.0, 0.8, 0.028),
    # just below / above the half-metal threshold Jsd = U + E_F
    (2.0, 1.9 - 0.01, 3.0, 0.8, 0.0467),
    (2.0, 1.9 + 0.01, 3.0, 0.8, 0.0467),
    # just below / above the semimetal threshold Jsd = U
    (1.0, 1.0 - 0.01, 2.0, 0.9, 0.07),
    (1.0, 1.0 + 0.01, 2.0, 0.9, 0.07),
    # large U (Fig 5), no charging energy
    (5.0, 4.5, 3.0, 1.0, 0.0),
]


@pytest.mark.parametrize("U, J, a, d, ec", CASES)
def test_fast_quadrature_matches_literal_integrals(U, J, a, d, ec):
    expected = literal_exchange(U, J, a, d, EF, ec)
    ours = float(ex.exchange_energy(U, J, a, d, EF, ec))
    assert ours == pytest.approx(expected, rel=2e-5)


def test_grain_size_sweep_from_one_set_of_nodes_matches_literal_integrals():
    """J(a, eps_c) = a [A + B(eps_c)]: one call with the charging energies of several radii
    gives, per radius, the literal nested-quadrature J at that radius and charging energy."""
    radii = np.array([1.0, 4.0])
    per_a = ex.exchange_per_radius(1.0, 0.45, 0.8, EF, 0.14 / radii)
    for a, value in zip(radii, per_a):
        assert a * value == pytest.approx(literal_exchange(1.0, 0.45, a, 0.8, EF, 0.14 / a),
                                          rel=2e-5)


def test_configuration_energies_match_literal_with_g2_and_prefactor():
    U, J, a, d, ec = 2.0, 1.2, 2.0, 0.8, 0.07
    fm, afm = ex.configuration_energies_per_radius(U, J, d, EF, ec, sinh_factor=2.0,
                                                   hopping_prefactor=0.5)
    assert a * fm[0] == pytest.approx(literal_energy("fm", U, J, a, d, EF, ec, g=2.0, h=0.5),
                                      rel=2e-5)
    assert a * afm[0] == pytest.approx(literal_energy("afm", U, J, a, d, EF, ec, g=2.0, h=0.5),
                                       rel=2e-5)


def test_hopping_term_large_charging_energy_limit():
    """eps_c E3(eps_c) -> -(a/8pi^2) int Xi |T|^2 / kappa2 (no denominator) as eps_c -> inf."""
    U, J, d = 2.0, 1.3, 0.8
    numerator = literal_energy("fm", U, J, 1.0, d, EF, None, terms=(3,), rel=1e-8)
    ec = 1e6
    e3 = ex.hopping_energy_per_radius(U, J, d, EF, [ec], configuration="fm")[0]
    assert ec * e3 == pytest.approx(numerator, rel=1e-5)


def test_hopping_term_small_charging_energy_limit():
    U, J, d = 1.0, 0.55, 0.8
    zero = literal_energy("afm", U, J, 1.0, d, EF, 0.0, terms=(3,), rel=1e-8)
    e3 = ex.hopping_energy_per_radius(U, J, d, EF, [0.0, 1e-9, 1e-6], configuration="afm")
    assert e3[0] == pytest.approx(zero, rel=2e-5)
    assert e3[1] == pytest.approx(e3[0], rel=1e-6)
    assert abs(e3[1] - e3[0]) < abs(e3[2] - e3[0])
    # the charging energy only suppresses virtual hops: |E3| decreases monotonically
    grid = ex.hopping_energy_per_radius(U, J, d, EF, np.geomspace(1e-4, 10, 30), "afm")
    assert np.all(grid < 0) and np.all(np.diff(grid) > 0)
