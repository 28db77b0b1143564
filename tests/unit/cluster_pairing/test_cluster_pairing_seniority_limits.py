"""Limits and closed forms of the canonical ensemble (seniority.py) that the Fock-space
comparison does not reach: T = 0 against T -> 0+, the non-interacting baseline at
omega = 0 (a trace), the range of magnetic numbers, and the validation of the inputs."""

from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nanomag.cluster_pairing import seniority


@pytest.mark.parametrize("shell_m", [1, 3, 7, 11])
def test_magnetic_numbers_span_the_largest_filling(shell_m):
    """m runs over every integer from -m_max to m_max, m_max = the sum of the M largest
    single-particle numbers lambda -+ 1 (the largest m of at most M particles), and the
    outermost columns are occupied."""
    lam = np.arange(-(shell_m - 1) // 2, (shell_m - 1) // 2 + 1)
    m_max = int(np.sort(np.concatenate([lam + 1, lam - 1]))[-shell_m:].sum())
    m_values, deg = seniority.seniority_degeneracy_table(shell_m)
    np.testing.assert_array_equal(m_values, np.arange(-m_max, m_max + 1))
    assert deg.shape == (shell_m + 1, 2 * m_max + 1)
    assert deg[:, 0].any() and deg[:, -1].any()
    assert np.all(deg >= 0)


@settings(max_examples=20, deadline=None, derandomize=True)
@given(m=st.sampled_from([3, 5, 7, 9]), n_frac=st.floats(0.05, 0.95),
       t=st.floats(0.01, 3.0))
def test_uncorrelated_baseline_at_zero_field_is_a_trace(m, n_frac, t):
    """G = 0 in the Boltzmann factor and omega = 0: every N-particle state has the same
    weight, so <A+A> = Tr(A+A) / C(2M, N) = M C(2M-2, N-2) / C(2M, N) (only the diagonal
    pair terms n_p,up n_p,down have a trace), F = -T ln C(2M, N), S = ln C(2M, N), U = 0."""
    n = max(1, min(2 * m - 1, int(round(n_frac * 2 * m))))
    g = 2.0 / m
    free = seniority.canonical_thermodynamics(m, n, t, 0.0, interacting=False)
    pairs = m * comb(2 * m - 2, n - 2) / comb(2 * m, n) if n >= 2 else 0.0
    assert free["gap"] == pytest.approx(g * np.sqrt(pairs), rel=1e-12, abs=1e-14)
    assert free["free_energy"] == pytest.approx(-t * np.log(comb(2 * m, n)), rel=1e-12)
    assert free["entropy"] == pytest.approx(np.log(comb(2 * m, n)), rel=1e-12)
    assert free["energy"] == pytest.approx(0.0, abs=1e-14)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(m=st.sampled_from([3, 5, 7, 11]), n_frac=st.floats(0.05, 0.95),
       w_frac=st.floats(0.0, 1.6))
def test_zero_temperature_is_the_limit_from_above(m, n_frac, w_frac):
    """At T = 0 (several fields in one call) every quantity is the T -> 0+ limit: at
    T = 2e-4 Delta0 the excited levels (at least 0.005 Delta0 above: fields 0 or above
    0.05 omega_c, 2 % of omega_c away from the crossings of Eq. 12) carry weight below
    exp(-25); the entropy is ln of the
    ground degeneracy g (F(0+) = F(0) - T ln g), chi and C vanish."""
    n = max(2, min(2 * m - 2, int(round(n_frac * 2 * m))))
    wc = seniority.critical_frequency(m, n)
    _, steps = seniority.step_frequencies(m, n)
    w = np.array([w_frac, 0.5 * w_frac, 0.0]) * wc
    near = np.min(np.abs(w[:, None] - steps[None, :]), axis=1) < 0.02 * wc
    w = w[~near & ((w == 0) | (w > 0.05 * wc))]
    cold = seniority.canonical_thermodynamics(m, n, np.zeros(w.size), w)
    warm = seniority.canonical_thermodynamics(m, n, np.full(w.size, 2e-4), w)
    # F = U - T S: the ground degeneracy lowers F by T ln g at T > 0
    np.testing.assert_allclose(cold["free_energy"], warm["free_energy"] + 2e-4 * warm["entropy"],
                               rtol=1e-4, atol=1e-4)
    for key in ("energy", "gap", "moment", "entropy", "seniority"):
        np.testing.assert_allclose(cold[key], warm[key], rtol=1e-4, atol=1e-4, err_msg=key)
    np.testing.assert_array_equal(cold["susceptibility"], 0.0)
    np.testing.assert_array_equal(cold["heat_capacity"], 0.0)
    # C -> 0; chi -> 0 too, except for a degenerate ground level (odd N at omega = 0: the
    # Curie law Var(m)/T), whose delta function T = 0 does not represent
    assert np.all(warm["heat_capacity"] < 1e-3)
    assert np.all(warm["susceptibility"][w > 0] < 1e-3)


@pytest.mark.parametrize("m,n", [(5, 5), (7, 7), (7, 3)])
def test_odd_ground_state_at_zero_field(m, n):
    """Odd N at T = 0, omega = 0: the nu = 1 level (2M states of one unpaired particle
    spread over several m) is the ground state, E_1 = -(G/4)(N - 1)(2M + 1 - N) (Eq. 4),
    so Delta_c^2 = (G^2/4)(N - 1)(2M + 1 - N), <m> = 0, S = ln 2M."""
    g = 2.0 / m
    res = seniority.canonical_thermodynamics(m, n, 0.0, 0.0)
    assert res["gap"] ** 2 == pytest.approx(g * g / 4 * (n - 1) * (2 * m + 1 - n), rel=1e-12)
    assert res["moment"] == pytest.approx(0.0, abs=1e-12)
    assert res["entropy"] == pytest.approx(np.log(2 * m), rel=1e-12)


def test_inputs_are_validated():
    with pytest.raises(ValueError, match="temperature must be >= 0"):
        seniority.canonical_thermodynamics(7, 6, [0.1, -0.01], 0.0)
    with pytest.raises(ValueError, match="n_electrons"):
        seniority.allowed_seniorities(7, 15)
    with pytest.raises(ValueError, match="no seniority step for M = 7, N = 1"):
        seniority.critical_frequency(7, 1)
    with pytest.raises(ValueError, match="heat_capacity must be one of"):
        seniority.canonical_sweep_table({"shells": [{"m": 3, "n_electrons": 2}],
                                         "temperatures_over_tc": [0.1],
                                         "omega_over_omegac": {"start": 0, "stop": 1, "num": 2},
                                         "heat_capacity": "dF/dT"})


def test_single_step_shell():
    """M = 3, N = 2 has seniorities 0 and 2 only: one step, at omega = 2/M (Eq. 12, nu = 0),
    which is omega_c."""
    nus, omegas = seniority.step_frequencies(3, 2)
    np.testing.assert_array_equal(nus, [2])
    assert seniority.critical_frequency(3, 2) == pytest.approx(2.0 / 3.0, rel=1e-15)
