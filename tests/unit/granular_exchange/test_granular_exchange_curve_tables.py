"""granular_exchange: the curve tables of Figs. 5b, 6b and 7b against the literal integrals.

z_n J(a) = z_n a [J_1 + J_3(eps_c = 0.14 eV nm / a)] at U = 1 eV, Jsd = 0.45 eV, d = 0.8 nm:
the values of the nested adaptive quadrature of test_granular_exchange_quadrature.py (shared
with its grain-size sweep test, so computed once), converted to kelvin with scipy's
constants. The literal J is proportional to a at fixed eps_c (the area factor pi a), so
J_inf(a) = (a / 2) J_inf(2 nm).
"""

import numpy as np
import pytest
from scipy import constants as sc

from nanomag.granular_exchange import exchange as ex

from test_granular_exchange_quadrature import EF, literal_exchange

Z_N = 6.0
K_PER_EV = sc.e / sc.k
BASE = {"u_ev": 1.0, "eps_c_times_a_ev_nm": 0.14, "d_nm": 0.8, "ef_ev": EF, "z_n": Z_N}


def _expected(a):
    """z_n J(a) and z_n J_inf(a) [K] from the literal integrals."""
    j = literal_exchange(1.0, 0.45, a, 0.8, EF, 0.14 / a)
    j_inf = a / 2.0 * literal_exchange(1.0, 0.45, 2.0, 0.8, EF, 0.0)
    return Z_N * K_PER_EV * j, Z_N * K_PER_EV * j_inf


def test_grain_size_curves_against_literal_integrals():
    t = ex.grain_size_curves_table({**BASE, "curve_jsd_ev": [0.45, 0.6],
                                    "curve_a_nm": {"start": 1.0, "stop": 4.0, "num": 2}})
    f = t.frame
    assert list(f.columns) == ["a_nm", "jsd_ev", "zj_k", "zj_inf_k", "zj_over_a_k_per_nm"]
    assert list(f["a_nm"]) == [1.0, 4.0, 1.0, 4.0] and list(f["jsd_ev"]) == [0.45] * 2 + [0.6] * 2
    for row, a in ((0, 1.0), (1, 4.0)):
        zj, zj_inf = _expected(a)
        assert f["zj_k"][row] == pytest.approx(zj, rel=2e-5)
        assert f["zj_inf_k"][row] == pytest.approx(zj_inf, rel=2e-5)
        assert f["zj_over_a_k_per_nm"][row] == pytest.approx(zj / a, rel=2e-5)
    assert t.units == {"a_nm": "nm", "jsd_ev": "eV", "zj_k": "K", "zj_inf_k": "K",
                       "zj_over_a_k_per_nm": "K/nm"}


def test_splitting_curves_against_literal_integrals():
    t = ex.splitting_curves_table({**BASE, "curve_radii_nm": [1.0, 4.0],
                                   "map_jsd_ev": {"start": 0.45, "stop": 0.6, "num": 2}})
    f = t.frame
    assert list(f["a_nm"]) == [1.0, 4.0, 1.0, 4.0] and list(f["jsd_ev"]) == [0.45] * 2 + [0.6] * 2
    for row, a in ((0, 1.0), (1, 4.0)):
        zj, zj_inf = _expected(a)
        assert f["zj_k"][row] == pytest.approx(zj, rel=2e-5)
        assert f["zj_inf_k"][row] == pytest.approx(zj_inf, rel=2e-5)
    assert "Jsd" in t.description
