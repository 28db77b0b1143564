"""granular_exchange: Eq. 22 closed form, charging energy, Delta_eps; Fig. 2 and 8 ingredients."""

import math

import mpmath
import numpy as np
import pandas as pd
import pytest

from nanomag.granular_exchange import closed_form as cf
from nanomag.granular_exchange import profiles


def test_blockade_factor_limits_and_series():
    assert cf.blockade_factor_value(0.0, 1.0) == 0.0
    # small eps_c: f ~ (pi/2) sqrt(eps_c / Delta)
    assert cf.blockade_factor_value(1e-8, 1.0) == pytest.approx(math.pi / 2 * 1e-4, rel=1e-3)
    # large eps_c: arctan(y)/y = 1 - y^2/3 + y^4/5 - y^6/7 with y^2 = Delta/eps_c
    y2 = 1e-2
    assert cf.blockade_factor_value(1.0 / y2, 1.0) == pytest.approx(1 - y2 / 3 + y2**2 / 5 - y2**3 / 7,
                                                                    abs=1e-8)
    values = cf.blockade_factor(np.geomspace(1e-3, 1e3, 50), 1.0)
    assert np.all(np.diff(values) > 0) and values[-1] < 1


def test_blockade_factor_against_mpmath():
    """f = sqrt(e/D) arctan(sqrt(D/e)) at the text's 800 K / 120 K (0.954) and elsewhere."""
    for ec, delta in ((800.0, 120.0), (668.4, 2456.9), (3.0, 7.0)):
        expected = mpmath.sqrt(mpmath.mpf(ec) / delta) * mpmath.atan(mpmath.sqrt(delta / mpmath.mpf(ec)))
        assert cf.blockade_factor_value(ec, delta) == pytest.approx(float(expected), rel=1e-13)


def test_approximate_exchange_eq22_eq23():
    sc_area, j0, j1, delta = 2.0, 3.0, 0.5, 120.0
    for ec in (0.0, 50.0, 800.0):
        f = 0.0 if ec == 0 else math.sqrt(ec / delta) * math.atan(math.sqrt(delta / ec))
        j = cf.approximate_exchange(sc_area, j0, j1, ec, delta)
        assert j == pytest.approx(sc_area * j0 + sc_area * j1 * (1 - f), rel=1e-14)
        dj = cf.blockade_change(sc_area, j1, ec, delta)
        assert dj == pytest.approx(j - cf.approximate_exchange(sc_area, j0, j1, 0.0, delta),
                                   abs=1e-14)


def test_charging_energy():
    # e^2/(4 pi eps0) = 1.439964 eV nm, so a eps_c = 0.72/eps eV nm
    assert cf.charging_energy_times_radius(1.0) == pytest.approx(1.439964 / 2, rel=1e-6)
    assert cf.charging_energy_times_radius(5.0) == pytest.approx(0.144, rel=2e-3)
    # a = 2.5 nm, eps = 5: 0.0576 eV = 668 K (the text says ~800 K)
    assert cf.charging_energy_k(2.5, 5.0) == pytest.approx(668.3, rel=1e-3)


def test_energy_interval():
    # 3.43 sqrt(0.1 eV * 0.0380998 eV nm^2) / 1 nm = 0.21172 eV = 2457 K (text: 120 K)
    assert cf.energy_interval_ev(0.1, 1.0) == pytest.approx(0.21172, rel=1e-4)
    assert cf.energy_interval_k(0.1, 1.0) == pytest.approx(2457.0, rel=1e-3)


def test_step_model_has_the_area_of_the_gaussian():
    kappa = profiles.barrier_decay_constant(-0.1)
    assert kappa == pytest.approx(1.62009, rel=1e-4)
    a = 3.0
    r = np.linspace(0.0, 20.0, 200001)
    gaussian, step = profiles.transverse_factors(r, a, kappa)
    area_g = np.trapezoid(2 * np.pi * r * gaussian, r)
    assert area_g == pytest.approx(2 * np.pi * a / kappa, rel=1e-6)
    assert np.pi * profiles.step_radius_nm(a, kappa) ** 2 == pytest.approx(area_g, rel=1e-6)


