"""Fig. 1: canonical gap Delta_c (full) and BCS gap Delta (dotted) vs omega, M = 11."""

from __future__ import annotations

import numpy as np

from nanomag.cluster_pairing.plots._common import GAP_LABEL, W_LABEL, colors, rows
from nanomag.plotting import new_figure


def draw(tables, params):
    """Draw Fig. 1 from ``canonical_gap_vs_field`` and ``bcs_gap_vs_field``.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
        The two tables named above (long format, see the table functions).
    params : dict
        The ``fig1`` config slice (temperatures, shell).

    Returns
    -------
    matplotlib.figure.Figure
    """
    can, bcs = tables["canonical_gap_vs_field"], tables["bcs_gap_vs_field"]
    shell = params["shells"][0]
    fig, ax = new_figure(width_in=3.4, height_in=2.7)
    temps = params["temperatures_over_tc"]
    for t, col in zip(temps, colors(len(temps))):
        c = rows(can, t_over_tc=t)
        b = rows(bcs, t_over_tc=t)
        ax.plot(c["omega_over_omegac"], c["gap_over_delta0"], color=col,
                label=rf"$T = {t:g}\,T_c$")
        ax.plot(b["omega_over_omegac"], b["gap_over_delta0"], color=col, ls=":")
    ax.axvline(1.0, color="0.6", lw=0.6, ls="--")
    ax.set_xlabel(W_LABEL)
    ax.set_ylabel(GAP_LABEL)
    ax.set_xlim(float(np.min(can["omega_over_omegac"])), float(np.max(can["omega_over_omegac"])))
    ax.set_ylim(bottom=0)
    ax.set_title(rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$: "
                 r"$\Delta_c$ (full), BCS $\Delta$ (dotted)", fontsize=8)
    ax.legend(loc="upper right")
    return fig
