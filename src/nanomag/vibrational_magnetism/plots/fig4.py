"""Fig. 4: S = 1 dimer moment vs (J, T) with alpha(T) of Eq. 7, four omega0."""

from __future__ import annotations

import pandas as pd

from nanomag.plotting import panel_label
from nanomag.vibrational_magnetism.plots._common import (moment_map, moment_map_grid,
                                                          reading_note)


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Colour maps of <S1z + S2z> (black 0 to yellow 2S) vs J (x) and T (y, log scale).

    The moment is never negative here (alpha(T) < 0), so the colour scale is sequential over
    [0, 2S]. For the panel of the largest omega0 the footer states the moment the table
    holds on the AFM side at the highest T (the paper says the FM state is confined to the
    FM side there).
    """
    frame = tables["phase_map_temperature"]
    omegas = sorted(frame["omega0_mev"].unique())
    spin = float(params["spin"])
    fig, axes = moment_map_grid(len(omegas))
    for n, omega0 in enumerate(omegas):
        ax = axes.flat[n]
        _, t = moment_map(fig, ax, frame[frame["omega0_mev"] == omega0], "temperature_k", spin,
                          signed=False, y_scale="log")
        ax.set_ylim(t.min(), t.max())
        ax.set_xlabel(r"$J$ [meV]  (FM < 0 < AFM)")
        ax.set_ylabel("T [K]")
        ax.set_title(rf"$\omega_0$ = {omega0:g} meV", fontsize=8)
        panel_label(ax, "abcdefgh"[n])
        ax.texts[-1].set_color("w")
    last = frame[frame["omega0_mev"] == omegas[-1]]
    hot = last[(last["temperature_k"] == last["temperature_k"].max())
               & (last["exchange_mev"] > 0)]
    x = params["a_phi"]
    what = (f"A$\\Phi$ = {x} meV$^2$ (printed '{x} $\\mu$eV' read as meV$^2$)"
            if params["a_phi_reading"] == "mev_squared" else
            f"A$\\Phi$ = {x} $\\mu$eV$\\cdot$meV (literal reading)")
    reading_note(axes.flat[0],
                 rf"S = {spin:g}, $H=J\,\mathbf{{S}}_1\cdot\mathbf{{S}}_2+\alpha(T)(S_1^z+S_2^z)$, "
                 rf"$\alpha(T)=-(6A\Phi/\omega_0)\coth(\omega_0/2k_BT)$, {what}. "
                 f"Model vs text: in ({'abcdefgh'[len(omegas) - 1]}) the AFM side (J > 0) "
                 f"carries {hot['total_moment'].min():.2f}-{hot['total_moment'].max():.2f} "
                 rf"$\hbar$ at {hot['temperature_k'].iloc[0]:g} K (paramagnetic response to "
                 r"$\alpha(T)$), where the text confines the FM state to J < 0.")
    return fig
