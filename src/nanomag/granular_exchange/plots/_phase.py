"""Figs. 5 and 6 share one layout: (a) phase diagram, (b) curves with an inset."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw_phase_figure(tables, params, prefix: str, inset_bounds=(0.58, 0.56, 0.38, 0.36),
                      legend_kw=None):
    from nanomag.granular_exchange.plots._maps import (grain_size_inset, outside_label,
                                                       phase_diagram, splitting_curves)

    fig, (left, right) = new_figure(1, 2, width_in=7.4, height_in=3.1, layout="constrained")
    fig.get_layout_engine().set(wspace=0.12)   # room between the colour bar and panel (b)
    temperature = float(params["temperature_k"])
    contours = phase_diagram(left, tables[f"{prefix}_map"], temperature,
                             float(params["sinh_factor"]))
    left.set_title(f"$U$ = {params['u_ev']:g} eV, $d$ = {params['d_nm']:g} nm, "
                   f"$T$ = {temperature:g} K, $\\varepsilon = 5$\ndash-dot: $J=0$"
                   + ("; solid: $|z_nJ|=T$" if contours else ""), fontsize=7)
    outside_label(left, "a")
    splitting_curves(right, tables[f"{prefix}_curves"])
    right.legend(fontsize=7, **(legend_kw or {"loc": "lower left"}))
    right.set_title(r"$\varepsilon = 5$", fontsize=7)
    outside_label(right, "b")
    inset = right.inset_axes(list(inset_bounds))
    grain_size_inset(inset, tables[f"{prefix}_inset"], float(params["curve_jsd_ev"][0]))
    return fig
