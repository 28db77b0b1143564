"""Fig. 5: heat capacity C vs omega for M = 7 and M = 23 (canonical ensemble)."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import C_LABEL, canonical_panels_vs_field


def draw(tables, params):
    """Draw Fig. 5 from ``canonical_response_vs_field``: one panel per shell, with the T = 0
    level crossings (Eq. 12) marked by ticks at the top.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        The ``response`` config slice.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from nanomag.cluster_pairing.seniority import critical_frequency, step_frequencies

    fig = canonical_panels_vs_field(tables["canonical_response_vs_field"], params,
                                    "heat_capacity_kb", C_LABEL,
                                    {"loc": "upper right", "bbox_to_anchor": (1.0, 0.78)})
    for ax, shell in zip(fig.axes, params["shells"]):
        m, n = int(shell["m"]), int(shell["n_electrons"])
        _, steps = step_frequencies(m, n)
        for x in steps / critical_frequency(m, n):
            ax.axvline(x, ymin=0.9, ymax=1.0, color="0.4", lw=0.8)
    fig.axes[0].text(0.5, 1.02, "ticks at the top: T = 0 level crossings (Eq. 12)",
                     transform=fig.axes[0].transAxes, ha="center", va="bottom", fontsize=7)
    return fig
