"""The paper's statements evaluated from the pipeline tables and config (scorecard).

Every function returns the value the statement is about, or a mapping ``{"value": v,
**numbers}`` whose extra numbers fill the anchor's ``finding`` (and ``stderr`` for a Monte
Carlo statistic, the sampling error of that one ensemble size). Statements about a figure
read the figure's table (``resonance_field`` of Fig. 1, ``anisotropy_distribution`` of
Fig. 5); the others take the config slices named by their anchor. Fields are mu0 H in mT.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.constants import atomic_mass

from nanomag.emr_anisotropy import magnetometry
from nanomag.emr_anisotropy.resonance import (anisotropy_from_extremes, resonance_field,
                                              resonance_field_general)

#: atomic mass unit [g]
GRAMS_PER_DALTON = atomic_mass * 1e3


def _sample(config: dict, name: str) -> dict:
    for smp in config["samples"]:
        if smp["name"] == name:
            return smp
    raise KeyError(f"no sample {name!r} in the config's measured samples")


def _curve(table: pd.DataFrame, name: str) -> pd.DataFrame:
    curve = table[table["sample"] == name].sort_values("alpha_h_deg")
    if curve.empty:
        raise KeyError(f"no sample {name!r} in the resonance_field table")
    return curve


def _at_angle(curve: pd.DataFrame, angle_deg: float) -> float:
    row = curve[np.isclose(curve["alpha_h_deg"], angle_deg)]
    if len(row) != 1:
        raise KeyError(f"the resonance_field table has no single row at {angle_deg} deg")
    return float(row["h_res_mt"].iloc[0])


# ----------------------------------------------------------------------------- Fig. 1
def resonance_field_statement(table: pd.DataFrame, config: dict, sample: str,
                              angle_deg: float, stated_0_mt: float, stated_90_mt: float) -> dict:
    """H_res of a sample at one field angle, read from the Fig. 1 table [mT].

    The other numbers explain a gap to the stated extremes (H_res(0), H_res(90)): the
    frequency [GHz] at which the fitted A, B give the stated 0-deg field, and the A, B [mT]
    that give both stated extremes at the configured frequency (C = 0).
    """
    from scipy.optimize import brentq

    smp = _sample(config, sample)
    curve = _curve(table, sample)
    value = _at_angle(curve, angle_deg)

    def h0_at(freq):
        return resonance_field(np.array([0.0]), smp["a_mt"], smp["b_mt"], smp.get("c_mt", 0.0),
                               freq, config["g"], config["convention"])[0] - stated_0_mt

    nu = float(config["frequency_ghz"])
    step = 1.05 if h0_at(nu) < 0 else 1.0 / 1.05      # H_res grows with the frequency
    far = nu * step
    while h0_at(far) * h0_at(nu) > 0:
        far *= step
    freq = brentq(h0_at, min(nu, far), max(nu, far), xtol=1e-9)
    kw = {"frequency_ghz": nu, "g": config["g"], "convention": config["convention"]}
    return {"value": value, "a_mt": smp["a_mt"], "b_mt": smp["b_mt"],
            "h_res_0_mt": _at_angle(curve, 0.0), "h_res_90_mt": _at_angle(curve, 90.0),
            "frequency_needed_ghz": freq, "stated_0_mt": stated_0_mt, "stated_90_mt": stated_90_mt,
            "a_needed_mt": anisotropy_from_extremes(stated_0_mt, stated_90_mt, "a_mt", **kw),
            "b_needed_mt": anisotropy_from_extremes(stated_0_mt, stated_90_mt, "b_mt", **kw)}


def extreme_field_angle(table: pd.DataFrame, sample: str, which: str = "min") -> dict:
    """Field angle [deg] of the lowest (``"min"``) or highest H_res of a sample (Fig. 1 table)."""
    curve = _curve(table, sample)
    k = int(np.argmin(curve["h_res_mt"]) if which == "min" else np.argmax(curve["h_res_mt"]))
    return {"value": float(curve["alpha_h_deg"].iloc[k]),
            "h_res_mt": float(curve["h_res_mt"].iloc[k])}


def amplitude_ratio(table: pd.DataFrame, sample: str, reference: str) -> dict:
    """Peak-to-peak H_res variation of ``sample`` over that of ``reference`` [1] (Fig. 1)."""
    amp = {s: float(np.ptp(_curve(table, s)["h_res_mt"])) for s in (sample, reference)}
    return {"value": amp[sample] / amp[reference], "amplitude_mt": amp[sample],
            "reference_amplitude_mt": amp[reference]}


def lowest_resonance_field(table: pd.DataFrame) -> dict:
    """Lowest H_res over all samples and angles of the Fig. 1 table [mT]."""
    k = int(np.argmin(table["h_res_mt"]))
    return {"value": float(table["h_res_mt"].iloc[k]), "alpha_h_deg": float(
        table["alpha_h_deg"].iloc[k])}


def amplitude_change_with_a(config: dict, sample: str) -> dict:
    """Relative change of the H_res amplitude when A goes from 0 to the sample's A [1].

    "The amplitude of this angular variation depends only on B": the amplitude
    (max - min over alpha_H) at the fitted A, B against the same B with A = 0; to first order
    in A/h0 and B/h0 it is 3B/2 whatever A. No figure draws A = 0: library call with the
    Fig. 1 config (frequency, g, convention).
    """
    smp = _sample(config, sample)
    angles = np.linspace(0.0, 180.0, 361)

    def amp(a):
        return float(np.ptp(resonance_field(angles, a, smp["b_mt"], smp.get("c_mt", 0.0),
                                            config["frequency_ghz"], config["g"],
                                            config["convention"])))

    with_a, without_a = amp(smp["a_mt"]), amp(0.0)
    return {"value": with_a / without_a - 1.0, "amplitude_mt": with_a,
            "amplitude_a0_mt": without_a, "linear_mt": 1.5 * abs(smp["b_mt"]),
            "a_mt": smp["a_mt"], "b_mt": smp["b_mt"]}


def out_of_plane_effect(config: dict, sample: str, offdiag_over_b: float,
                        angle_step_deg: float = 15.0) -> dict:
    """Largest change of H_res from Dxz = Dyz = ``offdiag_over_b`` * B, over the amplitude [1].

    The full Suhl-Smit condition (M leaves the xy-plane) with mu0 M Dxz = mu0 M Dyz set to
    ``offdiag_over_b`` times the sample's B, against Eqs. 4-5 (Dxz = Dyz = 0).
    """
    smp = _sample(config, sample)
    a, b, c = smp["a_mt"], smp["b_mt"], smp.get("c_mt", 0.0)
    e = offdiag_over_b * b
    d = np.array([[0.5 * (a + b), c, e], [c, 0.5 * (a - b), e], [e, e, -a]])
    angles = np.arange(0.0, 180.0, angle_step_deg)
    kw = {"frequency_ghz": config["frequency_ghz"], "g": config["g"],
          "convention": config["convention"]}
    plane = resonance_field(angles, a, b, c, **kw)
    full = resonance_field_general(angles, d, **kw)
    shift = np.abs(full - plane)
    k = int(np.argmax(shift))
    return {"value": float(shift[k] / np.ptp(plane)), "shift_mt": float(shift[k]),
            "alpha_h_deg": float(angles[k]), "dxz_mt": float(e),
            "amplitude_mt": float(np.ptp(plane))}


def sample_parameter(config: dict, sample: str, parameter: str,
                     alternative: float | None = None) -> dict:
    """A fitted parameter of a sample as configured [mT], with H_res(0, 90) for an alternative.

    Used for B of sample I, which the paper prints as 204.6 mT (fit) and 206.6 mT (Fig. 5
    discussion): the finding gives H_res at 0 and 90 deg with the other value.
    """
    smp = _sample(config, sample)
    out = {"value": float(smp[parameter])}
    if alternative is not None:
        alt = dict(smp, **{parameter: alternative})
        h = resonance_field(np.array([0.0, 90.0]), alt["a_mt"], alt["b_mt"],
                            alt.get("c_mt", 0.0), config["frequency_ghz"], config["g"],
                            config["convention"])
        out.update({"alternative": float(alternative), "h_res_0_alt_mt": float(h[0]),
                    "h_res_90_alt_mt": float(h[1])})
    return out


# ----------------------------------------------------------------------------- magnetometry
def nc_mass_g(config: dict) -> float:
    """Mass of one CdSe NC [g]: density x (pi/6) d_NC^3 (ligands neglected)."""
    d_cm = config["nc_diameter_nm"] * 1e-7
    return float(config["cdse_density_g_per_cm3"] * np.pi / 6.0 * d_cm**3)


def contaminant_magnetization(config: dict) -> dict:
    """Magnetization of the powder from the quoted contaminant at its quoted level [memu/g]."""
    value = magnetometry.contaminant_magnetization_memu_per_g(
        config["contaminant_ms_emu_per_g"], config["contaminant_ppb"] * 1e-9)
    return {"value": value, "ms_emu_per_g": config["contaminant_ms_emu_per_g"]}


def measured_over_contaminant(config: dict) -> dict:
    """Lowest measured M_s over the contaminant's magnetization [1] ("2 orders smaller")."""
    low = min(config["ms_range_memu_per_g"])
    cont = contaminant_magnetization(config)["value"]
    return {"value": low / cont, "ms_low_memu_per_g": low, "contaminant_memu_per_g": cont}


