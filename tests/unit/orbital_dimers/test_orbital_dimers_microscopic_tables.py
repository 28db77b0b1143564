"""Fig. 10 table (chains of microscopic moments) against an independent single-shell chain:
the half-filled l = 36 shell at E_F, M(x) = sum_m m tanh(x m/(4t)) plus the linear
diamagnetic background, solved by scipy's fsolve with the mirror symmetry of the chain."""

import numpy as np
import pytest
from scipy.optimize import fsolve

from nanomag.orbital_dimers.bessel_zeros import zeros_frame
from nanomag.orbital_dimers.microscopic_coupling import (
    chain_moment_table,
    coupling_alpha,
    critical_temperature,
)

from test_orbital_dimers_microscopic_coupling import (CHI_L, ZETA, _single_shell_dimer,
                                                     _single_shell_m, _small_default_zeros)

L36 = 36


@pytest.fixture(scope="module")
def zeros():
    # zeta_{1,36} = 42.97 up to T/T_F = 1e-2 (the Tc search bound): the window reaches
    # 42.97 sqrt(1 + 50 T/T_F) = 52.6; the shells above are empty and change no result
    return zeros_frame(60.0)


def _single_shell_chain3(t, zeros):
    """Mean moment of a chain of 3: ends a, middle b, fields alpha (b + a/8) and 2 alpha a
    (A_ij = |i - j|^-3)."""
    alpha = coupling_alpha(ZETA, 3.0, CHI_L)
    moment = _single_shell_m(zeros)

    def eqs(v):
        a, b = v
        return [moment(alpha * (b + a / 8), t) - a, moment(alpha * 2 * a, t) - b]

    a, b = fsolve(eqs, [L36 * (L36 + 1)] * 2, xtol=1e-13)
    return (2 * a + b) / 3


def test_fig10_table_rows(zeros):
    """N = 1: no partner, no order; N = 2: the single-shell dimer; N = 3 at 0.5 Tc(2): the
    single-shell chain; just above Tc(2) the dimer is disordered while N = 3 still orders
    (Tc(3) = lambda_max(A_3) Tc(2) = 1.46 Tc(2))."""
    tc2 = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    temps = [0.5 * tc2, 1.05 * tc2]
    params = {"size": {"n": 1, "l": L36}, "d_over_a": 3.0, "chi_landau": CHI_L,
              "n_particles": {"start": 1, "stop": 3}, "temperatures": temps}
    table = chain_moment_table(params, {"bessel_zeros": zeros})
    frame = table.frame
    assert list(frame["n_particles"]) == [1, 2, 3, 1, 2, 3]
    assert frame["n_particles"].dtype == np.int64
    np.testing.assert_allclose(frame["t_over_tf"], np.repeat(temps, 3), rtol=1e-15)
    mz = frame["mz_over_mub"].to_numpy()
    assert mz[0] == 0 and mz[3] == 0
    assert mz[1] == pytest.approx(_single_shell_dimer(temps[0], zeros), rel=1e-6)
    assert mz[2] == pytest.approx(_single_shell_chain3(temps[0], zeros), rel=1e-6)
    assert mz[4] == 0
    assert mz[5] == pytest.approx(_single_shell_chain3(temps[1], zeros), rel=1e-6)
    assert mz[5] > 0
    assert table.units == {"t_over_tf": "T/T_F", "n_particles": "1", "mz_over_mub": "mu_B"}


def test_critical_temperature_outside_the_bounds_is_refused(zeros):
    """The Curie crossing of zeta_{1,36} lies near 1e-6 T_F: a search above it finds no sign
    change and says so with the parameters."""
    tc2 = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    assert 1e-8 < tc2 < 1e-5
    with pytest.raises(RuntimeError, match="no crossing for kfa=.*d_over_a=3.0"):
        critical_temperature(ZETA, 3.0, 2, CHI_L, zeros, t_bounds=(2 * tc2, 1e-3))
    # a longer chain orders at a higher temperature, in the same bounds
    assert critical_temperature(ZETA, 3.0, 4, CHI_L, zeros, t_bounds=(tc2, 1e-3)) > tc2


def test_vector_dimer_reports_where_and_how_large(zeros, monkeypatch):
    """The result names the worst point, one of the temperatures picked from the grid
    (T = 0 excluded: 0.125 and 0.5 Tc of a 5-point grid up to 0.5 Tc), and the largest z
    moment, the ordered moment at the lower temperature (independent single-shell dimer)."""
    from nanomag.orbital_dimers.microscopic_coupling import largest_transverse_moment

    _small_default_zeros(monkeypatch, zeros)

    tc2 = critical_temperature(ZETA, 3.0, 2, CHI_L, zeros)
    config = {"sizes_main": [{"n": 1, "l": L36}], "d_over_a": 3.0, "chi_landau": CHI_L,
              "t_dimer": {"start": 0.0, "stop": 0.5 * tc2, "num": 5}}
    res = largest_transverse_moment(config, temperatures=2, sweeps=60)
    assert set(res) == {"value", "kfa", "t_over_tf", "largest_z"}
    assert res["value"] < 1e-12
    assert res["kfa"] == pytest.approx(ZETA, rel=1e-14)
    assert min(abs(res["t_over_tf"] / tc2 - v) for v in (0.125, 0.5)) < 1e-12
    assert res["largest_z"] == pytest.approx(_single_shell_dimer(0.125 * tc2, zeros), rel=1e-6)
