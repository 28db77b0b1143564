"""Chain critical susceptibility (Eq. C1): closed forms and the Fourier-series limit."""

import numpy as np
from numpy.testing import assert_allclose

from nanomag.orbital_dimers import chain


def test_dimer_and_trimer_closed_forms():
    assert_allclose(chain.critical_susceptibility_ratio(2), 1.0, rtol=1e-14)
    # N = 3: symmetric mode (1, x, 1) gives lambda^2 - lambda/8 - 2 = 0
    lam = (1 / 8 + np.sqrt(1 / 64 + 8)) / 2
    assert_allclose(chain.critical_susceptibility_ratio(3), 1 / lam, rtol=1e-13)


def test_power_iteration_agrees():
    """Independent method: power iteration on the (positive) coupling matrix."""
    matrix = chain.coupling_matrix(15)
    vector = np.ones(15)
    for _ in range(2000):
        vector = matrix @ vector
        vector /= np.linalg.norm(vector)
    assert_allclose(chain.critical_susceptibility_ratio(15), 1 / (vector @ matrix @ vector),
                    rtol=1e-12)


def test_infinite_chain_is_the_lattice_sum():
    k = np.arange(1, 2_000_001, dtype=float)
    lattice_sum = 2 * np.sum(1 / k**3)  # sum over k != 0 of |k|^-3, partial series
    assert_allclose(1 / chain.infinite_chain_ratio(), lattice_sum, rtol=1e-12)
    # long chains approach it from above (finite chains have fewer neighbours)
    ratios = [chain.critical_susceptibility_ratio(n) for n in (50, 200, 1000)]
    assert np.all(np.diff(ratios) < 0)
    assert ratios[-1] > chain.infinite_chain_ratio()
    assert_allclose(ratios[-1], chain.infinite_chain_ratio(), rtol=1e-4)


def test_ratio_decreases_monotonically():
    table = chain.critical_susceptibility_table({"n_min": 2, "n_max": 20}).frame
    assert np.all(np.diff(table["chi_cn_over_chicz"]) < 0)
