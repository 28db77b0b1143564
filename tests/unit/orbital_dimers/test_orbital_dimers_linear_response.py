"""Linear response of the dimer (Eqs. 3-8): closed forms against independent solutions."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from nanomag.orbital_dimers import linear_response as lr


def test_critical_susceptibility_values_at_d3a():
    # Eq. (8) by hand: 3 * 27 / (4 pi |eta|)
    assert_allclose(lr.critical_susceptibility(3.0, -2), 81 / (8 * np.pi), rtol=1e-15)
    assert_allclose(lr.critical_susceptibility(3.0, 1), 81 / (4 * np.pi), rtol=1e-15)


@pytest.mark.parametrize("eta", [1, -2])
@pytest.mark.parametrize("chi1,chi2", [(0.7, 1.3), (-0.4, 2.1), (-1.0, -0.3)])
def test_moments_solve_the_linear_system(chi1, chi2, eta):
    """dimer_moments against numpy.linalg.solve of m_i = chi_i (H - eta g m_j)."""
    d_over_a = 3.3
    g = 4 * np.pi / 3 / d_over_a**3
    matrix = np.array([[1.0, eta * g * chi1], [eta * g * chi2, 1.0]])
    expected = np.linalg.solve(matrix, [chi1, chi2])
    assert_allclose(lr.dimer_moments(chi1, chi2, d_over_a, eta), expected, rtol=1e-13)
    # Eq. (6) is their mean
    assert_allclose(lr.dimer_susceptibility(chi1, chi2, d_over_a, eta), expected.mean(),
                    rtol=1e-13)


@pytest.mark.parametrize("eta", [1, -2])
def test_first_order_shift_is_the_small_coupling_limit(eta):
    chi1, chi2 = 1.7, -0.9
    for d_over_a in (20.0, 40.0):
        exact = lr.dimer_susceptibility(chi1, chi2, d_over_a, eta) - 0.5 * (chi1 + chi2)
        first = lr.susceptibility_shift_first_order(chi1, chi2, d_over_a, eta)
        # the remainder is second order in g = (4 pi/3)(a/d)^3
        g = 4 * np.pi / 3 / d_over_a**3
        assert abs(exact - first) < 5 * g**2 * abs(chi1 * chi2) * (abs(chi1) + abs(chi2))


def test_far_apart_dimer_is_the_mean():
    assert_allclose(lr.dimer_susceptibility(2.0, -0.5, 1e4, -2), 0.75, rtol=1e-10)


def test_divergence_at_critical_product():
    chi_c = lr.critical_susceptibility(3.0, -2)
    for factor in (0.999, 0.9999):
        value = lr.dimer_susceptibility(factor * chi_c, factor * chi_c, 3.0, -2)
        # chi_zz = chi / (1 - chi/chi_c) for equal particles (longitudinal)
        assert_allclose(value, factor * chi_c / (1 - factor), rtol=1e-9)
    assert_allclose(lr.critical_product(3.0, -2), chi_c**2, rtol=1e-14)


def test_exchange_symmetry_of_the_two_particles():
    m1, m2 = lr.dimer_moments(0.3, -1.2, 3.0, -2)
    n1, n2 = lr.dimer_moments(-1.2, 0.3, 3.0, -2)
    assert_allclose([m1, m2], [n2, n1], rtol=1e-15)


def test_moment_arrows_table_signs_follow_the_paper():
    frame = lr.moment_arrows_table({"d_over_a": 3.0, "chi_first_over_chicz": 0.35,
                                    "chi_second_over_chicz": 0.25}).frame
    shift = frame.groupby("panel")["delta_chi_first_order_over_chicz"].first()
    assert list(np.sign(shift)) == [-1, -1, 1, 1, 1, -1]  # panels a-f of Fig. 2
    # the exact and first-order shifts have the same sign in every panel
    exact = frame.groupby("panel")["delta_chi_exact_over_chicz"].first()
    assert np.all(np.sign(exact) == np.sign(shift))


def test_longitudinal_shift_twice_the_transverse():
    """Eq. (7): |Delta chi_z| = 2 |Delta chi_{x,y}| (eta_z = -2, eta_x = 1), opposite signs."""
    z = lr.susceptibility_shift_first_order(0.5, -0.3, 3.0, lr.ETA["longitudinal"])
    x = lr.susceptibility_shift_first_order(0.5, -0.3, 3.0, lr.ETA["transverse"])
    assert_allclose(z, -2 * x, rtol=1e-15)
    # by hand: Delta chi_x = -(4 pi/3)(1/3)^3 chi1 chi2
    assert_allclose(x, -(4 * np.pi / 3) / 27 * 0.5 * -0.3, rtol=1e-15)


def test_critical_susceptibility_table():
    frame = lr.critical_susceptibility_table({"d_over_a": 3.0, "chi_landau": 2.9e-7}).frame
    row = frame.set_index("direction")
    assert_allclose(row.loc["longitudinal", "chi_c"], 81 / (8 * np.pi), rtol=1e-15)
    assert_allclose(row.loc["transverse", "chi_c"], 81 / (4 * np.pi), rtol=1e-15)
    assert_allclose(row["chi_c_over_chil"], row["chi_c"] / 2.9e-7, rtol=1e-15)
    assert row.loc["longitudinal", "eta"] == -2 and row.loc["transverse", "eta"] == 1


@settings(max_examples=50, deadline=None)
@given(chi1=st.floats(-3, 3), chi2=st.floats(-3, 3), d_over_a=st.floats(3, 50),
       eta=st.sampled_from([1, -2]))
def test_linear_dimer_invariants(chi1, chi2, d_over_a, eta):
    """Exchange symmetry, Eq. (6) as the mean moment, and the solved 2x2 system."""
    if abs(1 - eta ** 2 * (4 * np.pi / 3 / d_over_a ** 3) ** 2 * chi1 * chi2) < 1e-3:
        return  # at the divergence itself
    m1, m2 = lr.dimer_moments(chi1, chi2, d_over_a, eta)
    n1, n2 = lr.dimer_moments(chi2, chi1, d_over_a, eta)
    assert_allclose([m1, m2], [n2, n1], rtol=1e-12, atol=1e-14)
    g = 4 * np.pi / 3 / d_over_a ** 3
    assert_allclose(m1, chi1 * (1 - eta * g * m2), rtol=1e-9, atol=1e-12)
    assert_allclose(m2, chi2 * (1 - eta * g * m1), rtol=1e-9, atol=1e-12)
    assert_allclose(lr.dimer_susceptibility(chi1, chi2, d_over_a, eta), (m1 + m2) / 2,
                    rtol=1e-9, atol=1e-12)


def test_moment_arrows_table_columns_against_the_2x2_solution():
    """Every row of the Fig. 2 table: panel, direction, signs, particle and moments, the
    coupled moments from numpy.linalg.solve of m_i = chi_i (H - eta g m_j), in chi_c^z H."""
    d_over_a, first, second = 3.3, 0.4, 0.2
    frame = lr.moment_arrows_table({"d_over_a": d_over_a, "chi_first_over_chicz": first,
                                    "chi_second_over_chicz": second}).frame
    chi_c = 3 * d_over_a ** 3 / (8 * np.pi)
    g = 4 * np.pi / 3 / d_over_a ** 3
    expected_panels = {"a": ("transverse", 1, (1, 1)), "b": ("transverse", 1, (-1, -1)),
                       "c": ("transverse", 1, (1, -1)), "d": ("longitudinal", -2, (1, 1)),
                       "e": ("longitudinal", -2, (-1, -1)), "f": ("longitudinal", -2, (1, -1))}
    assert len(frame) == 12
    for panel, (direction, eta, (s1, s2)) in expected_panels.items():
        rows = frame[frame["panel"] == panel].sort_values("particle")
        assert list(rows["particle"]) == [1, 2]
        assert set(rows["field_direction"]) == {direction} and set(rows["eta"]) == {eta}
        chi = np.array([s1 * first, s2 * second]) * chi_c
        assert_allclose(rows["chi_over_chicz"], chi / chi_c, rtol=1e-14)
        assert_allclose(rows["moment_noninteracting_over_chicz_h"], chi / chi_c, rtol=1e-14)
        coupled = np.linalg.solve([[1, eta * g * chi[0]], [eta * g * chi[1], 1]], chi)
        assert_allclose(rows["moment_interacting_over_chicz_h"], coupled / chi_c, rtol=1e-12)
        assert_allclose(rows["delta_chi_exact_over_chicz"],
                        (coupled.mean() - chi.mean()) / chi_c, rtol=1e-10)
        assert_allclose(rows["delta_chi_first_order_over_chicz"],
                        -eta * g * chi[0] * chi[1] / chi_c, rtol=1e-12)
    assert list(frame.drop_duplicates("panel")["sign_case"]) == [
        "both paramagnetic", "both diamagnetic", "opposite"] * 2


def test_table_units_and_descriptions():
    """Moments in chi_c^z H, susceptibilities in chi_c^z, Eq. (8) values in cgs and |chi_L|;
    each description names its figure or equation."""
    arrows = lr.moment_arrows_table({"d_over_a": 3.0, "chi_first_over_chicz": 0.35,
                                     "chi_second_over_chicz": 0.2})
    assert arrows.units["moment_interacting_over_chicz_h"] == "chi_c^z H"
    assert arrows.units["moment_noninteracting_over_chicz_h"] == "chi_c^z H"
    assert arrows.units["delta_chi_exact_over_chicz"] == "chi_c^z"
    assert arrows.units["panel"] == "label" and arrows.units["particle"] == "1"
    assert arrows.units["eta"] == "1"
    assert set(arrows.units) == set(arrows.frame.columns)
    assert "Fig. 2" in arrows.description
    crit = lr.critical_susceptibility_table({"d_over_a": 3.0, "chi_landau": 2.9e-7})
    assert crit.units == {"direction": "label", "eta": "1", "d_over_a": "a", "chi_c": "1 (cgs)",
                          "chi_landau": "1 (cgs)", "chi_c_over_chil": "|chi_L|"}
    assert "Eq. (8)" in crit.description


@pytest.mark.parametrize("field", [0.3, -2.5])
def test_moments_are_linear_in_the_field(field):
    """m_i = chi_i (H - eta g m_j) at any H: numpy.linalg.solve with the field on the right."""
    chi1, chi2, d_over_a, eta = 0.07, -0.02, 3.0, -2
    g = 4 * np.pi / 3 / d_over_a**3
    matrix = np.array([[1.0, eta * g * chi1], [eta * g * chi2, 1.0]])
    expected = np.linalg.solve(matrix, [chi1 * field, chi2 * field])
    assert_allclose(lr.dimer_moments(chi1, chi2, d_over_a, eta, field=field), expected,
                    rtol=1e-13)
