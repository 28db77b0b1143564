"""Fig. 3: z_n J vs Jsd for a = 1..5 nm (upper) and Delta J / J (lower)."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label

#: Axis label of Delta J / J under each reading of its denominator.
DENOMINATOR_LABEL = {"j_inf": r"$\Delta J/J_\infty$ (%)",
                     "sum": r"$\Delta J/(J_\varepsilon+J_\infty)$ (%)"}


def draw(tables, params):
    """Solid: eps = 5 (a eps_c = ``eps_c_times_a_ev_nm``); dash-dotted: eps -> infinity."""
    from matplotlib.lines import Line2D

    frame = tables["fig3_exchange_vs_splitting"]
    fig, (top, bottom) = new_figure(2, 1, width_in=3.4, height_in=4.8, sharex=True)
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
    styles = [Line2D([], [], color="k", lw=1.2, label=r"$\varepsilon=5$"),
              Line2D([], [], color="k", lw=1.0, ls="-.", label=r"$\varepsilon\to\infty$")]
    handles, _ = top.get_legend_handles_labels()
    top.legend(handles=handles + styles, loc="lower left", fontsize=7, ncol=2)
    # headroom for the note above the curves
    values = frame[["zj_k", "zj_inf_k"]].to_numpy()
    low, high = float(values.min()), float(values.max())
    top.set_ylim(low - 0.05 * (high - low), high + 0.3 * (high - low))
    largest = frame[frame["a_nm"] == frame["a_nm"].max()]
    top.text(0.98, 0.97, f"peak at $a$ = {largest['a_nm'].iloc[0]:g} nm: "
             f"{largest['zj_k'].max():.1f} K ($\\varepsilon=5$),\n"
             f"{largest['zj_inf_k'].max():.1f} K ($\\varepsilon\\to\\infty$); "
             "text: above 100 K", transform=top.transAxes, ha="right", va="top", fontsize=6)
    top.set_title(f"$U$ = {params['u_ev']:g} eV, $d$ = {params['d_nm']:g} nm, "
                  f"$E_F$ = {params['ef_ev']:g} eV, sinh factor $g$ = {params['sinh_factor']:g}",
                  fontsize=6.5)
    bottom.set_ylim(lo, hi)
    bottom.axhline(0, color="0.5", lw=0.6)
    bottom.set_xlabel(r"$J_{sd}$ (eV)")
    bottom.set_ylabel(DENOMINATOR_LABEL[params.get("relative_change_denominator", "j_inf")])
    panel_label(top, "upper", x=0.03, y=0.97)
    panel_label(bottom, "lower", x=0.03, y=0.97)
    return fig
