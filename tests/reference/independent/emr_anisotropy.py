"""Independent points of the emr_anisotropy reference tables (config/ci.yaml).

Run from the repository root: ``python tests/reference/independent/emr_anisotropy.py``; it
rewrites ``emr_anisotropy.yaml`` beside it. Every value is computed here by another method
than the library's: closed-form roots of the Eq. 4 quadratics at 0 and 90 deg, the derivative
Lorentzian in mpmath, the Fisher and truncated-normal densities in mpmath, and the dipolar
sums of Eq. 2 as explicit pair-by-pair loops in mpmath. Only the random positions (Fig. 3
arrangements, Fig. 5 ensembles) are regenerated with the library's samplers: they are inputs,
not the quantities checked.
"""

from pathlib import Path

import mpmath as mp
import numpy as np
import yaml
from scipy import constants as sc

mp.mp.dps = 30
CFG = yaml.safe_load(open("config/config.yaml"))["emr_anisotropy"]
CI = yaml.safe_load(open("config/ci.yaml"))["emr_anisotropy"]
MU_B = mp.mpf(sc.physical_constants["Bohr magneton"][0])
H0 = mp.mpf(sc.h) * mp.mpf("9.45e9") / (2 * MU_B) * 1000      # mT


def closed_form(a, b, which):
    """Larger root of the Eq. 4 quadratic at alpha_H = 0 (which = 0) or 90 deg (paper sign)."""
    a, b = mp.mpf(a), mp.mpf(b)
    if which == 0:      # 1/2 (H + B)(2H + 3A + B) = h0^2
        p, q = 1.5 * a + 1.5 * b, b * (1.5 * a + 0.5 * b) - H0**2
    else:               # 1/2 (H - B)(2H + 3A - B) = h0^2
        p, q = 1.5 * a - 1.5 * b, -b * (1.5 * a - 0.5 * b) - H0**2
    return -p / 2 + mp.sqrt(p**2 / 4 - q)


def lorentz_derivative(field, centre, width_pp):
    gamma = mp.sqrt(3) / 2 * width_pp
    x = (mp.mpf(field) - centre) / gamma
    y = -2 * x / (1 + x**2) ** 2
    xs = -1 / mp.sqrt(3)
    return y / (2 * (-2 * xs / (1 + xs**2) ** 2))


def pair_sum(pos):
    """S = sum over ordered pairs i != j of (I - 3 r^ r^) / r^3, in mpmath [nm^-3]."""
    pts = [[mp.mpf(float(c)) for c in p] for p in pos]
    s = mp.zeros(3, 3)
    for i in range(len(pts)):
        for j in range(len(pts)):
            if i == j:
                continue
            r = [pts[j][k] - pts[i][k] for k in range(3)]
            r2 = sum(c * c for c in r)
            r5 = r2**2 * mp.sqrt(r2)
            for a in range(3):
                for b in range(3):
                    s[a, b] += ((r2 if a == b else 0) - 3 * r[a] * r[b]) / r5
    return s


