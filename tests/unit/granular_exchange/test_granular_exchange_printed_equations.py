"""granular_exchange: the library against the paper's equations transcribed as printed.

- Eqs. 12 (FM) and 17 (AFM) written term by term as printed
  (tests/reference/independent/granular_exchange.py, which also produces the independent
  reference points), with their own limits and
  piecewise functions (Eqs. 13-15, 18-20): the two braces of the AFM hopping term with the
  lower limit sqrt(2 J~), k_up and xi~; the FM hopping term with min(k1, kF) and xi. This is
  not the unified sigma/t rewrite of the library (nor the one of
  test_granular_exchange_quadrature.py); readings as in docs/model-notes/granular_exchange.md
  (units factor 2m/hbar^2, eps^-_k of Eq. 17 read as eps^s_k, Eq. 15 read with max(k1, k2)).
- The matrix elements T and P (Eqs. 31, 33) against direct integration along z of the wave
  functions of Eqs. 6 and 7.
- The quadrature nodes of every figure of config/config.yaml against 96 x 64 nodes.
"""

import functools
import importlib.util
import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import integrate

from nanomag.granular_exchange import exchange as ex

_spec = importlib.util.spec_from_file_location(
    "granular_independent", Path(__file__).parents[2] / "reference" / "independent" / "granular_exchange.py")
_printed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_printed)
# cached: the printed equations never change within a session (a mutation run forks every
# mutant's tests from a process that has evaluated them once)
printed_fm_energy = functools.lru_cache(maxsize=None)(_printed.printed_fm_energy)
printed_afm_energy = functools.lru_cache(maxsize=None)(_printed.printed_afm_energy)
EF = _printed.EF

CASES = [
    # (U, Jsd, a, d, eps_c): ferromagnet near the Fig. 3 peak; half metal; Fig. 6 region
    (2.0, 1.4, 5.0, 0.8, 0.028),
    (2.0, 1.95, 3.0, 0.8, 0.0467),
    (1.0, 0.45, 3.0, 0.8, 0.0467),
]


@pytest.mark.parametrize("U, J, a, d, ec", CASES)
def test_library_matches_printed_eqs_12_and_17(U, J, a, d, ec):
    fm, afm = ex.configuration_energies_per_radius(U, J, d, EF, ec, nodes=(64, 48))
    assert a * fm[0] == pytest.approx(printed_fm_energy(U, J, a, d, ec), rel=2e-5)
    assert a * afm[0] == pytest.approx(printed_afm_energy(U, J, a, d, ec), rel=2e-5)


def test_printed_afm_energy_of_a_semimetal_has_no_hopping():
    """Eq. 21: for Jsd > U the AFM energy is its first term, whatever eps_c (printed form)."""
    U, J, a, d = 1.0, 1.2, 2.0, 0.9
    e1 = printed_afm_energy(U, J, a, d, 0.0)
    assert printed_afm_energy(U, J, a, d, 0.3) == pytest.approx(e1, rel=1e-12)
    fm, afm = ex.configuration_energies_per_radius(U, J, d, EF, [0.0, 0.3])
    assert a * afm[0] == pytest.approx(e1, rel=2e-5)


# ----------------------------------------------------------------------------- Eqs. 31, 33
def _psi(z, k, kap, d):
    """Eqs. 6, 7 (Omega = 1): grain 1 fills z < -d/2."""
    tau = 2 * k / (k + 1j * kap)
    xi = (k - 1j * kap) / (k + 1j * kap)
    if z < -d / 2:
        return np.exp(1j * k * (d / 2 + z)) + xi * np.exp(-1j * k * (d / 2 + z))
    return tau * np.exp(-kap * (d / 2 + z))


def _phi(z, k, kap, d):
    """Mirror image of _psi (Eq. 2): grain 2 fills z > d/2."""
    return _psi(-z, k, kap, d)


