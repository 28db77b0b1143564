"""BCS mean field (bcs.py): the T = 0 normal state by filling levels by hand, the table's
conversions (omega_c = 3 Delta0 / M for N = M - 1, Eq. 12; Tc = Delta0 / 2) and readings."""

import numpy as np
import pytest

from nanomag.cluster_pairing import bcs


def _single_particle_m(shell_m):
    lam = np.arange(-(shell_m - 1) // 2, (shell_m - 1) // 2 + 1)
    return np.concatenate([lam + 1, lam - 1]).astype(float)


@pytest.mark.parametrize("shell_m,n_bar", [(7, 6), (7, 6.5), (11, 10), (5, 2.25)])
def test_normal_state_at_zero_temperature_fills_the_largest_m(shell_m, n_bar):
    """T = 0, omega > 0: the Nbar states of largest m are filled (a fraction of the next),
    so <m> = their sum, F = U = -omega <m>, chi = S = 0; omega = 0 gives <m> = 0."""
    mk = np.sort(_single_particle_m(shell_m))[::-1]
    full = int(np.floor(n_bar))
    moment = mk[:full].sum() + (n_bar - full) * mk[full]
    w = np.array([0.0, 0.05, 0.7])
    res = bcs.normal_state(shell_m, n_bar, np.zeros(3), w)
    np.testing.assert_allclose(res["moment"], [0.0, moment, moment], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(res["free_energy"], -w * np.array([0.0, moment, moment]),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(res["susceptibility"], 0.0)
    np.testing.assert_array_equal(res["entropy"], 0.0)
    np.testing.assert_array_equal(res["xi"], 0.0)


def test_sweep_table_conversions_and_readings():
    """Temperature sweep of M = 7, N = 6 and M = 11, N = 10: omega_over_delta0 =
    omega/omega_c * 3/M; rows at T = 2 Tc are normal (the BCS Tc of Nbar = M - 1,
    G/(4 artanh(1/M)), lies just below Tc = Delta0/2); the T = 0 gap is (G/2) sqrt(M^2 - 1)."""
    params = {"shells": [{"m": 7, "n_electrons": 6}, {"m": 11, "n_electrons": 10}],
              "omegas_over_omegac": [0.0, 0.5],
              "temperature_over_tc": {"start": 0.0, "stop": 2.0, "num": 5},
              "bcs_branch": "largest_gap", "bcs_chi": "finite_difference"}
    table = bcs.bcs_sweep_table(params)
    frame = table.frame
    assert len(frame) == 20 and list(frame.index) == list(range(20))
    for m in (7, 11):
        rows = frame[frame["shell_m"] == m]
        assert set(rows["n_electrons"]) == {m - 1}
        np.testing.assert_allclose(rows["omega_over_delta0"],
                                   rows["omega_over_omegac"] * 3.0 / m, rtol=1e-12)
        hot = rows[rows["t_over_tc"] == 2.0]
        assert np.all(hot["gap_over_delta0"] == 0) and np.all(hot["normal_state"] == 1)
        cold = rows[(rows["t_over_tc"] == 0.0) & (rows["omega_over_omegac"] == 0.0)]
        assert cold["gap_over_delta0"].iloc[0] == pytest.approx(np.sqrt(m * m - 1) / m,
                                                                 rel=1e-12)
    # a temperature sweep has no d<m>/domega: the finite-difference chi column is 0
    assert np.all(frame["chi_mub2_per_v_delta0"] == 0)
    assert table.units["moment_jump_mub"] == "mu_B" and table.units["normal_state"] == "1"
    assert "largest_gap" in table.description and "finite_difference" in table.description
    assert "temperature sweep" in table.description
    with pytest.raises(ValueError, match="bcs_chi must be one of"):
        bcs.bcs_sweep_table({**params, "bcs_chi": "numerical"})
    with pytest.raises(ValueError, match="branch"):
        bcs.bcs_state(7, 6, 0.1, 0.0, branch="lowest")


@pytest.mark.parametrize("branch", ["global_minimum", "largest_gap"])
@pytest.mark.parametrize("t, w", [(0.05, 0.2), (0.3, 0.12), (0.2, 0.6), (0.4, 0.01),
                                  (0.7, 0.3), (0.05, 0.05)])
def test_entropy_and_gap_slopes_are_derivatives(branch, t, w):
    """S = -dF/dT (superconducting and normal points), the slopes of the gap along the
    branch against central differences in omega and T, and E = sqrt(xi^2 + Delta^2) with
    xi = G (M - Nbar)/2 on superconducting points (the number equation)."""
    shell_m, n_bar = 11, 10
    g = 2.0 / shell_m
    h = 1e-6
    tt = np.array([t - h, t, t + h, t, t])
    ww = np.array([w, w, w, w - h, w + h])
    res = bcs.bcs_state(shell_m, n_bar, tt, ww, branch)
    f, gap = res["free_energy"], res["gap"]
    assert len(set(res["normal"])) == 1                 # no transition inside the stencil
    assert res["entropy"][1] == pytest.approx(-(f[2] - f[0]) / (2 * h), rel=1e-5, abs=1e-9)
    assert res["dgap_dt"][1] == pytest.approx((gap[2] - gap[0]) / (2 * h), rel=1e-5, abs=1e-9)
    assert res["dgap_domega"][1] == pytest.approx((gap[4] - gap[3]) / (2 * h), rel=1e-5,
                                                  abs=1e-9)
    if res["normal"][1] == 0:
        assert res["xi"][1] == pytest.approx(g * (shell_m - n_bar) / 2, rel=1e-12)
        assert res["energy"][1] == pytest.approx(np.hypot(res["xi"][1], gap[1]), rel=1e-12)
    else:
        assert gap[1] == 0 and res["dgap_dt"][1] == 0 and res["dgap_domega"][1] == 0
