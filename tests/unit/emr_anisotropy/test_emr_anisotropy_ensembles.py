"""NC ensembles: samplers, packing invariants, dipole placement, determinism (Figs. 4-5)."""

import functools

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy import constants as sc
from scipy import integrate, stats

from nanomag.emr_anisotropy import dipolar as dp
from nanomag.emr_anisotropy import ensembles as en

R = 1.35


@pytest.mark.parametrize("kappa", [0.5, 3.0, 10.0])
def test_fisher_sampler_moments(kappa):
    rng = np.random.default_rng(1)
    mu = np.tile(np.array([[0.3, -0.5, 0.8]]) / np.linalg.norm([0.3, -0.5, 0.8]), (200000, 1))
    v = en.sample_fisher(rng, mu, kappa)
    assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-12)
    w = np.einsum("ij,ij->i", v, mu)
    mean = 1 / np.tanh(kappa) - 1 / kappa            # <cos theta> = coth k - 1/k
    assert abs(w.mean() - mean) < 5 * w.std() / np.sqrt(w.size)
    assert abs(np.mean(w**2) - (1 - 2 * mean / kappa)) < 5 * np.std(w**2) / np.sqrt(w.size)
    # azimuth uniform around mu: mean of the perpendicular part vanishes
    perp = v - w[:, None] * mu
    assert np.all(np.abs(perp.mean(axis=0)) < 5 / np.sqrt(w.size))


def test_fisher_densities_normalised():
    k = 3.0
    assert integrate.quad(lambda w: en.fisher_cos_density(w, k), -1, 1)[0] == pytest.approx(1)
    tot = integrate.quad(lambda t: en.fisher_solid_angle_density(np.cos(t), k) * 2 * np.pi
                         * np.sin(t), 0, np.pi)[0]
    assert tot == pytest.approx(1.0)
    # C(kappa) = kappa / (4 pi sinh kappa) times exp(kappa) at the maximum
    assert en.fisher_solid_angle_density(1.0, k) == pytest.approx(
        k / (4 * np.pi * np.sinh(k)) * np.exp(k))


def test_ligand_thickness_truncated_normal():
    """The Fig. 4b density is normalised on d >= 0 and has the truncated-normal mean
    0.3 + 0.3 phi(1) / Phi(1) nm (phi, Phi of the standard normal, by hand)."""
    def dens(x):
        return en.ligand_thickness_density(x, 0.3, 0.3, "truncated")

    assert integrate.quad(dens, 0, 5)[0] == pytest.approx(1.0, rel=1e-9)
    mean = integrate.quad(lambda x: x * dens(x), 0, 5)[0]
    assert mean == pytest.approx(0.3 + 0.3 * 0.2419707 / 0.8413447, rel=1e-6)
    # "clip": the continuous part carries 1 - Phi(-1) of the probability
    clip = integrate.quad(lambda x: en.ligand_thickness_density(x, 0.3, 0.3, "clip"), 0, 5)[0]
    assert clip == pytest.approx(1.0 - stats.norm.cdf(-1.0), rel=1e-9)


@pytest.mark.parametrize("n_nc", [2, 10, 40])
def test_packing_invariants(n_nc):
    rngs = [np.random.default_rng([4, n_nc, e]) for e in range(5)]
    gap = 0.6                                    # model notes: non-parent shells kept apart
    closest = []
    pk = en.place_nanocrystals_batch(rngs, n_nc)
    vol, rc = en.cylinder_for_ensemble(n_nc, 2.7, 0.2)
    # by hand: V = n (4/3) pi R^3 / 0.2 = 51.53 n nm^3 and V = 2 pi rc^3
    assert vol == pytest.approx(51.5300 * n_nc, rel=1e-5)
    assert rc == pytest.approx((51.5300 * n_nc / (2 * np.pi)) ** (1 / 3), rel=1e-5)
    for e in range(5):
        c = pk["centres"][e]
        assert np.all(np.hypot(c[:, 0], c[:, 1]) <= rc + 1e-12)
        assert np.all(np.abs(c[:, 2]) <= rc + 1e-12)
        par = pk["parent"][e]
        assert par[0] == -1 and np.all(par[1:] < np.arange(1, n_nc)) and np.all(par[1:] >= 0)
        k = np.arange(1, n_nc)
        dist = np.linalg.norm(c[k] - c[par[k]], axis=1)
        assert_allclose(dist, 2 * R + pk["d_parent_nm"][e][k] + pk["d_child_nm"][e][k])
        assert np.all(pk["d_parent_nm"][e][k] >= 0) and np.all(pk["d_child_nm"][e][k] >= 0)
        assert_allclose((c[k] - c[par[k]]) / dist[:, None], pk["contact_dir"][e][k], atol=1e-12)
        full = np.linalg.norm(c[:, None] - c[None], axis=2)
        contact = np.zeros_like(full, dtype=bool)
        contact[k, par[k]] = contact[par[k], k] = True
        np.fill_diagonal(contact, True)
        assert np.all(full[~contact] >= 2 * R + gap - 1e-12)   # no overlaps
        assert np.all(full[contact & ~np.eye(n_nc, dtype=bool)] >= 2 * R)
        closest.append(full[~contact].min() if n_nc > 2 else np.inf)
    if n_nc == 40:   # dense enough that the exclusion is reached: its value is the gap
        assert min(closest) < 2 * R + gap + 0.05


def test_single_and_batch_placement_agree():
    one = en.place_nanocrystals(np.random.default_rng([1, 10, 3]), 10)
    rngs = [np.random.default_rng([1, 10, e]) for e in range(6)]
    many = en.place_nanocrystals_batch(rngs, 10)
    assert np.array_equal(one["centres"], many["centres"][3])


