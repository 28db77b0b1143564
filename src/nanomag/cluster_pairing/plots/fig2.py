"""Fig. 2: canonical gap Delta_c (full) and BCS gap Delta (dotted) vs T, M = 11."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import T_LABEL, gap_curves


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
    fig, ax = gap_curves(tables["canonical_gap_vs_temperature"], tables["bcs_gap_vs_temperature"],
                         params, "t_over_tc", "omega_over_omegac", params["omegas_over_omegac"],
                         lambda w: r"$\omega = 0$" if w == 0 else rf"$\omega = {w:g}\,\omega_c$")
    ax.set_xlabel(T_LABEL)
    ax.legend(loc="upper right")
    return fig
