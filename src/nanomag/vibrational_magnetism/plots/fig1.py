"""Fig. 1: level scheme of the S = 1/2 dimer from Eq. 2 (schematic)."""

from __future__ import annotations

import pandas as pd

from nanomag.plotting import new_figure, panel_label
from nanomag.vibrational_magnetism.plots._common import reading_note

_TITLES = {"a": "exchange J < 0", "b": "+ easy-axis $I_{mn}$", "c": "+ vibrations $\\alpha,\\zeta$"}
_COLORS = {"m=+1": "#d62728", "m=-1": "#1f77b4", "m=0 (+)": "0.35", "m=0 (-)": "0.0"}
_LABELS = {"m=+1": r"$|1,+1\rangle$", "m=-1": r"$|1,-1\rangle$", "m=0 (+)": r"$m_z=0,+$",
           "m=0 (-)": r"$m_z=0,-$"}


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Draw the three-stage level diagram from the table ``level_scheme``.

    Eq. 2 levels (reading ``params['i_minus_sign']``) are drawn as lines, the exact
    diagonalisation of Eq. 1 as crosses. Energies in units of \\|J\\|.
    """
    frame = tables["level_scheme"]
    fig, axes = new_figure(1, 3, width_in=6.0, height_in=2.8, sharey=True,
                           layout="constrained")
    for ax, (panel, sub) in zip(axes, frame.groupby("panel", sort=True)):
        energies = sub["energy_eq2_over_abs_j"].to_numpy()
        # spread (near-)degenerate levels horizontally so that degeneracies are visible
        order = energies.argsort()
        slots = {}
        for i in order:
            key = round(float(energies[i]), 6)
            slots.setdefault(key, []).append(i)
        for key, members in slots.items():
            width = 0.8 / len(members)
            for n, i in enumerate(members):
                row = sub.iloc[i]
                x0 = 0.1 + n * width
                ax.hlines(row["energy_eq2_over_abs_j"], x0 + 0.02, x0 + width - 0.02,
                          color=_COLORS[row["state"]], lw=2.0,
                          label=_LABELS[row["state"]] if panel == "a" else None)
                ax.plot(x0 + width / 2, row["energy_ed_over_abs_j"], "x", color="0.5", ms=4)
        ax.set_xlim(0, 1)
        ax.set_xticks([])
        ax.set_title(_TITLES.get(panel, panel), fontsize=8)
        panel_label(ax, panel)
    axes[0].set_ylabel("energy [|J|]")
    axes[0].legend(loc="upper right", fontsize=6, handlelength=1.2, ncol=2, columnspacing=0.8)
    sign = params.get("i_minus_sign", "exact")
    rule = "$I_-=I_+-(I_{12}+I_{21})/2$ (agrees with ED)" if sign == "exact" else \
        "$I_-=I_+-(I_{12}-I_{21})/2$ as printed (differs from ED)"
    reading_note(axes[1], f"Lines: Eq. 2 with {rule}; crosses: exact diagonalisation of Eq. 1. "
                          f"J = {params['exchange']}, I12 = I21 = {params['i12']}, "
                          f"alpha = {params['alpha']}, zeta = {params['zeta']} (units of |J|).")
    return fig
