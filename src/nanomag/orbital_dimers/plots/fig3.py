"""Fig. 3: zero-field moments of a dimer of equal particles vs chi/chi_c^z."""

from __future__ import annotations

import numpy as np


def draw(tables, params):
    """Total moment (red, both degenerate branches) and single-particle moment (blue dashed)."""
    from nanomag.orbital_dimers.plots.phases import PHASE_COLOURS
    from nanomag.plotting import new_figure

    frame = tables["equal_particles"]
    r = frame["chi_over_chicz"].to_numpy()
    fig, ax = new_figure(width_in=3.4, height_in=2.6)
    # phase backgrounds from the computed phase labels
    phase = frame["phase"].to_numpy()
    edges = np.concatenate([[r[0]], 0.5 * (r[1:] + r[:-1]), [r[-1]]])
    start = 0
    for i in range(1, len(r) + 1):
        if i == len(r) or phase[i] != phase[start]:
            ax.axvspan(edges[start], edges[i], color=PHASE_COLOURS[phase[start]], lw=0, alpha=0.6)
            start = i
    total = frame["total_moment_over_m0"].to_numpy()
    single = frame["moment_1_over_m0"].to_numpy()
    ax.plot(r, total, color="#b2182b", label=r"$2m_z/M_0$")
    ax.plot(r, -total, color="#b2182b")
    ax.plot(r, single, "--", color="#2166ac", label=r"$M_{zi}/M_0$")
    ax.plot(r, -single, "--", color="#2166ac")
    ax.set_xlabel(r"$\chi/\chi_c^z$")
    ax.set_ylabel(r"$2m_z/M_0$,  $M_{zi}/M_0$")
    ax.set_xlim(r[0], r[-1])
    ax.set_ylim(-2.1, 2.1)
    ax.legend(loc="upper left")
    return fig
