"""The shell: single-particle and pair moments (Eq. 1), validation and sweep decoding."""

import numpy as np
import pytest

from nanomag.cluster_pairing import shell


def test_moments_of_the_shell():
    # M = 5 (l = 2): spin up lambda + 1, spin down lambda - 1 (m_k = lambda + 2 sigma)
    np.testing.assert_array_equal(shell.single_particle_moments(5),
                                  [-1, 0, 1, 2, 3, -3, -2, -1, 0, 1])
    # the pair (lambda up, -lambda down) carries the spin-up member's m = lambda + 1
    np.testing.assert_array_equal(shell.pair_moments(5), [-1, 0, 1, 2, 3])
    assert shell.single_particle_moments(7).sum() == 0


def test_check_shell_accepts_and_refuses():
    shell.check_shell(1)               # l = 0 is a shell
    shell.check_shell(3, 6)            # a full shell
    for bad in (-1, 0, 4, 2.5):
        with pytest.raises(ValueError, match="positive odd integer"):
            shell.check_shell(bad)
    for n in (-1, 7):
        with pytest.raises(ValueError, match=r"\[0, 6\]"):
            shell.check_shell(3, n)


def test_sweep_points_decoding():
    field = shell.sweep_points({"shells": [{"m": 7, "n_electrons": 6}],
                                "temperatures_over_tc": [0, 1],
                                "omega_over_omegac": {"start": 0.0, "stop": 1.0, "num": 3}})
    assert field["sweep"] == "field" and field["shells"] == [(7, 6)]
    np.testing.assert_array_equal(field["grid"], [0.0, 0.5, 1.0])
    assert field["fixed"].dtype == float
    temp = shell.sweep_points({"shells": [{"m": 7, "n_electrons": 6}],
                               "omegas_over_omegac": [0.5], "temperature_over_tc": [1, 2]})
    assert temp["sweep"] == "temperature"
    np.testing.assert_array_equal(temp["grid"], [1.0, 2.0])
    for partial in ({"omega_over_omegac": [0.1]}, {"temperature_over_tc": [0.1]},
                    {"temperatures_over_tc": [0.1]}, {"omegas_over_omegac": [0.1]}):
        with pytest.raises(ValueError, match="either a field sweep"):
            shell.sweep_points({"shells": [{"m": 7, "n_electrons": 6}], **partial})
    with pytest.raises(ValueError, match=r"\[0, 14\]"):
        shell.sweep_points({"shells": [{"m": 7, "n_electrons": 15}],
                            "omegas_over_omegac": [0.5], "temperature_over_tc": [1.0]})
