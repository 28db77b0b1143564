"""Fig. 1: level scheme of the S = 1/2 dimer from Eq. 2 (schematic)."""

from __future__ import annotations

import pandas as pd

from nanomag.plotting import new_figure, panel_label
from nanomag.vibrational_magnetism.plots._common import reading_note

_TITLES = {"a": "exchange J < 0", "b": "+ easy-axis $I_{mn}$", "c": "+ vibrations $\\alpha,\\zeta$"}
_COLORS = {"m=+1": "#d62728", "m=-1": "#1f77b4", "m=0 (+)": "0.45", "m=0 (-)": "0.0"}
# kets |S, m_z> of panel (a); with zeta != 0 the two m_z = 0 levels mix singlet and triplet
_LABELS = {"m=+1": r"$|1,+1\rangle$", "m=-1": r"$|1,-1\rangle$",
           "m=0 (+)": r"$|1,0\rangle$ (upper $m_z=0$)",
           "m=0 (-)": r"$|0,0\rangle$ singlet (lower $m_z=0$)"}


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Draw the three-stage level diagram from the table ``level_scheme``.

    Eq. 2 levels (reading ``params['i_minus_sign']``) are drawn as lines, the exact
    diagonalisation of Eq. 1 as crosses. Energies in units of \\|J\\|. In panel (a) the
    singlet and the triplet are named beside their levels; the legend (below the panels)
    names every level by its ket |S, m_z>.
    """
    frame = tables["level_scheme"]
    fig, axes = new_figure(1, 3, width_in=6.0, height_in=3.1, sharey=True,
                           layout="constrained")
    handles = {}
    for ax, (panel, sub) in zip(axes, frame.groupby("panel", sort=True)):
        energies = sub["energy_eq2_over_abs_j"].to_numpy()
        # spread (near-)degenerate levels horizontally so that degeneracies are visible
        slots = {}
        for i in energies.argsort():
            slots.setdefault(round(float(energies[i]), 6), []).append(i)
        for members in slots.values():
            width = 0.8 / len(members)
            for n, i in enumerate(members):
                row = sub.iloc[i]
                x0 = 0.1 + n * width
                handles[row["state"]] = ax.hlines(
                    row["energy_eq2_over_abs_j"], x0 + 0.02, x0 + width - 0.02,
                    color=_COLORS[row["state"]], lw=2.0)
                ax.plot(x0 + width / 2, row["energy_ed_over_abs_j"], "x", color="0.5", ms=4)
        if panel == "a":
            singlet = sub.loc[sub["state"] == "m=0 (-)", "energy_eq2_over_abs_j"].iloc[0]
            triplet = sub.loc[sub["state"] == "m=+1", "energy_eq2_over_abs_j"].iloc[0]
            ax.annotate("singlet S = 0", (0.5, singlet), xytext=(0, 4),
                        textcoords="offset points", ha="center", fontsize=7)
            ax.annotate("triplet S = 1", (0.5, triplet), xytext=(0, 4),
                        textcoords="offset points", ha="center", fontsize=7)
        ax.set_xlim(0, 1)
        ax.margins(y=0.15)   # room for the panel letter above the highest level
        ax.set_xticks([])
        ax.set_title(_TITLES.get(panel, panel), fontsize=8)
        panel_label(ax, panel)
    axes[0].set_ylabel("energy [|J|]")
    order = [s for s in ("m=+1", "m=-1", "m=0 (+)", "m=0 (-)") if s in handles]
    fig.legend([handles[s] for s in order], [_LABELS[s] for s in order],
               loc="outside upper center", ncol=4, fontsize=6.5, frameon=False)
    sign = params.get("i_minus_sign", "exact")
    rule = "$I_-=I_+-(I_{12}+I_{21})/2$ (agrees with ED)" if sign == "exact" else \
        "$I_-=I_+-(I_{12}-I_{21})/2$ as printed (differs from ED)"
    reading_note(axes[1], f"Lines: Eq. 2 with {rule}; crosses: exact diagonalisation of Eq. 1. "
                          f"J = {params['exchange']}, I12 = {params['i12']}, I21 = {params['i21']}, "
                          f"alpha = {params['alpha']}, zeta = {params['zeta']} (units of |J|). "
                          "With zeta != 0 the two m_z = 0 levels mix |0,0> and |1,0>.")
    return fig
