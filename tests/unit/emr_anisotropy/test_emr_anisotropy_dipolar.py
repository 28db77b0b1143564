"""Physics checks of the dipolar energy, the tensor D and A, B, C (Eqs. 2-3)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import constants as sc
from scipy.spatial.transform import Rotation

from nanomag.emr_anisotropy import dipolar as dp
from nanomag.emr_anisotropy import ensembles as en

MU_B = sc.physical_constants["Bohr magneton"][0]
# mu0 m / (2 pi) for m = 1.73 mu_B, in mT nm^3, computed here from scipy.constants
K_MT_NM3 = sc.mu_0 * 1.73 * MU_B / (2 * np.pi) * 1e27 * 1e3


def test_field_scale_constant():
    assert_allclose(dp.tensor_field_scale_mt_nm3(1.73), K_MT_NM3, rtol=1e-12)
    assert_allclose(K_MT_NM3, 3.2088, rtol=1e-4)


@pytest.mark.parametrize("r", [0.26, 0.5, 1.3])
def test_single_pair_along_z(r):
    pos = np.array([[0.0, 0.0, 0.0], [0.0, 0.0, r]])
    s = dp.dipolar_tensor_sum(pos)  # ordered pairs: each pair twice
    assert_allclose(s, np.diag([2.0, 2.0, -4.0]) / r**3, rtol=1e-12, atol=1e-12 / r**3)
    a, b, c = dp.anisotropy_from_tensor_sum(s, 2, 1.73)
    # mu0 M D = (mu0 m / 2 pi n) S, n = 2: A = K/2 * (2 + 2)/r^3, B = 0
    assert_allclose(a, K_MT_NM3 / 2 * 4 / r**3, rtol=1e-12)
    assert abs(b) < 1e-9 * abs(a) and abs(c) < 1e-9 * abs(a)


@pytest.mark.parametrize("r", [0.26, 0.9])
def test_single_pair_along_x(r):
    pos = np.array([[0.0, 0.0, 0.0], [r, 0.0, 0.0]])
    a, b, c = dp.anisotropy_from_tensor_sum(dp.dipolar_tensor_sum(pos), 2, 1.73)
    # Sxx = 2(1-3)/r^3 = -4/r^3, Syy = 2/r^3
    assert_allclose(a, K_MT_NM3 / 2 * (-2.0) / r**3, rtol=1e-12)
    assert_allclose(b, K_MT_NM3 / 2 * (-6.0) / r**3, rtol=1e-12)
    assert abs(c) < 1e-9 * abs(a)


def test_pair_in_plane_at_45deg_gives_c():
    r = 0.4
    pos = np.array([[0.0, 0.0, 0.0], [r / np.sqrt(2), r / np.sqrt(2), 0.0]])
    a, b, c = dp.anisotropy_from_tensor_sum(dp.dipolar_tensor_sum(pos), 2, 1.73)
    # Sxy = 2 * (-3 * 1/2) / r^3
    assert_allclose(c, K_MT_NM3 / 2 * (-3.0) / r**3, rtol=1e-12)
    assert abs(b) < 1e-9 * abs(c)


def test_tensor_matches_direct_sum_and_is_traceless():
    rng = np.random.default_rng(11)
    pos = dp.random_points_in_cylinder(rng, 300, 150.0)
    s = dp.dipolar_tensor_sum(pos)
    ref = dp.dipolar_tensor_sum_direct(pos)
    assert_allclose(s, ref, rtol=1e-9, atol=1e-9 * np.abs(ref).max())
    assert abs(np.trace(s)) < 1e-9 * np.linalg.norm(s)
    assert_allclose(s, s.T)
    assert_allclose(dp.dipolar_tensor_sum(pos, double_count=False), 0.5 * s)


def test_closed_form_D_reproduces_bruteforce_energy_and_fit():
    rng = np.random.default_rng(5)
    n, volume = 200, 100.0
    pos = dp.random_points_in_cylinder(rng, n, volume)
    dirs = rng.normal(size=(60, 3))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    f = dp.dipolar_free_energy(pos, dirs, 1.73, volume)          # pair-by-pair Eq. 2
    mag = dp.magnetization_a_per_m(n, 1.73, volume)
    d_closed = dp.effective_tensor(pos, volume)
    f_eff = 0.5 * sc.mu_0 * mag**2 * np.einsum("ka,ab,kb->k", dirs, d_closed, dirs)
    assert_allclose(f_eff, f, rtol=1e-9, atol=1e-9 * np.abs(f).max())
    d_fit, rel = dp.fit_effective_tensor(dirs, f, mag, traceless=False)
    assert_allclose(d_fit, d_closed, atol=1e-9 * np.abs(d_closed).max())
    assert abs(np.trace(d_fit)) < 1e-9 * np.linalg.norm(d_fit)  # the fit finds tr D = 0
    assert rel < 1e-9
    d_fit5, _ = dp.fit_effective_tensor(dirs, f, mag, traceless=True)
    assert_allclose(d_fit5, d_closed, atol=1e-9 * np.abs(d_closed).max())


def test_energy_of_a_pair_by_hand():
    # two dipoles 0.5 nm apart along z, M along z: F = mu0 m^2/(4 pi V) * 2 * (1 - 3)/r^3
    r, volume = 0.5, 10.0
    pos = np.array([[0, 0, 0], [0, 0, r]], dtype=float)
    m = 1.73 * MU_B
    expected = sc.mu_0 * m**2 / (4 * np.pi * volume * 1e-27) * 2 * (-2) / (r * 1e-9) ** 3
    f = dp.dipolar_free_energy(pos, np.array([[0, 0, 1.0]]), 1.73, volume)
    assert_allclose(f[0], expected, rtol=1e-12)


def test_A_independent_of_volume_and_from_D():
    rng = np.random.default_rng(2)
    pos = rng.normal(size=(50, 3))
    for volume in (10.0, 1000.0):
        d = dp.effective_tensor(pos, volume)
        a, b, c = dp.anisotropy_parameters(d, dp.magnetization_a_per_m(50, 1.73, volume))
        a2, b2, c2 = dp.anisotropy_from_tensor_sum(dp.dipolar_tensor_sum(pos), 50, 1.73)
        assert_allclose([a, b, c], [a2, b2, c2], rtol=1e-10)


def test_fig3_arrangement_geometry():
    pos, volume = dp.random_arrangement(3, 1, 1000, 2.0)
    assert volume == pytest.approx(500.0)
    # the arrangement is fixed by (seed, arrangement) and differs between arrangements
    assert np.array_equal(pos, dp.random_arrangement(3, 1, 1000, 2.0)[0])
    assert not np.allclose(pos, dp.random_arrangement(3, 2, 1000, 2.0)[0])
    rc = dp.cylinder_radius_nm(volume)
    assert np.pi * rc**2 * 2 * rc == pytest.approx(500.0)
    assert np.all(np.hypot(pos[:, 0], pos[:, 1]) <= rc) and np.all(np.abs(pos[:, 2]) <= rc)
    # uniform filling: half the points within rho < rc/sqrt(2)
    frac = np.mean(np.hypot(pos[:, 0], pos[:, 1]) < rc / np.sqrt(2))
    assert abs(frac - 0.5) < 0.05


def test_blocked_tensor_and_closest_pairs_against_brute_force():
    rng = np.random.default_rng(9)
    ens = en.generate_ensemble(rng, 12)
    pos = ens["positions"]
    s, pi, pj, pr2 = en.tensor_sum_with_close_pairs(pos, 10, block=16)
    ref = dp.dipolar_tensor_sum_direct(pos, double_count=False)
    assert_allclose(s, ref, atol=1e-10 * np.abs(ref).max())
    i, j = np.triu_indices(len(pos), 1)
    r2 = np.sum((pos[i] - pos[j]) ** 2, axis=1)
    order = np.argsort(r2)[:10]
    assert_allclose(pr2, r2[order], rtol=1e-12)
    assert set(zip(pi.tolist(), pj.tolist())) == set(zip(i[order].tolist(), j[order].tolist()))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40))
def test_tensor_invariants_property(seed, n):
    """For any dipole set S is symmetric and traceless, rotates as R S R^T, and does not
    change under a translation or a relabelling of the dipoles (tolerance 1e-10 of |S|)."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-2.0, 2.0, size=(n, 3))
    s = dp.dipolar_tensor_sum(pos)
    scale = 1e-10 * np.abs(s).max()
    assert_allclose(s, s.T, atol=scale)
    assert abs(np.trace(s)) < scale
    rot = Rotation.random(random_state=seed).as_matrix()
    assert_allclose(dp.dipolar_tensor_sum(pos @ rot.T), rot @ s @ rot.T, atol=scale)
    assert_allclose(dp.dipolar_tensor_sum(pos + rng.normal(size=3)), s, atol=scale)
    assert_allclose(dp.dipolar_tensor_sum(pos[rng.permutation(n)]), s, atol=scale)
    # A + B + ... : the in-plane combinations follow from S (A = K (Sxx + Syy) / n)
    a, b, c = dp.anisotropy_from_tensor_sum(s, n, 1.73)
    assert_allclose([a, b, c], K_MT_NM3 / n * np.array([s[0, 0] + s[1, 1], s[0, 0] - s[1, 1],
                                                         s[0, 1]]), rtol=1e-12, atol=1e-300)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_nc=st.integers(2, 12))
