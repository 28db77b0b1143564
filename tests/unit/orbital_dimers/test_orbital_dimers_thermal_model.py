"""Heuristic two-particle thermal model (Eq. B8): reduction against direct integration."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.integrate import quad
from scipy.special import i0e

from nanomag.orbital_dimers.thermal_model import log_g, moment_density, splitting_threshold


@pytest.mark.parametrize("p,q", [(0.0, 0.0), (1.3, 0.0), (0.0, 2.1), (3.0, 4.0), (-2.0, 7.5)])
def test_sphere_integral_identity(p, q):
    val = quad(lambda u: np.exp(p * u + q * np.sqrt(1 - u * u))
               * i0e(q * np.sqrt(1 - u * u)), -1, 1, limit=200)[0]
    kappa = np.hypot(p, q)
    expected = 2.0 if kappa == 0 else 2 * np.sinh(kappa) / kappa
    assert_allclose(val, expected, rtol=1e-10)


def _direct_density(s, k, c, n=60):
    """P1(s) up to a constant from Eq. (B8) with h = 0 and delta(s - mu1 u1): a 3-D
    Gauss-Legendre quadrature over mu1 (from |s| to 1), mu2 and u2 with the Bessel I0."""
    x, w = np.polynomial.legendre.leggauss(n)
    a = abs(s)
    mu1 = a + (1 - a) * (x + 1) / 2
    w1 = (1 - a) * w / 2
    mu2 = (x + 1) / 2
    w2 = w / 2
    u2, wu = x, w
    M1, M2, U2 = np.meshgrid(mu1, mu2, u2, indexing="ij")
    W = w1[:, None, None] * w2[None, :, None] * wu[None, None, :]
    u1 = s / M1
    q = k * M1 * M2 * np.sqrt(np.clip((1 - u1 ** 2) * (1 - U2 ** 2), 0, None))
    expo = -c * (M1 ** 2 + M2 ** 2) + 2 * k * M1 * M2 * u1 * U2 + q
    # Jacobian of delta(s - mu1 u1): 1/mu1; measure mu1^2 mu2^2
    return np.sum(W * M1 * M2 ** 2 * np.exp(expo) * i0e(q))


@pytest.mark.parametrize("k_over_c", [0.3, 1.0, 1.6])
def test_reduced_density_against_direct_quadrature(k_over_c):
    c = 8.0
    s = np.linspace(-1, 1, 401)
    p = moment_density(s, [k_over_c], c)[0]
    pts = [0.0, 0.2, 0.5, 0.8]
    direct = np.array([_direct_density(v, k_over_c * c, c) for v in pts])
    ours = np.interp(pts, s, p)
    assert_allclose(ours / ours[0], direct / direct[0], rtol=2e-4)


def test_noninteracting_limit_is_truncated_gaussian():
    # K = 0: P1(s) ~ int_{|s|}^1 mu e^{-C mu^2} dmu = (e^{-C s^2} - e^{-C}) / (2C)
    c = 50.0
    s = np.linspace(-1, 1, 2001)
    p = moment_density(s, [0.0], c)[0]
    ref = np.exp(-c * s * s) - np.exp(-c)
    ref /= np.trapezoid(ref, s)
    assert_allclose(p, ref, rtol=1e-6, atol=1e-9)


def test_density_normalisation_against_closed_form():
    """K = 0: P1(0) = (1 - e^-C) / Z with Z = int_{-1}^{1} (e^{-C s^2} - e^{-C}) ds
    = sqrt(pi/C) erf(sqrt C) - 2 e^{-C} in closed form (not the quadrature the code uses)."""
    from scipy.special import erf

    for c in (2.0, 50.0):
        s = np.linspace(-1, 1, 4001)
        p = moment_density(s, [0.0], c)[0]
        z = np.sqrt(np.pi / c) * erf(np.sqrt(c)) - 2 * np.exp(-c)
        assert_allclose(p[2000], (1 - np.exp(-c)) / z, rtol=1e-6)


def test_density_sums_to_one_where_the_peaks_touch_the_edge():
    """Sum rule int_{-1}^{1} P1 ds = 1 at K/C = 2, C = 50, where the two peaks sit about 1/K
    from the edge |s| = 1 at which P1 vanishes (a trapezoidal sum on a 0.005 grid misses by
    2 %): composite 16-point Gauss-Legendre over panels that shrink geometrically towards the
    edge (not the code's nodes). A point's value does not depend on the grid it is drawn on
    (41 or 401 points)."""
    c, r = 50.0, 2.0
    edges = np.concatenate([np.linspace(0.0, 0.9, 10), 1.0 - np.geomspace(0.1, 1e-7, 36)[1:],
                            [1.0]])
    x, w = np.polynomial.legendre.leggauss(16)
    lo, hi = edges[:-1, None], edges[1:, None]
    nodes = (lo + (hi - lo) * (x + 1) / 2).ravel()
    weights = ((hi - lo) * w / 2).ravel()
    half = np.sum(weights * moment_density(nodes, [r], c)[0])
    assert 2.0 * half == pytest.approx(1.0, rel=1e-8)
    coarse = moment_density(np.linspace(-1, 1, 41), [r], c)[0]
    fine = moment_density(np.linspace(-1, 1, 401), [r], c)[0]
    assert_allclose(coarse, fine[::10], rtol=1e-12, atol=1e-300)


def test_density_symmetric_and_positive():
    s = np.linspace(-1, 1, 301)
    p = moment_density(s, [0.5, 1.5], 50.0)
    assert_allclose(p, p[:, ::-1], rtol=1e-10, atol=1e-300)
    assert np.all(p >= 0) and np.all(np.isfinite(p))


def test_single_peak_below_and_two_peaks_above_threshold():
    s = np.linspace(-1, 1, 401)
    p = moment_density(s, [0.8, 1.3], 50.0)
    assert s[np.argmax(p[0])] == 0.0
    assert abs(s[np.argmax(p[1])]) > 0.8


def test_threshold_is_gamma_d3_equal_one():
    # large C: the quadratic form C(mu1^2 + mu2^2) - 2 K mu1 mu2 (aligned along z) loses
    # stability at K = C, i.e. gamma d^3 = 1
    assert_allclose(splitting_threshold(50.0), 1.0, atol=0.02)


def test_log_g_small_and_large_k():
    c = 5.0
    ref0 = quad(lambda v: v * v * np.exp(-c * v * v), 0, 1)[0]
    assert_allclose(np.exp(log_g(np.array([0.0]), c)), ref0, rtol=1e-12)
    k = 30.0
    refk = quad(lambda v: v * v * np.exp(-c * v * v) * np.sinh(k * v) / (k * v), 0, 1)[0]
    assert_allclose(np.exp(log_g(np.array([k]), c)), refk, rtol=1e-10)


def test_fig8_table_rows():
    """Long table on a non-square grid: K/C runs over the slow index; the K = 0 rows are the
    truncated Gaussian (e^{-C s^2} - e^{-C}) / Z in closed form, the K/C = 1.5 rows have the
    shape of the direct 3-D quadrature of Eq. (B8)."""
    from scipy.special import erf

    from nanomag.orbital_dimers.thermal_model import thermal_density_table

    c = 8.0
    table = thermal_density_table({"c": c, "k_over_c": {"start": 0.0, "stop": 1.5, "num": 2},
                                   "s": {"start": -1.0, "stop": 1.0, "num": 9},
                                   "n_nodes": 120})
    frame = table.frame
    assert len(frame) == 18 and list(frame.index) == list(range(18))
    assert_allclose(frame["k_over_c"], np.repeat([0.0, 1.5], 9), rtol=0, atol=0)
    s = np.linspace(-1, 1, 9)
    assert_allclose(frame["mz1_over_m0"], np.tile(s, 2), rtol=1e-15, atol=1e-15)
    z = np.sqrt(np.pi / c) * erf(np.sqrt(c)) - 2 * np.exp(-c)
    assert_allclose(frame["density"][:9], (np.exp(-c * s * s) - np.exp(-c)) / z, rtol=1e-6,
                    atol=1e-12)
    strong = frame["density"].to_numpy()[9:]
    direct = np.array([_direct_density(v, 1.5 * c, c) for v in (0.0, 0.5)])
    assert strong[6] / strong[4] == pytest.approx(direct[1] / direct[0], rel=2e-4)
    assert table.units == {"k_over_c": "1", "mz1_over_m0": "1", "density": "1/M_0"}
    assert "Fig. 8" in table.description


def test_log_g_at_tiny_k_and_threshold_bounds():
    """log G at k = 1e-4 (series branch of sinh(z)/z) against quadrature; a threshold search
    in bounds without a sign change of the curvature is refused."""
    c = 5.0
    k = 1e-4
    ref = quad(lambda v: v * v * np.exp(-c * v * v) * np.sinh(k * v) / (k * v), 0, 1)[0]
    assert_allclose(np.exp(log_g(np.array([k, 2e-3]), c))[0], ref, rtol=1e-12)
    ref2 = quad(lambda v: v * v * np.exp(-c * v * v) * np.sinh(2e-3 * v) / (2e-3 * v), 0, 1)[0]
    assert_allclose(np.exp(log_g(np.array([k, 2e-3]), c))[1], ref2, rtol=1e-12)
    with pytest.raises(RuntimeError, match="no sign change of the curvature for c=50"):
        splitting_threshold(50.0, bounds=(1.2, 2.0))


def _second_derivative_at_zero(r, c):
    """P1''(0) up to a positive factor, from the integral form by hand: the lower limit |s|
    gives -G(0), the s-dependence of G(K sqrt(mu^2 + 3 s^2)) gives 3K int e^{-C mu^2}
    G'(K mu) dmu (nested scipy quad; nothing of the module)."""
    k = r * c
    g0 = quad(lambda v: v * v * np.exp(-c * v * v), 0, 1, epsabs=0, epsrel=1e-12)[0]

    def g_prime(kk):
        return quad(lambda v: v * v * np.exp(-c * v * v)
                    * (np.cosh(kk * v) / kk - np.sinh(kk * v) / (kk * kk * v)),
                    0, 1, epsabs=0, epsrel=1e-12)[0]

    inner = quad(lambda mu: np.exp(-c * mu * mu) * g_prime(k * mu), 1e-12, 1, epsabs=0,
                 epsrel=1e-11, limit=200)[0]
    return -g0 + 3 * k * inner


def test_threshold_from_the_second_derivative_at_zero():
    """The splitting threshold is the root of P1''(0) computed independently: K/C = 1 at
    C = 50 (to 1e-7: the code's curvature is a central difference with h = 1e-3), with the
    default C = 50 and search bounds; 1.00647 at C = 8."""
    from scipy.optimize import brentq

    root = brentq(lambda r: _second_derivative_at_zero(r, 50.0), 0.8, 1.5, xtol=1e-12)
    assert root == pytest.approx(1.0, abs=1e-9)
    assert splitting_threshold(50.0) == pytest.approx(root, rel=1e-7)
    assert splitting_threshold() == pytest.approx(root, rel=1e-7)
    # C = 8: the threshold moves above 1 (1.00647), the same in both
    root8 = brentq(lambda r: _second_derivative_at_zero(r, 8.0), 0.8, 1.5, xtol=1e-12)
    assert root8 == pytest.approx(1.00647, abs=1e-5)
    assert splitting_threshold(8.0) == pytest.approx(root8, rel=1e-7)


def test_fig8_table_passes_its_node_count():
    """n_nodes of the config slice reaches the quadrature (200 when absent)."""
    from nanomag.orbital_dimers.thermal_model import thermal_density_table

    base = {"c": 8.0, "k_over_c": {"start": 0.5, "stop": 1.5, "num": 2},
            "s": {"start": -1.0, "stop": 1.0, "num": 5}}
    s = np.linspace(-1, 1, 5)
    coarse = thermal_density_table({**base, "n_nodes": 6}).frame["density"].to_numpy()
    np.testing.assert_array_equal(coarse, moment_density(s, [0.5, 1.5], 8.0, n_nodes=6).ravel())
    default = thermal_density_table(base).frame["density"].to_numpy()
    np.testing.assert_array_equal(default, moment_density(s, [0.5, 1.5], 8.0, n_nodes=200).ravel())


@pytest.mark.parametrize("x_min,x_max,n,values", [(0.0, 200.02, 4001, "log_g"),
                                                  (0.5, 3.5, 7, "random")])
def test_uniform_grid_spline_evaluation_equals_scipys(x_min, x_max, n, values):
    """A spline on uniform breakpoints evaluated by interval arithmetic equals scipy's own
    evaluation (binary search, power form) to round-off: inside intervals, at every
    breakpoint and at both ends of the table. Fig. 8's log G table, and random values (a
    spline whose pieces differ: each point must use its own interval's cubic)."""
    from scipy.interpolate import CubicSpline

    from nanomag.orbital_dimers.thermal_model import _uniform_grid_evaluator

    rng = np.random.default_rng(3)
    table = np.linspace(x_min, x_max, n)
    # the random spline is 'natural': with scipy's default 'not-a-knot' the first two and
    # the last two intervals share one cubic, and using the neighbour's would not show
    spline = (CubicSpline(table, log_g(table, 50.0)) if values == "log_g"
              else CubicSpline(table, rng.normal(size=n), bc_type="natural"))
    points = np.concatenate([rng.uniform(x_min, x_max, 5000), table])
    scale = np.max(np.abs(spline(points)))
    evaluate = _uniform_grid_evaluator(table, spline)
    assert_allclose(evaluate(points), spline(points), rtol=0, atol=1e-13 * scale)
    assert_allclose(evaluate(points[:40].reshape(8, 5)), spline(points[:40]).reshape(8, 5),
                    rtol=0, atol=1e-13 * scale)
