"""Fig. 5: distributions of |A| and |B| over random NC ensembles."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def draw(tables: dict, params: dict):
    """Histograms of log10|A| and log10|B| per n_NC, measured samples marked.

    The paper's insets (distributions over 30 measured samples) are experimental and not
    published: not drawn.
    """
    t = tables["anisotropy_distribution"]
    lo, hi = params["log10_range"]
    bins = np.linspace(lo, hi, int(round((hi - lo) * params["bins_per_decade"])) + 1)
    fig, axes = new_figure(1, 2, width_in=6.8, height_in=2.8, sharey=True)
    for ax, col, sym, letter in zip(axes, ("a_mt", "b_mt"), ("A", "B"), "ab"):
        for k, (n_nc, grp) in enumerate(t.groupby("n_nc")):
            v = np.log10(np.abs(grp[col].to_numpy()))
            w = np.full(v.size, 1.0 / v.size)
            ax.hist(np.clip(v, lo, hi), bins=bins, weights=w, histtype="step", lw=1.1,
                    color=f"C{k}", label=rf"$n_\mathrm{{NC}}$ = {n_nc} ({v.size} ensembles)")
        for s, ls in zip(params["samples"], ("--", ":", "-.")):
            ax.axvline(np.log10(abs(s[col])), color="k", ls=ls, lw=0.9,
                       label=f"{s['name']} (fit of Fig. 1)")
        ax.set_xlim(lo, hi)
        ax.set_xlabel(rf"$\log_{{10}}(|{sym}|$ / mT)")
        panel_label(ax, letter)
    axes[0].set_ylabel("fraction of ensembles per bin")
    axes[0].legend(fontsize=6, loc="upper left", bbox_to_anchor=(0.0, 0.9))
    fig.text(0.5, -0.03, "Values outside the axis range are counted in the end bins. "
             "Insets of the paper (30 measured samples) not reproducible: data not published.",
             ha="center", fontsize=7, color="0.3")
    fig.tight_layout()
    return fig
