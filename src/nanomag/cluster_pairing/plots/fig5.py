"""Fig. 5: heat capacity C vs omega for M = 7 and M = 23 (canonical ensemble)."""

from __future__ import annotations

from nanomag.cluster_pairing.plots._common import C_LABEL, canonical_panels_vs_field


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
    return canonical_panels_vs_field(tables["canonical_response_vs_field"], params,
                                     "heat_capacity_kb", C_LABEL,
                                     {"loc": "upper right", "bbox_to_anchor": (1.0, 0.86)})
