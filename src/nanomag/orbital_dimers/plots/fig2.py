"""Fig. 2: moments of the two particles with (red) and without (green) dipolar coupling."""

from __future__ import annotations

import numpy as np


def draw(tables, params):
    """Six panels (a)-(f) of arrows with length proportional to |M_i| from ``moment_arrows``."""
    from matplotlib.patches import Circle

    from nanomag.plotting import new_figure, panel_label

    frame = tables["moment_arrows"]
    fig, axes = new_figure(3, 2, width_in=3.4, height_in=3.6)
    scale = 1.1 / np.max(np.abs(frame[["moment_noninteracting_over_chicz_h",
                                       "moment_interacting_over_chicz_h"]].to_numpy()))
    signs = {"both paramagnetic": r"$\chi_1>0,\ \chi_2>0$",
             "both diamagnetic": r"$\chi_1<0,\ \chi_2<0$",
             "opposite": r"$\chi_1>0,\ \chi_2<0$"}
    for panel, rows in frame.groupby("panel", sort=True):
        index = "abcdef".index(panel)
        ax = axes[index % 3, index // 3]
        transverse = rows["field_direction"].iloc[0] == "transverse"
        for row in rows.itertuples():
            z = 0.0 if row.particle == 1 else 1.8
            for value, colour, offset in ((row.moment_noninteracting_over_chicz_h, "#2ca02c", -0.12),
                                          (row.moment_interacting_over_chicz_h, "#d62728", 0.12)):
                length = value * scale
                if transverse:   # field and moments along x, drawn vertically
                    ax.annotate("", xy=(z + offset, length / 2), xytext=(z + offset, -length / 2),
                                arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.4))
                else:            # field and moments along z (the dimer axis), drawn horizontally
                    ax.annotate("", xy=(z + length / 2, offset), xytext=(z - length / 2, offset),
                                arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.4))
            ax.add_patch(Circle((z, 0), 0.3, facecolor="#f2e2a6", edgecolor="0.4", zorder=0))
        # the applied field H of the panel
        if transverse:
            ax.annotate("", xy=(2.42, 0.45), xytext=(2.42, -0.45),
                        arrowprops=dict(arrowstyle="-|>", color="0.35", lw=0.9))
            ax.text(2.42, 0.5, r"$H$", ha="center", va="bottom", fontsize=7, color="0.35")
        else:
            ax.annotate("", xy=(1.35, 0.56), xytext=(0.45, 0.56),
                        arrowprops=dict(arrowstyle="-|>", color="0.35", lw=0.9))
            ax.text(1.45, 0.56, r"$H$", ha="left", va="center", fontsize=7, color="0.35")
        direction = "x, y" if transverse else "z"
        shift = rows["delta_chi_first_order_over_chicz"].iloc[0]
        ax.set_title(f"{signs[rows['sign_case'].iloc[0]]}\n"
                     rf"$\Delta\chi_{{{direction}}} {'>' if shift > 0 else '<'} 0$", fontsize=7)
        panel_label(ax, panel, x=-0.02, y=1.0)
        ax.set_xlim(-0.75, 2.55)
        ax.set_ylim(-0.62, 0.72)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.text(0.5, 0.005, r"green: $d\to\infty$; red: coupled, $d = %g\,a$; length $\propto |M_i|$;"
             r" grey: field $H$" % params["d_over_a"], ha="center", fontsize=7)
    return fig