def _zint(f, a, b):
    re = integrate.quad(lambda z: f(z).real, a, b, epsabs=1e-13, epsrel=1e-11, limit=400)[0]
    im = integrate.quad(lambda z: f(z).imag, a, b, epsabs=1e-13, epsrel=1e-11, limit=400)[0]
    return re + 1j * im


@pytest.mark.parametrize("k1, k2, km_t2, km_s2, d, e0", [
    (2.0, 3.5, 52.0, 66.0, 0.8, -2.0),     # different subbands (AFM-like)
    (4.1, 4.1, 60.0, 60.0, 0.9, -1.6),     # equal decay constants (the sinh limit)
    (1.0, 6.5, 45.0, 80.0, 1.0, -3.1),
])
def test_matrix_elements_against_z_integration_of_the_wave_functions(k1, k2, km_t2, km_s2, d,
                                                                      e0):
    """T = int_{d/2}^inf phi* psi e_t0 dz and P = int phi* psi dz (Eqs. 8, 31, 33): the
    z-integral of the middle region gives 2 sinh, so P equals the library's P for g = 2; the
    printed g = 1 misses exactly half of the middle-region overlap."""
    kap1, kap2 = math.sqrt(km_t2 - k1**2), math.sqrt(km_s2 - k2**2)

    def integrand(z):
        return np.conj(_phi(z, k1, kap1, d)) * _psi(z, k2, kap2, d)
    # decay lengths < 0.2 nm: 40 nm covers the tails to far below round-off
    t_direct = e0 * _zint(integrand, d / 2, d / 2 + 40.0)
    middle = _zint(integrand, -d / 2, d / 2)
    p_direct = _zint(integrand, -d / 2 - 40.0, -d / 2) + middle + t_direct / e0
    T, P2 = ex.matrix_elements(k1, k2, km_t2, km_s2, d, e0, sinh_factor=2.0)
    _, P1 = ex.matrix_elements(k1, k2, km_t2, km_s2, d, e0, sinh_factor=1.0)
    assert T == pytest.approx(t_direct, rel=1e-9)
    assert P2 == pytest.approx(p_direct, rel=1e-9)
    assert P2 - P1 == pytest.approx(middle / 2, rel=1e-9)


# ----------------------------------------------------------------------------- nodes used
# the repository's config (searched upwards: the mutation run copies the tests one level deeper)
CONFIG = yaml.safe_load(next(p / "config" / "config.yaml" for p in Path(__file__).parents
                             if (p / "config" / "config.yaml").exists()).read_text())
PAPER = CONFIG["granular_exchange"]


@pytest.mark.parametrize("fig", ["fig3", "fig4", "fig5", "fig6", "fig7"])
def test_quadrature_nodes_of_the_pipeline_are_converged(fig):
    """The node counts config/config.yaml really uses give J within 1e-4 of max|J| of 96 x 64
    nodes on a 5 x 5 grid spanning the figure's (U, Jsd) range (the study of the notes: 48 x 32
    2e-5, 64 x 48 2e-7)."""
    p = {**PAPER["material"], **PAPER[fig]}
    jsd_spec = p.get("jsd_ev", p.get("map_jsd_ev"))
    u_spec = p["u_ev"] if isinstance(p["u_ev"], dict) else {"start": p["u_ev"], "stop": p["u_ev"]}
    u = np.linspace(u_spec["start"], u_spec["stop"], 5)
    jsd = np.linspace(jsd_spec["start"], jsd_spec["stop"], 5)
    uu, jj = np.meshgrid(u, jsd)
    eps = [0.0, p["eps_c_times_a_ev_nm"] / 3.0]
    used = ex.exchange_per_radius(uu, jj, p["d_nm"], p["ef_ev"], eps,
                                  nodes=tuple(p["quadrature_nodes"]))
    fine = ex.exchange_per_radius(uu, jj, p["d_nm"], p["ef_ev"], eps, nodes=(96, 64))
    assert np.max(np.abs(used - fine)) < 1e-4 * np.max(np.abs(fine))
