"""Tables of Figs. 3 and 4 (saturating model, Eqs. 9-10) row by row against independent
solutions (scalar brentq of mu = tanh(|r| mu), the analytic phase rules of Sec. IV), the
vector iteration's transverse geometry, and the phase conventions on the boundary lines."""

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import brentq

from nanomag.orbital_dimers import saturating as sat


def _equal_moment(r):
    """|mu| of the equal-particle dimer: the positive root of mu = tanh(|r| mu), 0 if none."""
    if abs(r) <= 1.0:
        return 0.0
    return brentq(lambda m: m - np.tanh(abs(r) * m), 1e-12, 1.0, xtol=1e-15)


def _phase_by_hand(r1, r2):
    """Sec. IV: ordered for r1 r2 > 1 (aligned if r > 0); otherwise para- or diamagnetic by
    the sign of r1 + r2 + 2 r1 r2 (the numerator of Eq. 6)."""
    if r1 * r2 > 1:
        return "aligned" if r1 > 0 else "anti-aligned"
    return "paramagnetic" if r1 + r2 + 2 * r1 * r2 > 0 else "diamagnetic"


def test_fig3_table_rows():
    """Every row: mu1 = mu2 = +|mu| for r > 1 (aligned), mu1 = -mu2 = |mu| for r < -1
    (anti-aligned, total 0), 0 inside; phase labels by the rules of Sec. IV."""
    table = sat.equal_particles_table({"chi_over_chicz": {"start": -2.5, "stop": 3.0,
                                                          "num": 12}})
    frame = table.frame
    assert list(frame.index) == list(range(12))
    assert_allclose(frame["chi_over_chicz"], np.linspace(-2.5, 3.0, 12), rtol=1e-15)
    for row in frame.itertuples():
        r = row.chi_over_chicz
        mu = _equal_moment(r)
        assert row.moment_1_over_m0 == pytest.approx(mu, abs=1e-12)
        assert row.moment_2_over_m0 == pytest.approx(mu if r > 0 else -mu, abs=1e-12)
        assert row.total_moment_over_m0 == pytest.approx(mu + (mu if r > 0 else -mu),
                                                         abs=1e-12)
        assert row.phase == _phase_by_hand(r, r)
    assert set(frame["phase"]) == set(sat.PHASES)
    assert "Fig. 3" in table.description
    assert table.units == {"chi_over_chicz": "chi_c^z", "total_moment_over_m0": "M0",
                           "moment_1_over_m0": "M0", "moment_2_over_m0": "M0",
                           "phase": "label"}


def test_fig4_phase_table_rows():
    """Every row of a 7 x 7 grid: chi_1 runs over the slow index; the moments solve
    mu1 = tanh(r1 mu2), mu2 = tanh(r2 mu1) (which is which matters off the diagonal), the
    numerical and analytic phases follow the rules of Sec. IV."""
    axis = np.linspace(-2.1, 1.9, 7)
    table = sat.phase_diagram_table({"chi_over_chicz": {"start": -2.1, "stop": 1.9, "num": 7},
                                     "probe_field": 1e-6})
    frame = table.frame
    assert len(frame) == 49 and list(frame.index) == list(range(49))
    assert_allclose(frame["chi1_over_chicz"], np.repeat(axis, 7), rtol=1e-14, atol=1e-15)
    assert_allclose(frame["chi2_over_chicz"], np.tile(axis, 7), rtol=1e-14, atol=1e-15)
    for row in frame.itertuples():
        r1, r2 = row.chi1_over_chicz, row.chi2_over_chicz
        expected = _phase_by_hand(r1, r2)
        assert row.phase == expected and row.phase_analytic == expected, (r1, r2)
        mu1, mu2 = row.moment_1_over_m0, row.moment_2_over_m0
        if r1 * r2 > 1:
            assert mu1 > 0.05
            assert mu1 == pytest.approx(np.tanh(r1 * mu2), abs=1e-12)
            assert mu2 == pytest.approx(np.tanh(r2 * mu1), abs=1e-12)
        else:
            assert mu1 == 0 and mu2 == 0
    assert table.units["phase"] == "label" and table.units["moment_1_over_m0"] == "M0"


def test_unequal_moments_are_assigned_to_their_particle():
    """r1 = 3, r2 = 0.5: the more susceptible particle 1 carries the larger moment."""
    mu1, mu2 = sat.spontaneous_moments(3.0, 0.5)
    assert mu1 > mu2 > 0
    m2 = brentq(lambda m: m - np.tanh(0.5 * np.tanh(3.0 * m)), 1e-6, 1.0, xtol=1e-15)
    assert mu2 == pytest.approx(m2, abs=1e-12)


