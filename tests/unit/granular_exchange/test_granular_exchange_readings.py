"""granular_exchange: the physics of the contact-area and hopping-term readings.

Expected values come from the literal nested quadrature of
``test_granular_exchange_quadrature.literal_energy`` (it shares no code with the library),
with its area factors at kappa_0 for the ``fermi_level`` reading, and from Eq. 22 written
out here with scipy.constants and mpmath for the ``eq22`` reading.
"""

import mpmath
import numpy as np
import pytest
from scipy import constants as sc

from nanomag.granular_exchange import exchange as ex

from test_granular_exchange_quadrature import C, EF, literal_energy, literal_exchange

KAPPA0 = np.sqrt(-C * EF)   # decay constant at the Fermi level [1/nm] (Sec. 4)
REL = 2e-5                  # the library's 64 x 48 nodes against adaptive quadrature

# (U, Jsd, a, d, eps_c): ferromagnet near the Fig. 3 peak; half metal (Jsd > U + E_F);
# the Fig. 6 band (U = 1 eV)
CASES = [(2.0, 1.4, 5.0, 0.8, 0.028), (2.0, 1.95, 3.0, 0.8, 0.0467), (1.0, 0.45, 2.0, 0.8, 0.07)]


@pytest.mark.parametrize("U, J, a, d, ec", CASES)
def test_fermi_level_contact_area_matches_literal_integrals(U, J, a, d, ec):
    """Every area factor at kappa_0 (S_c = pi a / kappa_0 of Sec. 4): the literal integrals
    with 1/kappa_0 in place of the areas' 1/kappa give the same FM and AFM energies."""
    fm, afm = ex.configuration_energies_per_radius(U, J, d, EF, ec, contact_area="fermi_level")
    assert a * fm[0] == pytest.approx(literal_energy("fm", U, J, a, d, EF, ec,
                                                     kappa_area=KAPPA0), rel=REL)
    assert a * afm[0] == pytest.approx(literal_energy("afm", U, J, a, d, EF, ec,
                                                      kappa_area=KAPPA0), rel=REL)


def test_fermi_level_area_enlarges_every_term():
    """kappa >= kappa_0 for every state below the Fermi level, so 1/kappa_0 >= 1/kappa: each
    term (direct, overlap, hopping) keeps its sign and grows in magnitude; the growth of the
    direct term is bounded by k_max/kappa_0 (its largest kappa over kappa_0)."""
    U, J, d, ec = 2.0, 1.2, 0.8, 0.05
    for conf in ("fm", "afm"):
        for term in (1, 2, 3):
            state = literal_energy(conf, U, J, 1.0, d, EF, ec, terms=(term,), rel=1e-8)
            fermi = literal_energy(conf, U, J, 1.0, d, EF, ec, terms=(term,), rel=1e-8,
                                   kappa_area=KAPPA0)
            assert np.sign(fermi) == np.sign(state) != 0
            assert abs(fermi) > abs(state)
        direct = [literal_energy(conf, U, J, 1.0, d, EF, ec, terms=(1,), rel=1e-8, kappa_area=k)
                  for k in (None, KAPPA0)]
        assert direct[1] / direct[0] < np.sqrt(C * (U + J)) / KAPPA0


def test_fermi_level_area_in_the_pipeline_table():
    """The Fig. 3 table follows the config option: its z_n J at one point equals the literal
    energies with the Fermi-level area, in kelvin."""
    params = {"u_ev": 2.0, "d_nm": 0.8, "ef_ev": EF, "z_n": 6, "eps_c_times_a_ev_nm": 0.14,
              "jsd_ev": {"start": 1.4, "stop": 1.6, "num": 2}, "a_nm": [5.0],
              "quadrature_nodes": [64, 48], "contact_area": "fermi_level"}
    row = ex.exchange_vs_splitting_table(params).frame.iloc[0]
    expected = literal_exchange(2.0, 1.4, 5.0, 0.8, EF, 0.028, kappa_area=KAPPA0)
    assert row["zj_k"] == pytest.approx(6 * expected * sc.e / sc.k, rel=REL)


def _delta_eps_ev(d_nm, gamma=3.43):
    """Delta_eps = gamma hbar sqrt(h_B)/(sqrt(2 m_e) d), h_B = -E_F (Sec. 6.2) [eV]."""
    return gamma * sc.hbar * np.sqrt(-EF * sc.e) / (np.sqrt(2 * sc.m_e) * d_nm * 1e-9) / sc.e


def _one_minus_f(eps_c, delta):
    """1 - sqrt(eps_c/Delta) arctan(sqrt(Delta/eps_c)) of Eq. 22 (mpmath)."""
    r = mpmath.sqrt(mpmath.mpf(eps_c) / delta)
    return float(1 - r * mpmath.atan(1 / r))


@pytest.mark.parametrize("U, J, a, d", [(2.0, 1.4, 5.0, 0.8), (1.0, 0.45, 2.0, 0.8)])
def test_eq22_hopping_term_interpolates_between_the_two_limits(U, J, a, d):
    """Eq. 22: J(eps_c) = S_c J_0 + S_c J_1 (1 - f): S_c (J_0 + J_1) is the full J at
    eps_c = 0 and S_c J_0 the J without the hopping term (eps_c -> infinity)."""
    j_zero = literal_exchange(U, J, a, d, EF, 0.0)
    j_no_hop = (literal_energy("afm", U, J, a, d, EF, 0.0, terms=(1, 2))
                - literal_energy("fm", U, J, a, d, EF, 0.0, terms=(1, 2)))
    delta = _delta_eps_ev(d)
    eps = np.array([0.0, 0.14 / a, 0.5, 1e4])
    ours = a * ex.exchange_per_radius(U, J, d, EF, eps, hopping_term="eq22")
    expected = [j_no_hop + (j_zero - j_no_hop) * (_one_minus_f(e, delta) if e > 0 else 1.0)
                for e in eps]
    np.testing.assert_allclose(ours, expected, rtol=REL)


def test_eq22_and_full_hopping_term_differ_only_at_finite_charging_energy():
    """Both readings agree at eps_c = 0 and as eps_c -> infinity (1 - f ~ Delta/(3 eps_c),
    the full term ~ 1/eps_c) and differ in between (Eq. 22 is an approximation)."""
    U, J, d = 2.0, 1.4, 0.8
    eps = np.array([0.0, 0.028, 0.14, 1e6])
    full = ex.exchange_per_radius(U, J, d, EF, eps)
    eq22 = ex.exchange_per_radius(U, J, d, EF, eps, hopping_term="eq22")
    scale = abs(full[0] - full[-1])   # size of the hopping contribution
    assert eq22[0] == pytest.approx(full[0], rel=1e-12)
    assert abs(eq22[-1] - full[-1]) < 1e-4 * scale
    assert np.all(np.abs(eq22[1:3] - full[1:3]) > 1e-2 * scale)


@pytest.mark.parametrize("key, value", [("contact_area", "kappa0"), ("hopping_term", "eq23")])
def test_unknown_readings_are_refused_by_name(key, value):
    with pytest.raises(ValueError, match=key):
        ex.exchange_per_radius(2.0, 1.4, 0.8, EF, 0.0, **{key: value})
