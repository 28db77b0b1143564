"""Microscopic dimer and chain (microscopic_coupling.py), written for the survivors of its
first mutation run (issue 13): the Fig. 5(b) table with two sizes row by row against the
independent single-shell dimer, a size that never orders, the zeros table the tables are
given (one that ends inside the thermal window is refused, not replaced), the paper's
geometry d = 3a as the default, a chain of no particles."""

import numpy as np
import pytest

from nanomag.orbital_dimers.bessel_zeros import zeros_frame
from nanomag.orbital_dimers.microscopic_coupling import (
    chain_moment_table,
    chain_spontaneous_moments,
    critical_temperature,
    dimer_moment_table,
)

from test_orbital_dimers_microscopic_coupling import CHI_L, ZETA, _single_shell_dimer


@pytest.fixture(scope="module")
def zeros():
    # zeta_{1,36} = 42.97 up to T/T_F = 1e-2: the zeros below 60 cover the window
    return zeros_frame(60.0)


def test_dimer_table_rows_of_an_ordering_and_a_diamagnetic_size(zeros):
    """zeta_{1,36}: below its T_c each moment is the self-consistent moment of the
    single-shell dimer (the |chi_L| configured, 2.9e-7, not the default 2.88e-7: 0.7 % in
    alpha), 0 above; kFa = 42.97 (no level at E_F, diamagnetic) never orders: T_c column 0,
    moments 0. One index over both sizes; units; the description names Fig. 5b."""
    params = {"sizes_main": [{"n": 1, "l": 36}, 42.97], "d_over_a": 3.0, "chi_landau": CHI_L,
              "t_dimer": {"start": 0.0, "stop": 3e-7, "num": 7}}
    table = dimer_moment_table(params, {"bessel_zeros": zeros})
    frame = table.frame
    assert list(frame.index) == list(range(12))
    shell = frame[frame["size_label"] == "zeta_1,36"]
    tc = shell["critical_t_over_tf"].iloc[0]
    assert tc == pytest.approx(critical_temperature(ZETA, 3.0, 2, CHI_L, zeros), rel=1e-12)
    for t, m in zip(shell["t_over_tf"], shell["mz_over_mub"]):
        if t < tc:
            assert m == pytest.approx(_single_shell_dimer(t, zeros), rel=1e-6)
        else:
            assert m == 0
    assert (shell["t_over_tf"] < tc).sum() >= 3
    dia = frame[frame["size_label"] == "42.97"]
    assert len(dia) == 6 and np.all(dia["critical_t_over_tf"] == 0.0)
    assert np.all(dia["mz_over_mub"] == 0.0)
    assert table.units["mz_over_mub"] == "mu_B" and table.units["critical_t_over_tf"] == "T/T_F"
    assert "Fig. 5b" in table.description


def test_tables_use_the_zeros_they_are_given(zeros):
    """The zeros below 43 end at zeta_{1,36} = 42.97 itself, inside the thermal window of
    that size: both tables refuse them (the default zeros would hide a short input)."""
    short = {"bessel_zeros": zeros_frame(43.0)}
    dimer = {"sizes_main": [{"n": 1, "l": 36}], "d_over_a": 3.0, "chi_landau": CHI_L,
             "t_dimer": {"start": 0.0, "stop": 3e-7, "num": 3}}
    with pytest.raises(ValueError, match="zeros table too short"):
        dimer_moment_table(dimer, short)
    chain = {"size": {"n": 1, "l": 36}, "d_over_a": 3.0, "chi_landau": CHI_L,
             "n_particles": {"start": 2, "stop": 3}, "temperatures": [1e-7]}
    with pytest.raises(ValueError, match="zeros table too short"):
        chain_moment_table(chain, short)
    table = chain_moment_table(chain, {"bessel_zeros": zeros})
    assert "Fig. 10" in table.description


def test_chain_defaults_to_the_papers_spacing_and_has_no_moment_without_particles(zeros):
    """Figs. 5b and 10 use d = 3a: the default spacing; N = 0 gives no moments, N = 1 one
    zero moment (no partner)."""
    t = 2e-7
    np.testing.assert_array_equal(
        chain_spontaneous_moments(ZETA, t, 3, chi_landau=CHI_L, zeros=zeros),
        chain_spontaneous_moments(ZETA, t, 3, 3.0, CHI_L, zeros))
    assert chain_spontaneous_moments(ZETA, t, 0, 3.0, CHI_L, zeros).shape == (0,)
    np.testing.assert_array_equal(chain_spontaneous_moments(ZETA, t, 1, 3.0, CHI_L, zeros),
                                  [0.0])


def test_defaults_are_the_papers_dimer_and_gold():
    """alpha = 24 pi^2 |chi_L| / ((kFa)^3 (d/a)^3) with d = 3a and |chi_L| of gold by
    default, Eq. (1) recomputed from scipy's CODATA constants in cgs (e^2 k_F/(12 pi^2 m c^2),
    k_F = 1.21e8 /cm: 2.88e-7); the critical temperature and the dimer moment default to
    the dimer (N = 2) at d = 3a."""
    from scipy import constants as sc

    from nanomag.orbital_dimers.microscopic_coupling import (coupling_alpha,
                                                             dimer_spontaneous_moment)

    e_statc = sc.e * sc.c * 10.0                      # C -> statC
    chi_gold = e_statc ** 2 * 1.21e8 / (12 * np.pi ** 2 * sc.m_e * 1e3 * (sc.c * 100) ** 2)
    assert chi_gold == pytest.approx(2.88e-7, rel=2e-3)
    assert coupling_alpha(ZETA) == pytest.approx(
        24 * np.pi ** 2 * chi_gold / (ZETA ** 3 * 27.0), rel=1e-9)
    zeros = zeros_frame(60.0)
    tc = critical_temperature(ZETA, zeros=zeros)
    assert tc == critical_temperature(ZETA, 3.0, 2, None, zeros)
    assert tc == pytest.approx(critical_temperature(ZETA, 3.0, 2, chi_gold, zeros), rel=1e-6)
    t = [0.5 * tc]
    np.testing.assert_array_equal(dimer_spontaneous_moment(ZETA, t, chi_landau=CHI_L,
                                                           zeros=zeros),
                                  dimer_spontaneous_moment(ZETA, t, 3.0, CHI_L, zeros))


