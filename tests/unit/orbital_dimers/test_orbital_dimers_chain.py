"""Chain critical susceptibility (Eq. C1): closed forms and the Fourier-series limit."""

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from nanomag.orbital_dimers import chain


def test_dimer_and_trimer_closed_forms():
    assert_allclose(chain.critical_susceptibility_ratio(2), 1.0, rtol=1e-14)
    # N = 3: symmetric mode (1, x, 1) gives lambda^2 - lambda/8 - 2 = 0
    lam = (1 / 8 + np.sqrt(1 / 64 + 8)) / 2
    assert_allclose(chain.critical_susceptibility_ratio(3), 1 / lam, rtol=1e-13)


def _independent_matrix(n):
    """A_ij = |i - j|^-3 (i != j) built element by element, not by the library."""
    matrix = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                matrix[i, j] = 1.0 / abs(i - j) ** 3
    return matrix


def test_coupling_matrix_elements():
    assert_allclose(chain.coupling_matrix(7), _independent_matrix(7), rtol=0, atol=0)
    with pytest.raises(ValueError, match="n_particles >= 2, got 1"):
        chain.coupling_matrix(1)


def test_power_iteration_agrees():
    """Independent method: power iteration on an independently built coupling matrix."""
    matrix = _independent_matrix(15)
    vector = np.ones(15)
    for _ in range(2000):
        vector = matrix @ vector
        vector /= np.linalg.norm(vector)
    assert_allclose(chain.critical_susceptibility_ratio(15), 1 / (vector @ matrix @ vector),
                    rtol=1e-12)


def test_infinite_chain_is_the_lattice_sum():
    # the q = 0 Fourier component of A on the infinite chain: sum over k != 0 of |k|^-3
    assert_allclose(1 / chain.infinite_chain_ratio(), 2 * float(mpmath.zeta(3)), rtol=1e-14)
    # long chains approach it from above (finite chains have fewer neighbours)
    ratios = [chain.critical_susceptibility_ratio(n) for n in (50, 200, 1000)]
    assert np.all(np.diff(ratios) < 0)
    assert ratios[-1] > chain.infinite_chain_ratio()
    assert_allclose(ratios[-1], chain.infinite_chain_ratio(), rtol=1e-4)


def test_ratio_decreases_monotonically():
    table = chain.critical_susceptibility_table({"n_min": 2, "n_max": 20}).frame
    assert list(table["n_particles"]) == list(range(2, 21))
    assert np.all(np.diff(table["chi_cn_over_chicz"]) < 0)
    assert_allclose(table["chi_c_inf_over_chicz"], 1 / (2 * float(mpmath.zeta(3))), rtol=1e-14)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(min_value=2, max_value=60))
def test_perron_frobenius_bounds(n):
    """lambda_max of the positive matrix A lies between its mean row sum (Rayleigh quotient
    of the uniform vector) and its largest row sum; both are closed-form partial sums."""
    rows = np.array([sum(1.0 / abs(i - j) ** 3 for j in range(n) if j != i) for i in range(n)])
    lam = 1.0 / chain.critical_susceptibility_ratio(n)
    assert rows.mean() * (1 - 1e-12) <= lam <= rows.max() * (1 + 1e-12)
    assert lam < 2 * float(mpmath.zeta(3))


def test_fig9_table_rows_units_and_description():
    """Rows N = 2 and 3 are the closed forms (1 and 1/lambda_3), the limit column is
    1/(2 zeta(3)); units and the description name Fig. 9 and Eq. (C1)."""
    table = chain.critical_susceptibility_table({"n_min": 2, "n_max": 4})
    frame = table.frame
    lam3 = (1 / 8 + np.sqrt(1 / 64 + 8)) / 2
    assert list(frame.index) == [0, 1, 2]
    assert_allclose(frame["chi_cn_over_chicz"].to_numpy()[:2], [1.0, 1 / lam3], rtol=1e-13)
    assert table.units == {"n_particles": "1", "chi_cn_over_chicz": "chi_c^z",
                           "chi_c_inf_over_chicz": "chi_c^z"}
    assert "Fig. 9" in table.description and "C1" in table.description
