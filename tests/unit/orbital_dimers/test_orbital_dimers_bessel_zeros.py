"""Zeros of the spherical Bessel functions against independent methods."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import brentq
from scipy.special import spherical_jn

from nanomag.orbital_dimers.bessel_zeros import bessel_zero, bessel_zeros_table, spherical_bessel_zeros


@pytest.fixture(scope="module")
def zeros():
    return spherical_bessel_zeros(80.0)


def test_l0_zeros_are_multiples_of_pi(zeros):
    n, l, z = zeros
    sel = l == 0
    assert_allclose(z[sel], np.pi * n[sel], rtol=5e-16, atol=0)
    assert sel.sum() == int(80.0 // np.pi)


def test_literature_values():
    # Abramowitz & Stegun Table 10.6 / tan z = z: 4.493409457909064, j_2: 5.763459196894550
    assert_allclose(bessel_zero(1, 1), 4.493409457909064, rtol=1e-15)
    assert_allclose(bessel_zero(1, 2), 5.763459196894550, rtol=1e-15)
    assert_allclose(bessel_zero(2, 1), 7.725251836937707, rtol=1e-15)


@pytest.mark.parametrize("n,l,paper", [(1, 36, 42.97), (6, 26, 52.91), (5, 37, 62.13)])
def test_paper_zeros_against_scalar_brentq(n, l, paper):
    z = bessel_zero(n, l)
    # independent: scalar brentq on scipy's spherical_jn in a bracket around the value
    ref = brentq(lambda q: spherical_jn(l, q), z - 0.5, z + 0.5, xtol=1e-14, rtol=1e-15)
    assert_allclose(z, ref, rtol=1e-14)
    assert abs(z - paper) < 0.006


def test_residuals_with_independent_routine(zeros):
    n, l, z = zeros
    # |j_l(zeta)| relative to the local slope scale ~ 1/zeta: a double-precision root
    assert np.max(np.abs(spherical_jn(l, z)) * z) < 1e-12


def test_interlacing_and_counts(zeros):
    n, l, z = zeros
    table = {(int(a), int(b)): c for a, b, c in zip(n, l, z)}
    checked = 0
    for (nn, ll), val in table.items():
        if (nn, ll + 1) in table and (nn + 1, ll) in table:
            # interlacing: zeta_{n,l} < zeta_{n,l+1} < zeta_{n+1,l}
            assert val < table[(nn, ll + 1)] < table[(nn + 1, ll)]
            checked += 1
    assert checked > 100
    # every l has n = 1..count without gaps, and no zero below l + 1/2
    for ll in np.unique(l):
        ns = np.sort(n[l == ll])
        assert np.array_equal(ns, np.arange(1, ns.size + 1))
        assert np.all(z[l == ll] > ll + 0.5)


def test_mcmahon_asymptotics():
    # McMahon expansion for large n at fixed l (A&S 9.5.12), b = (n + l/2) pi, mu = (2l+1)^2
    for n, l in [(25, 2), (20, 5)]:
        b = (n + l / 2.0) * np.pi
        mu = (2.0 * l + 1.0) ** 2
        approx = (b - (mu - 1) / (8 * b) - 4 * (mu - 1) * (7 * mu - 31) / (3 * (8 * b) ** 3)
                  - 32 * (mu - 1) * (83 * mu ** 2 - 982 * mu + 3779) / (15 * (8 * b) ** 5))
        assert_allclose(bessel_zero(n, l), approx, rtol=1e-9)


def test_table_sorted_and_typed():
    frame = bessel_zeros_table({"z_max": 30.0}).frame
    assert list(frame.columns) == ["n", "l", "zeta"]
    assert np.all(np.diff(frame["zeta"]) >= 0)
    assert frame["zeta"].max() < 30.0


@pytest.mark.parametrize("z_max", [np.pi, np.pi + 1e-9, 4.4934, 4.4935, 23.7])
def test_every_zero_below_z_max_against_an_independent_scan(z_max):
    """The same zeros (l, n, zeta) as a sign scan of scipy's spherical_jn on a 0.02 grid
    refined by brentq, none missing and none at or above z_max (zeta_10 = pi,
    zeta_11 = 4.49341)."""
    n, l, z = spherical_bessel_zeros(z_max)
    grid = np.arange(0.05, z_max + 0.02, 0.02)
    want = []
    for ll in range(int(z_max) + 1):
        values = spherical_jn(ll, grid)
        for i in np.flatnonzero(np.sign(values[1:]) * np.sign(values[:-1]) < 0):
            root = brentq(lambda q: spherical_jn(ll, q), grid[i], grid[i + 1], xtol=1e-15)
            if root < z_max:
                want.append((root, ll))
    want.sort()
    assert [int(v) for v in l] == [w[1] for w in want]
    assert_allclose(z, [w[0] for w in want], rtol=1e-14)
    for ll in set(l):
        assert list(n[l == ll]) == list(range(1, int(np.sum(l == ll)) + 1))
    assert n.dtype.kind == "i" and l.dtype.kind == "i"
    assert n.size == l.size == z.size == len(want)


@pytest.mark.parametrize("n,l", [(9, 34), (7, 41), (25, 20), (3, 0)])
def test_bessel_zero_for_large_n_and_l(n, l):
    """zeta_{9,34} = 73.418 lies near (n + l/2) pi = 81.7 - ..., above l + 1/2 + pi n +
    2 (l + 1/2)^(1/3) + 4 = 73.4 (the search bound once used alone): it is the n-th sign
    change of scipy's spherical_jn(l, z), refined by brentq."""
    z = bessel_zero(n, l)
    grid = np.arange(0.05, z + 2.0, 0.01)
    values = spherical_jn(l, grid)
    changes = np.flatnonzero(np.sign(values[1:]) * np.sign(values[:-1]) < 0)
    i = changes[n - 1]
    ref = brentq(lambda q: spherical_jn(l, q), grid[i], grid[i + 1], xtol=1e-14)
    assert_allclose(z, ref, rtol=1e-13)


def test_bessel_zero_refuses_n_below_one():
    with pytest.raises(ValueError, match="n >= 1 and l >= 0, got n=0, l=3"):
        bessel_zero(0, 3)
    with pytest.raises(ValueError, match="got n=2, l=-1"):
        bessel_zero(2, -1)


def test_bessel_zeros_table_units_and_description():
    table = bessel_zeros_table({"z_max": 10.0})
    assert table.units == {"n": "1", "l": "1", "zeta": "1"}
    assert str(table.frame["n"].dtype) == "int64" and str(table.frame["l"].dtype) == "int64"
    assert "spherical Bessel" in table.description


def test_no_zero_where_the_bessel_function_underflows():
    """Below z_max = 130, J_{l+1/2}(z) of l >= 120 underflows to exactly 0 at the first grid
    points (z = 0.25): such points are no sign change. Every zero lies above l + 1/2 (the
    first zero of J_nu exceeds nu), the smallest is pi, and no l has more zeros than l = 0."""
    n, l, zeta = spherical_bessel_zeros(130.0)
    assert np.all(zeta > l + 0.5)
    assert zeta.min() == pytest.approx(np.pi, rel=1e-15)
    assert n.max() == np.sum(l == 0) == int(130.0 / np.pi)