def test_vector_dimer_of_a_size_that_never_orders_has_no_moment(zeros, monkeypatch):
    """kFa = 42.97 is diamagnetic at low T: from any random start the vector iteration
    loses every moment (each sweep multiplies it by alpha chi/chi_c-like factors << 1), so
    the largest transverse and z moments are 0 (not the initial values of the search);
    the documented defaults (6 temperatures, 50 sweeps, seed 0) are those used."""
    from nanomag.orbital_dimers.microscopic_coupling import largest_transverse_moment
    from test_orbital_dimers_microscopic_coupling import _small_default_zeros

    _small_default_zeros(monkeypatch, zeros)
    config = {"sizes_main": [42.97], "d_over_a": 3.0, "chi_landau": CHI_L,
              "t_dimer": {"start": 0.0, "stop": 1e-6, "num": 7}}
    res = largest_transverse_moment(config)
    assert res["value"] == 0.0 and res["largest_z"] == 0.0
    assert res == largest_transverse_moment(config, 6, 50, 0)
    ordered = {**config, "sizes_main": [{"n": 1, "l": 36}]}
    assert largest_transverse_moment(ordered) == largest_transverse_moment(ordered, 6, 50, 0)


def test_tables_without_inputs_use_the_default_zeros(zeros, monkeypatch):
    """No bessel_zeros input: both tables fall back to the default zeros (here the zeros
    below 60, which cover zeta_{1,36}) and give the rows of the same table passed in."""
    from test_orbital_dimers_microscopic_coupling import _small_default_zeros

    _small_default_zeros(monkeypatch, zeros)
    dimer = {"sizes_main": [{"n": 1, "l": 36}], "d_over_a": 3.0, "chi_landau": CHI_L,
             "t_dimer": {"start": 0.0, "stop": 3e-7, "num": 3}}
    assert dimer_moment_table(dimer).frame.equals(
        dimer_moment_table(dimer, {"bessel_zeros": zeros}).frame)
    chain = {"size": {"n": 1, "l": 36}, "d_over_a": 3.0, "chi_landau": CHI_L,
             "n_particles": {"start": 2, "stop": 3}, "temperatures": [1e-7]}
    np.testing.assert_allclose(chain_moment_table(chain).frame["mz_over_mub"],
                               chain_moment_table(chain, {"bessel_zeros": zeros})
                               .frame["mz_over_mub"], rtol=1e-12)


class _DesignedStart:
    """Stands in for the seeded generator of ``largest_transverse_moment``: the start of the
    first temperature lies along z (both particles), that of the second is tilted (particle 1
    towards x, particle 2 towards y)."""

    def __init__(self, seed=None):
        pass

    def normal(self, size):
        start = np.zeros(size)
        start[:, :, 2] = 1.0
        start[0, 1, 0] = 0.3
        start[1, 1, 1] = -0.2
        return start


def test_vector_dimer_largest_transverse_moment_over_temperatures(zeros, monkeypatch):
    """The largest transverse moment is the largest over the temperatures, not the first.
    At 0.25 and 0.5 T_c both temperatures order along z. The transverse field of a particle is
    -alpha/2 times the partner's transverse moment, so a start along z keeps no transverse
    moment at all (exactly 0 at 0.25 T_c), while a tilted start at 0.5 T_c keeps one that,
    at the ordered fixed point (M(x)/x = 1/alpha), changes by -1/2 per particle update:
    1/4 per Gauss-Seidel sweep. The z moment is the longitudinal solution at 0.25 T_c."""
    from nanomag.orbital_dimers.microscopic_coupling import largest_transverse_moment
    from test_orbital_dimers_microscopic_coupling import _small_default_zeros

    _small_default_zeros(monkeypatch, zeros)
    monkeypatch.setattr(np.random, "default_rng", _DesignedStart)
    tc = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    config = {"sizes_main": [{"n": 1, "l": 36}], "d_over_a": 3.0, "chi_landau": CHI_L,
              "t_dimer": {"start": 0.0, "stop": 0.5 * tc, "num": 3}}
    res = largest_transverse_moment(config, temperatures=2, sweeps=30)
    assert res["t_over_tf"] == pytest.approx(0.5 * tc, rel=1e-12)
    assert res["value"] > 0
    later = largest_transverse_moment(config, temperatures=2, sweeps=31)
    assert later["t_over_tf"] == pytest.approx(0.5 * tc, rel=1e-12)
    assert later["value"] / res["value"] == pytest.approx(0.25, rel=1e-6)
    assert res["largest_z"] == pytest.approx(_single_shell_dimer(0.25 * tc, zeros), rel=1e-6)
