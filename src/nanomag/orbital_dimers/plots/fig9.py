"""Fig. 9: critical susceptibility of an N-particle chain, with the sketch of the chain."""

from __future__ import annotations


def _chain_sketch(ax):
    """The paper's inset: N identical spheres of radius a on the z axis, spacing d."""
    from matplotlib.patches import Circle

    radius, spacing = 1.0, 3.0
    for i, z in enumerate((0.0, spacing, 2 * spacing)):
        ax.add_patch(Circle((z, 0.0), radius, facecolor="#e6c35c", edgecolor="0.3", lw=0.6))
    ax.text(2 * spacing + 2.1, 0.0, r"$\cdots$", ha="center", va="center", fontsize=8)
    ax.add_patch(Circle((2 * spacing + 4.2, 0.0), radius, facecolor="#e6c35c", edgecolor="0.3",
                        lw=0.6))
    ax.annotate("", xy=(spacing, -1.6), xytext=(0.0, -1.6),
                arrowprops=dict(arrowstyle="<->", color="0.2", lw=0.6))
    ax.text(0.5 * spacing, -1.75, r"$d$", ha="center", va="top", fontsize=7)
    ax.plot([0.0, radius * 0.707], [0.0, radius * 0.707], color="0.2", lw=0.6)
    ax.text(0.0, 1.15, r"$a,\ \chi>0$", ha="left", va="bottom", fontsize=6)
    ax.text(2 * spacing + 4.2, 1.15, r"$N$", ha="center", va="bottom", fontsize=6)
    ax.annotate("", xy=(2 * spacing + 6.2, 0.0), xytext=(2 * spacing + 5.4, 0.0),
                arrowprops=dict(arrowstyle="-|>", color="0.3", lw=0.6))
    ax.text(2 * spacing + 6.35, 0.0, r"$z$", va="center", fontsize=6)
    ax.set_xlim(-1.3, 2 * spacing + 7.0)
    ax.set_ylim(-2.6, 2.0)
    ax.set_aspect("equal")
    ax.axis("off")


def draw(tables, params):
    """Red dots chi_c,N/chi_c^z vs N and the dashed N -> infinity limit (both from the table
    ``chain_critical_susceptibility``); inset: the chain."""
    from nanomag.plotting import new_figure

    frame = tables["chain_critical_susceptibility"]
    limit = float(frame["chi_c_inf_over_chicz"].iloc[0])
    fig, ax = new_figure(width_in=3.4, height_in=2.5)
    ax.plot(frame["n_particles"], frame["chi_cn_over_chicz"], "o", color="#d62728", ms=4,
            label=r"$\chi^z_{c,N}/\chi^z_c$, Eq. (C1)")
    ax.axhline(limit, color="k", ls="--", lw=1.0,
               label=r"$\chi^z_{c,\infty}/\chi^z_c = 1/[2\zeta(3)] \simeq %.3f$" % limit)
    ax.set_xlabel(r"number of particles $N$")
    ax.set_ylabel(r"$\chi^z_{c,N}/\chi^z_c$")
    ax.set_ylim(0.3, 1.05)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 0.33), fontsize=6.5, frameon=False)
    _chain_sketch(ax.inset_axes([0.42, 0.55, 0.56, 0.42]))
    return fig
