"""Exchange tables and the relative change (exchange.py), written for the survivors of the
first (partial) mutation run of exchange.py (issue 13): Delta J/J on numbers, and the Fig. 3
and Fig. 4 tables against their definitions, z_n J / k_B (scipy's k_B) at the charging
energy eps_c = (eps_c a)/a and at eps_c = 0, with J = E_AFM - E_FM from exchange_energy
(whose quadrature is checked against the printed Eqs. 12/17 in the other test files)."""

import numpy as np
import pytest
from scipy import constants as sc

from nanomag.granular_exchange import exchange as ex

EF = -0.1
NODES = [24, 16]
K_PER_EV = sc.e / sc.k


def test_relative_change_on_numbers():
    """(J_eps - J_inf)/J_inf = (3 - 4)/4 = -25 %; with the sum (3 - 4)/(3 + 4) = -14.29 %;
    J_inf = 1 is a denominator like any other, J_inf = 0 (or J_eps = -J_inf) is refused."""
    assert ex.relative_change_percent(3.0, 4.0) == pytest.approx(-25.0, rel=1e-14)
    assert ex.relative_change_percent(3.0, 4.0, "sum") == pytest.approx(-100.0 / 7, rel=1e-14)
    assert ex.relative_change_percent(2.0, 1.0) == pytest.approx(100.0, rel=1e-14)
    np.testing.assert_allclose(ex.relative_change_percent(np.array([1.0, 6.0]),
                                                          np.array([2.0, 4.0])),
                               [-50.0, 50.0], rtol=1e-14)
    with pytest.raises(RuntimeError, match="denominator 0.*in fig9"):
        ex.relative_change_percent(1.0, 0.0, "j_inf", "fig9")
    with pytest.raises(RuntimeError, match="denominator 0"):
        ex.relative_change_percent(1.0, -1.0, "sum")


def test_fig4_map_against_its_definition():
    """2 x 2 pixels (U, Jsd), a = 3 nm, eps_c a = 0.14 eV nm: zj_k = z_n J(eps_c = 0.14/3)/k_B,
    zj_inf_k = z_n J(0)/k_B, Delta J/J = 100 (zj - zj_inf)/(zj + zj_inf) (the sum denominator
    configured), Jsd fastest."""
    params = {"u_ev": {"start": 1.0, "stop": 3.0, "num": 2},
              "jsd_ev": {"start": 0.5, "stop": 1.5, "num": 2}, "a_nm": 3.0, "d_nm": 0.9,
              "ef_ev": EF, "eps_c_times_a_ev_nm": 0.14, "z_n": 6, "quadrature_nodes": NODES,
              "relative_change_denominator": "sum"}
    frame = ex.relative_change_map_table(params).frame
    np.testing.assert_array_equal(frame["u_ev"], [1.0, 1.0, 3.0, 3.0])
    np.testing.assert_array_equal(frame["jsd_ev"], [0.5, 1.5, 0.5, 1.5])
    u, jsd = frame["u_ev"].to_numpy(), frame["jsd_ev"].to_numpy()
    j_eps = ex.exchange_energy(u, jsd, 3.0, 0.9, EF, 0.14 / 3.0, nodes=NODES)
    j_inf = ex.exchange_energy(u, jsd, 3.0, 0.9, EF, 0.0, nodes=NODES)
    np.testing.assert_allclose(frame["zj_k"], 6 * j_eps * K_PER_EV, rtol=1e-10)
    np.testing.assert_allclose(frame["zj_inf_k"], 6 * j_inf * K_PER_EV, rtol=1e-10)
    np.testing.assert_allclose(frame["delta_j_over_j_percent"],
                               100 * (j_eps - j_inf) / (j_eps + j_inf), rtol=1e-9)
    assert not np.allclose(j_eps, j_inf)
    assert "Coulomb blockade" in ex.relative_change_map_table(params).description


