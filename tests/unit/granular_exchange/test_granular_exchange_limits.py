"""granular_exchange: limits, symmetries, continuity and the factorisation J = a[A + B(eps_c)]."""

import numpy as np
import pytest
from scipy import constants as sc

from nanomag.granular_exchange import exchange as ex

EF = -0.1


def test_mass_constant():
    # 2 m_e / hbar^2 = 26.2468 eV^-1 nm^-2 (hbar^2/2m = 0.0380998 eV nm^2)
    assert ex.C_INV_EV_NM2 == pytest.approx(26.2468, rel=1e-5)
    assert ex.KELVIN_PER_EV == pytest.approx(sc.e / sc.k, rel=1e-12)


def test_exchange_is_quadratic_in_a_small_splitting():
    """J is even in the magnetisation (J(-Jsd) = J(Jsd): relabel s -> -s) and vanishes at
    Jsd = 0, so J ~ c Jsd^2: J(2h)/J(h) -> 4 as h -> 0 (corrections O(h^2))."""
    for U in (1.0, 2.0):
        h = np.array([1e-3, 2e-3, 5e-3, 1e-2])   # small against eps_c and Jsd scales
        j = ex.exchange_per_radius(U, h, 0.8, EF, [0.0, 0.05])
        ratios = j[1] / j[0], j[3] / j[2]
        np.testing.assert_allclose(ratios[0], 4.0, rtol=1e-3)
        # the deviation from 4 shrinks like h^2: ~ 25 times smaller at 5 times smaller h
        assert np.all(np.abs(ratios[0] - 4.0) < 0.2 * np.abs(ratios[1] - 4.0))


def test_table_columns_scale_with_radius_as_stated():
    """Map table of Figs 5-7: zj_k = a * zj_over_a; without charging energy J/a is the same
    at every radius (J = a A); with it, zj_inf_k/a is the same and zj_k/a is not."""
    base = {"u_ev": 1.0, "d_nm": 0.9, "ef_ev": EF, "z_n": 6, "quadrature_nodes": [32, 24],
            "map_a_nm": {"start": 1.0, "stop": 10.0, "num": 4},
            "map_jsd_ev": {"start": 0.3, "stop": 0.8, "num": 3}}
    t0 = ex.grain_size_map_table({**base, "eps_c_times_a_ev_nm": 0.0}).frame
    t1 = ex.grain_size_map_table({**base, "eps_c_times_a_ev_nm": 0.14}).frame
    for t in (t0, t1):
        np.testing.assert_allclose(t["zj_k"], t["a_nm"] * t["zj_over_a_k_per_nm"], rtol=1e-13)
        per_a_inf = (t["zj_inf_k"] / t["a_nm"]).to_numpy().reshape(3, 4)   # (jsd, a)
        np.testing.assert_allclose(per_a_inf, per_a_inf[:, :1] * np.ones((1, 4)), rtol=1e-12)
    np.testing.assert_allclose(t0["zj_k"], t0["zj_inf_k"], rtol=1e-13)
    per_a = t1["zj_over_a_k_per_nm"].to_numpy().reshape(3, 4)
    assert np.all(np.abs(np.diff(per_a, axis=1)) > 1e-3 * np.abs(per_a[:, 1:]))
    # z_n J in kelvin: the table's J at (a, Jsd) equals z_n a (J/a) in eV times e/k_B
    row = t1.iloc[5]
    j_ev = ex.exchange_energy(1.0, row["jsd_ev"], row["a_nm"], 0.9, EF, 0.14 / row["a_nm"],
                              nodes=(32, 24))
    assert row["zj_k"] == pytest.approx(6 * j_ev * sc.e / sc.k, rel=1e-12)


@pytest.mark.parametrize("U, threshold", [(2.0, 1.9), (2.0, 2.0), (1.0, 0.9), (1.0, 1.0)])
def test_continuity_across_half_metal_and_semimetal_thresholds(U, threshold):
    """J is continuous at Jsd = U + E_F (half metal) and Jsd = U (semimetal, Eq. 21)."""
    eps = [0.0, 0.05]
    scale = np.max(np.abs(ex.exchange_per_radius(U, np.linspace(0.5, 1.2, 8) * U, 0.8, EF, eps)))
    jumps = []
    for eta in (1e-3, 1e-5, 1e-7):
        lo, hi = ex.exchange_per_radius(U, [threshold - eta, threshold + eta], 0.8, EF, eps)
        jumps.append(np.max(np.abs(hi - lo)) / scale)
    assert jumps[-1] < 1e-4
    assert jumps[0] > jumps[1] > jumps[2]


