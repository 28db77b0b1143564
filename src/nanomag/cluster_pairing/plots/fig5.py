"""Fig. 5: heat capacity C vs omega for M = 7 and M = 23 (canonical ensemble)."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import C_LABEL, W_LABEL, colors, rows
from nanomag.plotting import new_figure, panel_label


def draw(tables, params):
    """Draw Fig. 5 from ``canonical_response_vs_field``: one panel per shell.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        The ``response`` config slice.

    Returns
    -------
    matplotlib.figure.Figure
    """
    can = tables["canonical_response_vs_field"]
    shells = params["shells"]
    temps = params["temperatures_over_tc"]
    fig, axes = new_figure(len(shells), 1, width_in=3.4, height_in=2.3 * len(shells),
                           sharex=True)
    axes = list(axes) if len(shells) > 1 else [axes]
    for ax, shell, letter in zip(axes, shells, "abcdefgh"):
        for t, col in zip(temps, colors(len(temps))):
            c = rows(can, shell_m=shell["m"], t_over_tc=t)
            ax.plot(c["omega_over_omegac"], c["heat_capacity_kb"], color=col,
                    label=rf"$T = {t:g}\,T_c$")
        ax.set_ylabel(C_LABEL)
        ax.set_ylim(bottom=0)
        ax.text(0.97, 0.95, rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$",
                transform=ax.transAxes, ha="right", va="top")
        panel_label(ax, letter)
    axes[0].legend(loc="upper right", bbox_to_anchor=(1.0, 0.86))
    axes[-1].set_xlabel(W_LABEL)
    axes[-1].set_xlim(float(can["omega_over_omegac"].min()),
                      float(can["omega_over_omegac"].max()))
    return fig