def test_fig3_table_against_its_definition():
    """Two radii, two Jsd: each row z_n J(a, eps_c = (eps_c a)/a)/k_B, its eps_c = 0 value
    and Delta J/J with the sum denominator when configured."""
    params = {"u_ev": 2.0, "d_nm": 0.9, "ef_ev": EF, "jsd_ev": {"start": 0.5, "stop": 1.5,
                                                                "num": 2},
              "a_nm": [2.0, 4.0], "eps_c_times_a_ev_nm": 0.14, "z_n": 6,
              "quadrature_nodes": NODES, "relative_change_denominator": "sum"}
    table = ex.exchange_vs_splitting_table(params)
    frame = table.frame
    np.testing.assert_array_equal(frame["jsd_ev"], [0.5, 0.5, 1.5, 1.5])
    np.testing.assert_array_equal(frame["a_nm"], [2.0, 4.0, 2.0, 4.0])
    for row in frame.itertuples():
        j_eps = ex.exchange_energy(2.0, row.jsd_ev, row.a_nm, 0.9, EF, 0.14 / row.a_nm,
                                   nodes=NODES)
        j_inf = ex.exchange_energy(2.0, row.jsd_ev, row.a_nm, 0.9, EF, 0.0, nodes=NODES)
        assert row.zj_k == pytest.approx(6 * j_eps * K_PER_EV, rel=1e-10)
        assert row.zj_inf_k == pytest.approx(6 * j_inf * K_PER_EV, rel=1e-10)
        assert row.delta_j_over_j_percent == pytest.approx(
            100 * (j_eps - j_inf) / (j_eps + j_inf), rel=1e-9)
    assert "Eqs. 12, 17" in table.description


def test_model_options_and_readings_reach_the_exchange():
    """Every reading of the config reaches the quadrature: model_options copies them, and
    exchange_energy with the Eq. 22 hopping term at eps_c > 0 is a times its J/a, not the
    full term's."""
    params = {"sinh_factor": 2, "hopping_prefactor": 0.5, "quadrature_nodes": [8, 4],
              "contact_area": "fermi_level", "hopping_term": "eq22"}
    assert ex.model_options(params) == {"sinh_factor": 2.0, "hopping_prefactor": 0.5,
                                        "nodes": (8, 4), "contact_area": "fermi_level",
                                        "hopping_term": "eq22"}
    eq22 = ex.exchange_energy(2.0, 1.0, 3.0, 0.9, EF, 0.05, nodes=NODES, hopping_term="eq22")
    full = ex.exchange_energy(2.0, 1.0, 3.0, 0.9, EF, 0.05, nodes=NODES)
    per_a = ex.exchange_per_radius(2.0, 1.0, 0.9, EF, 0.05, nodes=NODES, hopping_term="eq22")
    assert eq22 == pytest.approx(3.0 * per_a[..., 0], rel=1e-12)
    assert abs(eq22 - full) > 1e-6 * abs(full)


def test_map_in_several_chunks_equals_pixel_by_pixel():
    """9 x 10 pixels at 24 x 16 nodes make three chunks of AFM blocks: pixels of every chunk
    (corners, chunk edges) equal J computed for that pixel alone (one block, no chunking)."""
    params = {"u_ev": {"start": 1.0, "stop": 3.0, "num": 9},
              "jsd_ev": {"start": 0.1, "stop": 3.0, "num": 10}, "a_nm": 3.0, "d_nm": 0.9,
              "ef_ev": EF, "eps_c_times_a_ev_nm": 0.14, "z_n": 6, "quadrature_nodes": NODES}
    frame = ex.relative_change_map_table(params).frame
    for i in (0, 9, 42, 43, 84, 85, 89):
        row = frame.iloc[i]
        j = ex.exchange_energy(row.u_ev, row.jsd_ev, 3.0, 0.9, EF, 0.14 / 3.0, nodes=NODES)
        assert row.zj_k == pytest.approx(6 * float(j) * K_PER_EV, rel=1e-10)


def test_limits_of_the_inputs():
    """Jsd = 0 (no spin splitting) is allowed and gives J = 0 (FM and AFM are the same state;
    round-off below 1e-12 of J at Jsd = 1 eV); E_F = 0, U = 0, U + E_F = 0 are refused; 2 x 2 nodes are the least."""
    j1 = ex.exchange_energy(2.0, 1.0, 3.0, 0.9, EF, 0.0, nodes=NODES)
    assert abs(ex.exchange_energy(2.0, 0.0, 3.0, 0.9, EF, 0.0, nodes=NODES)) < 1e-12 * abs(j1)
    with pytest.raises(ValueError, match="E_F < 0"):
        ex.exchange_energy(2.0, 1.0, 3.0, 0.9, 0.0, 0.0, nodes=NODES)
    with pytest.raises(ValueError, match="U > 0 and Jsd >= 0"):
        ex.exchange_energy(0.0, 1.0, 3.0, 0.9, EF, 0.0, nodes=NODES)
    with pytest.raises(ValueError, match="no occupied states"):
        ex.exchange_energy(0.1, 0.05, 3.0, 0.9, EF, 0.0, nodes=NODES)
    assert np.isfinite(ex.exchange_energy(2.0, 1.0, 3.0, 0.9, EF, 0.0, nodes=(2, 2)))