def test_ensemble_tensor_sum_property(seed, n_nc):
    """The blocked tensor sum with exact close pairs equals the direct pair sum for any
    generated ensemble (relative 1e-9 of |S|)."""
    ens = en.generate_ensemble(np.random.default_rng(seed), n_nc)
    s, *_ = en.tensor_sum_with_close_pairs(ens["positions"], 10, block=8)
    ref = dp.dipolar_tensor_sum_direct(ens["positions"], double_count=False)
    assert_allclose(s, ref, atol=1e-9 * np.abs(ref).max())


def test_fig3_table_columns_against_a_pair_loop():
    """dipolar_energy_table: the sampled F_dip rows equal Eq. 2 summed pair by pair here, for
    the right plane and angle (xz at 90 deg is M along z); the Eq. 3 fit and the closed form
    coincide with it (the fit is exact)."""
    params = {"seed": 7, "n_arrangements": 2, "n_dipoles": 12, "density_per_nm3": 2.0,
              "moment_mu_b": 1.73, "sample_step_deg": 30.0, "curve_points": 13,
              "double_count": True}
    t = dp.dipolar_energy_table(params).frame
    assert set(t["plane"]) == {"xy", "xz", "yz"} and set(t["arrangement"]) == {0, 1}
    m = 1.73 * MU_B
    for arr in (0, 1):
        pos = dp.random_points_in_cylinder(np.random.default_rng([7, arr]), 12, 6.0)
        for plane, angle, u in (("xy", 0.0, [1, 0, 0]), ("xz", 90.0, [0, 0, 1]),
                                ("yz", 90.0, [0, 0, 1]), ("xy", 60.0, [0.5, np.sqrt(0.75), 0])):
            f = 0.0
            for i in range(12):
                for j in range(12):
                    if i != j:
                        r = (pos[j] - pos[i]) * 1e-9
                        rr = np.linalg.norm(r)
                        f += (1 - 3 * (r @ u / rr) ** 2) / rr**3
            f *= sc.mu_0 * m**2 / (4 * np.pi * 6.0e-27)
            row = t[(t["arrangement"] == arr) & (t["plane"] == plane) & (t["angle_deg"] == angle)]
            assert len(row) == 1 and int(row["sampled"].iloc[0]) == 1
            assert_allclose(row[["f_dip_j_per_m3", "f_eff_j_per_m3", "f_closed_j_per_m3"]]
                            .to_numpy()[0], f, rtol=1e-9)
    assert t["fit_rel_rms"].max() < 1e-10
    assert (t["sampled"] == 0).any()           # curve points between the samples


