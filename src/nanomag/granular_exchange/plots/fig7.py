"""Fig. 7: normalised exchange z_n J / a on (a, Jsd) and vs a for several Jsd."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw(tables, params):
    """(a) map of z_n J / a with its zero contour; (b) z_n J / a vs a (eps = 5 solid,
    eps -> infinity dash-dotted: constant)."""
    from nanomag.granular_exchange.plots._maps import (diverging_colorbar, diverging_norm,
                                                       outside_label, pivot)

    fig, (left, right) = new_figure(1, 2, width_in=7.0, height_in=3.1, layout="constrained")
    fig.get_layout_engine().set(wspace=0.14)   # room between the colour bar and panel (b)
    a, jsd, z = pivot(tables["fig7_map"], "a_nm", "jsd_ev", "zj_over_a_k_per_nm")
    mesh = left.pcolormesh(a, jsd, z, cmap="RdBu_r", shading="nearest", rasterized=True,
                           norm=diverging_norm(z))
    diverging_colorbar(mesh, left, r"$z_nJ/a$ (K/nm)")
    left.contour(a, jsd, z, levels=[0], colors="k", linestyles="dashdot", linewidths=1.0)
    left.set_xlabel(r"grain radius $a$ (nm)")
    left.set_ylabel(r"$J_{sd}$ (eV)")
    left.set_title(f"$U$ = {params['u_ev']:g} eV, $d$ = {params['d_nm']:g} nm, "
                   r"$\varepsilon = 5$; dash-dot: $J = 0$", fontsize=7)
    outside_label(left, "a")
    curves = tables["fig7_curves"]
    for jsd_value, g in curves.groupby("jsd_ev", sort=True):
        line, = right.plot(g["a_nm"], g["zj_over_a_k_per_nm"],
                           label=f"$J_{{sd}}$ = {jsd_value:g} eV")
        right.plot(g["a_nm"], g["zj_inf_k"] / g["a_nm"], ls="-.", lw=0.9,
                   color=line.get_color())
    right.axhline(0, color="0.5", lw=0.6)
    right.set_xlabel(r"grain radius $a$ (nm)")
    right.set_ylabel(r"$z_nJ/a$ (K/nm)")
    right.set_title(r"solid: $\varepsilon = 5$; dash-dot: $\varepsilon\to\infty$", fontsize=7)
    right.legend(fontsize=6.5, loc="center right", ncol=2)
    outside_label(right, "b")
    return fig