def test_phase_conventions_on_the_boundary_lines():
    """On r1 r2 = 1 the moment vanishes (the onset is continuous, mu ~ sqrt(3(r - 1))): not
    ordered; on r1 + r2 + 2 r1 r2 = 0 the response vanishes: not paramagnetic."""
    r1 = np.array([1.0, 2.0, -2.0, 0.5, 0.0])
    r2 = np.array([1.0, 0.5, -0.5, -0.25, 0.0])
    np.testing.assert_array_equal(sat.analytic_phase(r1, r2), [2, 2, 1, 1, 1])
    # the numerical method agrees where it is not marginal (non-magnetic particles)
    assert sat.classify_phase(0.0, 0.0) == 1


def test_order_threshold_is_the_smallest_counted_moment():
    """r = 1.01: mu = 0.17 (about sqrt(3 * 0.01)) counts as order with the default 1e-6 but
    not with a threshold of 0.5; the weak-field response is then paramagnetic."""
    assert sat.classify_phase(1.01, 1.01) == 3
    assert sat.classify_phase(1.01, 1.01, order_threshold=0.5) == 2
    mu1, _ = sat.spontaneous_moments(1.01, 1.01, order_threshold=0.5)
    assert mu1 == 0


def test_solve_dimer_defaults_are_zero_field_from_zero():
    """Without a field the equations always have mu = 0, and from the default start 0 that
    root is returned; below r1 r2 = 1 it is the only one."""
    mu1, mu2 = sat.solve_dimer(np.array([0.5, 1.5, -3.0]), np.array([0.5, 1.5, 0.2]))
    assert_allclose(mu1, 0.0, atol=1e-15)
    assert_allclose(mu2, 0.0, atol=1e-15)


def test_vector_iteration_transverse_field_in_y_and_per_point():
    """A moment along y of particle 2 gives particle 1 the field -eps/2 along y (Eq. 3 across
    the axis, as along x); points are independent (a batch equals its points one by one)."""
    eps, r1, r2 = 1e-8, 0.6, 1.0
    m1, m2, _ = sat.vector_moments([r1], [r2], np.zeros((1, 3)), np.array([[0.0, eps, 0.0]]),
                                   max_iter=1)
    assert_allclose(m1[0], [0.0, -r1 / 2 * eps, 0.0], rtol=1e-6, atol=1e-30)
    assert_allclose(m2[0], [0.0, r1 * r2 / 4 * eps, 0.0], rtol=1e-6, atol=1e-30)
    rng = np.random.default_rng(5)
    start1, start2 = rng.normal(size=(2, 3, 3)) * np.array([[0.1], [1.0], [3.0]])
    rs1, rs2 = np.array([0.7, 2.5, -1.8]), np.array([1.2, 0.4, -2.2])
    batch = sat.vector_moments(rs1, rs2, start1, start2, max_iter=7)
    for i in range(3):
        one = sat.vector_moments(rs1[i:i + 1], rs2[i:i + 1], start1[i:i + 1], start2[i:i + 1],
                                 max_iter=7)
        assert_allclose(batch[0][i], one[0][0], rtol=1e-14, atol=1e-15)
        assert_allclose(batch[1][i], one[1][0], rtol=1e-14, atol=1e-15)


def test_vector_iteration_stops_at_its_tolerance():
    """Below r1 r2 = 1 the iteration contracts to 0 by |r1 r2| (longitudinal) per sweep:
    from |mu| = 1 at r1 r2 = 0.25 the default tolerance 1e-12 is reached in about 20
    sweeps, not 20000, and the result is the fixed point 0 to that tolerance."""
    start = np.array([[0.0, 0.0, 1.0]])
    m1, m2, sweeps = sat.vector_moments([0.5], [0.5], start, start)
    assert sweeps < 40
    assert np.max(np.abs(m1)) < 1e-11 and np.max(np.abs(m2)) < 1e-11


def test_largest_transverse_moment_counts_its_sweeps():
    """Without a floor that can be reached, the sweeps run in blocks of 50 up to the first
    block end at or past max_sweeps (2 blocks for 100, 3 for 120); on the symmetric grid the worst point is reported
    with its coordinates."""
    res = sat.largest_transverse_moment({"chi_over_chicz": {"start": -2, "stop": 2,
                                                            "num": 5}},
                                        floor=0.0, max_sweeps=100)
    assert res["sweeps"] == 100
    # 120 sweeps asked: three blocks, never one sweep at a time
    more = sat.largest_transverse_moment({"chi_over_chicz": {"start": -2, "stop": 2,
                                                             "num": 5}},
                                         floor=0.0, max_sweeps=120)
    assert more["sweeps"] == 150
    assert res["value"] < 1e-10
    assert set(res) == {"value", "sweeps", "r1", "r2"}
    assert res["r1"] in np.linspace(-2, 2, 5) and res["r2"] in np.linspace(-2, 2, 5)