def test_eq22_reading_scales_the_zero_charging_term_by_the_blockade_factor():
    """Eq. 22: the third term is its value at eps_c = 0 times 1 - f(eps_c/Delta eps), so
    J(eps_1) - J(0) and J(eps_2) - J(0) are in the ratio f(eps_1)/f(eps_2) (Delta eps of
    Sec. 6.2 with h_B = -E_F, closed form)."""
    from nanomag.granular_exchange.closed_form import blockade_factor, energy_interval_ev

    eps = np.array([0.02, 0.08])
    j0 = ex.exchange_per_radius(2.0, 1.0, 0.9, EF, 0.0, nodes=NODES, hopping_term="eq22")[0]
    j = ex.exchange_per_radius(2.0, 1.0, 0.9, EF, eps, nodes=NODES, hopping_term="eq22")
    f = blockade_factor(eps, energy_interval_ev(-EF, 0.9))
    assert (j[0] - j0) / (j[1] - j0) == pytest.approx(f[0] / f[1], rel=1e-9)


def test_defaults_are_the_printed_equations_at_infinite_permittivity():
    """Defaults: eps_c = 0 (infinite permittivity), g = 1 (the printed sinh factor)."""
    np.testing.assert_array_equal(ex.exchange_per_radius(2.0, 1.0, 0.9, EF, nodes=NODES),
                                  ex.exchange_per_radius(2.0, 1.0, 0.9, EF, 0.0, 1.0,
                                                         nodes=NODES))
    fm, afm = ex.configuration_energies_per_radius(2.0, 1.0, 0.9, EF, nodes=NODES)
    fm0, afm0 = ex.configuration_energies_per_radius(2.0, 1.0, 0.9, EF, 0.0, nodes=NODES)
    np.testing.assert_array_equal(fm, fm0)
    np.testing.assert_array_equal(afm, afm0)
    np.testing.assert_array_equal(
        ex.hopping_energy_per_radius(2.0, 1.0, 0.9, EF, [0.05], nodes=NODES),
        ex.hopping_energy_per_radius(2.0, 1.0, 0.9, EF, [0.05], "fm", 1.0, NODES))


def test_matrix_elements_and_grain_size_tables_defaults_and_names():
    """The matrix elements default to the printed g = 1; the grain-size tables say what they
    hold (map on the (a, Jsd) plane, curves at fixed Jsd)."""
    args = (np.array([0.5, 1.0]), np.array([0.7, 0.9]), 30.0, 35.0, 0.9, -1.5)
    for default, printed in zip(ex.matrix_elements(*args), ex.matrix_elements(*args, 1.0)):
        np.testing.assert_array_equal(default, printed)
    params = {"u_ev": 2.0, "d_nm": 0.9, "ef_ev": EF, "eps_c_times_a_ev_nm": 0.14, "z_n": 6,
              "quadrature_nodes": NODES, "map_a_nm": {"start": 2.0, "stop": 3.0, "num": 2},
              "map_jsd_ev": {"start": 0.5, "stop": 1.0, "num": 2}, "curve_a_nm":
              {"start": 2.0, "stop": 3.0, "num": 2}, "curve_jsd_ev": [0.5]}
    assert "(a, Jsd) plane" in ex.grain_size_map_table(params).description
    assert "fixed Jsd" in ex.grain_size_curves_table(params).description


def test_hopping_term_with_a_partner_band_top_just_above_the_well_bottom():
    """A shallow Fermi level (E_F = -0.01 eV) and U - Jsd = 0.015 eV: the partner subband's
    k_max,t^2 = 0.39 nm^-2 lies below 1 nm^-2 but above k_Ft^2 = 0.13 nm^-2, so the hopping
    term's upper region k_Ft < k_1 < k_max,t starts at arcsin(k_Ft/k_max,t) = 35 deg. E3 of the
    FM configuration at eps_c = 0 and 0.05 eV against the printed third term by nested adaptive
    quadrature (the literal reference of test_granular_exchange_quadrature, rel 1e-6; it
    agrees with rel 1e-9 to 1e-11): the library's 64 x 48 nodes agree to 5e-9, starting the
    region at k_1 = 0 or at a wrong angle changes E3 by 0.14-2.8 %."""
    from test_granular_exchange_quadrature import literal_energy

    u, jsd, d, ef = 1.0, 0.985, 0.8, -0.01
    expected = [literal_energy("fm", u, jsd, 1.0, d, ef, ec, terms=(3,), rel=1e-6)
                for ec in (0.0, 0.05)]
    e3 = ex.hopping_energy_per_radius(u, jsd, d, ef, [0.0, 0.05], configuration="fm")
    np.testing.assert_allclose(e3, expected, rtol=1e-5)
