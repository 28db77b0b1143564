"""Resonance field of Eqs. 4-5 against an independent brute-force Suhl-Smit evaluation."""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import constants as sc
from scipy.optimize import brentq, minimize_scalar

from nanomag.emr_anisotropy import resonance as rs

H0 = sc.h * 9.45e9 / (2 * sc.physical_constants["Bohr magneton"][0]) * 1e3  # mT


def _free_energy(theta, phi, h, alpha_h, dmat):
    """F/M in mT for unit M at (theta, phi), standard convention, mu0 M D given in mT."""
    m = np.array([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)])
    hv = h * np.array([np.cos(alpha_h), np.sin(alpha_h), 0.0])
    return -m @ hv + 0.5 * m @ dmat @ m


def _brute_force_hres(alpha_h_deg, a, b, c):
    """Energy minimisation + finite-difference Suhl-Smit + bracketing, full 3-D F."""
    # mu0 M D with Dxx + Dyy = A, Dxx - Dyy = B, Dxy = C, Dzz = -A
    dmat = np.array([[(a + b) / 2, c, 0], [c, (a - b) / 2, 0], [0, 0, -a]])
    ah = np.deg2rad(alpha_h_deg)

    def omega_over_gamma(h):
        grid = np.linspace(0, 2 * np.pi, 721)
        # in-plane energy on a grid (vectorized copy of _free_energy at theta = pi/2)
        e = (-h * np.cos(grid - ah) + 0.5 * (dmat[0, 0] * np.cos(grid) ** 2
             + dmat[1, 1] * np.sin(grid) ** 2 + 2 * dmat[0, 1] * np.sin(grid) * np.cos(grid)))
        p0 = grid[int(np.argmin(e))]
        phi = minimize_scalar(lambda p: _free_energy(np.pi / 2, p, h, ah, dmat),
                              bracket=(p0 - 0.01, p0, p0 + 0.01), tol=1e-12).x
        t, d = np.pi / 2, 1e-4
        f = lambda tt, pp: _free_energy(tt, pp, h, ah, dmat)  # noqa: E731
        ftt = (f(t + d, phi) - 2 * f(t, phi) + f(t - d, phi)) / d**2
        fpp = (f(t, phi + d) - 2 * f(t, phi) + f(t, phi - d)) / d**2
        ftp = (f(t + d, phi + d) - f(t + d, phi - d) - f(t - d, phi + d)
               + f(t - d, phi - d)) / (4 * d**2)
        return np.sqrt(max(ftt * fpp - ftp**2, 0.0)) / np.sin(t)

    hs = np.linspace(1.0, 3000.0, 120)
    vals = np.array([omega_over_gamma(h) - H0 for h in hs])
    k = int(np.nonzero(np.sign(vals[:-1]) != np.sign(vals[1:]))[0][-1])
    return brentq(lambda h: omega_over_gamma(h) - H0, hs[k], hs[k + 1], xtol=1e-8)


def test_isotropic_field():
    assert_allclose(rs.resonance_field_isotropic_mt(9.45, 2.0), H0, rtol=1e-12)
    assert_allclose(H0, 337.59, atol=0.01)
    assert_allclose(rs.resonance_field(np.linspace(0, 360, 7), 0.0, 0.0, 0.0), H0, rtol=1e-10)


@pytest.mark.parametrize("abc", [(-191.5, -204.6, 0.0), (60.0, 80.0, 25.0), (-122.6, -24.1, 0.0)])
@pytest.mark.parametrize("angle", [0.0, 30.0, 90.0, 137.0])
def test_solver_against_brute_force(abc, angle):
    h = rs.resonance_field(np.array([angle]), *abc, convention="standard")[0]
    assert_allclose(h, _brute_force_hres(angle, *abc), rtol=2e-5)


def test_paper_convention_is_sign_flip():
    ang = np.linspace(0, 180, 19)
    assert_allclose(rs.resonance_field(ang, 191.5, 204.6, 10.0, convention="paper"),
                    rs.resonance_field(ang, -191.5, -204.6, -10.0, convention="standard"))


