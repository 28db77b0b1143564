"""Fig. 2: canonical gap Delta_c (full) and BCS gap Delta (dotted) vs T, M = 11."""

from __future__ import annotations

import numpy as np

from nanomag.cluster_pairing.plots._common import GAP_LABEL, T_LABEL, colors, rows
from nanomag.plotting import new_figure


def draw(tables, params):
    """Draw Fig. 2 from ``canonical_gap_vs_temperature`` and ``bcs_gap_vs_temperature``.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        The ``fig2`` config slice (field values, shell).

    Returns
    -------
    matplotlib.figure.Figure
    """
    can, bcs = tables["canonical_gap_vs_temperature"], tables["bcs_gap_vs_temperature"]
    shell = params["shells"][0]
    fig, ax = new_figure(width_in=3.4, height_in=2.7)
    omegas = params["omegas_over_omegac"]
    for w, col in zip(omegas, colors(len(omegas))):
        c = rows(can, omega_over_omegac=w)
        b = rows(bcs, omega_over_omegac=w)
        ax.plot(c["t_over_tc"], c["gap_over_delta0"], color=col,
                label=rf"$\omega = {w:g}\,\omega_c$")
        ax.plot(b["t_over_tc"], b["gap_over_delta0"], color=col, ls=":")
    ax.set_xlabel(T_LABEL)
    ax.set_ylabel(GAP_LABEL)
    ax.set_xlim(float(np.min(can["t_over_tc"])), float(np.max(can["t_over_tc"])))
    ax.set_ylim(bottom=0)
    ax.set_title(rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$: "
                 r"$\Delta_c$ (full), BCS $\Delta$ (dotted)", fontsize=8)
    ax.legend(loc="upper right")
    return fig
