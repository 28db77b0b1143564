"""Fig. 3: canonical gap Delta_c vs omega for M = 7 and M = 23 at low temperatures."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import (
    GAP_LABEL,
    canonical_panels_vs_field,
    colors,
    rows,
)


def draw(tables, params):
    """Draw Fig. 3 from ``canonical_response_vs_field``: one panel per shell; the last panel
    has an inset magnifying 0.6-0.8 omega_c, where the residual irregularity of the large
    cluster lies.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        The ``response`` config slice (shells, temperatures).

    Returns
    -------
    matplotlib.figure.Figure
    """
    table = tables["canonical_response_vs_field"]
    fig = canonical_panels_vs_field(table, params, "gap_over_delta0", GAP_LABEL,
                                    {"loc": "lower left"})
    ax = fig.axes[-1]
    shell = params["shells"][-1]
    inset = ax.inset_axes([0.6, 0.3, 0.37, 0.38])
    temps = params["temperatures_over_tc"]
    for t, col in zip(temps, colors(len(temps))):
        c = rows(table, shell_m=shell["m"], t_over_tc=t)
        sel = (c["omega_over_omegac"] >= 0.6) & (c["omega_over_omegac"] <= 0.8)
        inset.plot(c["omega_over_omegac"][sel], c["gap_over_delta0"][sel], color=col, lw=0.9)
    inset.set_xlim(0.6, 0.8)
    inset.tick_params(labelsize=6)
    inset.set_title(r"zoom, $\omega/\omega_c$ 0.6-0.8", fontsize=6)
    return fig
