"""Fig. 4: paramagnetic susceptibility vs omega, canonical (full) and BCS (dotted)."""

from __future__ import annotations

import numpy as np

from nanomag.cluster_pairing.plots._common import (
    CHI_LABEL,
    W_LABEL,
    colors,
    footnote,
    rows,
    temperature_label,
)
from nanomag.plotting import new_figure, panel_label


def draw(tables, params):
    """Draw Fig. 4: upper panel M = 7, lower panel M = 23 (logarithmic chi axis).

    The BCS susceptibility is drawn as the table holds it (``bcs_chi`` reading): with the
    analytic reading, the smooth part along the chosen branch, resolved up to each located
    first-order jump, and each jump as a vertical arrow (a delta function of chi, weight
    ``moment_jump_mub``, no height); with the finite-difference reading, the grid values.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
        ``canonical_response_vs_field`` and ``bcs_response_vs_field``.
    params : dict
        The ``response`` config slice.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.lines import Line2D

    can, bcs = tables["canonical_response_vs_field"], tables["bcs_response_vs_field"]
    shells = params["shells"]
    temps = params["temperatures_over_tc"]
    fig, axes = new_figure(len(shells), 1, width_in=3.4, height_in=2.6 * len(shells) + 0.9,
                           sharex=True)
    axes = list(axes) if len(shells) > 1 else [axes]
    weights = []
    for ax, shell, letter in zip(axes, shells, "abcdefgh"):
        ymax = 0.0
        for t, col in zip(temps, colors(len(temps))):
            c = rows(can, shell_m=shell["m"], t_over_tc=t)
            b = rows(bcs, shell_m=shell["m"], t_over_tc=t).sort_values("omega_over_omegac")
            ax.plot(c["omega_over_omegac"], c["chi_mub2_per_v_delta0"], color=col)
            ax.plot(b["omega_over_omegac"], np.maximum(b["chi_mub2_per_v_delta0"], 1e-300),
                    color=col, ls=":", lw=1.0)
            jumps = b[b["moment_jump_mub"] != 0]
            for x in jumps["omega_over_omegac"]:
                ax.annotate("", xy=(x, 0.93), xycoords=("data", "axes fraction"),
                            xytext=(x, 0.0), textcoords=("data", "axes fraction"),
                            arrowprops=dict(arrowstyle="-|>", color=col, lw=0.7,
                                            shrinkA=0, shrinkB=0, mutation_scale=7))
            weights += list(np.abs(jumps["moment_jump_mub"]))
            ymax = max(ymax, float(c["chi_mub2_per_v_delta0"].max()),
                       float(b["chi_mub2_per_v_delta0"].max()))
        ax.set_yscale("log")
        ax.set_ylim(1e-2, 30 * ymax)
        ax.set_ylabel(CHI_LABEL)
        ax.text(0.03, 0.84, rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$",
                transform=ax.transAxes, ha="left", va="top")
        panel_label(ax, letter)
    handles = [Line2D([], [], color=col, label=temperature_label(t))
               for t, col in zip(temps, colors(len(temps)))]
    handles += [Line2D([], [], color="k", label="canonical"),
                Line2D([], [], color="k", ls=":", label="BCS"),
                Line2D([], [], color="k", marker="^", ls="-", lw=0.7, ms=4,
                       label=r"BCS jump ($\delta$)")]
    axes[0].legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=3,
                   fontsize=6.5, frameon=False)
    axes[-1].set_xlabel(W_LABEL)
    axes[-1].set_xlim(float(can["omega_over_omegac"].min()),
                      float(can["omega_over_omegac"].max()))
    if weights:
        fig.subplots_adjust(bottom=0.12)
        footnote(fig, "Arrows: first-order jumps of the BCS solution, where chi_BCS is a delta "
                 f"function of weight dm = {min(weights):.2g} to {max(weights):.2g} mu_B "
                 "(no finite height).")
    return fig
