"""Saturating model (Eqs. 9-10) and phase diagram (Fig. 4): numerics against analytics."""

import numpy as np
import pytest
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
