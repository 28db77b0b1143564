"""Fig. 3: coth(omega0 / 2 k_B T) / omega0 vs T for ten vibrational energies."""

from __future__ import annotations

import pandas as pd

from nanomag.plotting import new_figure


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Semi-log plot of the temperature factor of Eq. 7 [1/meV] vs T [K]."""
    import matplotlib.pyplot as plt

    frame = tables["displacement_factor"]
    fig, ax = new_figure(1, 1, width_in=3.6, height_in=2.8)
    omegas = sorted(frame["omega0_mev"].unique())
    colors = plt.cm.viridis_r([i / max(len(omegas) - 1, 1) for i in range(len(omegas))])
    for omega0, color in zip(omegas, colors):
        sub = frame[frame["omega0_mev"] == omega0].sort_values("temperature_k")
        ax.plot(sub["temperature_k"], sub["coth_over_omega0_per_mev"], color=color,
                label=f"{omega0:g}")
    ax.set_yscale("log")
    ax.set_xlabel("T [K]")
    ax.set_ylabel(r"$\coth(\beta\omega_0/2)/\omega_0$ [meV$^{-1}$]")
    ax.legend(title=r"$\omega_0$ [meV]", ncol=2, fontsize=6, title_fontsize=7,
              loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