def dipoles_per_nc(config: dict, ms_memu_per_g: float, stated: float) -> dict:
    """Dipoles per NC = M_s x (mass of one NC) / m, the text's own definition [1].

    ``stated`` is the paper's number of dipoles for this M_s; the finding gives the M_s
    [memu/g] it needs.
    """
    value = magnetometry.dipoles_per_nanocrystal(ms_memu_per_g, config["nc_diameter_nm"],
                                                 config["cdse_density_g_per_cm3"],
                                                 config["moment_mu_b"])
    return {"value": value, "ms_memu_per_g": ms_memu_per_g, "nc_mass_g": nc_mass_g(config),
            "ms_needed_memu_per_g": ms_memu_per_g * stated / value,
            "factor": stated / value}


def ncs_per_iron_atom(config: dict) -> dict:
    """NCs per Fe atom at the mid-point of the quoted Fe mass fraction (1-2 ppb) [1]."""
    lo, hi = config["fe_ppb_range"]
    ppb = 0.5 * (lo + hi)
    fe_g = config["iron_molar_mass_g_per_mol"] * GRAMS_PER_DALTON
    mass = nc_mass_g(config)
    per_atom = fe_g / (ppb * 1e-9 * mass)
    return {"value": per_atom, "ppb": ppb, "nc_mass_g": mass, "fe_atom_g": fe_g,
            "ncs_low_ppb": fe_g / (lo * 1e-9 * mass), "ncs_high_ppb": fe_g / (hi * 1e-9 * mass)}


