"""Fig. 4: (a) two ligand-capped NCs in contact; (b) ligand thickness; (c) Fisher density."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def _contact_sketch(ax, params):
    """Two NC cross-sections drawn to scale from the configured diameter and thicknesses."""
    from matplotlib.patches import Circle

    r = 0.5 * params["nc_diameter_nm"]
    d1, d2 = params["sketch_thickness_nm"]
    sep = 2 * r + d1 + d2
    c1, c2 = np.array([0.0, 0.0]), np.array([sep, 0.0])
    for c, d in ((c1, d1), (c2, d2)):
        # ligand shell of the thickness at the contact (the paper's grey regions): the two
        # shells touch at P only
        ax.add_patch(Circle(c, r + d, color="0.8", ec="0.55", lw=0.5))
        ax.add_patch(Circle(c, r, color="#e8b04a", ec="0.3", lw=0.8))
    p = np.array([r + d1, 0.0])
    ax.plot(*p, "k+", ms=7)
    ax.annotate("P (contact)", p, (p[0], r + 0.35), ha="center", fontsize=7,
                arrowprops=dict(arrowstyle="-", lw=0.5))
    for c, sgn in ((c1, 1), (c2, -1)):
        q = c + sgn * np.array([r, 0.0])
        ax.plot(*q, "o", color="C1", ms=3, zorder=4)
        ax.annotate("P'", q, (q[0] - sgn * 0.55, -0.55), ha="center", fontsize=7, color="C1",
                    arrowprops=dict(arrowstyle="-", lw=0.5, color="C1"))
    y = -r - 0.35
    ax.annotate("", (r, y), (r + d1, y), arrowprops=dict(arrowstyle="<->", lw=0.6,
                                                        shrinkA=0, shrinkB=0))
    ax.annotate("", (r + d1, y), (sep - r, y), arrowprops=dict(arrowstyle="<->", lw=0.6,
                                                              shrinkA=0, shrinkB=0))
    for xa, xb in ((r, r), (r + d1, r + d1), (sep - r, sep - r)):
        ax.plot([xa, xb], [y - 0.08, -0.05], color="0.4", lw=0.4)
    ax.text(r + d1 / 2, y - 0.35, rf"$d_\mathrm{{lig}}$ = {d1} | {d2} nm", ha="center",
            fontsize=6)
    # regular surface dipoles and one extra dipole on the NC whose shell is thinner
    rng = np.random.default_rng(1)
    for c in (c1, c2):
        a = 2 * np.pi * rng.random(6)
        ax.plot(c[0] + r * np.cos(a), c[1] + r * np.sin(a), "o", color="0.3", ms=2.5)
    thin = c1 if d1 < params["extra_threshold_nm"] else c2
    sgn = 1 if thin is c1 else -1
    e = thin + r * np.array([sgn * np.cos(0.35), np.sin(0.35)])
    ax.plot(*e, "o", color="C0", ms=4)
    ax.annotate("extra dipole", e, (e[0] - sgn * 0.9, e[1] + 0.9), color="C0", fontsize=6,
                ha="center", arrowprops=dict(arrowstyle="-", lw=0.5, color="C0"))
    ax.text(c1[0], c1[1], f"NC\n$d_{{NC}}$ = {params['nc_diameter_nm']} nm", ha="center",
            va="center", fontsize=6)
    ax.set_aspect("equal")
    ax.set_xlim(-r - 0.7, sep + r + 0.7)
    ax.set_ylim(-r - 0.9, r + 0.7)
    ax.axis("off")


def draw(tables: dict, params: dict):
    """Draw Fig. 4 from ``ligand_thickness`` and ``fisher_density`` tables."""
    lig = tables["ligand_thickness"]
    fis = tables["fisher_density"]
    fig, axes = new_figure(1, 3, width_in=7.0, height_in=2.4,
                           gridspec_kw={"width_ratios": [1.6, 1, 1]})
    _contact_sketch(axes[0], params)
    panel_label(axes[0], "a")
    ax = axes[1]
    ax.plot(lig["thickness_nm"], lig["density_per_nm"], label="truncated at 0 (sampled)")
    ax.plot(lig["thickness_nm"], lig["parent_normal_per_nm"], "--", color="0.5", lw=0.8,
            label=f"N({params['ligand_mean_nm']}, {params['ligand_sd_nm']}) nm")
    thr = params["extra_threshold_nm"]
    sel = lig["thickness_nm"] <= thr
    ax.fill_between(lig["thickness_nm"][sel], 0, lig["density_per_nm"][sel], color="C0",
                    alpha=0.2, lw=0, label=f"extra dipole ($d_\\mathrm{{lig}}$ < {thr} nm)")
    ax.set_xlabel(r"ligand thickness $d_\mathrm{lig}$ (nm)")
    ax.set_ylabel(r"probability density (nm$^{-1}$)")
    ax.set_ylim(0, 1.45 * float(lig["density_per_nm"].max()))
    ax.legend(fontsize=5.5, loc="upper right")
    panel_label(ax, "b", x=-0.02, y=1.12)
    ax = axes[2]
    ax.plot(fis["theta_deg"], fis["density_per_sr"], color="C0")
    ax.set_xlabel(r"angle from P$'$, $\theta$ (deg)")
    ax.set_ylabel(r"$P(\mathbf{r}_\mathrm{dip})$ (sr$^{-1}$)")
    ax.set_xlim(0, 180)
    ax.set_ylim(0, 1.3 * float(fis["density_per_sr"].max()))
    ax.text(0.95, 0.6, rf"Fisher, $\kappa$ = {params['fisher_kappa']}"
            "\n" r"$C(\kappa)e^{\kappa\cos\theta}$", transform=ax.transAxes, ha="right",
            fontsize=7)
    panel_label(ax, "c", x=-0.02, y=1.12)
    fig.tight_layout()
    return fig