def test_surface_dipoles_and_extras():
    rng = np.random.default_rng(8)
    ens = en.generate_ensemble(rng, 30)
    pos, nci, extra = ens["positions"], ens["nc_index"], ens["is_extra"]
    dist_c = np.linalg.norm(pos - ens["centres"][nci], axis=1)
    assert_allclose(dist_c, R, rtol=1e-12)
    assert np.sum(~extra) == 300
    for k in range(30):
        p = pos[(nci == k) & ~extra]
        d = np.linalg.norm(p[:, None] - p[None], axis=2)[np.triu_indices(10, 1)]
        assert d.min() >= 0.26
    kids = np.arange(1, 30)
    n_sides = np.sum(ens["d_parent_nm"][kids] < 0.3) + np.sum(ens["d_child_nm"][kids] < 0.3)
    assert extra.sum() == n_sides


def test_extra_dipole_min_distance_option():
    ens = en.generate_ensemble(np.random.default_rng(3), 20, {"extra_obeys_min_distance": True})
    pos, nci = ens["positions"], ens["nc_index"]
    for k in range(20):
        p = pos[nci == k]
        d = np.linalg.norm(p[:, None] - p[None], axis=2)[np.triu_indices(len(p), 1)]
        assert d.min() >= 0.26


def test_anisotropy_against_direct_sum():
    ens = en.generate_ensemble(np.random.default_rng(12), 10)
    res = en.ensemble_anisotropy(ens)
    s = dp.dipolar_tensor_sum_direct(ens["positions"], double_count=True)
    a, b, c = dp.anisotropy_from_tensor_sum(s, len(ens["positions"]), 1.73)
    assert_allclose([res["a_mt"], res["b_mt"], res["c_mt"]], [a, b, c], rtol=1e-9)
    assert res["n_dipoles"] == len(ens["positions"])


def test_chunking_and_batching_do_not_change_samples():
    params = {"seed": 17, "n_nc_values": [2, 5], "n_ensembles": 7}
    whole = en.anisotropy_distribution_table(params, 0, 1).frame
    parts = [en.anisotropy_distribution_table(params, i, 3).frame for i in range(3)]
    import pandas as pd
    joined = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(whole, joined)
    small = en.anisotropy_distribution_table({**params, "batch_size": 2}, 0, 1).frame
    pd.testing.assert_frame_equal(whole, small)
    assert list(whole["n_nc"]) == [2] * 7 + [5] * 7
    assert list(whole["ensemble"]) == list(range(7)) * 2
    assert np.all(np.isfinite(whole.select_dtypes("number").to_numpy()))


@pytest.mark.parametrize("weights", [100, np.repeat([1.0, 5.0, 20.0], [30, 30, 40])])
def test_chunk_slices_cover_everything(weights):
    n = 100
    w = np.ones(n) if np.ndim(weights) == 0 else weights
    for n_chunks in (1, 3, 8, 13):
        sl = [en.chunk_slice(weights, i, n_chunks) for i in range(n_chunks)]
        assert sl[0][0] == 0 and sl[-1][1] == n
        assert all(sl[i][1] == sl[i + 1][0] for i in range(n_chunks - 1))
        loads = [w[a:b].sum() for a, b in sl]
        assert max(loads) <= w.sum() / n_chunks + w.max()   # balanced up to one item


KAPPA = 3.0
#: Fisher moments from the density kappa e^{kappa w} / (2 sinh kappa) on [-1, 1] (by hand)
MEAN_COS = 1.0 / np.tanh(KAPPA) - 1.0 / KAPPA
MEAN_COS2 = 1.0 - 2.0 * MEAN_COS / KAPPA
#: a huge cylinder: no candidate is ever rejected, the packing keeps every draw
DILUTE = {"volume_fraction": 1e-6}


def test_extra_dipole_sits_around_its_contact():
    """Each extra dipole is Fisher-distributed around P', the point of its own NC facing the
    partner NC (production packing, n_NC = 2: the partner is the other NC)."""
    cos = []
    for e in range(400):
        ens = en.generate_ensemble(np.random.default_rng([31, e]), 2)
        c = ens["centres"]
        for p, k in zip(ens["positions"][ens["is_extra"]], ens["nc_index"][ens["is_extra"]]):
            towards = (c[1 - k] - c[k]) / np.linalg.norm(c[1 - k] - c[k])
            cos.append((p - c[k]) @ towards / R)
    cos = np.asarray(cos)
    assert cos.size > 250
    sd = np.sqrt(MEAN_COS2 - MEAN_COS**2)
    assert abs(cos.mean() - MEAN_COS) < 4 * sd / np.sqrt(cos.size)
    sd2 = np.std(cos**2)
    assert abs(np.mean(cos**2) - MEAN_COS2) < 4 * sd2 / np.sqrt(cos.size)


def _dilute_contacts(n_ensembles=3000):
    rngs = [np.random.default_rng([41, e]) for e in range(n_ensembles)]
    return en.place_nanocrystals_batch(rngs, 2, DILUTE)


def test_contact_thickness_distribution_inside_the_packing():
    """Without rejections the thicknesses at the contacts are the truncated N(0.3, 0.3) nm."""
    pk = _dilute_contacts()
    d = np.concatenate([pk["d_parent_nm"][:, 1], pk["d_child_nm"][:, 1]])
    ref = stats.truncnorm(a=-1.0, b=np.inf, loc=0.3, scale=0.3)
    assert stats.kstest(d, ref.cdf).pvalue > 1e-3
    assert abs(d.mean() - ref.mean()) < 4 * ref.std() / np.sqrt(d.size)
    # fraction of contact sides that get an extra dipole: (Phi(0) - Phi(-1)) / (1 - Phi(-1))
    p_thin = (0.5 - stats.norm.cdf(-1.0)) / (1.0 - stats.norm.cdf(-1.0))
    assert abs(np.mean(d < 0.3) - p_thin) < 4 * np.sqrt(p_thin * (1 - p_thin) / d.size)
    # the two sides are drawn independently
    assert abs(np.corrcoef(pk["d_parent_nm"][:, 1], pk["d_child_nm"][:, 1])[0, 1]) \
        < 4 / np.sqrt(d.size / 2)