def printed_moment_formula(config: dict, spin: float = 0.5) -> dict:
    """The note's m = S(S + 1) mu_B evaluated as printed for S = 1/2 [mu_B].

    The finding gives sqrt(S(S+1)) and g sqrt(S(S+1)) (g = 2), the latter being 1.73.
    """
    s = spin * (spin + 1.0)
    return {"value": s, "sqrt_form": float(np.sqrt(s)),
            "g_sqrt_form": magnetometry.spin_moment_mu_b(spin, 2.0),
            "configured": float(config["moment_mu_b"])}


# ----------------------------------------------------------------------------- Fig. 5
def median_with_stderr(x) -> tuple[float, float]:
    """Median of a sample and its standard error (distribution-free) [unit of x].

    The error is half the distance between the order statistics at ranks n/2 -+ sqrt(n)/2,
    the +-1 sigma interval of the binomial rank of the median (no shape assumed).
    """
    v = np.sort(np.asarray(x, dtype=float))
    n = v.size
    half = 0.5 * np.sqrt(n)
    lo = int(np.clip(np.floor(0.5 * n - half), 0, n - 1))
    hi = int(np.clip(np.ceil(0.5 * n + half) - 1, 0, n - 1))
    return float(np.median(v)), float(0.5 * (v[hi] - v[lo]))


def _group(table: pd.DataFrame, n_nc: int) -> pd.DataFrame:
    grp = table[table["n_nc"] == int(n_nc)]
    if grp.empty:
        raise KeyError(f"the anisotropy_distribution table has no n_NC = {n_nc}")
    return grp


