"""Table functions: columns, units, finiteness, determinism, sweep decoding."""

import numpy as np
import pytest

from nanomag.cluster_pairing import bcs, seniority

FIELD = {"shells": [{"m": 7, "n_electrons": 6}], "temperatures_over_tc": [0.0, 0.1],
         "omega_over_omegac": {"start": 0.0, "stop": 1.5, "num": 31},
         "bcs_branch": "global_minimum"}
TEMP = {"shells": [{"m": 7, "n_electrons": 6}], "omegas_over_omegac": [0.0, 1.25],
        "temperature_over_tc": {"start": 0.0, "stop": 2.0, "num": 21},
        "bcs_branch": "largest_gap"}


@pytest.mark.parametrize("func", [seniority.canonical_sweep_table, bcs.bcs_sweep_table])
@pytest.mark.parametrize("params", [FIELD, TEMP])
def test_tables_are_finite_and_deterministic(func, params):
    a, b = func(params), func(params)
    grid = a.frame[a.frame["refined"] == 0] if "refined" in a.frame else a.frame
    assert len(grid) == (62 if params is FIELD else 42)
    assert set(a.units) == set(a.frame.columns)
    num = a.frame.select_dtypes("number").to_numpy(float)
    assert np.all(np.isfinite(num))
    assert a.frame.equals(b.frame)


def test_field_table_t0_gap_matches_closed_form():
    frame = seniority.canonical_sweep_table(FIELD).frame
    row = frame[(frame.t_over_tc == 0) & (frame.omega_over_omegac == 0)]
    # nu = 0 ground state of N = 6 in M = 7: Delta_c = G sqrt(P (M - P + 1)), P = 3 pairs
    assert row.gap_over_delta0.iloc[0] == pytest.approx(2 / 7 * np.sqrt(3 * 5))
    above = frame[(frame.t_over_tc == 0) & (frame.omega_over_omegac > 1.0)]
    assert np.all(above.gap_over_delta0 == 0)


def test_bcs_table_marks_zero_temperature_jumps():
    frame = bcs.bcs_sweep_table(FIELD).frame
    cold = frame[frame.t_over_tc == 0].sort_values("omega_over_omegac")
    gap = cold.gap_over_delta0.to_numpy()
    changed = np.concatenate([[False], np.diff(gap) != 0])
    # at T = 0 the gap is piecewise constant: every change is a located jump, whose two
    # ends are the added rows, 1e-9 omega_c apart at most
    np.testing.assert_array_equal(cold.jump_before.to_numpy() == 1, changed)
    x = cold.omega_over_omegac.to_numpy()
    assert np.all(x[changed] - x[np.roll(changed, -1)] < 1e-9)
    assert np.all(cold.refined.to_numpy()[changed] == 1)
    # the last jump is the destruction at omega = G = (2/3) omega_c
    assert x[changed][-1] == pytest.approx(2 / 3, abs=1e-9)
    assert cold.moment_jump_mub.to_numpy()[changed][-1] > 0


def test_bad_sweep_rejected():
    with pytest.raises(ValueError):
        seniority.canonical_sweep_table({"shells": [{"m": 7, "n_electrons": 6}]})
    with pytest.raises(ValueError):
        seniority.canonical_thermodynamics(8, 6, 0.1, 0.1)
