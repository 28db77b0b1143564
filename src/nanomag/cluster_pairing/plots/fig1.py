"""Fig. 1: canonical gap Delta_c (full) and BCS gap Delta (dotted) vs omega, M = 11."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import W_LABEL, gap_curves, temperature_label


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
    fig, ax = gap_curves(tables["canonical_gap_vs_field"], tables["bcs_gap_vs_field"], params,
                         "omega_over_omegac", "t_over_tc", params["temperatures_over_tc"],
                         temperature_label, baseline=True)
    ax.axvline(1.0, color="0.6", lw=0.6, ls="--")
    ax.set_xlabel(W_LABEL)
    ax.legend(loc="upper right")
    return fig