def test_sample_I_closed_form_at_0_and_90():
    a, b = 191.5, 204.6
    # paper convention at alpha = 0 (alpha_M = 0): 1/2 (H + B)(2H + 3A + B) = h0^2
    h_0 = np.roots([1.0, b + 1.5 * a + 0.5 * b, b * (1.5 * a + 0.5 * b) - H0**2]).max()
    # at 90 deg: 1/2 (H - B)(2H + 3A - B) = h0^2
    h_90 = np.roots([1.0, -b + 1.5 * a - 0.5 * b, -b * (1.5 * a - 0.5 * b) - H0**2]).max()
    got = rs.resonance_field(np.array([0.0, 90.0]), a, b)
    assert_allclose(got, [h_0, h_90], rtol=1e-9)
    assert got[1] == pytest.approx(400, abs=10)   # "~400 mT (alpha_H = 90 deg)"
    assert got[0] < got[1]                        # lowest at 0 deg, as the paper states
    h = rs.resonance_field(np.linspace(0, 180, 721), a, b)
    assert np.argmin(h) in (0, 720) and abs(np.linspace(0, 180, 721)[np.argmax(h)] - 90) < 0.5


def test_period_and_c_only_rotates():
    a, b, c = 100.0, 80.0, 30.0
    ang = np.linspace(0, 180, 37)
    h = rs.resonance_field(ang, a, b, c)
    assert_allclose(rs.resonance_field(ang + 180.0, a, b, c), h, rtol=1e-10)
    # (B/4) cos 2a + (C/2) sin 2a = (B'/4) cos 2(a - phi0), B' = sqrt(B^2 + 4 C^2)
    phi0 = 0.5 * np.degrees(np.arctan2(2 * c, b))
    h_rot = rs.resonance_field(ang - phi0, a, np.hypot(b, 2 * c), 0.0)
    assert_allclose(h, h_rot, rtol=1e-9)


def test_multiple_equilibria_raise():
    with pytest.raises(RuntimeError, match="not monotonic"):
        rs.resonance_field(np.array([0.0]), 0.0, 3000.0, 0.0, convention="standard")


def test_simulated_line_zero_crossing_and_width():
    f = np.linspace(0, 600, 600001)
    y = rs.lorentzian_derivative(f, 250.0, 40.0)
    assert_allclose(f[np.argmax(y)], 250 - 20, atol=2e-3)
    assert_allclose(f[np.argmin(y)], 250 + 20, atol=2e-3)
    assert_allclose(y.max() - y.min(), 1.0, rtol=1e-6)


def _brute_force_general(alpha_h_deg, dmat):
    """Full 3-D F (standard convention, mu0 M D in mT): scipy minimisation on the sphere,
    finite-difference Suhl-Smit determinant, bracketing in H (independent of the library)."""
    from scipy.optimize import minimize

    ah = np.deg2rad(alpha_h_deg)

    def energy(x, h):
        return _free_energy(x[0], x[1], h, ah, dmat)

    def omega_over_gamma(h):
        starts = [(1.57, p) for p in (0.0, 1.6, 3.1, 4.7)] + [(0.8, 0.0), (2.3, 3.1)]
        best = min((minimize(energy, s, args=(h,), method="BFGS", tol=1e-14) for s in starts),
                   key=lambda r: r.fun)
        t, phi = best.x
        d = 1e-4
        f = lambda tt, pp: energy((tt, pp), h)  # noqa: E731
        ftt = (f(t + d, phi) - 2 * f(t, phi) + f(t - d, phi)) / d**2
        fpp = (f(t, phi + d) - 2 * f(t, phi) + f(t, phi - d)) / d**2
        ftp = (f(t + d, phi + d) - f(t + d, phi - d) - f(t - d, phi + d)
               + f(t - d, phi - d)) / (4 * d**2)
        return np.sqrt(max(ftt * fpp - ftp**2, 0.0)) / abs(np.sin(t))

    hs = np.linspace(20.0, 1000.0, 20)
    vals = np.array([omega_over_gamma(h) - H0 for h in hs])
    k = int(np.nonzero(np.sign(vals[:-1]) != np.sign(vals[1:]))[0][-1])
    return brentq(lambda h: omega_over_gamma(h) - H0, hs[k], hs[k + 1], xtol=1e-6)


def test_general_solver_with_out_of_plane_terms_against_brute_force(angle=75.0):
    # standard convention, mu0 M D with Dxz, Dyz != 0 (M leaves the xy-plane)
    dmat = np.array([[-80.0, 15.0, 40.0], [15.0, 30.0, -25.0], [40.0, -25.0, 50.0]])
    got = rs.resonance_field_general([angle], dmat, convention="standard")[0]
    assert_allclose(got, _brute_force_general(angle, dmat), rtol=1e-4)


