"""Fig. 4: zero-field phase diagram in the (chi1, chi2) plane."""

from __future__ import annotations

import numpy as np


def draw(tables, params):
    """Numerical phases (``phase_diagram``) as colours; the analytic boundaries
    (``boundary_lines``) as lines."""
    from matplotlib.colors import ListedColormap

    from nanomag.orbital_dimers.plots.phases import PHASE_COLOURS
    from nanomag.orbital_dimers.saturating import PHASES
    from nanomag.plotting import new_figure

    frame = tables["phase_diagram"]
    r1 = np.unique(frame["chi1_over_chicz"].to_numpy())
    r2 = np.unique(frame["chi2_over_chicz"].to_numpy())
    codes = frame["phase"].map({p: i for i, p in enumerate(PHASES)}).to_numpy()
    image = codes.reshape(len(r1), len(r2)).T  # rows: chi2, columns: chi1
    fig, ax = new_figure(width_in=3.2, height_in=3.4)
    cmap = ListedColormap([PHASE_COLOURS[p] for p in PHASES])
    ax.pcolormesh(r1, r2, image, cmap=cmap, vmin=-0.5, vmax=len(PHASES) - 0.5, shading="nearest",
                  rasterized=True)
    # analytic boundaries (Sec. IV), only where they separate two phases (table)
    lines = tables["boundary_lines"]
    styles = {"ordered": dict(color="k", lw=1.2, label=r"$\chi_1\chi_2 = (\chi_c^z)^2$"),
              "para_dia": dict(color="k", ls="--", lw=1.0, label=r"$\chi^{zz} = 0$"),
              "noninteracting": dict(color="0.5", lw=0.6, label=r"$\chi_2 = -\chi_1$")}
    for (line, branch), part in lines.groupby(["line", "branch"], sort=False):
        style = dict(styles[line])
        if branch:
            style.pop("label")
        ax.plot(part["chi1_over_chicz"], part["chi2_over_chicz"], **style)
    for name, (cx, cy) in {"aligned": (1.4, 1.5), "anti-aligned": (-1.4, -1.5),
                           "paramagnetic": (0.35, 0.35), "diamagnetic": (-0.4, -0.35)}.items():
        ax.text(cx, cy, name, ha="center", va="center", fontsize=7)
    ax.set_xlim(r1[0], r1[-1])
    ax.set_ylim(r2[0], r2[-1])
    ax.set_aspect("equal")
    ax.set_xlabel(r"$\chi_1/\chi_c^z$")
    ax.set_ylabel(r"$\chi_2/\chi_c^z$")
    # above the axes: inside, the legend would cover phases
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=3, fontsize=6,
              frameon=False, handlelength=1.8, columnspacing=1.0)
    return fig
