"""Fig. 2: dimer total moment vs (J_k, alpha_k) at T = 3 K for S = 1/2, 1, 3/2, 2."""

from __future__ import annotations

import pandas as pd

from nanomag.plotting import panel_label
from nanomag.vibrational_magnetism.plots._common import (moment_map, moment_map_grid,
                                                          reading_note)

_READING_TEXT = {
    "exact": r"exact diagonalisation of $H=J\,\mathbf{S}_1\cdot\mathbf{S}_2+\alpha(S_1^z+S_2^z)$",
    "field_on_one_spin": r"variant: field on one spin, $H=J\,\mathbf{S}_1\cdot\mathbf{S}_2+\alpha S_1^z$",
    "eq5_printed": "variant: the printed Eq. 5 taken literally",
}


def _spin_label(spin: float) -> str:
    return f"S = {int(spin)}" if float(spin).is_integer() else f"S = {int(2 * spin)}/2"


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Colour maps of <S1z + S2z> (signed, black = 0) with the step lines of the exact model.

    Dashed: |alpha| = n J, n = 1 ... 2S, where the T = 0 ground state of the exact spectrum
    steps from M = n - 1 to n. Dotted: 3|alpha| = J, the crossover stated in the text.
    One legend for all panels, below them.
    """
    frame = tables["phase_map"]
    spins = sorted(frame["spin"].unique())
    fig, axes = moment_map_grid(len(spins))
    letters = "abcdefgh"
    handles = {}
    for n, spin in enumerate(spins):
        ax = axes.flat[n]
        j, a = moment_map(fig, ax, frame[frame["spin"] == spin], "alpha_mev", spin)
        jp = j[j > 0]
        for step in range(1, int(round(2 * spin)) + 1):
            for sgn in (1, -1):
                line, = ax.plot(jp, sgn * step * jp, "--", color="w", lw=0.8)
            handles.setdefault("step", line)
        for sgn in (1, -1):
            line, = ax.plot(jp, sgn * jp / 3, ":", color="0.75", lw=1.0)
        handles.setdefault("printed", line)
        ax.set_xlim(j.min(), j.max())
        ax.set_ylim(a.min(), a.max())
        ax.set_xlabel(r"$J_k$ [meV]  (FM < 0 < AFM)")
        ax.set_ylabel(r"$\alpha_k$ [meV]")
        ax.set_title(_spin_label(spin), fontsize=8)
        panel_label(ax, letters[n])
        ax.texts[-1].set_color("w")
    fig.legend([handles["step"], handles["printed"]],
               [r"$|\alpha|=nJ$, $n=1\ldots2S$: steps of the exact T = 0 ground state",
                r"$3|\alpha|=J$: crossover stated in the text"],
               loc="outside upper center", ncol=2, fontsize=7, frameon=True,
               facecolor="0.2", edgecolor="none", labelcolor="w")
    reading = params.get("reading", "exact")
    reading_note(axes.flat[0], f"T = {params['temperature_k']} K. Reading: "
                 f"{_READING_TEXT.get(reading, reading)}. Model vs text: the moment sets in at "
                 r"$|\alpha| = J$, not at $3|\alpha| = J$ (scorecard).")
    return fig