def test_boundary_lines_cover_the_square():
    """On the [-2, 2] square: the hyperbola r1 r2 = 1 from r1 = 1/2 to 2 (branch 0) and from
    -2 to -1/2 (branch 1); the para/dia line from r1 = -0.4 (where r2 = 2) to 2; the
    non-interacting line r2 = -r1 across the square, both with branch 0; all
    LINE_POINTS samples of the range on the full diagonal."""
    table = sat.boundary_lines_table({"chi_over_chicz": {"start": -2, "stop": 2, "num": 41}})
    frame = table.frame
    assert list(frame.index) == list(range(len(frame)))
    assert set(frame["line"]) == {"ordered", "para_dia", "noninteracting"}
    step = 4.0 / (sat.LINE_POINTS - 1)
    ordered = frame[frame["line"] == "ordered"]
    for branch, (lo, hi) in enumerate(((0.5, 2.0), (-2.0, -0.5))):
        r1 = ordered.loc[ordered["branch"] == branch, "chi1_over_chicz"]
        assert r1.min() == pytest.approx(lo, abs=step) and r1.max() == pytest.approx(hi,
                                                                                    abs=step)
    para_dia = frame[frame["line"] == "para_dia"]
    assert set(para_dia["branch"]) == {0}
    assert para_dia["chi1_over_chicz"].min() == pytest.approx(-0.4, abs=step)
    assert para_dia["chi2_over_chicz"].max() == pytest.approx(2.0, abs=0.02)
    assert np.all(para_dia["chi1_over_chicz"] * para_dia["chi2_over_chicz"] <= 0)
    diagonal = frame[frame["line"] == "noninteracting"]
    assert len(diagonal) == sat.LINE_POINTS and set(diagonal["branch"]) == {0}
    assert_allclose(diagonal["chi2_over_chicz"], -diagonal["chi1_over_chicz"], rtol=0, atol=0)
    assert "Fig. 4" in table.description


def test_fig4_table_uses_its_probe_field():
    """r1 = 0.5, r2 = -0.3 is diamagnetic in the weak-field limit (0.5 - 0.3 - 0.3 < 0), but
    a probe of 5 (2 M0/d^3) saturates the paramagnet (tanh(0.5 * 5.97) = 0.966) more than
    the diamagnet (tanh(-0.3 * 5.97) = -0.946): the table decides with the configured probe."""
    params = {"chi_over_chicz": {"start": -0.3, "stop": 0.5, "num": 9}, "probe_field": 5.0}
    table = sat.phase_diagram_table(params)
    frame = table.frame
    row = frame[np.isclose(frame["chi1_over_chicz"], 0.5) & np.isclose(frame["chi2_over_chicz"],
                                                                       -0.3)]
    assert row["phase"].iloc[0] == "paramagnetic"
    assert row["phase_analytic"].iloc[0] == "diamagnetic"
    mu1 = np.tanh(0.5 * (5.0 + np.tanh(-0.3 * (5.0 + 0.96589517))))
    assert mu1 == pytest.approx(0.96589517, abs=1e-6)
    assert "Fig. 4" in table.description


def test_vector_iteration_converges_to_an_ordered_state():
    """r1 = r2 = 1.5 from a z start: the fixed point is the aligned Eq. (10) root
    mu = tanh(1.5 mu) (brentq), reached within the default tolerance in few sweeps."""
    start = np.array([[0.0, 0.0, 1.0]])
    m1, m2, sweeps = sat.vector_moments([1.5], [1.5], start, start)
    mu = brentq(lambda m: m - np.tanh(1.5 * m), 0.1, 1.0, xtol=1e-15)
    assert sweeps < 200
    assert_allclose(m1[0], [0.0, 0.0, mu], atol=1e-10)
    assert_allclose(m2[0], [0.0, 0.0, mu], atol=1e-10)


class _DesignedStart:
    """Stands in for the seeded generator: every start along z, except particle 2 of the
    last grid point (the one the first update of particle 1 reads), tilted towards x."""

    def __init__(self, seed=None):
        pass

    def normal(self, size):
        start = np.zeros(size)
        start[:, :, 2] = 1.0
        start[1, -1, 0] = 0.4
        return start


def test_largest_transverse_moment_is_the_largest_over_the_grid(monkeypatch):
    """On the grid r = 1.5, 2 (aligned phase everywhere) a start along z keeps no transverse
    moment (the transverse field is -1/2 of the partner's transverse moment), so only the
    tilted point (2, 2) has one; at the ordered fixed point each update multiplies it by
    -(1/2) mu_i/mu_j, a sweep by exactly 1/4: 50 more sweeps divide it by 4^50."""
    monkeypatch.setattr(np.random, "default_rng", _DesignedStart)
    config = {"chi_over_chicz": {"start": 1.5, "stop": 2.0, "num": 2}}
    res = sat.largest_transverse_moment(config, floor=0.0, max_sweeps=50)
    assert (res["r1"], res["r2"]) == (2.0, 2.0)
    assert res["value"] > 0
    more = sat.largest_transverse_moment(config, floor=0.0, max_sweeps=100)
    assert (more["r1"], more["r2"]) == (2.0, 2.0)
    assert more["value"] / res["value"] == pytest.approx(0.25 ** 50, rel=1e-6)