def test_general_solver_reduces_to_eqs_4_5_in_plane():
    a, b, c = 191.5, 204.6, 20.0
    dmat = np.array([[(a + b) / 2, c, 0], [c, (a - b) / 2, 0], [0, 0, -a]])
    ang = np.array([0.0, 40.0, 90.0, 140.0])
    assert_allclose(rs.resonance_field_general(ang, dmat), rs.resonance_field(ang, a, b, c),
                    rtol=1e-9)


def _closed(a, b):
    """Paper convention, C = 0: H_res at 0 and 90 deg from the Eq. 4 quadratics [mT]."""
    r0 = np.roots([1.0, 1.5 * (a + b), b * (1.5 * a + 0.5 * b) - H0**2]).max()
    r90 = np.roots([1.0, 1.5 * (a - b), -b * (1.5 * a - 0.5 * b) - H0**2]).max()
    return r0, r90


FIG1 = {"samples": [{"name": "I", "a_mt": 191.5, "b_mt": 204.6},
                    {"name": "II", "a_mt": 122.6, "b_mt": 24.1, "c_mt": 0.0}],
        "alpha_grid": {"start": 0.0, "stop": 180.0, "num": 5}, "frequency_ghz": 9.45, "g": 2.0,
        "convention": "paper", "spectra_angles_deg": [0.0, 90.0],
        "field_grid": {"start": 0.0, "stop": 700.0, "num": 701}, "linewidth_pp_mt": 40.0,
        "isotropic_lines": [{"sample": "II", "field_mt": 335.0, "linewidth_pp_mt": 3.0,
                             "amplitude": 0.5}]}


def test_fig1_tables_columns():
    t = rs.resonance_field_table(FIG1).frame
    # two samples, one table: rows numbered 0 ... n - 1 (not restarting per sample)
    assert isinstance(t.index, pd.RangeIndex) and len(t) == 10
    assert isinstance(rs.simulated_spectra_table(FIG1).frame.index, pd.RangeIndex)
    # the config writes the spectra angles as integers (config.yaml: [0, 15, ...]): degrees
    # stay a float column, as in every other table
    ints = rs.simulated_spectra_table({**FIG1, "spectra_angles_deg": [0, 90]}).frame
    assert ints["alpha_h_deg"].dtype == np.float64
    for name, (a, b) in (("I", (191.5, 204.6)), ("II", (122.6, 24.1))):
        s = t[t["sample"] == name].set_index("alpha_h_deg")
        assert_allclose([s.loc[0.0, "h_res_mt"], s.loc[90.0, "h_res_mt"]], _closed(a, b),
                        rtol=1e-9)
        assert_allclose(s["alpha_m_deg"].loc[[0.0, 90.0]], [0.0, 90.0], atol=1e-9)
    sp = rs.simulated_spectra_table(FIG1).frame
    for name, (a, b) in (("I", (191.5, 204.6)), ("II", (122.6, 24.1))):
        for ang, h in zip((0.0, 90.0), _closed(a, b)):
            line = sp[(sp["sample"] == name) & (sp["alpha_h_deg"] == ang)]
            assert_allclose(line["h_res_mt"], h, rtol=1e-9)
            # derivative line: positive below, negative above the zero crossing
            x, y = line["field_mt"].to_numpy(), line["signal_arb"].to_numpy()
            far = (np.abs(x - 335.0) > 30) | (name == "I")
            assert np.all(y[(x < h - 1) & far] > 0) and np.all(y[(x > h + 1) & far] < 0)
    # the isotropic line sits in sample II only, at 335 mT, with half the peak-to-peak
    for name, expected in (("I", 0.0), ("II", 0.5)):
        line = sp[(sp["sample"] == name) & (sp["alpha_h_deg"] == 0.0)]
        near = line[(line["field_mt"] > 320) & (line["field_mt"] < 350)]
        base = rs.lorentzian_derivative(near["field_mt"].to_numpy(), near["h_res_mt"].iloc[0],
                                        40.0)
        extra = near["signal_arb"].to_numpy() - base
        # derivative Lorentzian of 3 mT peak-to-peak: half width gamma = sqrt(3)/2 * 3 mT,
        # -2x/(1+x^2)^2 normalised by its peak-to-peak 3 sqrt(3)/4 (by hand)
        x = (near["field_mt"].to_numpy() - 335.0) / (np.sqrt(3.0) / 2 * 3.0)
        assert_allclose(extra, expected * (-2 * x / (1 + x**2) ** 2) / (3 * np.sqrt(3) / 4),
                        rtol=1e-9, atol=1e-12)


