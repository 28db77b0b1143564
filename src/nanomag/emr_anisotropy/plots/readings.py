"""Reading plot of the 0.26 nm rule: what the largest anisotropies of Fig. 5 rest on.

Drawn by ``snakemake readings_emr_anisotropy`` (reading ``extra_dipole_min_distance`` of
``config/readings.yaml``) from the Fig. 5 Monte Carlo table under each alternative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.plotting import new_figure, panel_label

#: |A| above which an ensemble counts as one of "the largest anisotropies" [mT] (the
#: measured samples have |A| = 122.6 and 191.5 mT).
LARGE_A_MT = 100.0
#: The CdSe bond length of the paper's minimum-distance rule [nm].
BOND_NM = 0.26


def closest_pair_summary(table: pd.DataFrame, large_a_mt: float = LARGE_A_MT,
                         bond_nm: float = BOND_NM) -> dict[str, float]:
    """Numbers behind the largest anisotropies of one Fig. 5 table.

    Returns
    -------
    dict
        ``max_abs_a_mt`` [mT]; ``span_decades``: the 1-99 % range of log10|A| pooled over
        n_NC [decades]; ``n_large``: ensembles with |A| > ``large_a_mt``;
        ``large_below_bond``: the fraction of those whose closest dipole pair is closer than
        ``bond_nm``; ``median_closest_large_nm_min`` / ``_max``: the smallest and largest
        over n_NC of the median closest-pair distance of those ensembles [nm] (NaN if none).
    """
    abs_a = np.abs(table["a_mt"].to_numpy())
    low, high = np.quantile(np.log10(abs_a), [0.01, 0.99])
    large = table[abs_a > large_a_mt]
    medians = large.groupby("n_nc")["closest_pair_nm"].median()
    return {"max_abs_a_mt": float(abs_a.max()), "span_decades": float(high - low),
            "n_large": int(len(large)),
            "large_below_bond": float(np.mean(large["closest_pair_nm"] < bond_nm))
            if len(large) else float("nan"),
            "median_closest_large_nm_min": float(medians.min()) if len(medians) else float("nan"),
            "median_closest_large_nm_max": float(medians.max()) if len(medians) else float("nan")}


def closest_pair_distance(tables: dict, reading: dict):
    """|A| against the closest-pair distance, and the distance behind |A| > 100 mT.

    Parameters
    ----------
    tables : dict
        ``{alternative: {"anisotropy_distribution": DataFrame}}``.
    reading : dict
        The reading's registry entry (``default``, ``alternatives``).
    """
    fig, axes = new_figure(1, 2, width_in=7.2, height_in=3.4)
    names = list(tables)
    bins = np.geomspace(1e-3, 2.0, 41)
    lines = []
    for k, name in enumerate(names):
        t = tables[name]["anisotropy_distribution"]
        abs_a = np.abs(t["a_mt"].to_numpy())
        d = t["closest_pair_nm"].to_numpy()
        label = name + (" (default)" if name == reading["default"] else "")
        axes[0].scatter(d, abs_a, s=2, alpha=0.35, color=f"C{k}", lw=0, label=label,
                        rasterized=True)
        large = abs_a > LARGE_A_MT
        if large.any():
            axes[1].hist(d[large], bins=bins, histtype="step", lw=1.2, color=f"C{k}",
                         label=f"{label}: {large.sum()} ensembles")
        s = closest_pair_summary(t)
        lines.append(f"{label}: max |A| = {s['max_abs_a_mt']:.0f} mT, 1-99 % span of "
                     f"log10|A| = {s['span_decades']:.2f} decades; |A| > {LARGE_A_MT:.0f} mT: "
                     f"{s['n_large']} ensembles, {100 * s['large_below_bond']:.0f} % with the "
                     f"closest pair < {BOND_NM} nm, median closest "
                     f"{s['median_closest_large_nm_min']:.3f}-{s['median_closest_large_nm_max']:.3f}"
                     " nm over n_NC" if s["n_large"] else
                     f"{label}: max |A| = {s['max_abs_a_mt']:.0f} mT, 1-99 % span of "
                     f"log10|A| = {s['span_decades']:.2f} decades; no ensemble with "
                     f"|A| > {LARGE_A_MT:.0f} mT")
    ax = axes[0]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.axvline(BOND_NM, color="k", lw=0.8, ls="--")
    ax.axhline(LARGE_A_MT, color="0.4", lw=0.8, ls=":")
    ax.set_xlabel("closest dipole pair (nm)")
    ax.set_ylabel("|A| (mT)")
    ax.legend(fontsize=6, markerscale=4, loc="lower left")
    panel_label(ax, "a", x=0.9)
    ax = axes[1]
    ax.set_xscale("log")
    ax.axvline(BOND_NM, color="k", lw=0.8, ls="--", label=f"{BOND_NM} nm rule")
    ax.set_xlabel(f"closest dipole pair of ensembles with |A| > {LARGE_A_MT:.0f} mT (nm)")
    ax.set_ylabel("ensembles per bin")
    ax.legend(fontsize=6, loc="upper right")
    panel_label(ax, "b")
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=6, va="bottom", ha="left")
    fig.tight_layout(rect=(0, 0.04 + 0.035 * len(lines), 1, 1))
    return fig