def test_contact_directions_are_isotropic():
    v = _dilute_contacts()["contact_dir"][:, 1]
    n = v.shape[0]
    assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-12)
    assert np.all(np.abs(v.mean(axis=0)) < 4 * np.sqrt(1 / 3 / n))
    # uniform on the sphere: <x_a x_b> = delta_ab / 3, var(x_a^2) = 1/5 - 1/9
    second = v.T @ v / n
    assert np.all(np.abs(second - np.eye(3) / 3) < 4 * np.sqrt(4 / 45 / n))


def _independent_two_nc_ensemble(rng, d1, d2):
    """n_NC = 2 in the dilute limit with contact thicknesses d1, d2 [nm], built with scipy's
    samplers and a direct pair sum (no library code): returns (A, B) [mT] and the number of
    extra dipoles."""
    v = rng.normal(size=3)
    v /= np.linalg.norm(v)
    centres = [np.zeros(3), (2 * R + d1 + d2) * v]
    pos = []
    for c in centres:
        placed = []
        while len(placed) < 10:
            u = rng.normal(size=3)
            u /= np.linalg.norm(u)
            if all(np.linalg.norm(R * (u - w)) >= 0.26 for w in placed):
                placed.append(u)
        pos += [c + R * u for u in placed]
    n_extra = 0
    for c, d, mu in ((centres[0], d1, v), (centres[1], d2, -v)):
        if d < 0.3:
            u = stats.vonmises_fisher(mu, KAPPA).rvs(random_state=rng)[0]
            pos.append(c + R * u)
            n_extra += 1
    x = np.asarray(pos)
    r = x[None, :, :] - x[:, None, :]                       # all ordered pairs i != j
    rr = np.linalg.norm(r, axis=2) + np.eye(len(x))         # (diagonal excluded below)
    off = ~np.eye(len(x), dtype=bool)
    s = np.einsum("ij,ab->ab", off / rr**3, np.eye(3)) \
        - 3 * np.einsum("ij,ija,ijb->ab", off / rr**5, r, r)
    k = sc.mu_0 * 1.73 * sc.physical_constants["Bohr magneton"][0] / (2 * np.pi * len(x))
    k *= 1e27 * 1e3                                                    # nm^-3 -> m^-3, T -> mT
    return k * (s[0, 0] + s[1, 1]), k * (s[0, 0] - s[1, 1]), n_extra


FIG5_COLUMNS = ["n_nc", "ensemble", "a_mt", "b_mt", "c_mt", "n_dipoles", "n_extra",
                "closest_pair_nm", "n_dominant_pairs", "dominant_with_extra",
                "dominant_inter_nc_fraction", "closest_pair_inter_nc", "residual_4_pairs"]


@functools.lru_cache(maxsize=None)
def _independent_two_nc_sample(n):
    """(A, B, n_extra) of ``n`` independent ensembles (cached: it uses no library code, and a
    mutation run forks every mutant's tests from a process that has drawn it once)."""
    rng = np.random.default_rng(2024)
    thick = stats.truncnorm.rvs(-1.0, np.inf, loc=0.3, scale=0.3, size=(n, 2), random_state=rng)
    return np.array([_independent_two_nc_ensemble(rng, *d) for d in thick])


def test_fig5_statistics_against_an_independent_simulation():
    """Median log10|A|, |B| and the mean number of extra dipoles of n_NC = 2 ensembles (dilute
    limit) from the Fig. 5 table builder and from an independent sampler, at 4 sampling
    errors; the mean number of extras also against its exact value 2 p_thin."""
    from nanomag.emr_anisotropy.observables import median_with_stderr

    n = 500
    table = en.anisotropy_distribution_table({"seed": 5, "n_nc_values": [2], "n_ensembles": n,
                                              **DILUTE})
    lib = table.frame
    assert len(lib) == n and list(lib["ensemble"]) == list(range(n))   # one chunk by default
    assert list(lib.columns) == FIG5_COLUMNS and "Fig. 5" in table.description
    ind = _independent_two_nc_sample(n)
    for col, k in (("a_mt", 0), ("b_mt", 1)):
        m1, e1 = median_with_stderr(np.log10(np.abs(lib[col])))
        m2, e2 = median_with_stderr(np.log10(np.abs(ind[:, k])))
        assert abs(m1 - m2) < 4 * np.hypot(e1, e2), (col, m1, m2)
    p_thin = (0.5 - stats.norm.cdf(-1.0)) / (1.0 - stats.norm.cdf(-1.0))
    sd = np.sqrt(2 * p_thin * (1 - p_thin) / n)
    assert abs(lib["n_extra"].mean() - 2 * p_thin) < 4 * sd
    assert abs(ind[:, 2].mean() - 2 * p_thin) < 4 * sd


