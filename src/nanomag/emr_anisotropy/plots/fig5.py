"""Fig. 5: distributions of |A| and |B| over random NC ensembles."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def draw(tables: dict, params: dict):
    """Histograms of log10|A| and log10|B| per n_NC, measured samples marked.

    Values outside the axis range are not drawn in the end bins: their fractions per n_NC
    are written under the panels. The paper's insets (distributions over 30 measured
    samples) are experimental and not published: not drawn.
    """
    t = tables["anisotropy_distribution"]
    lo, hi = params["log10_range"]
    bins = np.linspace(lo, hi, int(round((hi - lo) * params["bins_per_decade"])) + 1)
    fig, axes = new_figure(1, 2, width_in=6.8, height_in=3.6, sharey=True)
    outside = {}
    for ax, col, sym, letter in zip(axes, ("a_mt", "b_mt"), ("A", "B"), "ab"):
        parts = []
        for k, (n_nc, grp) in enumerate(t.groupby("n_nc")):
            v = np.log10(np.abs(grp[col].to_numpy()))
            w = np.full(v.size, 1.0 / v.size)
            ax.hist(v, bins=bins, weights=w, histtype="step", lw=1.1, color=f"C{k}",
                    label=rf"$n_\mathrm{{NC}}$ = {n_nc} ({v.size} ensembles)")
            parts.append(f"{n_nc}: {100 * np.mean(v > hi):.1f} %")
        outside[sym] = ", ".join(parts)
        for s, ls in zip(params["samples"], ("--", ":", "-.")):
            ax.axvline(np.log10(abs(s[col])), color="k", ls=ls, lw=0.9,
                       label=f"{s['name']} (fit of Fig. 1)")
        ax.set_xlim(lo, hi)
        ax.set_xlabel(rf"$\log_{{10}}(|{sym}|$ / mT)")
        panel_label(ax, letter, x=-0.02, y=1.1)
    axes[0].set_ylabel("fraction of ensembles per bin")
    top = max(ax.get_ylim()[1] for ax in axes)
    axes[0].set_ylim(0, 1.05 * top)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.tight_layout(rect=(0, 0.24, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=6.5, frameon=False,
               bbox_to_anchor=(0.5, 0.11))
    rule = ("obey" if params["extra_obeys_min_distance"] else "are exempt from")
    fig.text(0.5, 0.0,
             f"Extra (Fisher) dipoles {rule} the {params['min_dipole_distance_nm']} nm rule "
             "(reading extra_obeys_min_distance).\n"
             f"Beyond the axis (above 10^{hi:g} mT), per n_NC: |A| {outside['A']}; "
             f"|B| {outside['B']}.\nInsets of the paper (30 measured samples) not reproducible: "
             "data not published.", ha="center", va="bottom", fontsize=6.5, color="0.3")
    return fig
