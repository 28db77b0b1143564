"""Fig. 4: S = 1 dimer moment vs (J, T) with alpha(T) of Eq. 7, four omega0."""

from __future__ import annotations

import pandas as pd

from nanomag.plotting import panel_label
from nanomag.vibrational_magnetism.plots._common import (moment_map, moment_map_grid,
                                                          reading_note)


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Colour maps of <S1z + S2z> vs J (x) and T (y), one panel per omega0."""
    frame = tables["phase_map_temperature"]
    omegas = sorted(frame["omega0_mev"].unique())
    spin = float(params["spin"])
    fig, axes = moment_map_grid(len(omegas))
    for n, omega0 in enumerate(omegas):
        ax = axes.flat[n]
        moment_map(fig, ax, frame[frame["omega0_mev"] == omega0], "temperature_k", spin)
        ax.set_xlabel(r"$J$ [meV]  (FM < 0 < AFM)")
        ax.set_ylabel("T [K]")
        ax.set_title(rf"$\omega_0$ = {omega0:g} meV", fontsize=8)
        panel_label(ax, "abcdefgh"[n])
        ax.texts[-1].set_color("w")
    x = params["a_phi"]
    reading = params["a_phi_reading"]
    what = (f"A$\\Phi$ = {x} meV$^2$ (printed '{x} $\\mu$eV' read as meV$^2$)"
            if reading == "mev_squared" else
            f"A$\\Phi$ = {x} $\\mu$eV$\\cdot$meV (literal reading)")
    reading_note(axes.flat[0], rf"S = {spin:g}, $H=J\,\mathbf{{S}}_1\cdot\mathbf{{S}}_2+"
                 rf"\alpha(T)(S_1^z+S_2^z)$, $\alpha(T)=-(6A\Phi/\omega_0)\coth(\omega_0/2k_BT)$, "
                 f"{what}.")
    return fig