def test_fig4b_table_against_scipy_truncated_normal():
    """Fig. 4b: the sampled density is scipy's truncated normal, the parent its normal
    (non-default mean and width, so a swapped or defaulted parameter is caught)."""
    params = {"ligand_mean_nm": 0.4, "ligand_sd_nm": 0.25,
              "thickness_grid": {"start": 0.0, "stop": 1.5, "num": 7}}
    t = en.ligand_thickness_table(params)
    f = t.frame
    assert list(f.columns) == ["thickness_nm", "density_per_nm", "parent_normal_per_nm"]
    assert_allclose(f["thickness_nm"], np.linspace(0.0, 1.5, 7), rtol=0, atol=1e-15)
    ref = stats.truncnorm(a=-0.4 / 0.25, b=np.inf, loc=0.4, scale=0.25)
    assert_allclose(f["density_per_nm"], ref.pdf(f["thickness_nm"]), rtol=1e-12)
    assert_allclose(f["parent_normal_per_nm"], stats.norm(0.4, 0.25).pdf(f["thickness_nm"]),
                    rtol=1e-12)
    assert t.units == {"thickness_nm": "nm", "density_per_nm": "1/nm",
                       "parent_normal_per_nm": "1/nm"}
    assert "Fig. 4b" in t.description
    # the "clip" reading: the continuous part is the bare normal (mass Phi(-mean/sd) at 0)
    clip = en.ligand_thickness_table({**params, "ligand_truncation": "clip"}).frame
    assert_allclose(clip["density_per_nm"], clip["parent_normal_per_nm"], rtol=1e-12)
    assert_allclose(en.ligand_thickness_density(np.array([-0.1, 0.2]), 0.4, 0.25, "truncated"),
                    [0.0, ref.pdf(0.2)], rtol=1e-12)


def test_fig4c_table_against_the_fisher_closed_form():
    """Fig. 4c at a non-default kappa: C(kappa) e^{kappa cos th}, C = kappa / (4 pi sinh kappa),
    and the density of cos th is 2 pi times it; scipy's von Mises-Fisher pdf agrees."""
    kappa = 5.0
    t = en.fisher_density_table({"fisher_kappa": kappa,
                                 "angle_grid": {"start": 0.0, "stop": 180.0, "num": 5}})
    f = t.frame
    assert list(f.columns) == ["theta_deg", "density_per_sr", "density_cos"]
    th = np.array([0.0, 45.0, 90.0, 135.0, 180.0])
    assert_allclose(f["theta_deg"], th, rtol=0, atol=1e-12)
    w = np.cos(np.deg2rad(th))
    per_sr = kappa / (4 * np.pi * np.sinh(kappa)) * np.exp(kappa * w)
    assert_allclose(f["density_per_sr"], per_sr, rtol=1e-12)
    assert_allclose(f["density_cos"], 2 * np.pi * per_sr, rtol=1e-12)
    x = np.stack([np.sin(np.deg2rad(th)), np.zeros(5), w], axis=1)
    assert_allclose(f["density_per_sr"], stats.vonmises_fisher([0, 0, 1], kappa).pdf(x),
                    rtol=1e-10)
    assert t.units == {"theta_deg": "deg", "density_per_sr": "1/sr", "density_cos": "1"}
    assert "Fig. 4c" in t.description


def test_clipped_thickness_inside_the_packing():
    """The "clip" reading inside the packing: a share Phi(-1) of the contact sides has
    d = 0 exactly, the rest follows N(0.3, 0.3) above 0 (dilute limit, no rejection)."""
    rngs = [np.random.default_rng([43, e]) for e in range(2000)]
    pk = en.place_nanocrystals_batch(rngs, 2, {**DILUTE, "ligand_truncation": "clip"})
    d = np.concatenate([pk["d_parent_nm"][:, 1], pk["d_child_nm"][:, 1]])
    p0 = stats.norm.cdf(-1.0)
    assert abs(np.mean(d == 0.0) - p0) < 4 * np.sqrt(p0 * (1 - p0) / d.size)
    pos = d[d > 0]
    ref = stats.truncnorm(a=-1.0, b=np.inf, loc=0.3, scale=0.3)
    assert stats.kstest(pos, ref.cdf).pvalue > 1e-3
    dist = np.linalg.norm(pk["centres"][:, 1] - pk["centres"][:, 0], axis=1)
    assert_allclose(dist, 2 * R + pk["d_parent_nm"][:, 1] + pk["d_child_nm"][:, 1], rtol=1e-12)


def test_whole_spheres_confined():
    """``confine: spheres`` keeps every NC inside the cylinder (centres at rc - R at most);
    the cylinder radius follows V = n (pi/6) d^3 / phi = 2 pi rc^3 (by hand)."""
    n_nc, phi = 20, 0.05
    opts = {"volume_fraction": phi}
    pk = en.place_nanocrystals_batch([np.random.default_rng([5, e]) for e in range(4)], n_nc,
                                     {**opts, "confine": "spheres"})
    rc = (n_nc * np.pi / 6 * 2.7**3 / phi / (2 * np.pi)) ** (1 / 3)
    assert pk["cylinder_radius_nm"] == pytest.approx(rc, rel=1e-12)
    c = pk["centres"]
    assert np.hypot(c[..., 0], c[..., 1]).max() <= rc - R + 1e-12
    assert np.abs(c[..., 2]).max() <= rc - R + 1e-12
    # the default confines only the centres: some centre lies beyond rc - R
    free = en.place_nanocrystals_batch([np.random.default_rng([5, e]) for e in range(4)], n_nc,
                                       opts)["centres"]
    assert max(np.hypot(free[..., 0], free[..., 1]).max(), np.abs(free[..., 2]).max()) > rc - R
    with pytest.raises(RuntimeError, match="confine='spheres'"):
        en.place_nanocrystals_batch([np.random.default_rng(0)], 1,
                                    {"confine": "spheres", "volume_fraction": 0.9})


