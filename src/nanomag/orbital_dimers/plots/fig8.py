"""Fig. 8: equilibrium density of M_z1/M0 vs K/C in the heuristic dimer model (App. B)."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure


def draw(tables, params):
    """Draw Fig. 8 from ``thermal_density`` (k_over_c, mz1_over_m0, density).

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        The ``fig8`` slice (``c``).
    """
    from matplotlib.colors import LogNorm

    data = tables["thermal_density"]
    r = np.unique(data["k_over_c"].to_numpy())
    s = np.unique(data["mz1_over_m0"].to_numpy())
    p = (data.sort_values(["k_over_c", "mz1_over_m0"])["density"].to_numpy()
         .reshape(r.size, s.size))
    fig, ax = new_figure(1, 1, width_in=3.4, height_in=2.7)
    floor = max(p.max() * 1e-6, 1e-300)
    mesh = ax.pcolormesh(r, s, np.clip(p, floor, None).T, shading="nearest",
                         norm=LogNorm(vmin=floor, vmax=p.max()), rasterized=True)
    ax.axvline(1.0, color="w", lw=0.6, ls="--")
    ax.set_xlabel(r"$K/C = (\gamma d^3)^{-1}$")
    ax.set_ylabel(r"$M_{z1}/M_0$")
    ax.set_title(rf"$C = \beta\gamma M_0^2 = {params['c']:g}$", fontsize=8)
    fig.colorbar(mesh, ax=ax, label=r"$P_1(M_{z1}/M_0)$")
    fig.tight_layout()
    return fig
