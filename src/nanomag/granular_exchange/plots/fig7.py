"""Fig. 7: normalised exchange z_n J / a on (a, Jsd) and vs a for several Jsd."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def draw(tables, params):
    """(a) map of z_n J / a with its zero contour; (b) z_n J / a vs a (eps = 5 solid,
    eps -> infinity dash-dotted: constant)."""
    import matplotlib.colors as mcolors

    from nanomag.granular_exchange.plots._maps import pivot

    fig, (left, right) = new_figure(1, 2, width_in=7.0, height_in=3.0, layout="constrained")
    a, jsd, z = pivot(tables["fig7_map"], "a_nm", "jsd_ev", "zj_over_a_k_per_nm")
    lim = float(np.max(np.abs(z)))
    mesh = left.pcolormesh(a, jsd, z, cmap="RdBu_r", shading="nearest", rasterized=True,
                           norm=mcolors.TwoSlopeNorm(vmin=-lim, vcenter=0.0, vmax=lim))
    cbar = fig.colorbar(mesh, ax=left, pad=0.02)
    cbar.set_label(r"$z_nJ/a$ (K/nm)")
    left.contour(a, jsd, z, levels=[0], colors="k", linestyles="dashdot", linewidths=1.0)
    left.set_xlabel(r"grain radius $a$ (nm)")
    left.set_ylabel(r"$J_{sd}$ (eV)")
    left.set_title(f"$U$ = {params['u_ev']:g} eV, $d$ = {params['d_nm']:g} nm; "
                   "dash-dot: $J = 0$", fontsize=7)
    panel_label(left, "a")
    curves = tables["fig7_curves"]
    for jsd_value, g in curves.groupby("jsd_ev", sort=True):
        line, = right.plot(g["a_nm"], g["zj_over_a_k_per_nm"],
                           label=f"$J_{{sd}}$ = {jsd_value:g} eV")
        right.plot(g["a_nm"], g["zj_inf_k"] / g["a_nm"], ls="-.", lw=0.9,
                   color=line.get_color())
    right.axhline(0, color="0.5", lw=0.6)
    right.set_xlabel(r"grain radius $a$ (nm)")
    right.set_ylabel(r"$z_nJ/a$ (K/nm)")
    right.legend(fontsize=6.5, loc="center right", ncol=2)
    panel_label(right, "b")
    return fig
