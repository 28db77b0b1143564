"""Fig. 3: canonical gap Delta_c vs omega for M = 7 and M = 23 at low temperatures."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import GAP_LABEL, canonical_panels_vs_field


def draw(tables, params):
    """Draw Fig. 3 from ``canonical_response_vs_field``: one panel per shell.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        The ``response`` config slice (shells, temperatures).

    Returns
    -------
    matplotlib.figure.Figure
    """
    return canonical_panels_vs_field(tables["canonical_response_vs_field"], params,
                                     "gap_over_delta0", GAP_LABEL, {"loc": "lower left"})
