"""Fig. 6: phase diagram on (a, Jsd) with SFM / SPM / SSG regions; curves and inset."""

from __future__ import annotations


def draw(tables, params):
    """(a) z_n J map with J = 0 and |z_n J| = T contours; (b) z_n J vs Jsd; inset z_n J(a)."""
    from nanomag.granular_exchange.plots._phase import draw_phase_figure

    return draw_phase_figure(tables, params, "fig6", inset_bounds=(0.13, 0.13, 0.32, 0.28),
                             legend_kw={"loc": "upper left", "bbox_to_anchor": (0.0, 0.88)})
