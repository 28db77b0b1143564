"""Fig. 3: z_n J vs Jsd for a = 1..5 nm (upper) and Delta J / J (lower)."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def draw(tables, params):
    """Solid: eps = 5 (a eps_c = ``eps_c_times_a_ev_nm``); dash-dotted: eps -> infinity."""
    frame = tables["fig3_exchange_vs_splitting"]
    fig, (top, bottom) = new_figure(2, 1, width_in=3.4, height_in=4.6, sharex=True)
    lo, hi = params["delta_j_ylim_percent"]
    for a, g in frame.groupby("a_nm", sort=True):
        line, = top.plot(g["jsd_ev"], g["zj_k"], label=f"$a$ = {a:g} nm")
        top.plot(g["jsd_ev"], g["zj_inf_k"], ls="-.", lw=1.0, color=line.get_color())
        rel = g["delta_j_over_j_percent"].to_numpy()
        # do not join the two branches across the divergence at J_inf = 0
        rel = np.where(np.abs(rel) > 5.0 * max(abs(lo), abs(hi)), np.nan, rel)
        bottom.plot(g["jsd_ev"], rel, color=line.get_color())
    top.axhline(0, color="0.5", lw=0.6)
    top.set_ylabel(r"$z_nJ$ (K)")
    top.legend(loc="lower left", fontsize=7, ncol=2)
    top.set_title(r"solid: $\varepsilon=5$; dash-dot: $\varepsilon\to\infty$; "
                  + f"$U$ = {params['u_ev']:g} eV, $d$ = {params['d_nm']:g} nm, "
                  + f"$E_F$ = {params['ef_ev']:g} eV, $g$ = {params['sinh_factor']:g}",
                  fontsize=6.5)
    bottom.set_ylim(lo, hi)
    bottom.axhline(0, color="0.5", lw=0.6)
    bottom.set_xlabel(r"$J_{sd}$ (eV)")
    bottom.set_ylabel(r"$\Delta J/J$ (%)")
    panel_label(top, "upper", x=0.03, y=0.97)
    panel_label(bottom, "lower", x=0.03, y=0.97)
    return fig
