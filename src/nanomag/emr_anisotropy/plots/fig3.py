"""Fig. 3: (a) coordinate system; (b-d) F_dip of random dipoles vs orientation of M."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label

PLANE_LABEL = {"xy": r"$\mathbf{M}$ in the xy-plane, angle from x",
               "xz": r"$\mathbf{M}$ in the xz-plane, angle from x",
               "yz": r"$\mathbf{M}$ in the yz-plane, angle from y"}


def _sketch(ax, params):
    """Oblique projection of the sample cylinder (height = diameter), axes, M, H and r_ij."""
    def proj(p):
        p = np.asarray(p, dtype=float)
        return np.stack([p[..., 1] - 0.5 * p[..., 0], p[..., 2] - 0.35 * p[..., 0]], -1)

    def arrow(a, b, color, lw=1.0, style="-|>"):
        ax.annotate("", xy=proj(b), xytext=proj(a), annotation_clip=False,
                    arrowprops=dict(arrowstyle=style, color=color, lw=lw, shrinkA=0, shrinkB=0))

    t = np.linspace(0, 2 * np.pi, 200)
    for z in (-1, 1):
        ring = proj(np.stack([np.cos(t), np.sin(t), np.full_like(t, z)], -1))
        ax.plot(ring[:, 0], ring[:, 1], color="0.55", lw=0.8)
    # silhouette lines: the extreme points of the projected ring, joined top to bottom
    for k in (int(np.argmax(ring[:, 0])), int(np.argmin(ring[:, 0]))):
        ct, st = np.cos(t[k]), np.sin(t[k])
        seg = proj(np.array([[ct, st, -1.0], [ct, st, 1.0]]))
        ax.plot(seg[:, 0], seg[:, 1], color="0.55", lw=0.8)
    rng = np.random.default_rng(int(params["seed"]))
    n = 30
    rho, ph, z = np.sqrt(rng.random(n)), 2 * np.pi * rng.random(n), 2 * rng.random(n) - 1
    pts3 = np.stack([rho * np.cos(ph), rho * np.sin(ph), z], -1)
    pts = proj(pts3)
    ax.scatter(pts[:, 0], pts[:, 1], s=7, color="0.7", zorder=2)
    o = np.zeros(3)
    for vec, lab in (([2.2, 0, 0], "x"), ([0, 1.8, 0], "y"), ([0, 0, 1.8], "z")):
        arrow(o, vec, "k", 0.8, "->")
        e = proj(vec)
        ax.text(e[0] + 0.05, e[1] + 0.05, lab, fontsize=8)
    a_m, b_m = np.deg2rad(50.0), np.deg2rad(40.0)
    mv = 1.5 * np.array([np.sin(b_m) * np.cos(a_m), np.sin(b_m) * np.sin(a_m), np.cos(b_m)])
    arrow(o, mv, "C0", 1.6)
    e = proj(mv)
    ax.text(e[0] + 0.05, e[1], r"$\mathbf{M}$ ($\alpha_M$, $\beta_M$)", color="C0", fontsize=7)
    hv = 1.6 * np.array([np.cos(np.deg2rad(75)), np.sin(np.deg2rad(75)), 0])
    arrow(o, hv, "C1", 1.3)
    e = proj(hv)
    ax.text(e[0] + 0.05, e[1] - 0.15, r"$\mathbf{H}$ ($\alpha_H$, in xy)", color="C1", fontsize=7)
    i, j = pts3[np.argmin(pts[:, 0])], pts3[np.argmax(pts[:, 1])]
    arrow(i, j, "C2", 1.0, "->")
    mid = (proj(i) + proj(j)) / 2
    ax.text(mid[0] - 0.9, mid[1] + 0.1, r"$\mathbf{r}_{ij}$ ($\alpha_{ij}$, $\beta_{ij}$)",
            color="C2", fontsize=7)
    ax.set_xlim(-2.0, 2.4)
    ax.set_ylim(-2.0, 2.2)
    ax.set_aspect("equal")
    ax.axis("off")


def draw(tables: dict, params: dict):
    """Draw Fig. 3 from the ``dipolar_energy`` table.

    (a) sketch; (b-d) brute-force Eq. 2 at the sampled orientations (dots) and the traceless
    Eq. 3 fit (lines), one colour per random arrangement.
    """
    t = tables["dipolar_energy"]
    fig, axes = new_figure(2, 2, width_in=6.8, height_in=5.2)
    axes = axes.ravel()
    _sketch(axes[0], params)
    panel_label(axes[0], "a")
    for ax, plane, letter in zip(axes[1:], ("xy", "xz", "yz"), "bcd"):
        for arr, grp in t[t["plane"] == plane].groupby("arrangement"):
            col = f"C{int(arr)}"
            s = grp[grp["sampled"] == 1]
            ax.plot(s["angle_deg"], s["f_dip_j_per_m3"], "o", ms=3, color=col,
                    label=f"arrangement {int(arr) + 1}: Eq. 2")
            ax.plot(grp["angle_deg"], grp["f_eff_j_per_m3"], "-", lw=1.0, color=col,
                    label="fit of Eq. 3" if arr == 0 else None)
        ax.set_xlim(0, 360)
        ax.set_xticks(np.arange(0, 361, 90))
        ax.set_xlabel(PLANE_LABEL[plane] + " (deg)")
        ax.set_ylabel(r"$F_\mathrm{dip}$ (J/m$^3$)")
        panel_label(ax, letter, x=-0.22, y=1.12)
    handles, labels = axes[1].get_legend_handles_labels()
    fig.suptitle(f"{params['n_dipoles']} dipoles of {params['moment_mu_b']} $\\mu_B$, "
                 f"{params['density_per_nm3']} per nm$^3$, cylinder with height = diameter",
                 fontsize=8)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=7,
               frameon=False)
    return fig