def log10_span(table: pd.DataFrame, n_nc: int, quantity: str = "a_mt",
               coverage: float = 0.98) -> dict:
    """Ratio of the upper and lower quantiles of |A| or |B| for one n_NC [1].

    The central ``coverage`` of the ensembles (0.98: the 1st to the 99th percentile); the
    finding reports it in decades.
    """
    v = np.log10(np.abs(_group(table, n_nc)[quantity].to_numpy()))
    q = 0.5 * (1.0 - coverage)
    lo, hi = np.quantile(v, [q, 1.0 - q])
    return {"value": float(10.0 ** (hi - lo)), "decades": float(hi - lo), "n_nc": int(n_nc),
            "low_mt": float(10.0**lo), "high_mt": float(10.0**hi),
            "coverage_percent": 100.0 * coverage}


def median_shift(table: pd.DataFrame, n_nc: int, reference_n_nc: int,
                 quantity: str = "a_mt") -> dict:
    """Median log10|quantity| of ``n_nc`` minus that of ``reference_n_nc`` [decades].

    ``stderr`` combines the two medians' sampling errors (:func:`median_with_stderr`).
    """
    m1, e1 = median_with_stderr(np.log10(np.abs(_group(table, n_nc)[quantity])))
    m0, e0 = median_with_stderr(np.log10(np.abs(_group(table, reference_n_nc)[quantity])))
    err = float(np.hypot(e0, e1))
    return {"value": m1 - m0, "stderr": err, "n_nc": int(n_nc), "reference": int(reference_n_nc),
            "median": m1, "reference_median": m0, "sigmas": abs(m1 - m0) / err if err else np.inf}


def inside_distribution(table: pd.DataFrame, value_mt: float, quantity: str = "a_mt") -> dict:
    """Min over n_NC of min(F, 1 - F), F = fraction of ensembles with |quantity| < value [1].

    Positive when the measured value lies between the smallest and largest simulated value
    for every n_NC.
    """
    worst, out = np.inf, {}
    for n_nc, grp in table.groupby("n_nc"):
        v = np.abs(grp[quantity].to_numpy())
        f = float(np.mean(v < abs(value_mt)))
        margin = min(f, 1.0 - f)
        if margin < worst:
            worst = margin
            out = {"n_nc": int(n_nc), "max_mt": float(v.max()), "min_mt": float(v.min()),
                   "fraction_below": f}
    return {"value": float(worst), "measured_mt": float(value_mt), **out}


def median_dominant_pairs(table: pd.DataFrame, n_nc: int) -> dict:
    """Median number of closest pairs that give S within the dominance tolerance [1]."""
    grp = _group(table, n_nc)
    k = grp["n_dominant_pairs"].to_numpy()
    return {"value": float(np.median(k)), "n_nc": int(n_nc),
            "fraction_one": float(np.mean(k == 1)),
            "fraction_2_to_4": float(np.mean((k >= 2) & (k <= 4)))}


def fraction_of_ensembles(table: pd.DataFrame, n_nc: int, column: str) -> dict:
    """Fraction of the ensembles of one n_NC where the 0/1 ``column`` is 1 [1].

    ``stderr`` is the binomial error sqrt(p (1 - p) / n); ``median_closest_nm`` [nm] and
    ``fraction_closest_extra`` describe the closest pairs of those ensembles.
    """
    grp = _group(table, n_nc)
    p = float(np.mean(grp[column]))
    return {"value": p, "stderr": float(np.sqrt(p * (1.0 - p) / len(grp))), "n_nc": int(n_nc),
            "median_closest_nm": float(np.median(grp["closest_pair_nm"]))}


def median_closest_pair_angstrom(table: pd.DataFrame, n_nc: int) -> dict:
    """Median distance of the closest dipole pair of the ensembles of one n_NC [Angstrom].

    ``stderr`` from :func:`median_with_stderr`; also the median for the ensembles with
    |A| > 100 mT (the largest anisotropies) and how many of those have their closest pair
    below the CdSe bond length 0.26 nm.
    """
    grp = _group(table, n_nc)
    med, err = median_with_stderr(10.0 * grp["closest_pair_nm"])
    big = grp[np.abs(grp["a_mt"]) > 100.0]
    return {"value": med, "stderr": err, "n_nc": int(n_nc), "n_large": int(len(big)),
            "median_large_angstrom": float(10.0 * np.median(big["closest_pair_nm"]))
            if len(big) else float("nan"),
            "large_below_bond": int(np.sum(big["closest_pair_nm"] < 0.26))}