def test_fig1_tables_pass_c_and_convention_and_are_indexed():
    """A sample with C != 0 in the standard convention: its 0-deg field against the
    brute-force Suhl-Smit solver; the paper convention with (A, B, C) -> -(A, B, C) is the
    same table; no isotropic line configured means none; RangeIndex, units, description."""
    std = {**FIG1, "convention": "standard", "spectra_angles_deg": [0.0],
           "samples": [{"name": "s", "a_mt": 60.0, "b_mt": 80.0, "c_mt": 25.0}]}
    std.pop("isotropic_lines")
    paper = {**std, "convention": "paper",
             "samples": [{"name": "s", "a_mt": -60.0, "b_mt": -80.0, "c_mt": -25.0}]}
    t = rs.resonance_field_table(std)
    f = t.frame
    h0 = f.loc[f["alpha_h_deg"] == 0.0, "h_res_mt"].iloc[0]
    assert_allclose(h0, _brute_force_hres(0.0, 60.0, 80.0, 25.0), rtol=2e-5)
    pd.testing.assert_frame_equal(f, rs.resonance_field_table(paper).frame)
    assert isinstance(f.index, pd.RangeIndex)
    assert t.units == {"sample": "label", "alpha_h_deg": "deg", "h_res_mt": "mT",
                       "alpha_m_deg": "deg"}
    assert t.description.startswith("Fig. 1")
    sp = rs.simulated_spectra_table(std)
    assert_allclose(sp.frame["h_res_mt"], h0, rtol=1e-9)
    pd.testing.assert_frame_equal(sp.frame, rs.simulated_spectra_table(paper).frame)
    # no isotropic line: the signal is the anisotropic line alone
    x = sp.frame["field_mt"].to_numpy()
    assert_allclose(sp.frame["signal_arb"], rs.lorentzian_derivative(x, h0, 40.0), rtol=1e-12)
    assert isinstance(sp.frame.index, pd.RangeIndex)
    assert sp.units == {"sample": "label", "alpha_h_deg": "deg", "field_mt": "mT",
                        "signal_arb": "arb. u.", "h_res_mt": "mT"}
    assert sp.description.startswith("Fig. 1")


@pytest.mark.parametrize("a, b", [(122.6, 24.1), (191.5, 204.6), (-40.0, 10.0)])
def test_anisotropy_from_extremes_inverts_the_closed_form(a, b):
    """A and B back from H_res(0) and H_res(90) of the Eq. 4 quadratics (paper convention,
    C = 0) at a non-default frequency and g, for B small and large against H_res(0)."""
    h0 = sc.h * 9.8e9 / (2.1 * sc.physical_constants["Bohr magneton"][0]) * 1e3
    r0 = np.roots([1.0, 1.5 * (a + b), b * (1.5 * a + 0.5 * b) - h0**2]).max()
    r90 = np.roots([1.0, 1.5 * (a - b), -b * (1.5 * a - 0.5 * b) - h0**2]).max()
    kw = {"frequency_ghz": 9.8, "g": 2.1, "convention": "paper"}
    assert_allclose(rs.anisotropy_from_extremes(r0, r90, "a_mt", **kw), a, rtol=1e-8, atol=1e-8)
    assert_allclose(rs.anisotropy_from_extremes(r0, r90, "b_mt", **kw), b, rtol=1e-8, atol=1e-8)
    assert_allclose(rs.resonance_field([0.0, 90.0], a, b, frequency_ghz=9.8, g=2.1), [r0, r90],
                    rtol=1e-9)


def test_anisotropy_from_extremes_refuses_c_by_name():
    kw = {"frequency_ghz": 9.45, "g": 2.0, "convention": "paper"}
    with pytest.raises(ValueError, match="which must be 'a_mt' or 'b_mt'"):
        rs.anisotropy_from_extremes(62.0, 400.0, "c_mt", **kw)


