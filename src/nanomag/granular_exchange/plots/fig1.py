"""Fig. 1: two grains of radius a at surface distance d in a matrix of permittivity eps."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure


def draw(tables, params):
    """Schematic drawn from ``params``: ``a_nm``, ``d_nm``, ``permittivity``, ``ef_ev``."""
    import matplotlib.patches as mpatches

    from nanomag.granular_exchange.profiles import barrier_decay_constant, step_radius_nm

    a, d = float(params["a_nm"]), float(params["d_nm"])
    fig, ax = new_figure(width_in=3.4, height_in=2.2)
    ax.add_patch(mpatches.Rectangle((-2.3 * a, -1.4 * a), 5.05 * a, 2.8 * a, fc="0.93", ec="none"))
    centres = (-(a + d / 2), a + d / 2)
    for i, (xc, arrow) in enumerate(zip(centres, (1, 1)), start=1):
        ax.add_patch(mpatches.Circle((xc, 0), a, fc="#c9d7ea", ec="k", lw=1.0))
        ax.annotate("", xy=(xc, 0.6 * a), xytext=(xc, -0.6 * a),
                    arrowprops=dict(arrowstyle="-|>", lw=1.6, color="#d62728"))
        ax.text(xc + 0.12 * a, 0.35 * a, rf"$\mathbf{{M}}_{i}$", fontsize=9)
    # radius and distance
    xc = centres[0]
    ax.plot([xc, xc - a * np.cos(np.pi / 4)], [0, -a * np.sin(np.pi / 4)], "k-", lw=0.8)
    ax.text(xc - 0.55 * a, -0.3 * a, r"$a$", fontsize=9)
    ax.annotate("", xy=(-d / 2, -0.75 * a), xytext=(d / 2, -0.75 * a),
                arrowprops=dict(arrowstyle="<->", lw=0.8))
    ax.text(0, -0.95 * a, r"$d$", ha="center", va="top", fontsize=9)
    # contact region of radius sqrt(2a/kappa0) (Appendix A)
    rc = step_radius_nm(a, barrier_decay_constant(float(params["ef_ev"])))
    ax.add_patch(mpatches.Rectangle((-d / 2, -rc), d, 2 * rc, fc="#ffd27f", ec="none", alpha=0.8))
    ax.annotate("", xy=(0, rc), xytext=(0, 0), arrowprops=dict(arrowstyle="->", lw=0.8))
    ax.text(0.0, 1.04 * rc, r"$r_\perp$", ha="center", va="bottom", fontsize=8)
    # coordinate system
    x0, y0 = 2.05 * a + d / 2, -1.2 * a
    ax.annotate("", xy=(x0 + 0.5 * a, y0), xytext=(x0, y0), arrowprops=dict(arrowstyle="->"))
    ax.annotate("", xy=(x0, y0 + 0.5 * a), xytext=(x0, y0), arrowprops=dict(arrowstyle="->"))
    ax.text(x0 + 0.52 * a, y0, "$z$", va="center", fontsize=8)
    ax.text(x0, y0 + 0.55 * a, "$x$", ha="center", fontsize=8)
    ax.text(-2.2 * a, 1.25 * a, rf"matrix, $\varepsilon$ = {params['permittivity']:g}",
            va="top", fontsize=8)
    ax.text(2.65 * a, 1.25 * a, f"$a$ = {a:g} nm, $d$ = {d:g} nm", va="top", ha="right",
            fontsize=7)
    ax.set_xlim(-2.3 * a, 2.75 * a)
    ax.set_ylim(-1.4 * a, 1.4 * a)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig
