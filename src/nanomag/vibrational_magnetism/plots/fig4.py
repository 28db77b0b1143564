"""Fig. 4: S = 1 dimer moment vs (J, T) with alpha(T) of Eq. 7, four omega0."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.plotting import new_figure, panel_label
from nanomag.vibrational_magnetism.plots._common import black_centred_cmap, reading_note


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Colour maps of <S1z + S2z> vs J (x) and T (y), one panel per omega0."""
    frame = tables["phase_map_temperature"]
    omegas = sorted(frame["omega0_mev"].unique())
    spin = float(params["spin"])
    ncols = 2 if len(omegas) > 1 else 1
    nrows = int(np.ceil(len(omegas) / ncols))
    fig, axes = new_figure(nrows, ncols, width_in=3.4 * ncols, height_in=2.7 * nrows,
                           layout="constrained")
    axes = np.atleast_1d(axes)
    cmap = black_centred_cmap()
    for n, omega0 in enumerate(omegas):
        ax = axes.flat[n]
        sub = frame[frame["omega0_mev"] == omega0]
        j = np.unique(sub["exchange_mev"].to_numpy())
        t = np.unique(sub["temperature_k"].to_numpy())
        m = sub.pivot(index="temperature_k", columns="exchange_mev", values="total_moment")
        mesh = ax.pcolormesh(j, t, m.loc[t, j].to_numpy(), cmap=cmap, vmin=-2 * spin,
                             vmax=2 * spin, shading="nearest", rasterized=True)
        cbar = fig.colorbar(mesh, ax=ax, pad=0.02)
        cbar.set_label(r"$\langle S_1^z+S_2^z\rangle$ [$\hbar$]")
        ax.set_xlabel(r"$J$ [meV]  (FM < 0 < AFM)")
        ax.set_ylabel("T [K]")
        ax.set_title(rf"$\omega_0$ = {omega0:g} meV", fontsize=8)
        panel_label(ax, "abcdefgh"[n])
        ax.texts[-1].set_color("w")
    for ax in axes.flat[len(omegas):]:
        ax.set_visible(False)
    x = params["a_phi"]
    reading = params["a_phi_reading"]
    what = (f"A$\\Phi$ = {x} meV$^2$ (printed '{x} $\\mu$eV' read as meV$^2$)"
            if reading == "mev_squared" else
            f"A$\\Phi$ = {x} $\\mu$eV$\\cdot$meV (literal reading)")
    reading_note(axes.flat[0], rf"S = {spin:g}, $H=J\,\mathbf{{S}}_1\cdot\mathbf{{S}}_2+"
                 rf"\alpha(T)(S_1^z+S_2^z)$, $\alpha(T)=-(6A\Phi/\omega_0)\coth(\omega_0/2k_BT)$, "
                 f"{what}.")
    return fig
