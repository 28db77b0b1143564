"""Fig. 1: sketch of the dimer, drawn to scale from the configured radii and distance."""

from __future__ import annotations


def draw(tables, params):
    """Two spheres of radii ``a1``, ``a2`` [a] at centre distance ``d_over_a`` [a] along z."""
    from matplotlib.patches import Circle, FancyArrowPatch

    from nanomag.plotting import new_figure

    a1, a2, d = params["a1"], params["a2"], params["d_over_a"]
    fig, ax = new_figure(width_in=3.4, height_in=2.2)
    for z, radius, label in ((0.0, a1, r"$a_1,\ \chi_1$"), (d, a2, r"$a_2,\ \chi_2$")):
        ax.add_patch(Circle((z, 0.0), radius, facecolor="#e6c35c", edgecolor="0.2", lw=1.0))
        ax.plot([z, z + radius * 0.707], [0, radius * 0.707], color="0.2", lw=0.8)
        ax.text(z, -radius - 0.25, label, ha="center", va="top")
    ax.annotate("", xy=(d, 0), xytext=(0, 0),
                arrowprops=dict(arrowstyle="<->", color="0.2", lw=0.8))
    ax.text(d / 2, 0.08, r"$d$", ha="center", va="bottom")
    # applied field: along the axis (longitudinal) and across it (transverse)
    top = max(a1, a2) + 0.45
    ax.add_patch(FancyArrowPatch((-0.4, top), (0.6, top), arrowstyle="-|>", mutation_scale=10,
                                 color="tab:blue"))
    ax.text(0.65, top, r"$H\parallel z$", va="center", color="tab:blue")
    ax.add_patch(FancyArrowPatch((d + 0.9, top - 0.5), (d + 0.9, top + 0.5), arrowstyle="-|>",
                                 mutation_scale=10, color="tab:green"))
    ax.text(d + 1.0, top, r"$H\perp z$", va="center", color="tab:green")
    # axes: z along the dimer, x across it
    ax.annotate("", xy=(d + 1.9, -1.0), xytext=(d + 1.2, -1.0),
                arrowprops=dict(arrowstyle="-|>", color="0.3", lw=0.8))
    ax.text(d + 1.95, -1.0, r"$z$", va="center")
    ax.annotate("", xy=(d + 1.2, -0.3), xytext=(d + 1.2, -1.0),
                arrowprops=dict(arrowstyle="-|>", color="0.3", lw=0.8))
    ax.text(d + 1.2, -0.25, r"$x$", ha="center", va="bottom")
    ax.set_xlim(-a1 - 0.6, d + 2.3)
    ax.set_ylim(-max(a1, a2) - 0.8, top + 0.7)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"$d = {d:g}\\,a$, $a_2/a_1 = {a2 / a1:.2f}$", fontsize=8)
    return fig