def test_semimetal_afm_has_no_hopping_terms():
    """For Jsd > U the AFM energy is the first term only (Eq. 21): independent of eps_c and of
    the hopping prefactor."""
    fm1, afm1 = ex.configuration_energies_per_radius(1.0, 1.2, 0.9, EF, [0.0, 0.1],
                                                     hopping_prefactor=1.0)
    fm2, afm2 = ex.configuration_energies_per_radius(1.0, 1.2, 0.9, EF, [0.0, 0.1],
                                                     hopping_prefactor=3.0)
    np.testing.assert_allclose(afm1, afm2, rtol=1e-14)
    assert afm1[0] == pytest.approx(afm1[1], rel=1e-14)
    assert fm1[0] != pytest.approx(fm1[1], rel=1e-6)


def test_coulomb_blockade_reduces_ferromagnetic_coupling():
    """The hopping term is ferromagnetic: a finite eps_c lowers J (Sec. 6.3, Fig. 3)."""
    jsd = np.linspace(1.0, 2.0, 11)
    per_a = ex.exchange_per_radius(2.0, jsd, 0.8, EF, [0.0, 0.028, 0.14])
    assert np.all(per_a[:, 1] < per_a[:, 0])
    assert np.all(per_a[:, 2] < per_a[:, 1])


def test_exchange_decays_with_distance():
    j = [float(ex.exchange_energy(2.0, 1.4, 3.0, d, EF, 0.0)) for d in (0.6, 0.8, 1.0, 1.2)]
    assert j[0] > j[1] > j[2] > j[3] > 0
    # barrier of kappa ~ kappa0 = 1.62 nm^-1: each 0.2 nm costs a factor of order exp(2 kappa0 0.2)
    ratios = np.array(j[:-1]) / np.array(j[1:])
    assert np.all((ratios > 1.3) & (ratios < 3.0))


def test_map_table_is_independent_of_chunking():
    """The Fig. 4 map computed as chunk jobs over its U rows (2, 4 and 9 chunks, one U row
    each for 9) and concatenated in order equals the whole map bit for bit, under both
    contact-area readings (no BLAS reduction across pixels)."""
    import pandas as pd

    params = {"u_ev": {"start": 1.0, "stop": 3.0, "num": 9},
              "jsd_ev": {"start": 0.1, "stop": 3.0, "num": 10}, "a_nm": 3.0, "d_nm": 0.9,
              "ef_ev": EF, "eps_c_times_a_ev_nm": 0.14, "z_n": 6, "quadrature_nodes": [24, 16]}
    for reading in ({}, {"contact_area": "fermi_level"}):
        whole = ex.relative_change_map_table({**params, **reading}).frame
        assert len(whole) == 90
        assert np.all(np.isfinite(whole.select_dtypes(float).to_numpy()))
        for n_chunks in (2, 4, 9):
            parts = [ex.relative_change_map_table({**params, **reading}, i, n_chunks).frame
                     for i in range(n_chunks)]
            assert [len(p) for p in parts] == [10 * (9 * (i + 1) // n_chunks - 9 * i // n_chunks)
                                               for i in range(n_chunks)]
            assert whole.equals(pd.concat(parts, ignore_index=True))
    for index, n_chunks in ((2, 2), (-1, 2), (0, 10)):
        with pytest.raises(ValueError, match="n_chunks <= 9"):
            ex.relative_change_map_table(params, index, n_chunks)


def test_invalid_inputs_raise():
    with pytest.raises(ValueError, match="E_F < 0"):
        ex.exchange_energy(2.0, 1.0, 3.0, 0.8, +0.1, 0.0)
    with pytest.raises(ValueError, match="no occupied states"):
        ex.exchange_energy(0.05, 0.01, 3.0, 0.8, -0.1, 0.0)
    with pytest.raises(ValueError, match="d = 0.0 nm"):
        ex.exchange_energy(2.0, 1.0, 3.0, 0.0, -0.1, 0.0)
    with pytest.raises(ValueError, match="U > 0 and Jsd >= 0"):
        ex.exchange_energy(2.0, -1.0, 3.0, 0.8, -0.1, 0.0)
    with pytest.raises(ValueError, match="eps_c_ev"):
        ex.exchange_per_radius(2.0, 1.0, 0.8, -0.1, [-0.01])
    with pytest.raises(ValueError, match="at least 2 x 2 nodes"):
        ex.exchange_per_radius(2.0, 1.0, 0.8, -0.1, 0.0, nodes=(1, 16))
    with pytest.raises(ValueError, match="configuration must be 'fm' or 'afm'"):
        ex.hopping_energy_per_radius(2.0, 1.0, 0.8, -0.1, [0.0], configuration="ferri")
    with pytest.raises(ValueError, match="relative_change_denominator"):
        ex.relative_change_percent(np.ones(2), np.ones(2), "product")
    with pytest.raises(RuntimeError, match="denominator 0"):
        ex.relative_change_percent(np.ones(2), np.array([1.0, 0.0]), "j_inf", "Fig. 4")