def test_edge_cases_and_conventions_of_the_tensor_and_energy():
    assert np.array_equal(dp.dipolar_tensor_sum(np.zeros((1, 3))), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="coincide"):
        dp.dipolar_tensor_sum(np.array([[0.0, 0, 0], [1.0, 0, 0], [1.0, 0, 0]]))
    rng = np.random.default_rng(3)
    pos = rng.normal(size=(15, 3))
    dirs = rng.normal(size=(5, 3))
    # directions need not be unit vectors: only the orientation of M matters
    assert_allclose(dp.dipolar_free_energy(pos, 3.0 * dirs, 1.73, 10.0),
                    dp.dipolar_free_energy(pos, dirs, 1.73, 10.0), rtol=1e-12)
    assert_allclose(dp.effective_tensor(pos, 10.0, double_count=False),
                    0.5 * dp.effective_tensor(pos, 10.0), rtol=1e-12)
    assert_allclose(dp.dipolar_free_energy(pos, dirs, 1.73, 10.0, double_count=False),
                    0.5 * dp.dipolar_free_energy(pos, dirs, 1.73, 10.0), rtol=1e-12)


def test_fit_residual_is_relative_and_rank_checked():
    rng = np.random.default_rng(4)
    dirs = rng.normal(size=(40, 3))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    d = np.diag([1.0, -0.4, -0.6])
    f = np.einsum("ka,ab,kb->k", dirs, d, dirs) + 0.01 * rng.normal(size=40)
    _, rel = dp.fit_effective_tensor(dirs, f, 1.0, traceless=True)
    _, rel_scaled = dp.fit_effective_tensor(dirs, 1e3 * f, 1.0, traceless=True)
    assert 1e-3 < rel < 0.1 and rel_scaled == pytest.approx(rel, rel=1e-9)
    with pytest.raises(RuntimeError, match="do not determine D"):
        dp.fit_effective_tensor(dp.plane_directions("xy", np.arange(0, 360, 30)),
                                np.ones(12), 1.0, traceless=False)


