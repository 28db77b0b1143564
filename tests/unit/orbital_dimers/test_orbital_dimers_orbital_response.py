"""Single-particle orbital response: closed forms, limits and a brute-force state sum."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy.integrate import quad
from scipy.special import lpmv, spherical_jn

from nanomag.orbital_dimers.bessel_zeros import bessel_zero, zeros_frame
from nanomag.orbital_dimers.orbital_response import (
    angular_moment,
    cyclotron_field_gauss,
    fermi_temperature_k,
    landau_susceptibility,
    magnetic_moment,
    radial_moment,
    zero_field_susceptibility,
)

ZETA_1_36 = bessel_zero(1, 36)


@pytest.fixture(scope="module")
def zeros():
    # the sizes here (kFa <= 52) at their temperatures lie in the zeros below 60 (the
    # functions refuse a table that ends inside the window kFa sqrt(1 + 50 T/T_F)); the
    # shells above are empty and change no result
    return zeros_frame(60.0)


@pytest.mark.parametrize("n,l", [(1, 0), (2, 1), (1, 5), (3, 12), (1, 36)])
def test_radial_moment_by_quadrature(n, l):
    z = bessel_zero(n, l)
    num = quad(lambda r: r ** 4 * spherical_jn(l, z * r) ** 2, 0, 1, limit=200)[0]
    den = quad(lambda r: r ** 2 * spherical_jn(l, z * r) ** 2, 0, 1, limit=200)[0]
    assert_allclose(radial_moment(z, l), num / den, rtol=1e-9)


@pytest.mark.parametrize("l,m", [(0, 0), (1, 1), (2, 0), (3, 2), (7, 5), (12, 12)])
def test_angular_moment_by_quadrature(l, m):
    p2 = lambda u: lpmv(m, l, u) ** 2
    num = quad(lambda u: (1 - u * u) * p2(u), -1, 1, limit=200)[0]
    den = quad(p2, -1, 1, limit=200)[0]
    assert_allclose(angular_moment(l, m), num / den, rtol=1e-10)


def test_angular_moment_shell_average():
    for l in range(0, 40):
        m = np.arange(-l, l + 1)
        assert_allclose(angular_moment(l, m).sum(), 2.0 * (2 * l + 1) / 3.0, rtol=1e-13)


def test_material_numbers():
    assert_allclose(landau_susceptibility(1.21e8), 2.9e-7, rtol=0.01)   # paper Eq. (1) value
    assert_allclose(fermi_temperature_k(5.53), 6.42e4, rtol=2e-3)
    assert_allclose(cyclotron_field_gauss(1.926e-3, 5.53), 9.2e5, rtol=2e-3)  # footnote 12


def _independent_zeros(z_max):
    """Every zero of j_l below z_max by a sign scan of scipy's spherical_jn and bisection
    (not the project's zero table): arrays (l, zeta), zeta to the last bit."""
    grid = np.append(np.arange(0.05, z_max, 0.25), z_max)   # zeros of j_l are > pi apart
    ls, lo = [], []
    for l in range(int(z_max) + 1):
        values = spherical_jn(l, grid)
        i = np.flatnonzero(np.sign(values[1:]) * np.sign(values[:-1]) < 0)
        ls.append(np.full(i.size, l))
        lo.append(i)
    l, i = np.concatenate(ls), np.concatenate(lo)
    a, b = grid[i], grid[i + 1]
    fa = spherical_jn(l, a)
    for _ in range(64):                        # 0.25 / 2^64: below the spacing of floats
        mid = 0.5 * (a + b)
        fm = spherical_jn(l, mid)
        same = np.sign(fm) == np.sign(fa)
        a, fa, b = np.where(same, mid, a), np.where(same, fm, fa), np.where(same, b, mid)
    return l, 0.5 * (a + b)


def _brute_moment(kfa, t, x, z_max):
    """M/mu_B = -2 d(Omega/E_F)/dx by central differences of a full state sum over every
    level (n, l, m) below z_max, with independently computed zeros."""
    l, z = _independent_zeros(z_max)
    ll = np.repeat(l, 2 * l + 1).astype(float)
    zz = np.repeat(z, 2 * l + 1)
    mm = np.concatenate([np.arange(-q, q + 1) for q in l]).astype(float)
    rho = (1 + (2 * ll * (ll + 1) - 1.5) / zz ** 2) / 3          # closed form tested above
    s = 2 * (ll * ll + ll - 1 + mm * mm) / ((2 * ll - 1) * (2 * ll + 3))

    def omega(xx):
        e = (zz / kfa) ** 2 + xx * mm / 2 + xx ** 2 * kfa ** 2 * rho * s / 16
        return -2 * t * np.sum(np.logaddexp(0.0, (1 - e) / t))

    h = 1e-7
    return -2 * (omega(x + h) - omega(x - h)) / (2 * h)


@pytest.mark.parametrize("kfa,t,z_max", [(20.3, 4e-3, 40.0), (31.7, 1.5e-3, 50.0)])
def test_moment_against_brute_force_grand_potential(zeros, kfa, t, z_max):
    x = np.array([2e-4, 1e-3, 3e-3])
    brute = [_brute_moment(kfa, t, v, z_max) for v in x]
    assert_allclose(magnetic_moment(kfa, t, x, zeros), brute, rtol=1e-5, atol=1e-6)


def test_moment_is_odd_in_field(zeros):
    x = np.array([1e-5, 1e-4, 1e-3])
    for t in (5e-3, 5e-5):
        assert_allclose(magnetic_moment(42.4, t, -x, zeros), -magnetic_moment(42.4, t, x, zeros),
                        rtol=1e-12)


@pytest.mark.parametrize("kfa,t", [(ZETA_1_36, 1e-6), (ZETA_1_36, 5e-5), (42.4, 5e-4),
                                   (52.0, 5e-3)])
def test_zfs_equals_slope_of_moment(zeros, kfa, t):
    # chi/|chi_L| = 9 pi/(kFa)^3 dM/dx at x = 0; slope by a central difference of M itself
    h = 1e-6 * t
    slope = (magnetic_moment(kfa, t, h, zeros) - magnetic_moment(kfa, t, -h, zeros)) / (2 * h)
    assert_allclose(zero_field_susceptibility(kfa, t, zeros), 9 * np.pi / kfa ** 3 * slope,
                    rtol=1e-6)


def test_landau_limit():
    # T far above the level spacing and large kFa: chi -> -|chi_L| with a 1/kFa correction
    l, zeta = _independent_zeros(180.0)
    z = pd.DataFrame({"l": l, "zeta": zeta})
    c60 = zero_field_susceptibility(60.0 + np.linspace(0, 1, 5), 0.04, z)
    c100 = zero_field_susceptibility(100.0 + np.linspace(0, 1, 5), 0.04, z)
    assert np.ptp(c100) < 1e-3                     # size oscillations washed out
    assert abs(c100.mean() + 1.0) < 0.04
    assert abs(c100.mean() + 1.0) < abs(c60.mean() + 1.0)
    # the deviation scales as 1/kFa
    assert_allclose((c100.mean() + 1) * 100, (c60.mean() + 1) * 60, rtol=0.1)


def test_curie_law_of_half_filled_shell(zeros):
    # kFa = zeta_{1,36}: the l = 36 shell sits at E_F; at t << level spacing only it is
    # thermally active, f(1-f) = 1/4, so chi t -> 9 pi l(l+1)(2l+1)/(12 (kFa)^3)
    l = 36
    expected = 9 * np.pi * l * (l + 1) * (2 * l + 1) / (12 * ZETA_1_36 ** 3)
    t = np.array([1e-9, 1e-8])
    assert_allclose(zero_field_susceptibility(ZETA_1_36, t, zeros) * t, expected, rtol=1e-4)


def test_diamagnetic_background(zeros):
    # leading order -(2/5)(kFa)^2; with the Weyl surface term the occupied sum of r^2 is
    # reduced by 15 pi/(8 kFa): -(2/5) k^2 (1 - 15 pi/(8 k))
    k = 42.4
    chi = zero_field_susceptibility(k, 1e-6, zeros)
    assert chi < 0
    assert_allclose(chi, -0.4 * k * k * (1 - 15 * np.pi / (8 * k)), rtol=0.03)
    assert_allclose(chi, -0.4 * k * k, rtol=0.2)


def test_rounded_zero_is_diamagnetic(zeros):
    # the paper's rounded 42.97 is not zeta_{1,36}: at low T its ZFS is diamagnetic
    assert zero_field_susceptibility(42.97, 1e-7, zeros) < 0
    assert zero_field_susceptibility(ZETA_1_36, 1e-7, zeros) > 1e6


def test_moment_saturates_at_l_l_plus_1(zeros):
    # half-filled l = 36 shell, Zeeman splitting x/2 >> T: M -> l(l+1), less the small
    # diamagnetic background (chi_bg (kFa)^3/(9 pi) x, ~ 0.2 mu_B here)
    m = magnetic_moment(ZETA_1_36, 1e-9, 1e-7, zeros)
    assert_allclose(m, 36 * 37, rtol=3e-4)
    assert m < 36 * 37


def test_zeros_table_too_short_raises():
    with pytest.raises(ValueError):
        zero_field_susceptibility(60.0, 5e-3, zeros_frame(50.0))
