"""Fig. 5: phase diagram on (a, Jsd) with SFM / SPM / SSG regions; curves and inset."""

from __future__ import annotations


def draw(tables, params):
    """(a) z_n J map with J = 0 and |z_n J| = T contours; (b) z_n J vs Jsd; inset z_n J(a)."""
    from nanomag.granular_exchange.plots._phase import draw_phase_figure

    return draw_phase_figure(tables, params, "fig5", inset_bounds=(0.2, 0.6, 0.3, 0.32),
                             legend_kw={"loc": "lower left"})
