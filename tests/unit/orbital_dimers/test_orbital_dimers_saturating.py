"""Saturating model (Eqs. 9-10) and phase diagram (Fig. 4): numerics against analytics."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy.optimize import brentq

from nanomag.orbital_dimers import saturating as sat


@pytest.mark.parametrize("r", [1.05, 1.5, 2.0, 3.0, -1.2, -2.5])
def test_equal_particles_against_brentq(r):
    """|mu| solves mu = tanh(|r| mu) (Eq. 10); independent scalar root finder."""
    expected = brentq(lambda m: m - np.tanh(abs(r) * m), 1e-9, 1.0, xtol=1e-15)
    mu1, mu2 = sat.spontaneous_moments(r, r)
    assert_allclose(abs(mu1), expected, rtol=1e-12)
    # aligned for r > 0, anti-aligned for r < 0
    assert np.sign(mu1 * mu2) == np.sign(r)


@pytest.mark.parametrize("r1,r2", [(3.0, 0.5), (0.4, 4.0), (-2.0, -0.8), (1.2, 1.1)])
def test_unequal_particles_solve_eq_3_and_9(r1, r2):
    mu1, mu2 = sat.spontaneous_moments(r1, r2)
    assert mu1 > 0.01
    assert_allclose(mu1, np.tanh(r1 * mu2), atol=1e-13)
    assert_allclose(mu2, np.tanh(r2 * mu1), atol=1e-13)


def test_square_root_onset():
    r = 1 + np.array([1e-3, 1e-4, 1e-5])
    mu1, _ = sat.spontaneous_moments(r, r)
    assert_allclose(mu1 / np.sqrt(3 * (r - 1)), 1.0, rtol=1.5 * 1e-3)


def test_no_order_and_linear_response_below_threshold():
    """Below |r1 r2| = 1 the weak-field response equals the linear-response Eq. (6)."""
    rng = np.random.default_rng(7)
    r1, r2 = rng.uniform(-2, 2, (2, 400))
    keep = r1 * r2 < 0.95
    r1, r2 = r1[keep], r2[keep]
    mu1, _ = sat.spontaneous_moments(r1, r2)
    assert np.all(mu1 == 0)
    h = 1e-7
    p1, p2 = sat.solve_dimer(r1, r2, h, start=0.0)
    # linear: mu = r (mu_other + h) -> mean moment per field, in units of chi_c h
    linear = (r1 + r2 + 2 * r1 * r2) / (1 - r1 * r2) / 2
    assert_allclose((p1 + p2) / 2 / h, linear, rtol=1e-5, atol=1e-6)


def test_numerical_phase_diagram_matches_analytic_boundaries():
    axis = np.linspace(-2, 2, 161)
    r1, r2 = (a.ravel() for a in np.meshgrid(axis, axis, indexing="ij"))
    # skip points whose phase is decided by round-off (on a boundary line)
    on_line = (np.abs(r1 * r2 - 1) < 1e-9) | (np.abs(r1 + r2 + 2 * r1 * r2) < 1e-9)
    numerical = sat.classify_phase(r1[~on_line], r2[~on_line])
    analytic = sat.analytic_phase(r1[~on_line], r2[~on_line])
    assert np.array_equal(numerical, analytic)
    # every phase of Fig. 4 appears
    assert set(numerical) == {0, 1, 2, 3}


def test_phase_diagram_symmetric_under_exchange():
    axis = np.linspace(-2, 2, 41)
    r1, r2 = (a.ravel() for a in np.meshgrid(axis, axis, indexing="ij"))
    assert np.array_equal(sat.classify_phase(r1, r2), sat.classify_phase(r2, r1))


def test_para_dia_boundary_is_zero_of_eq6():
    from nanomag.orbital_dimers.linear_response import critical_susceptibility, dimer_susceptibility

    chi_c = critical_susceptibility(3.0, -2)
    r1 = np.array([-0.4, 0.3, 1.5])
    r2 = sat.para_dia_boundary(r1)
    assert_allclose(dimer_susceptibility(r1 * chi_c, r2 * chi_c, 3.0, -2), 0.0, atol=1e-12)


def test_nonconvergence_raises_with_parameters():
    with pytest.raises(RuntimeError, match="r1=.*r2="):
        sat.solve_dimer(np.array([1.5]), np.array([1.5]), 0.0, start=1.0, max_iter=1)


@settings(max_examples=40, deadline=None)
@given(r1=st.floats(-4, 4), r2=st.floats(-4, 4), h=st.floats(-0.5, 0.5))
def test_solution_satisfies_eq_3_and_9_and_is_odd_in_field(r1, r2, h):
    """Any (r1, r2, h): the solution solves both equations, and reversing the field
    reverses the moments (the model has no preferred direction)."""
    mu1, mu2 = sat.solve_dimer(np.array([r1]), np.array([r2]), h)
    assert_allclose(mu1, np.tanh(r1 * (mu2 + h)), atol=1e-12)
    assert_allclose(mu2, np.tanh(r2 * (mu1 + h)), atol=1e-12)
    n1, n2 = sat.solve_dimer(np.array([r1]), np.array([r2]), -h, start=-mu1)
    assert_allclose([n1, n2], [-mu1, -mu2], atol=1e-10)


def test_vector_iteration_settles_along_z():
    """The transverse anti-aligned state mu1 = -mu2 = mu x (mu = tanh(r mu/2)) solves
    Eqs. (3) + (9) but is unstable: a small z tilt grows (transverse field halves, the
    longitudinal one doubles) and the moments end aligned along z with tanh(r mu) = mu."""
    from scipy.optimize import brentq

    r = 3.0
    mu_x = brentq(lambda m: m - np.tanh(r * m / 2), 0.1, 1.0, xtol=1e-15)
    start1 = np.array([[mu_x, 0.0, 0.0]])
    start2 = -start1
    # without a tilt it is a fixed point
    m1, m2, sweeps = sat.vector_moments([r], [r], start1, start2, tol=1e-14, max_iter=50)
    assert_allclose(m1, start1, atol=1e-12)
    # with a tilt of 1e-6 it decays to the z-aligned state
    tilt = np.array([[0.0, 0.0, 1e-6]])
    m1, m2, _ = sat.vector_moments([r], [r], start1 + tilt, start2 + tilt, tol=1e-14)
    mu_z = brentq(lambda m: m - np.tanh(r * m), 0.1, 1.0, xtol=1e-15)
    assert_allclose(m1, [[0.0, 0.0, mu_z]], atol=1e-10)
    assert_allclose(m2, [[0.0, 0.0, mu_z]], atol=1e-10)


def test_vector_iteration_linear_response_transverse():
    """A weak transverse moment eps of particle 2 gives particle 1 the field -eps/2 (Eq. 3 across
    the axis), so mu_1x = -(r1/2) eps, then mu_2x = -(r2/2) mu_1x in the same sweep."""
    eps, r1, r2 = 1e-8, 0.6, 1.0
    m1, m2, _ = sat.vector_moments([r1], [r2], np.zeros((1, 3)), np.array([[eps, 0.0, 0.0]]),
                                   max_iter=1)
    assert_allclose(m1[0], [-r1 / 2 * eps, 0.0, 0.0], rtol=1e-6, atol=1e-30)
    assert_allclose(m2[0], [r1 * r2 / 4 * eps, 0.0, 0.0], rtol=1e-6, atol=1e-30)
    # a longitudinal moment acts with +eps (field 2 M/d^3, in units where r gives chi_c^z)
    m1, _, _ = sat.vector_moments([r1], [r2], np.zeros((1, 3)), np.array([[0.0, 0.0, eps]]),
                                  max_iter=1)
    assert_allclose(m1[0], [0.0, 0.0, r1 * eps], rtol=1e-6, atol=1e-30)


def test_largest_transverse_moment_on_a_grid():
    result = sat.largest_transverse_moment({"chi_over_chicz": {"start": -2, "stop": 2,
                                                              "num": 21}})
    assert result["value"] < 1e-14
    assert result["sweeps"] < 5000


def test_boundary_lines_table():
    lines = sat.boundary_lines_table({"chi_over_chicz": {"start": -2, "stop": 2, "num": 41}}).frame
    ordered = lines[lines["line"] == "ordered"]
    assert_allclose(ordered["chi1_over_chicz"] * ordered["chi2_over_chicz"], 1.0, rtol=1e-12)
    assert set(ordered["branch"]) == {0, 1}
    para_dia = lines[lines["line"] == "para_dia"]
    r1, r2 = para_dia["chi1_over_chicz"].to_numpy(), para_dia["chi2_over_chicz"].to_numpy()
    # on chi_zz = 0 of Eq. (6) (numerator r1 + r2 + 2 r1 r2), never inside an ordered phase,
    # and from (-0.4, 2) to (2, -0.4) on the [-2, 2] square
    assert_allclose(r1 + r2 + 2 * r1 * r2, 0.0, atol=1e-12)
    assert np.all(r1 * r2 < 1.0)
    assert r1.min() >= -0.4 - 1e-12 and r2.min() >= -0.4 - 1e-12
    assert r1.max() == 2.0
    # it separates para from dia: just off the line on either side the phases differ
    normal = np.stack([1 + 2 * r2, 1 + 2 * r1])
    normal /= np.linalg.norm(normal, axis=0)
    sides = [sat.analytic_phase(r1 + e * normal[0], r2 + e * normal[1]) for e in (1e-3, -1e-3)]
    assert np.all(sides[0] == 2) and np.all(sides[1] == 1)
    free = lines[lines["line"] == "noninteracting"]
    assert_allclose(free["chi2_over_chicz"], -free["chi1_over_chicz"])
    for column in ("chi1_over_chicz", "chi2_over_chicz"):
        assert lines[column].between(-2, 2).all()