def test_bad_options_and_impossible_samplings_are_named():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="ligand_truncation"):
        en.place_nanocrystals(rng, 3, {"ligand_truncation": "folded"})
    with pytest.raises(ValueError, match="confine"):
        en.place_nanocrystals(rng, 3, {"confine": "boxes"})
    with pytest.raises(RuntimeError, match="no valid position for NC"):
        en.place_nanocrystals(rng, 20, {"non_parent_gap_nm": 50.0, "max_placement_blocks": 3})
    # 2 R = 2.7 nm apart on a sphere of radius 1.35 nm: only antipodal pairs, no third point
    with pytest.raises(RuntimeError, match="rejection sampling did not finish"):
        en.surface_directions(rng, 2, 3, R, 2 * R - 1e-9, max_rounds=50)
    with pytest.raises(ValueError, match="coincide"):
        en.tensor_sum_with_close_pairs(np.array([[0.0, 0, 0], [1.0, 0, 0], [0.0, 0, 0]]))
    with pytest.raises(ValueError, match="chunk_index"):
        en.chunk_slice(10, 3, 3)
    with pytest.raises(ValueError, match="chunk_index"):
        en.chunk_slice(10, -1, 3)


def _brute_dominance(pos, is_extra, nc_index, tolerance=0.5, max_pairs=10):
    """Pair statistics of one ensemble by an explicit loop over all pairs (no library code):
    pairs sorted by distance, partial sums of their tensors against the full single-count
    sum S, Frobenius residuals."""
    n = len(pos)
    pairs, tensors, dist = [], [], []
    for i in range(n):
        for j in range(i + 1, n):
            r = pos[j] - pos[i]
            d = np.linalg.norm(r)
            pairs.append((i, j))
            dist.append(d)
            tensors.append((np.eye(3) - 3 * np.outer(r, r) / d**2) / d**3)
    order = np.argsort(dist)
    s = np.sum(tensors, axis=0)
    eps, partial = [], np.zeros((3, 3))
    for q in order[:max_pairs]:
        partial = partial + tensors[q]
        eps.append(np.linalg.norm(s - partial) / np.linalg.norm(s))
    good = [k + 1 for k, e in enumerate(eps) if e <= tolerance]
    k_dom = good[0] if good else max_pairs + 1
    dom = [pairs[q] for q in order[:min(k_dom, max_pairs)]]
    i0, j0 = pairs[order[0]]
    return {"closest_pair_nm": dist[order[0]], "n_dominant_pairs": k_dom,
            "dominant_with_extra": int(any(is_extra[i] or is_extra[j] for i, j in dom)),
            "dominant_inter_nc_fraction": np.mean([nc_index[i] != nc_index[j] for i, j in dom]),
            "residual_4_pairs": eps[min(3, len(eps) - 1)],
            "closest_pair_inter_nc": int(nc_index[i0] != nc_index[j0])}


