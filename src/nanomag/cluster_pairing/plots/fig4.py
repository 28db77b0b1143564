"""Fig. 4: paramagnetic susceptibility vs omega, canonical (full) and BCS (dotted)."""

from __future__ import annotations

import numpy as np

from nanomag.cluster_pairing.plots._common import CHI_LABEL, W_LABEL, colors, mark_jumps, rows
from nanomag.plotting import new_figure, panel_label


def draw(tables, params):
    """Draw Fig. 4: upper panel M = 7, lower panel M = 23 (logarithmic chi axis).

    The BCS susceptibility is the smooth part along the chosen branch; open triangles at the
    top mark the fields where the chosen BCS solution jumps (delta functions in chi).

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
    can, bcs = tables["canonical_response_vs_field"], tables["bcs_response_vs_field"]
    shells = params["shells"]
    temps = params["temperatures_over_tc"]
    fig, axes = new_figure(len(shells), 1, width_in=3.4, height_in=2.5 * len(shells),
                           sharex=True)
    axes = list(axes) if len(shells) > 1 else [axes]
    for ax, shell, letter in zip(axes, shells, "abcdefgh"):
        ymax = 0.0
        for t, col in zip(temps, colors(len(temps))):
            c = rows(can, shell_m=shell["m"], t_over_tc=t)
            b = rows(bcs, shell_m=shell["m"], t_over_tc=t)
            ax.plot(c["omega_over_omegac"], c["chi_mub2_per_v_delta0"], color=col,
                    label=rf"$T = {t:g}\,T_c$")
            ax.plot(b["omega_over_omegac"], np.maximum(b["chi_mub2_per_v_delta0"], 1e-300),
                    color=col, ls=":", lw=1.0)
            mark_jumps(ax, b, "omega_over_omegac", "chi_mub2_per_v_delta0", col)
            ymax = max(ymax, float(c["chi_mub2_per_v_delta0"].max()),
                       float(b["chi_mub2_per_v_delta0"].max()))
        ax.set_yscale("log")
        ax.set_ylim(1e-2, 3 * ymax)
        ax.set_ylabel(CHI_LABEL)
        ax.text(0.03, 0.80, rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$",
                transform=ax.transAxes, ha="left", va="top")
        panel_label(ax, letter)
    axes[0].legend(loc="lower right", fontsize=7)
    axes[-1].set_xlabel(W_LABEL)
    axes[-1].set_xlim(float(can["omega_over_omegac"].min()),
                      float(can["omega_over_omegac"].max()))
    axes[0].set_title(r"canonical (full), BCS (dotted; $\triangledown$: BCS jumps)",
                      fontsize=8)
    return fig