def test_potential_profile_afm():
    t = profiles.potential_profile_table({"u_ev": 2.0, "jsd_ev": 0.6, "d_nm": 0.8,
                                          "grain_extent_nm": 1.5}).frame
    up = t[t.spin == "up"].energy_ev.to_numpy()
    down = t[t.spin == "down"].energy_ev.to_numpy()
    assert up[0] == pytest.approx(-2.6) and up[-1] == pytest.approx(-1.4)
    assert down[0] == pytest.approx(-1.4) and down[-1] == pytest.approx(-2.6)
    assert np.all(up[2:4] == 0.0)
    # corners: grain 1 from -d/2 - 1.5 nm to -d/2, barrier to +d/2, grain 2 to d/2 + 1.5 nm
    for spin in ("up", "down"):
        np.testing.assert_allclose(t[t.spin == spin].z_nm, [-1.9, -0.4, -0.4, 0.4, 0.4, 1.9],
                                   rtol=1e-14)
    np.testing.assert_allclose(up, [-2.6, -2.6, 0.0, 0.0, -1.4, -1.4], rtol=1e-14)
    np.testing.assert_allclose(down, [-1.4, -1.4, 0.0, 0.0, -2.6, -2.6], rtol=1e-14)


def test_wavefunction_factor_table_against_constants():
    """Fig. 8 table: exp(-kappa0 r^2/2a) and the step of radius sqrt(2a/kappa0), with
    kappa0 = sqrt(-2 m E_F)/hbar from scipy.constants."""
    from scipy import constants as sc

    kappa0 = math.sqrt(2 * sc.m_e * 0.1 * sc.e) / sc.hbar * 1e-9
    t = profiles.wavefunction_factor_table({"a_nm": 3.0, "ef_ev": -0.1,
                                            "r_perp_nm": {"start": 0.0, "stop": 4.0,
                                                          "num": 9}})
    assert list(t.frame.columns) == ["r_perp_nm", "gaussian_factor", "step_factor"]
    r = t.frame["r_perp_nm"].to_numpy()
    np.testing.assert_allclose(r, np.linspace(0.0, 4.0, 9), rtol=0, atol=1e-15)
    np.testing.assert_allclose(t.frame["gaussian_factor"], np.exp(-kappa0 * r**2 / 6.0),
                               rtol=1e-12)
    np.testing.assert_array_equal(t.frame["step_factor"],
                                  (r < math.sqrt(6.0 / kappa0)).astype(float))
    assert t.units["r_perp_nm"] == "nm" and t.units["gaussian_factor"] == "1"
    assert t.description
    with pytest.raises(ValueError):
        profiles.barrier_decay_constant(0.0)


def test_energy_interval_scales_as_sqrt_height_over_thickness():
    """Delta_eps = gamma hbar sqrt(h_B)/(sqrt(2m) d): 1/d, sqrt(h_B), linear in gamma."""
    base = cf.energy_interval_ev(0.1, 1.0)
    assert cf.energy_interval_ev(0.1, 2.0) == pytest.approx(base / 2, rel=1e-14)
    assert cf.energy_interval_ev(0.4, 1.0) == pytest.approx(2 * base, rel=1e-14)
    assert cf.energy_interval_k(0.1, 1.0, gamma=1.0) == pytest.approx(
        cf.energy_interval_k(0.1, 1.0) / 3.43, rel=1e-14)


def test_invalid_inputs_of_the_closed_forms_raise():
    with pytest.raises(ValueError, match="delta_eps > 0"):
        cf.blockade_factor(1.0, 0.0)
    with pytest.raises(ValueError, match="delta_eps > 0"):
        cf.blockade_factor(-1.0, 1.0)
    with pytest.raises(ValueError, match="permittivity must be positive"):
        cf.charging_energy_times_radius(0.0)
    with pytest.raises(ValueError, match="E_F must be negative"):
        profiles.barrier_decay_constant(1e-3)


def test_step_model_edge_and_table_layout():
    """The step is 1 strictly inside sqrt(2a/kappa) and 0 on and beyond it."""
    radius = profiles.step_radius_nm(3.0, 1.6)
    assert radius == pytest.approx(math.sqrt(6.0 / 1.6), rel=1e-15)
    _, step = profiles.transverse_factors([0.999 * radius, radius, 1.001 * radius], 3.0, 1.6)
    np.testing.assert_array_equal(step, [1.0, 0.0, 0.0])
    t = profiles.potential_profile_table({"u_ev": 2.0, "jsd_ev": 0.6, "d_nm": 0.8,
                                          "grain_extent_nm": 1.5})
    assert t.frame.index.equals(pd.RangeIndex(12)) and t.description