@pytest.mark.parametrize("seed, n_nc, opts", [
    (12, 10, None),                                   # defaults: tolerance 0.5, 10 pairs
    (13, 6, None),
    (14, 8, {"dominance_tolerance": 0.9, "dominance_max_pairs": 6}),
    (15, 8, {"dominance_tolerance": 0.02, "dominance_max_pairs": 5}),
])
def test_pair_statistics_against_an_explicit_pair_loop(seed, n_nc, opts):
    """Every per-ensemble statistic of the Fig. 5 table (closest pair, dominant pairs, their
    extras and NCs, the 4-pair residual) against a loop over all pairs. A dipole of another
    NC is moved next to one of the first NC so that the closest pair is between NCs."""
    ens = en.generate_ensemble(np.random.default_rng(seed), n_nc)
    if seed == 13:
        pos = ens["positions"].copy()
        k = np.nonzero(ens["nc_index"] == 1)[0][0]
        pos[k] = pos[0] + np.array([0.05, 0.02, -0.03])
        ens = {**ens, "positions": pos}
    res = en.ensemble_anisotropy(ens, opts)
    ref = _brute_dominance(ens["positions"], ens["is_extra"], ens["nc_index"],
                           **({} if opts is None else
                              {"tolerance": opts["dominance_tolerance"],
                               "max_pairs": opts["dominance_max_pairs"]}))
    for key, value in ref.items():
        assert res[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key
    assert res["n_extra"] == int(ens["is_extra"].sum())
    if seed == 13:
        assert res["closest_pair_inter_nc"] == 1 and res["n_dominant_pairs"] == 1
    if seed == 15:
        assert res["n_dominant_pairs"] == 6                   # none within 2 %: max + 1


def test_surface_dipoles_keep_the_bond_length_and_are_otherwise_uniform():
    """Two dipoles of one NC: the second is uniform on the sphere outside a cap of chord
    d_min, so chord^2 is uniform on [d_min^2, 4 R^2] (chord^2 = 2 R^2 (1 - cos), cos uniform).
    Checked with the production d_min = 0.26 nm through generate_ensemble's defaults and
    with d_min = 1 nm directly."""
    rng = np.random.default_rng(6)
    for dmin, dirs in ((1.0, en.surface_directions(rng, 4000, 2, R, 1.0)),
                       (0.26, None)):
        if dirs is None:
            ens = en.generate_ensemble(np.random.default_rng(7), 300)
            p = ens["positions"][~ens["is_extra"]].reshape(300, 10, 3) \
                - ens["centres"][:, None, :]
            dirs = p / R
        chord2 = np.sum((R * (dirs[:, 1] - dirs[:, 0])) ** 2, axis=1)
        ref = stats.uniform(loc=dmin**2, scale=4 * R**2 - dmin**2)
        assert chord2.min() >= dmin**2 * (1 - 1e-12)
        assert stats.kstest(chord2, ref.cdf).pvalue > 1e-3, dmin


def test_first_nc_uniform_in_the_cylinder_and_parents_uniform():
    """The first NC is uniform in the cylinder (<rho^2> = rc^2 / 2, <z^2> = rc^2 / 3, uniform
    azimuth); without rejections (dilute, non-parent gap -2R: no exclusion at all) each new
    NC picks its parent uniformly among those placed."""
    n_e = 6000
    pk = en.place_nanocrystals_batch([np.random.default_rng([44, e]) for e in range(n_e)], 4,
                                     {**DILUTE, "non_parent_gap_nm": -2 * R})
    rc = pk["cylinder_radius_nm"]
    c0 = pk["centres"][:, 0]
    rho2, z2 = np.sum(c0[:, :2] ** 2, axis=1) / rc**2, c0[:, 2] ** 2 / rc**2
    assert abs(rho2.mean() - 0.5) < 4 * np.sqrt(1 / 12 / n_e)         # rho^2/rc^2 ~ U(0, 1)
    assert abs(z2.mean() - 1 / 3) < 4 * np.sqrt(4 / 45 / n_e)         # z/rc ~ U(-1, 1)
    assert stats.kstest(np.arctan2(c0[:, 1], c0[:, 0]), stats.uniform(-np.pi, 2 * np.pi).cdf
                        ).pvalue > 1e-3
    assert stats.kstest(c0[:, 2] / rc, stats.uniform(-1, 2).cdf).pvalue > 1e-3
    assert np.all(pk["parent"][:, 1] == 0)
    for k in (2, 3):
        counts = np.bincount(pk["parent"][:, k], minlength=k)
        assert counts.size == k
        assert stats.chisquare(counts).pvalue > 1e-3, (k, counts)


def test_fisher_sampler_for_any_mean_direction():
    """Mean directions along the axes (where the frame construction switches its helper
    vector) and in between: unit vectors, <cos> = coth k - 1/k, no mean perpendicular part."""
    kappa, n = 3.0, 40000
    rng = np.random.default_rng(9)
    for mu in ([1.0, 0, 0], [0, 1.0, 0], [0, 0, -1.0], [0.9, 0.1, 0.0], [-0.6, 0.0, 0.8]):
        mu = np.asarray(mu) / np.linalg.norm(mu)
        v = en.sample_fisher(rng, np.tile(mu, (n, 1)), kappa)
        assert_allclose(np.linalg.norm(v, axis=1), 1.0, rtol=1e-12)
        w = v @ mu
        assert abs(w.mean() - MEAN_COS) < 4 * np.sqrt(MEAN_COS2 - MEAN_COS**2) / np.sqrt(n)
        perp = v - w[:, None] * mu
        assert np.all(np.abs(perp.mean(axis=0)) < 4 * np.sqrt(0.5 * (1 - MEAN_COS2) / n))


def test_pair_statistics_beyond_ten_pairs_and_with_three_dipoles():
    """A tolerance met first by the 11 closest pairs (more than the tensor routine's default
    of 10 closest pairs), and an ensemble of three dipoles (three pairs: the "4-pair"
    residual is that of all pairs, 0)."""
    ens = en.generate_ensemble(np.random.default_rng(17), 10)
    pos = ens["positions"]
    d = np.linalg.norm(pos[:, None] - pos[None], axis=2)[np.triu_indices(len(pos), 1)]
    i, j = np.triu_indices(len(pos), 1)
    order = np.argsort(d)
    r = pos[j[order]] - pos[i[order]]
    t = (np.eye(3)[None] - 3 * r[:, :, None] * r[:, None, :] / d[order, None, None] ** 2) \
        / d[order, None, None] ** 3
    s_full = t.sum(axis=0)
    eps = np.linalg.norm(s_full[None] - np.cumsum(t[:15], axis=0), axis=(1, 2)) \
        / np.linalg.norm(s_full)
    tol = eps[10] * (1 + 1e-9)
    assert np.all(eps[:10] > tol)                       # 11 pairs needed, fewer are not enough
    res = en.ensemble_anisotropy(ens, {"dominance_tolerance": tol, "dominance_max_pairs": 15})
    assert res["n_dominant_pairs"] == 11
    three = {"positions": np.array([[0.0, 0, 0], [0.3, 0, 0], [0.0, 0.5, 0.2]]),
             "is_extra": np.array([False, False, True]), "nc_index": np.array([0, 0, 1])}
    res3 = en.ensemble_anisotropy(three)
    ref3 = _brute_dominance(three["positions"], three["is_extra"], three["nc_index"])
    assert res3["residual_4_pairs"] == pytest.approx(0.0, abs=1e-12)
    for key, value in ref3.items():
        assert res3[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key


def test_fig5_table_uses_the_model_options():
    """Options reach every stage: four dipoles per NC and no extra dipole (threshold 0 nm)
    give exactly 4 n_NC dipoles per ensemble."""
    f = en.anisotropy_distribution_table({"seed": 3, "n_nc_values": [3, 6], "n_ensembles": 4,
                                          "dipoles_per_nc": 4, "extra_threshold_nm": 0.0}).frame
    assert list(f["n_dipoles"]) == [12] * 4 + [24] * 4
    assert np.all(f["n_extra"] == 0)
    for col in ("n_nc", "ensemble", "n_dipoles", "n_extra", "n_dominant_pairs",
                "dominant_with_extra", "closest_pair_inter_nc"):
        assert f[col].dtype == np.int64, col
    # no partial sum of at most 3 pairs matches S exactly: 3 + 1 everywhere
    strict = en.anisotropy_distribution_table({"seed": 3, "n_nc_values": [3], "n_ensembles": 3,
                                               "dominance_tolerance": 0.0,
                                               "dominance_max_pairs": 3}).frame
    assert np.all(strict["n_dominant_pairs"] == 4)


def test_single_counted_pairs_halve_a_b_c():
    """Eq. 2 with every pair once (double_count false) gives exactly half of A, B, C."""
    ens = en.generate_ensemble(np.random.default_rng(21), 6)
    twice = en.ensemble_anisotropy(ens)
    once = en.ensemble_anisotropy(ens, {"double_count": False})
    for key in ("a_mt", "b_mt", "c_mt"):
        assert once[key] == pytest.approx(0.5 * twice[key], rel=1e-12)


def _extra_to_regular_distances(ens):
    """Distance [nm] from every extra dipole to the nearest regular dipole of its own NC."""
    pos, nci, extra = ens["positions"], ens["nc_index"], ens["is_extra"]
    return np.array([np.linalg.norm(pos[~extra & (nci == k)] - p, axis=1).min()
                     for p, k in zip(pos[extra], nci[extra])])


def test_extra_dipoles_and_the_bond_length():
    """``extra_obeys_min_distance``: with it, every extra dipole keeps 0.26 nm from the
    dipoles of its NC, and that bound is reached (the exclusion is the bond length, not a
    larger one: within 0.30 nm for some of ~200 extras, where ~3 % of the extras fall per
    0.26-0.30 nm shell of each of the ten dipoles); without it (default, the paper states the
    rule for the ten dipoles only) some extras come closer than 0.26 nm."""
    obey = en.generate_ensemble(np.random.default_rng(23), 200, {"extra_obeys_min_distance": True})
    d = _extra_to_regular_distances(obey)
    assert d.size > 150
    assert d.min() >= 0.26 * (1 - 1e-12) and d.min() < 0.30
    free = _extra_to_regular_distances(en.generate_ensemble(np.random.default_rng(23), 200))
    assert np.sum(free < 0.26) > 0
    # one dipole per NC and a bond length of nearly 2 R: the extra can never be placed
    with pytest.raises(RuntimeError, match="no valid extra dipole position"):
        en.generate_ensemble(np.random.default_rng(1), 2, {
            "dipoles_per_nc": 1, "min_dipole_distance_nm": 2 * R - 1e-6,
            "extra_obeys_min_distance": True, "extra_threshold_nm": 10.0})


def test_generated_ensemble_uses_its_options_for_the_packing():
    """NCs of 4 nm: dipoles on spheres of radius 2 nm, contacts at 4 nm + both shells."""
    ens = en.generate_ensemble(np.random.default_rng(24), 6, {"nc_diameter_nm": 4.0})
    k = np.arange(1, 6)
    dist = np.linalg.norm(ens["centres"][k] - ens["centres"][ens["parent"][k]], axis=1)
    assert_allclose(dist, 4.0 + ens["d_parent_nm"][k] + ens["d_child_nm"][k], rtol=1e-12)
    assert_allclose(np.linalg.norm(ens["positions"] - ens["centres"][ens["nc_index"]], axis=1),
                    2.0, rtol=1e-12)


def test_contact_draws_are_independent():
    """Without rejections the azimuth and polar cosine of the contact direction and the two
    shell thicknesses are mutually uncorrelated (each from its own uniform number)."""
    pk = _dilute_contacts()
    v = pk["contact_dir"][:, 1]
    cols = [np.arctan2(v[:, 1], v[:, 0]), v[:, 2], pk["d_parent_nm"][:, 1],
            pk["d_child_nm"][:, 1]]
    corr = np.corrcoef(cols)
    n = v.shape[0]
    assert np.all(np.abs(corr[np.triu_indices(4, 1)]) < 4 / np.sqrt(n))


def test_whole_spheres_fit_in_a_small_cylinder():
    """One NC in a cylinder of radius R + 0.5 nm (phi = 0.26): it fits, centre within 0.5 nm
    of the axis and of the mid-plane."""
    pk = en.place_nanocrystals(np.random.default_rng(2), 1,
                               {"confine": "spheres", "volume_fraction": 0.26})
    rc = (np.pi / 6 * 2.7**3 / 0.26 / (2 * np.pi)) ** (1 / 3)
    assert 0.4 < rc - R < 0.6
    c = pk["centres"][0]
    assert np.hypot(c[0], c[1]) <= rc - R and abs(c[2]) <= rc - R


def test_chunks_of_large_ensembles_join_to_the_whole_table():
    """Cost weights of larger n_NC (run time grows with n_NC) still cut the list into
    contiguous chunks that join to the whole table, the larger ensembles in more chunks."""
    weights = en.ensemble_cost_weight(np.repeat([12, 40], 3))
    assert np.all(weights > 0) and weights[-1] > weights[0]
    params = {"seed": 8, "n_nc_values": [12, 40], "n_ensembles": 3}
    whole = en.anisotropy_distribution_table(params).frame
    import pandas as pd
    parts = pd.concat([en.anisotropy_distribution_table(params, i, 3).frame for i in range(3)],
                      ignore_index=True)
    pd.testing.assert_frame_equal(whole, parts)


def _pair_loop(pos):
    """S over unordered pairs [nm^-3] and every pair as (r^2, i, j) sorted, from the
    difference vectors row by row (no library code)."""
    s = np.zeros((3, 3))
    pairs = []
    for i in range(len(pos) - 1):
        d = pos[i + 1:] - pos[i]
        r2 = np.sum(d * d, axis=1)
        r = np.sqrt(r2)
        s += np.eye(3) * np.sum(1 / (r2 * r)) - 3 * (d.T / (r2 * r2 * r)) @ d
        pairs += [(r2[q], i, i + 1 + q) for q in range(len(d))]
    return s, sorted(pairs)


def _assert_closest_pairs(result, expected, k):
    """The k closest pairs of the tensor routine against (r^2, i, j) tuples sorted by hand."""
    _, pi, pj, pr2 = result
    assert list(zip(pi.tolist(), pj.tolist())) == [(i, j) for _, i, j in expected[:k]]
    assert_allclose(pr2, [r2 for r2, _, _ in expected[:k]], rtol=1e-14)


def test_tensor_sum_far_from_the_origin_and_with_a_very_close_pair():
    """Positions 2e4 nm from the origin (the Gram form needs the centred coordinates: without
    them its r^2 errs by ~1e-7 nm^2) and a pair 1e-6 nm apart (its tensor from the
    difference vector of the given positions): S and the closest pairs against the pair
    loop, S within 1e-10 of its largest element."""
    ens = en.generate_ensemble(np.random.default_rng(31), 25)
    far = ens["positions"] + np.array([1.2e4, -2.0e4, 5.0e3])
    close = far.copy()
    close[40] = close[200] + np.array([1e-6, 0.0, 0.0])
    for pos, block in ((far, 32), (close, 64)):
        result = en.tensor_sum_with_close_pairs(pos, 10, block=block)
        s_ref, pairs = _pair_loop(pos)
        assert_allclose(result[0], s_ref, rtol=0, atol=1e-10 * np.abs(s_ref).max())
        _assert_closest_pairs(result, pairs, 10)
    assert (result[1][0], result[2][0]) == (40, 200)


def test_closest_pairs_of_a_chain_by_hand():
    """Points on a line with shuffled spacings 0.50, 0.51, ... 0.64 nm: any two points that
    are not neighbours are at least 1 nm apart, so the k closest pairs are the neighbours
    with the k smallest spacings (several blocks, k = 10 and k = 3)."""
    spacing = 0.5 + 0.01 * np.random.default_rng(4).permutation(15)
    u = np.array([1.0, 2.0, 2.0]) / 3.0
    pos = np.concatenate([[0.0], np.cumsum(spacing)])[:, None] * u + np.array([3.0, -1.0, 2.0])
    by_hand = sorted((spacing[i] ** 2, i, i + 1) for i in range(15))
    for k, block in ((10, 4), (3, 16)):
        result = en.tensor_sum_with_close_pairs(pos, k, block=block)
        _assert_closest_pairs(result, by_hand, k)
        assert_allclose(result[0], _pair_loop(pos)[0], rtol=1e-12)


def test_closest_pairs_found_far_from_the_centroid():
    """Two straight chains of 12 points, 1000 nm either side of the centroid: their
    neighbours (0.50-0.60 nm apart) are the closest pairs, and the Gram form's rounding of
    their r^2 (~1e-10 nm^2 here) must not drop one of them (20 random arrangements)."""
    rng = np.random.default_rng(17)
    for _ in range(20):
        chains = []
        for side in (1.0, -1.0):
            u = rng.normal(size=3)
            u /= np.linalg.norm(u)
            steps = np.concatenate([[0.0], np.cumsum(rng.uniform(0.5, 0.6, 11))])
            chains.append(np.array([side * 1000.0, 0.0, 0.0]) + steps[:, None] * u)
        pos = np.concatenate(chains)
        neighbours = [i for i in range(23) if i != 11]
        by_hand = sorted((np.sum((pos[i + 1] - pos[i]) ** 2), i, i + 1) for i in neighbours)
        _assert_closest_pairs(en.tensor_sum_with_close_pairs(pos, 10, block=8), by_hand, 10)


def test_three_dipoles_on_a_line():
    """Fewer neighbours than pairs asked for: every pair is returned, the two equal
    distances in the order of (i, j), the outer pair (2 nm: r^2 = 4 max|x|^2 up to 1e-7,
    the largest r^2 any pair can have) last."""
    pos = np.array([[-1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1e-3, 0.0]])
    s, pi, pj, pr2 = en.tensor_sum_with_close_pairs(pos)
    assert pi.tolist() == [0, 1, 0] and pj.tolist() == [2, 2, 1]
    assert_allclose(pr2, [1.0 + 1e-6, 1.0 + 1e-6, 4.0], rtol=1e-15)
    assert_allclose(s, _pair_loop(pos)[0], rtol=1e-13)


def test_coinciding_dipoles_are_refused():
    """Two dipoles at the same place, wherever they are in the list, and a pair of
    identical points (all distances 0)."""
    pos = np.random.default_rng(5).uniform(-3.0, 3.0, (40, 3))
    pos[25] = pos[3]
    with pytest.raises(ValueError, match="coincide"):
        en.tensor_sum_with_close_pairs(pos)
    with pytest.raises(ValueError, match="coincide"):
        en.tensor_sum_with_close_pairs(np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]))


