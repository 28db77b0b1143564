"""Checks of Eq. 7 (anharmonic displacement), Fig. 4 maps and the Fig. 5 k-space average."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from nanomag.vibrational_magnetism import anharmonic, dimer, lattice

K_B = 0.08617333262  # meV/K


def test_boltzmann_constant():
    assert_allclose(dimer.K_B_MEV_PER_K, K_B, rtol=1e-9)


def test_coth_over_omega_limits():
    w = np.array([1.0, 10.0, 200.0])
    assert_allclose(anharmonic.coth_over_omega(0.1, w), 1 / w, rtol=1e-12)        # T -> 0
    t = 1.0e5
    assert_allclose(anharmonic.coth_over_omega(t, 1.0), 2 * K_B * t, rtol=1e-6)     # classical
    assert_allclose(anharmonic.coth_over_omega(50.0, 5.0),
                    1 / np.tanh(5.0 / (2 * K_B * 50.0)) / 5.0, rtol=1e-9)
    assert np.all(np.diff(anharmonic.coth_over_omega(np.linspace(1, 300, 50), 3.0)) > 0)


def test_vibrational_field_and_displacement():
    # alpha = -6 X / omega0 coth; <Q> = -6 (Phi/omega0) coth
    assert_allclose(anharmonic.vibrational_field(0.1, 0.6, 0.2), -2.0, rtol=1e-12)
    assert_allclose(anharmonic.mean_displacement(0.01, 0.1, 1e-3), -6e-3, rtol=1e-9)


def test_fig4_map_equals_pointwise_dimer():
    params = dict(spin=1.0, omega0_mev=[0.6, 2.4], a_phi=0.2, a_phi_reading="mev_squared",
                  exchange_mev={"start": -10, "stop": 10, "num": 5},
                  temperature_k={"start": 1, "stop": 300, "num": 4})
    frame = anharmonic.phase_map_temperature_table(params).frame
    row = frame.iloc[13]
    alpha = -6 * 0.2 / row["omega0_mev"] / np.tanh(row["omega0_mev"] / (2 * K_B * row["temperature_k"]))
    assert_allclose(row["alpha_mev"], alpha, rtol=1e-9)
    expected = dimer.total_moment(1.0, row["exchange_mev"], alpha, row["temperature_k"])
    assert_allclose(row["total_moment"], expected, rtol=1e-9)
    literal = dict(params, a_phi_reading="printed_micro_ev")
    small = anharmonic.phase_map_temperature_table(literal).frame
    assert small["total_moment"].abs().max() < 0.2 * frame["total_moment"].abs().max()


def test_k_shells():
    k, w = lattice.k_shells(5, np.pi)
    assert_allclose(w.sum(), 1.0)
    assert_allclose(k.max(), np.pi * np.sqrt(2))
    assert len(k) == 6   # |k|^2 in {0,1,2,4,5,8} x (pi/2)^2 for the 5 x 5 grid
    assert_allclose(lattice.gaussian_coupling_k(0.0, 5.0, 1.0), np.sqrt(2) * np.pi * 5.0)
    assert_allclose(lattice.gaussian_coupling_k(2.0, 1.0, 1.0), np.sqrt(2) * np.pi * np.exp(-1))


def brute_force_moment_per_site(t, j_real, phi, n_k, k_max, omega0=0.1, a_amp=None, i_ani=None):
    """Average of M_k/2 over every point of the square grid, pointwise S = 1/2 closed form."""
    a_amp = abs(j_real) if a_amp is None else a_amp
    i_ani = abs(j_real) if i_ani is None else i_ani
    kx = np.linspace(-k_max, k_max, n_k)
    k2 = kx[:, None] ** 2 + kx[None, :] ** 2
    j_k = -np.sqrt(2) * np.pi * j_real * np.exp(-k2 / 4)
    q = -6 * phi / np.tanh(omega0 / (2 * K_B * t))
    alpha_k = np.sqrt(2) * np.pi * a_amp * np.exp(-k2 / 4) * q
    return dimer.moment_spin_half(j_k, alpha_k, t, anisotropy_mev=i_ani).mean() / 2


@pytest.mark.parametrize("j_real", [-5.0, 5.0, 50.0])
def test_shell_reduction_equals_full_grid(j_real):
    t = np.array([20.0, 150.0])
    ours = lattice.moment_per_site(t, j_real, [1e-4], n_k=21, k_max_per_angstrom=np.pi)
    for n, tt in enumerate(t):
        assert_allclose(ours[0, n], brute_force_moment_per_site(tt, j_real, 1e-4, 21, np.pi),
                        rtol=1e-10)


def test_k_grid_convergence():
    t = [30.0, 300.0]
    coarse = lattice.moment_per_site(t, -5.0, [1e-3], n_k=201)
    fine = lattice.moment_per_site(t, -5.0, [1e-3], n_k=401)
    assert_allclose(coarse, fine, rtol=0.01)


def test_linear_in_small_phi_and_sign():
    m = lattice.moment_per_site([100.0], 5.0, [1e-7, 1e-6])
    assert_allclose(m[1, 0] / m[0, 0], 10.0, rtol=1e-4)
    assert np.all(m > 0)                  # A > 0, <Q> < 0 => alpha_k < 0 => positive moment
    assert np.all(np.abs(m) <= 0.5)


def brute_moment_spin_one(j, alpha, t, d_on):
    """J S1.S2 + D(S1z^2+S2z^2) + alpha(S1z+S2z) for S = 1 by Kronecker products."""
    sz = np.diag([1.0, 0.0, -1.0])
    sp = np.diag([np.sqrt(2.0), np.sqrt(2.0)], k=1)
    sx, sy = (sp + sp.T) / 2, (sp - sp.T) / 2j
    one = np.eye(3)
    s1 = [np.kron(a, one) for a in (sx, sy, sz)]
    s2 = [np.kron(one, a) for a in (sx, sy, sz)]
    mz = s1[2] + s2[2]
    h = j * sum(a @ b for a, b in zip(s1, s2)) + d_on * (s1[2] @ s1[2] + s2[2] @ s2[2]) + alpha * mz
    vals, vecs = np.linalg.eigh(h)
    w = np.exp(-(vals - vals.min()) / (K_B * t))
    return float((w * np.real(np.einsum("in,ij,jn->n", vecs.conj(), mz, vecs))).sum() / w.sum())


def test_spin_one_onsite_variant_matches_brute_force_single_k():
    # one k point (n_k = 2 grid has a single shell |k| = k_max sqrt(2)): compare to kron ED
    k_max, t = 1.0, 80.0
    ours = lattice.moment_per_site([t], -5.0, [1e-3], spin=1.0, anisotropy="onsite",
                                   n_k=2, k_max_per_angstrom=k_max)[0, 0]
    k2 = 2 * k_max**2
    j_k = np.sqrt(2) * np.pi * 5.0 * np.exp(-k2 / 4)
    alpha = np.sqrt(2) * np.pi * 5.0 * np.exp(-k2 / 4) * (-6e-3 / np.tanh(0.1 / (2 * K_B * t)))
    assert_allclose(ours, brute_moment_spin_one(j_k, alpha, t, 5.0) / 2, rtol=1e-10)