def test_general_solver_nearly_isotropic():
    """Anisotropy of a few tenths of a mT: the general solver (whose field scan starts at
    1 mT, where the Hessian is of order 1 mT) against Eqs. 4-5, both near h nu / g mu_B."""
    a, b, c = 0.4, 0.3, 0.1
    d = np.array([[(a + b) / 2, c, 0.0], [c, (a - b) / 2, 0.0], [0.0, 0.0, -a]])
    angles = np.array([0.0, 70.0])
    general = rs.resonance_field_general(angles, d, g=2.05)
    assert_allclose(general, rs.resonance_field(angles, a, b, c, g=2.05), rtol=1e-7)
    assert np.all(np.abs(general - H0 * 2.0 / 2.05) < 1.0)
    with pytest.raises(RuntimeError, match="no resonance in"):
        rs.resonance_field_general([0.0], d, field_range_mt=(1.0, 100.0))


def test_resonance_field_has_period_180_deg_for_any_field_angle():
    """H_res(alpha_H) = H_res(alpha_H + 180 deg), for angles below 0 and beyond 360 deg too
    (C != 0 tilts the equilibrium); the equilibrium angle of M turns with H."""
    abc = (60.0, 80.0, 25.0)
    far = np.array([-30.0, 400.0, 750.0])
    near = np.array([150.0, 40.0, 30.0])
    h_far, m_far = rs.resonance_field(far, *abc, convention="standard", return_alpha_m=True)
    h_near, m_near = rs.resonance_field(near, *abc, convention="standard", return_alpha_m=True)
    assert_allclose(h_far, h_near, rtol=1e-10)
    # M follows H: alpha_M - alpha_H is periodic with 180 deg
    assert_allclose((m_far - far) - (m_near - near), 0.0, atol=1e-7)
    assert_allclose(h_near[1], _brute_force_hres(40.0, *abc), rtol=2e-5)
    with pytest.raises(ValueError, match="unknown convention 'cgs'"):
        rs.resonance_field([0.0], *abc, convention="cgs")


# In-plane hard axis (K = 100 mT, standard convention) along x, or along y (the same
# physics turned by 90 deg); Dzz = 200 mT keeps M in the plane. Field H along the hard axis,
# below K: F = -H cos(psi) + K/2 cos^2(psi) + const (psi = phi - alpha_H) has a saddle on
# the axis (F_phiphi = H - K < 0) between the minima cos(psi0) = H/K (Stoner-Wohlfarth),
# where F_thth = Dzz - m.D.m + H cos(psi0) = Dzz and F_phiphi = K sin^2(psi0).
HARD_AXES = {"x": (np.diag([100.0, 0.0, 200.0]), 0.0),
             "y": (np.diag([0.0, 100.0, 200.0]), np.pi / 2)}


def _sphere_minimum(field_mt, alpha_h, dmat):
    """(F/M [mT], unit m) of the lowest of BFGS minimisations from many starts (none on a
    symmetry plane of the tests' tensors)."""
    from scipy.optimize import minimize

    starts = [(t, p) for t in (0.8, 2.2) for p in np.arange(0.1, 6.3, 0.8)]
    best = min((minimize(lambda x: _free_energy(x[0], x[1], field_mt, alpha_h, dmat), s,
                         method="BFGS", tol=1e-14) for s in starts), key=lambda r: r.fun)
    t, p = best.x
    return best.fun, np.array([np.sin(t) * np.cos(p), np.sin(t) * np.sin(p), np.cos(t)])


@pytest.mark.parametrize("axis", ["x", "y"])
@pytest.mark.parametrize("phi0_deg", [1.0, 5.0, 20.0])
def test_equilibrium_below_the_hard_axis_saturation_field(phi0_deg, axis):
    """The stable minimum, never the saddle on the axis: |psi| = arccos(H/K) and the Hessian
    diag(Dzz, K sin^2 psi0). At psi0 = 1 deg the energy scan's best point lies on the axis
    (the minima are closer than a scan step), where Newton converges to the saddle and must
    leave it; at 5 deg the soft mode K sin^2 psi0 = 0.76 mT is below 1 mT."""
    dmat, alpha = HARD_AXES[axis]
    phi0 = np.deg2rad(phi0_deg)
    field = 100.0 * np.cos(phi0)
    x, hess = rs._equilibrium(field, alpha, dmat, rs._scan_grid())
    assert_allclose(np.sin(x[0]), 1.0, atol=1e-12)
    assert_allclose(np.cos(x[1] - alpha), np.cos(phi0), atol=1e-12)
    assert_allclose(np.abs(np.sin(x[1] - alpha)), np.sin(phi0), rtol=1e-8)
    assert_allclose(hess, np.diag([200.0, 100.0 * np.sin(phi0) ** 2]), rtol=1e-8, atol=1e-9)
    # the global minimum of a brute-force minimisation; the saddle lies K/2 (1 - H/K)^2 higher
    lowest, _ = _sphere_minimum(field, alpha, dmat)
    assert_allclose(_free_energy(x[0], x[1], field, alpha, dmat), lowest, atol=1e-9)
    assert_allclose(_free_energy(np.pi / 2, alpha, field, alpha, dmat) - lowest,
                    50.0 * (1.0 - np.cos(phi0)) ** 2, rtol=1e-4, atol=1e-12)


