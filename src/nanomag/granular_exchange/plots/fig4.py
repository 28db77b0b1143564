"""Fig. 4: map of Delta J / J vs (U, Jsd)."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure


def draw(tables, params):
    """Colour: Delta J / J clipped at +-``color_limit_percent``; black: J = 0 lines."""
    from nanomag.granular_exchange.plots._maps import pivot

    frame = tables["fig4_relative_change_map"]
    u, jsd, rel = pivot(frame, "u_ev", "jsd_ev", "delta_j_over_j_percent")
    _, _, zj_inf = pivot(frame, "u_ev", "jsd_ev", "zj_inf_k")
    _, _, zj = pivot(frame, "u_ev", "jsd_ev", "zj_k")
    lim = float(params["color_limit_percent"])
    fig, ax = new_figure(width_in=3.6, height_in=3.0)
    mesh = ax.pcolormesh(u, jsd, np.clip(rel, -lim, lim), cmap="RdBu_r", vmin=-lim, vmax=lim,
                         shading="nearest", rasterized=True)
    cbar = fig.colorbar(mesh, ax=ax, pad=0.02, extend="both")
    cbar.set_label(r"$\Delta J/J$ (%)")
    ax.contour(u, jsd, zj_inf, levels=[0], colors="k", linestyles="dashdot", linewidths=0.8)
    ax.contour(u, jsd, zj, levels=[0], colors="k", linestyles="solid", linewidths=0.8)
    ef = float(params["ef_ev"])
    ax.plot(u, u + ef, color="0.3", lw=0.6, ls=":")
    ax.plot(u, u, color="0.3", lw=0.6, ls="--")
    ax.set_xlim(u.min(), u.max())
    ax.set_ylim(jsd.min(), jsd.max())
    ax.set_xlabel(r"$U$ (eV)")
    ax.set_ylabel(r"$J_{sd}$ (eV)")
    ax.set_title(f"$a$ = {params['a_nm']:g} nm, $d$ = {params['d_nm']:g} nm, "
                 f"$E_F$ = {ef:g} eV; J = 0: solid ($\\varepsilon$=5), dash-dot ($\\infty$);\n"
                 r"dotted $J_{sd}=U+E_F$, dashed $J_{sd}=U$", fontsize=6.5)
    return fig