def points():
    out = []
    samples = {s["name"]: s for s in CFG["measured"]["samples"]}
    for name in samples:
        for ang, which in ((0.0, 0), (90.0, 90)):
            v = closed_form(samples[name]["a_mt"], samples[name]["b_mt"], which)
            out.append({"table": "resonance_field", "where": {"sample": name, "alpha_h_deg": ang},
                        "column": "h_res_mt", "value": float(v), "rtol": 1e-9,
                        "method": "closed-form larger root of the Eq. 4 quadratic (C = 0), mpmath"})
    # simulated spectra: the anisotropic derivative Lorentzian plus sample II's isotropic line
    width = mp.mpf(CFG["fig1"]["linewidth_pp_mt"])
    iso = CFG["fig1"]["isotropic_lines"][0]
    for name, field in (("sample I", 100.0), ("sample II", 335.0), ("sample II", 250.0)):
        centre = closed_form(samples[name]["a_mt"], samples[name]["b_mt"], 0)
        v = lorentz_derivative(field, centre, width)
        if name == iso["sample"]:
            v += iso["amplitude"] * lorentz_derivative(field, mp.mpf(iso["field_mt"]),
                                                       mp.mpf(iso["linewidth_pp_mt"]))
        out.append({"table": "simulated_spectra",
                    "where": {"sample": name, "alpha_h_deg": 0.0, "field_mt": field},
                    "column": "signal_arb", "value": float(v), "rtol": 1e-9, "atol": 1e-12,
                    "method": "derivative Lorentzian(s) at the closed-form H_res(0), mpmath"})
    kappa = mp.mpf(CFG["nanocrystals"]["fisher_kappa"])
    for th in (0.0, 90.0):
        w = mp.cos(mp.radians(th))
        out.append({"table": "fisher_density", "where": {"theta_deg": th}, "column": "density_per_sr",
                    "value": float(kappa * mp.e**(kappa * w) / (4 * mp.pi * mp.sinh(kappa))),
                    "rtol": 1e-12, "method": "C(kappa) exp(kappa cos theta), C = kappa/(4 pi sinh kappa), mpmath"})
    out.append({"table": "fisher_density", "where": {"theta_deg": 60.0}, "column": "density_cos",
                "value": float(kappa * mp.e**(kappa / 2) / (2 * mp.sinh(kappa))), "rtol": 1e-12,
                "method": "density of cos theta, kappa e^(kappa w) / (2 sinh kappa), mpmath"})
    mean = sd = mp.mpf("0.3")
    norm = 1 - mp.ncdf(-mean / sd)
    for d in (0.0, 0.3, 0.9):
        dens = mp.npdf(d, mean, sd)
        out.append({"table": "ligand_thickness", "where": {"thickness_nm": d},
                    "column": "density_per_nm", "value": float(dens / norm), "rtol": 1e-12,
                    "method": "normal density / (1 - Phi(-mean/sd)), mpmath"})
    # Fig. 3: Eq. 2 pair by pair for the first arrangement (positions from the library's sampler)
    from nanomag.emr_anisotropy.dipolar import random_arrangement
    f3 = {**CFG["fig3"], **CI["fig3"]}
    pos, volume = random_arrangement(f3["seed"], 0, f3["n_dipoles"], f3["density_per_nm3"])
    s = pair_sum(pos)
    m = mp.mpf(f3["moment_mu_b"]) * MU_B
    pref = mp.mpf(sc.mu_0) * m**2 / (4 * mp.pi * mp.mpf(volume) * mp.mpf("1e-27")) * mp.mpf("1e27")
    for plane, ang, u in (("xy", 0.0, (1, 0, 0)), ("xz", 90.0, (0, 0, 1)), ("yz", 0.0, (0, 1, 0))):
        f = pref * sum(u[a] * s[a, b] * u[b] for a in range(3) for b in range(3))
        out.append({"table": "dipolar_energy",
                    "where": {"arrangement": 0, "plane": plane, "angle_deg": ang},
                    "column": "f_dip_j_per_m3", "value": float(f), "rtol": 1e-9,
                    "method": "Eq. 2 summed pair by pair over ordered pairs in mpmath"})
    # Fig. 5: A, B of single ensembles (positions from the library's sampler), pair by pair
    from nanomag.emr_anisotropy import ensembles as en
    opts = {**CFG["nanocrystals"]}
    seed = CFG["fig5"]["seed"]
    for n_nc, e in ((2, 0), (10, 3), (20, 7)):
        rng = en.ensemble_rng(seed, n_nc, e)
        pack = en.place_nanocrystals_batch([rng], n_nc, opts)
        pack = {k: (v[0] if isinstance(v, np.ndarray) else v) for k, v in pack.items()}
        pos = en.generate_ensemble(rng, n_nc, opts, pack=pack)["positions"]
        s = pair_sum(pos)
        k = mp.mpf(sc.mu_0) * mp.mpf(opts["moment_mu_b"]) * MU_B / (2 * mp.pi * len(pos)) * mp.mpf("1e30")
        r2 = min(sum((mp.mpf(float(pos[i][c])) - mp.mpf(float(pos[j][c])))**2 for c in range(3))
                 for i in range(len(pos)) for j in range(i + 1, len(pos)))
        for col, v in (("a_mt", k * (s[0, 0] + s[1, 1])), ("b_mt", k * (s[0, 0] - s[1, 1])),
                       ("closest_pair_nm", mp.sqrt(r2))):
            out.append({"table": "anisotropy_distribution", "where": {"n_nc": n_nc, "ensemble": e},
                        "column": col, "value": float(v), "rtol": 1e-8,
                        "method": "pair-by-pair Eq. 2 (ordered pairs) and brute-force closest "
                                  "pair in mpmath, positions regenerated from the ensemble's seed"})
    return out


if __name__ == "__main__":
    text = ("# Independent points of the emr_anisotropy reference tables (config/ci.yaml).\n"
            "# Generated by tests/reference/independent/emr_anisotropy.py (methods there).\n")
    text += yaml.safe_dump(points(), sort_keys=False, width=100)
    Path(__file__).with_name("emr_anisotropy.yaml").write_text(text)
