"""Fig. 4: map of Delta J / J vs (U, Jsd)."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure


def draw(tables, params):
    """Colour: Delta J / J clipped at +-``color_limit_percent``; J = 0 lines: black solid
    (eps = 5) and white dotted (eps -> infinity, where Delta J / J_inf diverges)."""
    from nanomag.granular_exchange.plots._maps import pivot
    from nanomag.granular_exchange.plots.fig3 import DENOMINATOR_LABEL

    frame = tables["fig4_relative_change_map"]
    u, jsd, rel = pivot(frame, "u_ev", "jsd_ev", "delta_j_over_j_percent")
    _, _, zj_inf = pivot(frame, "u_ev", "jsd_ev", "zj_inf_k")
    _, _, zj = pivot(frame, "u_ev", "jsd_ev", "zj_k")
    lim = float(params["color_limit_percent"])
    fig, ax = new_figure(width_in=3.6, height_in=3.2)
    mesh = ax.pcolormesh(u, jsd, np.clip(rel, -lim, lim), cmap="RdBu_r", vmin=-lim, vmax=lim,
                         shading="nearest", rasterized=True)
    cbar = fig.colorbar(mesh, ax=ax, pad=0.02, extend="both")
    cbar.set_label(DENOMINATOR_LABEL[params.get("relative_change_denominator", "j_inf")])
    ax.contour(u, jsd, zj, levels=[0], colors="k", linestyles="solid", linewidths=1.2)
    ax.contour(u, jsd, zj_inf, levels=[0], colors="w", linestyles="dotted", linewidths=1.0)
    ef = float(params["ef_ev"])
    ax.plot(u, u + ef, color="0.3", lw=0.6, ls=(0, (1, 3)))
    ax.plot(u, u, color="0.3", lw=0.6, ls="--")
    ax.set_xlim(u.min(), u.max())
    ax.set_ylim(jsd.min(), jsd.max())
    ax.set_xlabel(r"$U$ (eV)")
    ax.set_ylabel(r"$J_{sd}$ (eV)")
    ax.set_title(f"$a$ = {params['a_nm']:g} nm, $d$ = {params['d_nm']:g} nm, "
                 f"$E_F$ = {ef:g} eV; $J=0$: black solid ($\\varepsilon$ = 5),\n"
                 r"white dotted ($\varepsilon\to\infty$); grey: $J_{sd}=U+E_F$ (sparse dots), "
                 r"$J_{sd}=U$ (dashed)", fontsize=6.2)
    return fig