def test_cylinder_points_uniform_in_azimuth_and_height():
    pos = dp.random_points_in_cylinder(np.random.default_rng(6), 40000, 100.0)
    rc = dp.cylinder_radius_nm(100.0)
    phi = np.arctan2(pos[:, 1], pos[:, 0])
    counts = np.histogram(phi, bins=8, range=(-np.pi, np.pi))[0] / pos.shape[0]
    assert np.all(np.abs(counts - 1 / 8) < 4 * np.sqrt(1 / 8 * 7 / 8 / pos.shape[0]))
    z = pos[:, 2] / rc                                 # uniform on [-1, 1]
    assert abs(z.mean()) < 4 * np.sqrt(1 / 3 / z.size)
    assert abs(np.mean(z**2) - 1 / 3) < 4 * np.sqrt(4 / 45 / z.size)


def test_fig3_table_grid_counting_and_layout():
    """Single-counted pairs (double_count false) halve every energy column at a sampled row
    (pair loop here); sampled rows are exactly the multiples of the sample step and the curve
    adds the 15-deg grid of 25 points on [0, 360]; int64 flags, RangeIndex, units."""
    params = {"seed": 9, "n_arrangements": 1, "n_dipoles": 10, "density_per_nm3": 2.0,
              "moment_mu_b": 1.73, "sample_step_deg": 40.0, "curve_points": 25,
              "double_count": False}
    table = dp.dipolar_energy_table(params)
    t = table.frame
    pos = dp.random_points_in_cylinder(np.random.default_rng([9, 0]), 10, 5.0)

    def pair_energy(u):
        f = 0.0
        for i in range(10):
            for j in range(i + 1, 10):                        # every pair once
                r = (pos[j] - pos[i]) * 1e-9
                rr = np.linalg.norm(r)
                f += (1 - 3 * (r @ u / rr) ** 2) / rr**3
        return f * sc.mu_0 * (1.73 * MU_B) ** 2 / (4 * np.pi * 5.0e-27)

    f = pair_energy(np.array([0.0, 0.0, 1.0]))
    g = pair_energy(np.array([0.0, np.cos(np.deg2rad(80.0)), np.sin(np.deg2rad(80.0))]))
    for plane, angle, expected in (("xz", 90.0, f), ("yz", 80.0, g)):
        row = t[(t["plane"] == plane) & (t["angle_deg"] == angle)]
        assert_allclose(row[["f_dip_j_per_m3", "f_eff_j_per_m3", "f_closed_j_per_m3"]]
                        .to_numpy()[0], expected, rtol=1e-9)
    for plane in ("xy", "xz", "yz"):
        p = t[t["plane"] == plane]
        assert_allclose(p["angle_deg"], np.union1d(np.arange(0.0, 360.0, 40.0),
                                                   np.linspace(0.0, 360.0, 25)), atol=1e-12)
        assert_allclose(p.loc[p["sampled"] == 1, "angle_deg"], np.arange(0.0, 360.0, 40.0),
                        atol=1e-12)
    assert t["sampled"].dtype == np.int64 and isinstance(t.index, pd.RangeIndex)
    assert table.units == {"arrangement": "1", "plane": "label", "angle_deg": "deg",
                           "sampled": "1", "f_dip_j_per_m3": "J/m^3", "f_eff_j_per_m3": "J/m^3",
                           "f_closed_j_per_m3": "J/m^3", "fit_rel_rms": "1"}
    assert table.description.startswith("Fig. 3")