def test_equilibrium_leaves_a_saddle_out_of_the_plane():
    """Dxz = 60 mT tilts the state of the xz-plane to theta = 106.7 deg; at H = 78.53 mT
    along x (just below the field, about 78.54 mT, where the xz-plane state stops being a
    minimum) that state is a saddle (negative curvature across the plane, checked here by a
    finite difference) and the minima lie about 1 deg out of the plane, on either side: the
    solver returns one of them (the brute-force minimum or its mirror y -> -y)."""
    from scipy.optimize import minimize_scalar

    dmat = np.array([[100.0, 0.0, 60.0], [0.0, 0.0, 0.0], [60.0, 0.0, 200.0]])
    field = 78.53
    plane = minimize_scalar(lambda t: _free_energy(t, 0.0, field, 0.0, dmat), bounds=(0.1, 3.0),
                            method="bounded", options={"xatol": 1e-12}).x
    d = 1e-4
    across = (_free_energy(plane, d, field, 0.0, dmat) - 2 * _free_energy(plane, 0.0, field, 0.0,
              dmat) + _free_energy(plane, -d, field, 0.0, dmat)) / d**2
    assert across < 0
    lowest, m = _sphere_minimum(field, 0.0, dmat)
    assert 0.5 < np.degrees(np.arcsin(abs(m[1]))) < 2.0
    x, hess = rs._equilibrium(field, 0.0, dmat, rs._scan_grid())
    got = np.array([np.sin(x[0]) * np.cos(x[1]), np.sin(x[0]) * np.sin(x[1]), np.cos(x[0])])
    assert_allclose(got * [1, np.sign(got[1] * m[1]), 1], m, atol=1e-6)
    assert_allclose(_free_energy(x[0], x[1], field, 0.0, dmat), lowest, atol=1e-9)
    assert np.all(np.linalg.eigvalsh(hess) > 0)


@pytest.mark.parametrize("axis", ["x", "y"])
def test_equilibrium_refuses_a_saddle_it_cannot_leave(axis):
    """psi0 = 0.001 deg: the minima are closer to the saddle than the 0.01 deg steps of the
    search along its unstable direction; the solver raises instead of returning the saddle
    (F_phiphi = H - K < 0 there)."""
    dmat, alpha = HARD_AXES[axis]
    field = 100.0 * np.cos(np.deg2rad(0.001))
    with pytest.raises(RuntimeError, match=r"^resonance_field_general: no stable equilibrium "
                                           r"\(H = 99\.99999"):
        rs._equilibrium(field, alpha, dmat, rs._scan_grid())


def test_general_solver_when_a_scan_field_is_just_below_a_hard_axis_saturation():
    """Sample I's A with B = 204.5 mT (its fit: 204.6) at 90 deg: the general solver's field
    scan passes H = 204.32 mT, 0.18 mT below the in-plane hard-axis saturation field B (minima
    3.0 deg off the axis, the scan's best point on it); the resonance is that of Eqs. 4-5 and,
    at 90 deg with C = 0, the root of 1/2 (H - B)(2H + 3A - B) = h0^2."""
    a, b = 191.5, 204.5
    dmat = np.array([[(a + b) / 2, 0, 0], [0, (a - b) / 2, 0], [0, 0, -a]])
    h_90 = np.roots([1.0, 1.5 * (a - b), -b * (1.5 * a - 0.5 * b) - H0**2]).max()
    assert_allclose(rs.resonance_field_general([90.0], dmat), [h_90], rtol=1e-9)
