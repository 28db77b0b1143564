"""Physics checks of the spin-dimer model (nanomag.vibrational_magnetism.dimer).

Expected values come from an independent brute-force construction of the full
(2S+1)^2 Hamiltonian with numpy.kron, from closed forms written out here, and from limits.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from nanomag.vibrational_magnetism import dimer

from hypothesis import given, settings
from hypothesis import strategies as st
from vm_brute import K_B, brute_moment, full_hamiltonian, spin_half_moment, spin_matrices

SPINS = [0.5, 1.0, 1.5, 2.0]


@pytest.mark.parametrize("s", SPINS)
def test_block_spectrum_equals_full_diagonalisation(s):
    rng = np.random.default_rng([5, int(2 * s)])
    for _ in range(4):
        j, i_ani, d_on, h1 = rng.normal(size=4) * [3.0, 1.0, 1.0, 2.0]
        e_block, m_block = dimer.dimer_spectrum(s, j, i_ani, d_on, h1)
        h, _ = full_hamiltonian(s, j, i_ani, d_on, 0.0, h1)
        assert_allclose(np.sort(e_block), np.linalg.eigvalsh(h), atol=1e-10)
        assert e_block.shape == ((2 * s + 1) ** 2,)
        assert m_block.sum() == 0


@pytest.mark.parametrize("s", SPINS)
def test_thermal_moment_equals_brute_force(s):
    rng = np.random.default_rng([6, int(2 * s)])
    for _ in range(5):
        j, alpha, i_ani, d_on = rng.normal(size=4) * [3.0, 2.0, 1.0, 1.0]
        t = rng.uniform(1.0, 60.0)
        ours = dimer.total_moment(s, j, alpha, t, anisotropy_mev=i_ani, onsite_mev=d_on)
        assert_allclose(ours, brute_moment(s, j, alpha, t, i_ani, d_on), atol=1e-10)
        one = dimer.total_moment(s, j, alpha, t, anisotropy_mev=i_ani, onsite_mev=d_on,
                                 reading="field_on_one_spin")
        assert_allclose(one, brute_moment(s, j, 0.0, t, i_ani, d_on, h_one=alpha), atol=1e-10)


def test_vectorised_grid_matches_pointwise():
    j = np.linspace(-4, 4, 7)[:, None]
    a = np.linspace(-3, 3, 5)[None, :]
    grid_vals = dimer.total_moment(1.5, j, a, 3.0)
    assert grid_vals.shape == (7, 5)
    assert_allclose(grid_vals[2, 4], brute_moment(1.5, j[2, 0], a[0, 4], 3.0), atol=1e-10)


def test_spin_half_closed_form():
    j = np.array([-3.0, -0.5, 0.7, 2.0, 5.0])[:, None]
    a = np.array([-2.0, -0.1, 0.3, 1.5])[None, :]
    for t in (0.5, 3.0, 40.0, 300.0):
        b = 1.0 / (K_B * t)
        expected = (-2 * np.exp(-b * j / 4) * np.sinh(b * a)
                    / (np.exp(-b * j / 4) * (1 + 2 * np.cosh(b * a)) + np.exp(3 * b * j / 4)))
        assert_allclose(dimer.total_moment(0.5, j, a, t), expected, rtol=1e-10, atol=1e-14)
        # with the inter-site anisotropy I, against the four levels written out
        assert_allclose(dimer.total_moment(0.5, j, a, t, anisotropy_mev=0.7),
                        spin_half_moment(j, a, t, 0.7), rtol=1e-9, atol=1e-13)


@pytest.mark.parametrize("s", SPINS)
def test_levels_without_anisotropy_follow_total_spin(s):
    e, m = dimer.dimer_spectrum(s, 1.7)
    expected = []
    for st in np.arange(0, 2 * s + 1):
        expected += [0.5 * 1.7 * (st * (st + 1) - 2 * s * (s + 1))] * int(2 * st + 1)
    assert_allclose(np.sort(e), np.sort(expected), atol=1e-10)


@pytest.mark.parametrize("s", SPINS)
def test_symmetries_and_bounds(s):
    j = np.linspace(-5, 5, 11)[:, None]
    a = np.linspace(-5, 5, 21)[None, :]
    m = dimer.total_moment(s, j, a, 3.0)
    assert np.all(np.abs(m) <= 2 * s + 1e-12)
    assert_allclose(m, -m[:, ::-1], atol=1e-12)        # odd in alpha
    assert_allclose(m[:, 10], 0.0, atol=1e-12)           # zero field, zero moment
    assert np.all(m[:, 11:] < 0)                         # alpha > 0 gives M < 0 (sign of Eq. 5)
    m1 = dimer.total_moment(s, j, a, 3.0, reading="field_on_one_spin")
    assert_allclose(m1, -m1[:, ::-1], atol=1e-12)


@pytest.mark.parametrize("s", SPINS)
def test_high_temperature_curie_limit(s):
    t, j, a = 1.0e5, 1.0, 0.5
    beta = 1.0 / (K_B * t)
    expected = -2 * beta * a * s * (s + 1) / 3   # two free spins, linear response
    assert_allclose(dimer.total_moment(s, j, a, t), expected, rtol=2e-3)


@pytest.mark.parametrize("s", SPINS)
def test_low_temperature_steps(s):
    t = 0.05  # K, k_B T = 4.3 micro-eV
    j = 2.0
    # ferromagnetic exchange (J < 0): saturated for any small field
    assert_allclose(dimer.total_moment(s, -j, -0.2, t), 2 * s, atol=1e-9)
    # antiferromagnetic exchange: steps of 1 at |alpha| = n J, n = 1 ... 2S
    # (for |alpha| between n J and (n+1) J the ground state is S_t = M = n)
    for n in range(int(2 * s) + 1):
        assert_allclose(dimer.total_moment(s, j, -(n + 0.5) * j, t), n, atol=1e-9)
    assert_allclose(dimer.total_moment(s, j, -(2 * s + 3) * j, t), 2 * s, atol=1e-9)


@pytest.mark.parametrize("s", SPINS + [5.0])
def test_zero_temperature_crossover_is_alpha_equal_j(s):
    """The first step S_t = 0 -> 1 at |alpha| = J for every S (S = 5: 121 levels)."""
    assert_allclose(dimer.zero_temperature_crossover_ratio(s, "exact"), 1.0, atol=1e-9)


def test_eq5_printed_formula_and_its_crossover():
    j, a, t = 2.0, np.linspace(-3, 3, 13), 3.0
    b = 1.0 / (K_B * t)
    omega = np.sqrt(j**2 + a**2) / 4
    expected = -(np.exp(-b * j / 4) * np.sinh(3 * b * a / 4)
                 / (np.exp(-b * j / 4) * np.cosh(3 * b * a / 4)
                    + np.exp(b * j / 4) * np.cosh(b * omega / 2)))
    assert_allclose(dimer.moment_eq5_printed(j, a, t), expected, rtol=1e-10, atol=1e-14)
    assert_allclose(dimer.total_moment(0.5, j, a, t, reading="eq5_printed"), expected,
                    rtol=1e-10, atol=1e-14)
    for kwargs in ({"anisotropy_mev": 0.3}, {"onsite_mev": 0.3}):   # Eq. 5 has neither
        with pytest.raises(ValueError, match="anisotropy"):
            dimer.total_moment(0.5, j, a, t, reading="eq5_printed", **kwargs)
    with pytest.raises(ValueError, match="unknown reading"):
        dimer.total_moment(0.5, j, a, t, reading="eq5")
    # printed levels cross where 6a - 4 = sqrt(1 + a^2): 35 a^2 - 48 a + 15 = 0, larger root
    root = (48 + np.sqrt(48**2 - 4 * 35 * 15)) / 70
    assert_allclose(dimer.zero_temperature_crossover_ratio(0.5, "eq5_printed"), root, rtol=1e-8)
    with pytest.raises(ValueError, match="spin 1/2 only"):
        dimer.total_moment(1.0, j, a, t, reading="eq5_printed")
    with pytest.raises(ValueError, match="unknown reading 'eq5'"):
        dimer.zero_temperature_crossover_ratio(0.5, "eq5")
    with pytest.raises(ValueError, match="i_minus_sign must be"):
        dimer.eq2_levels(-1.0, i_minus_sign="minus")


def test_field_on_one_spin_never_magnetises_spin_half_ground_state():
    with pytest.raises(ValueError):
        dimer.zero_temperature_crossover_ratio(0.5, "field_on_one_spin")


def full_eq1(j, i11, i12, i21, i22, h1, h2):
    """Eigenvalues of Eq. 1 for S = 1/2, built independently:
    -J S1.S2 - sum_mn I_mn S_m^z S_n^z - h1 S1z - h2 S2z (on-site I_11, I_22 included)."""
    sx, sy, sz = spin_matrices(0.5)
    one = np.eye(2)
    s1 = [np.kron(a, one) for a in (sx, sy, sz)]
    s2 = [np.kron(one, a) for a in (sx, sy, sz)]
    h = -j * sum(a @ b for a, b in zip(s1, s2)) - (i12 + i21) * s1[2] @ s2[2]
    h = h - i11 * s1[2] @ s1[2] - i22 * s2[2] @ s2[2] - h1 * s1[2] - h2 * s2[2]
    return np.linalg.eigvalsh(h)


def test_eq2_levels_against_full_diagonalisation():
    rng = np.random.default_rng(11)
    for _ in range(5):
        j, i11, i12, i21, i22, alpha, zeta = rng.normal(size=7)
        ours = dimer.eq2_levels(j, i11, i12, i21, i22, alpha, zeta, i_minus_sign="exact")
        assert_allclose(np.sort(ours), full_eq1(j, i11, i12, i21, i22, alpha + zeta,
                                                alpha - zeta), atol=1e-12)
        exact = dimer.eq1_exact_levels(j, i11, i12, i21, i22, alpha, zeta)
        assert_allclose(exact, ours, atol=1e-12)          # same labelling, state by state
    # the printed sign shifts the m = 0 pair by I_21 exactly: I_-(printed) - I_-(exact) = I_21
    printed = dimer.eq2_levels(-1.0, 0.0, 0.1, 0.3, 0.0, 0.0, 0.0, i_minus_sign="printed")
    exact = dimer.eq2_levels(-1.0, 0.0, 0.1, 0.3, 0.0, 0.0, 0.0, i_minus_sign="exact")
    assert_allclose(printed - exact, [0.0, 0.0, -0.3, -0.3], atol=1e-14)


def test_eq1_singlet_triplet_and_condition():
    levels = dimer.eq1_exact_levels(-1.0)
    assert_allclose(np.sort(levels), [-0.75, 0.25, 0.25, 0.25], atol=1e-12)  # 3J/4, -J/4
    # condition zeta^2 = (I+|a|)(I+|a|-|J|), I = (I12+I21)/2, by hand: |a| = (1+sqrt(1+4 z^2))/2 - I
    for i12, zeta in [(0.0, 0.0), (0.2, 0.1), (0.1, 0.4), (-0.3, 0.05)]:   # easy axis and plane
        expected = (1 + np.sqrt(1 + 4 * zeta**2)) / 2 - i12
        assert_allclose(dimer.eq2_ground_state_crossover(-1.0, i12, i12, zeta), expected,
                        rtol=1e-8)


def test_level_scheme_table_consistent():
    params = dict(exchange=-1.0, i12=0.15, i21=0.15, alpha=1.0, zeta=0.2, i_minus_sign="exact")
    frame = dimer.level_scheme_table(params).frame
    assert_allclose(frame["energy_eq2_over_abs_j"], frame["energy_ed_over_abs_j"], atol=1e-12)
    c = frame[frame["panel"] == "c"]
    assert c.loc[c["energy_eq2_over_abs_j"].idxmin(), "m_z"] != 0   # magnetic ground state


def test_phase_map_table_small():
    """Every row holds the moment of its own (spin, J, alpha): a swapped axis would fail."""
    params = dict(spins=[0.5, 2.0], temperature_k=3.0, reading="exact",
                  exchange_mev={"start": -2, "stop": 3, "num": 5},
                  alpha_mev={"start": -1, "stop": 2, "num": 3})
    frame = dimer.phase_map_table(params).frame
    assert len(frame) == 2 * 5 * 3
    assert sorted(frame["exchange_mev"].unique()) == pytest.approx([-2.0, -0.75, 0.5, 1.75, 3.0])
    assert sorted(frame["alpha_mev"].unique()) == pytest.approx([-1.0, 0.5, 2.0])
    for row in frame.itertuples():
        assert row.total_moment == pytest.approx(
            brute_moment(row.spin, row.exchange_mev, row.alpha_mev, 3.0), abs=1e-10)


def test_sum_rule_trace_of_block_spectrum():
    """sum of levels = Tr H0 = 2 D (2S+1) S(S+1)(2S+1)/3 (J and I are traceless)."""
    for s in SPINS:
        e, _ = dimer.dimer_spectrum(s, 1.3, 0.4, 0.7)
        assert_allclose(e.sum(), 2 * 0.7 * (2 * s + 1) ** 2 * s * (s + 1) / 3, rtol=1e-12)


_finite = dict(allow_nan=False, allow_infinity=False)


@settings(max_examples=25, deadline=None)
@given(s=st.sampled_from(SPINS), j=st.floats(-5, 5, **_finite), i_ani=st.floats(-2, 2, **_finite),
       d_on=st.floats(-2, 2, **_finite), h1=st.floats(-3, 3, **_finite))
def test_spin_flip_symmetry_of_the_spectrum(s, j, i_ani, d_on, h1):
    """Rotating both spins by pi about x maps S^z -> -S^z: the levels of H0 + h S1z equal
    those of H0 - h S1z, and the block M has the spectrum of the block -M (tol 1e-9 meV)."""
    e_plus, m = dimer.dimer_spectrum(s, j, i_ani, d_on, h1)
    e_minus, _ = dimer.dimer_spectrum(s, j, i_ani, d_on, -h1)
    assert_allclose(np.sort(e_plus), np.sort(e_minus), atol=1e-9)
    e0, m0 = dimer.dimer_spectrum(s, j, i_ani, d_on)
    for mm in np.unique(m0):
        assert_allclose(np.sort(e0[m0 == mm]), np.sort(e0[m0 == -mm]), atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(s=st.sampled_from(SPINS), j=st.floats(-5, 5, **_finite), i_ani=st.floats(-2, 2, **_finite),
       d_on=st.floats(-2, 2, **_finite), t=st.floats(0.5, 300, **_finite),
       a1=st.floats(-4, 4, **_finite), da=st.floats(1e-3, 2, **_finite))
def test_moment_bounded_and_susceptibility_positive(s, j, i_ani, d_on, t, a1, da):
    """|M| <= 2S and -dM/dalpha = beta Var(M) >= 0: M never grows with alpha (tol 1e-12)."""
    m1 = dimer.total_moment(s, j, a1, t, anisotropy_mev=i_ani, onsite_mev=d_on)
    m2 = dimer.total_moment(s, j, a1 + da, t, anisotropy_mev=i_ani, onsite_mev=d_on)
    assert abs(m1) <= 2 * s + 1e-12
    assert m2 <= m1 + 1e-12
    flipped = dimer.total_moment(s, j, -a1, t, anisotropy_mev=i_ani, onsite_mev=d_on)
    assert_allclose(flipped, -m1, atol=1e-12)


def test_susceptibility_equals_fluctuation():
    """dM/dalpha = -beta (<M^2> - <M>^2), the variance from full diagonalisation."""
    s, j, i_ani, t, a = 1.0, 1.5, 0.4, 20.0, -0.8
    h, mz = full_hamiltonian(s, j, i_ani, 0.0, a)
    vals, vecs = np.linalg.eigh(h)
    w = np.exp(-(vals - vals.min()) / (K_B * t))
    w /= w.sum()
    md = np.real(np.einsum("in,ij,jn->n", vecs.conj(), mz, vecs))
    variance = (w * md**2).sum() - (w * md).sum() ** 2
    step = 1e-5
    slope = (dimer.total_moment(s, j, a + step, t, anisotropy_mev=i_ani)
             - dimer.total_moment(s, j, a - step, t, anisotropy_mev=i_ani)) / (2 * step)
    assert_allclose(slope, -variance / (K_B * t), rtol=1e-6)


def test_invalid_spin_and_non_finite_levels_are_refused():
    for spin in (0.0, 0.3, 1.3, -1.0):
        with pytest.raises(ValueError, match="multiple of 1/2"):
            dimer.block_basis(spin)
    with pytest.raises(RuntimeError, match="not finite for T in"):
        dimer.thermal_moment(np.array([0.0, np.nan]), np.array([1.0, -1.0]), 10.0, 0.1)
    with pytest.raises(RuntimeError, match=r"alpha in \[1.0, 1.0\] meV, levels in \[nan"):
        dimer.thermal_moment(np.array([0.0, np.nan]), np.array([1.0, -1.0]), 10.0, 1)
    with pytest.raises(ValueError, match="temperature"):
        dimer.total_moment(0.5, 1.0, 0.1, 0.0)
    # an infinite field with finite levels: the message gives the T, alpha and level ranges
    # (an integer T of 10 K is read as 10.0 K)
    with pytest.raises(RuntimeError, match=r"T in \[10.0, 10.0\] K, alpha in \[inf, inf\] "
                                           r"meV, levels in \[0.0, 1.0\] meV") as info, \
            np.errstate(invalid="ignore"):
        dimer.thermal_moment(np.array([0.0, 1.0]), np.array([1.0, -1.0]), 10, np.inf)
    assert "non-finite thermal moment" in str(info.value.__cause__)
    with pytest.raises(RuntimeError, match="non-finite thermal moment"):
        dimer.moment_from_blocks(np.array([-1.0, 1.0]), [np.array(0.0), np.array(np.nan)], 0.1)
    # a non-finite J: refused with the spin named (S = 1/2: 1x1 blocks; S = 1: LAPACK)
    for spin in (0.5, 1.0):
        with pytest.raises(RuntimeError, match=f"spin={spin}"):
            dimer.dimer_spectrum(spin, np.nan)


def test_eq1_labelling_refuses_mixed_degenerate_states(monkeypatch):
    """At alpha = |J| the m = +1 level and the singlet cross (-3|J|/4 both). Any rotation of
    the two degenerate eigenvectors is a valid eigenbasis; a mixture has no definite m, and
    the levels must be refused rather than mislabelled."""
    assert_allclose(np.sort(dimer.eq1_exact_levels(-1.0, alpha=1.0)),
                    [-0.75, -0.75, 0.25, 1.25], atol=1e-12)
    eigh = np.linalg.eigh

    def mixing_eigh(ham):
        vals, vecs = eigh(ham)
        a, b = np.flatnonzero(np.isclose(vals, -0.75))
        vecs = vecs.copy()
        vecs[:, [a, b]] = (vecs[:, [a, b]] @ np.array([[1.0, 1.0], [-1.0, 1.0]])) / np.sqrt(2)
        return vals, vecs

    monkeypatch.setattr(np.linalg, "eigh", mixing_eigh)
    with pytest.raises(RuntimeError, match="could not label the S=1/2 levels for J=-1.0"):
        dimer.eq1_exact_levels(-1.0, alpha=1.0)


def test_block_basis_sizes():
    """Block M holds 2S + 1 - |M| product states, M = -2S ... 2S."""
    for s in SPINS:
        blocks = dimer.block_basis(s)
        assert [b[0] for b in blocks] == list(np.arange(-2 * s, 2 * s + 1))
        assert [b[1].size for b in blocks] == [int(2 * s + 1 - abs(b[0])) for b in blocks]


def test_table_units_descriptions_and_index():
    params = dict(spins=[0.5, 1.0], temperature_k=3.0, reading="exact",
                  exchange_mev={"start": -1, "stop": 1, "num": 2},
                  alpha_mev={"start": -1, "stop": 1, "num": 2})
    fig2 = dimer.phase_map_table(params)
    assert fig2.units == {"spin": "hbar", "exchange_mev": "meV", "alpha_mev": "meV",
                          "total_moment": "hbar"}
    assert "T = 3.0 K" in fig2.description and "reading exact" in fig2.description
    assert fig2.frame.index.equals(pd.RangeIndex(len(fig2.frame)))
    literal = dimer.phase_map_table(dict(params, spins=[0.5], reading="field_on_one_spin"))
    row = literal.frame.iloc[3]
    assert_allclose(row["total_moment"], brute_moment(0.5, row["exchange_mev"], 0.0, 3.0,
                                                      h_one=row["alpha_mev"]), atol=1e-10)
    fig1 = dimer.level_scheme_table(dict(exchange=-2.0, i12=0.1, i21=0.3, alpha=0.5, zeta=0.2,
                                         i_minus_sign="printed"))
    assert fig1.units == {"panel": "label", "state": "label", "m_z": "hbar",
                          "energy_eq2_over_abs_j": "|J|", "energy_ed_over_abs_j": "|J|"}
    assert fig1.description.startswith("Eq. 2 levels of the S=1/2 dimer")
    assert "exact diagonalisation of Eq. 1" in fig1.description
    frame = fig1.frame
    assert list(frame["m_z"]) == [1, -1, 0, 0] * 3
    c = frame[frame["panel"] == "c"]
    expected = full_eq1(-2.0, 0.0, 0.1, 0.3, 0.0, 0.5 + 0.2, 0.5 - 0.2) / 2.0   # in |J|
    assert_allclose(np.sort(c["energy_ed_over_abs_j"]), expected, atol=1e-12)
    b = frame[frame["panel"] == "b"]
    assert_allclose(np.sort(b["energy_ed_over_abs_j"]),
                    full_eq1(-2.0, 0.0, 0.1, 0.3, 0.0, 0.0, 0.0) / 2.0, atol=1e-12)
    # printed sign: the m = 0 pair shifted by -I21/|J| against exact diagonalisation
    assert_allclose((c["energy_eq2_over_abs_j"] - c["energy_ed_over_abs_j"]).to_numpy(),
                    [0.0, 0.0, -0.15, -0.15], atol=1e-12)