def test_closest_pairs_of_points_listed_with_their_mirror_images():
    """Dipoles listed as x, -x, y, -y, ... (about the origin): the closest pairs and S
    against the pair loop."""
    v = np.random.default_rng(8).uniform(-4.0, 4.0, (12, 3))
    pos = np.stack([v, -v], axis=1).reshape(-1, 3)
    result = en.tensor_sum_with_close_pairs(pos, 10, block=8)
    s_ref, pairs = _pair_loop(pos)
    _assert_closest_pairs(result, pairs, 10)
    assert_allclose(result[0], s_ref, rtol=0, atol=1e-12 * np.abs(s_ref).max())


def test_equal_distances_in_the_order_of_the_pairs():
    """A 4 x 4 x 4 cubic lattice of spacing 1 nm: 144 neighbour pairs exactly 1 nm apart,
    of which the ten returned are the first in the order of (i, j); S vanishes by the cubic
    symmetry (sum of 1/r^3 over the pairs: several hundred nm^-3)."""
    grid = np.stack(np.meshgrid(*[np.arange(4.0)] * 3, indexing="ij"), axis=-1).reshape(-1, 3)
    s, pi, pj, pr2 = en.tensor_sum_with_close_pairs(grid, 10, block=16)
    first = [(i, j) for i in range(64) for j in range(i + 1, 64)
             if np.sum((grid[j] - grid[i]) ** 2) == 1.0][:10]
    assert list(zip(pi.tolist(), pj.tolist())) == first
    assert np.all(pr2 == 1.0)
    assert np.abs(s).max() < 1e-12
