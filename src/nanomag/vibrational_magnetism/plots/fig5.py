"""Fig. 5: moment per site vs T for AFM/FM exchange, |J| = 5 and 50 meV, five Phi."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.plotting import new_figure, panel_label
from nanomag.vibrational_magnetism.plots._common import reading_note

# the paper's colours for the three rescaled curves, then two more
_COLORS = ["#2ca02c", "#e377c2", "#1f77b4", "#ff7f0e", "#000000"]


def _phi_label(phi: float, factor: float) -> str:
    exp = f"{phi:.0e}".split("e")
    text = rf"$\Phi=10^{{{int(exp[1])}}}\omega_0$" if exp[0] == "1" else rf"$\Phi={phi:g}\omega_0$"
    if factor != 1:
        text += rf" ($\times${factor:g})"
    return text


def _spin(spin: float) -> str:
    return f"{int(spin)}" if float(spin).is_integer() else f"{int(2 * spin)}/2"


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Four panels of <S_m^z>(T); the smallest-Phi curves multiplied by the paper's factors."""
    frame = tables["moment_per_site"]
    fig, axes = new_figure(2, 2, width_in=6.8, height_in=5.0, layout="constrained")
    axes = np.atleast_1d(axes)
    panels = {p["letter"]: p for p in params["panels"]}
    for ax, letter in zip(axes.flat, sorted(panels)):
        panel = panels[letter]
        sub = frame[frame["panel"] == letter]
        for n, (phi, curve) in enumerate(sub.groupby("phi_over_omega0", sort=True)):
            curve = curve.sort_values("temperature_k")
            factor = float(curve["visibility_factor"].iloc[0])
            ax.plot(curve["temperature_k"], curve["moment_per_site"] * factor,
                    color=_COLORS[n % len(_COLORS)], label=_phi_label(phi, factor))
        kind = "AFM, J < 0" if panel["sign"] == "afm" else "FM, J > 0"
        ax.set_title(f"{kind}, |J| = {panel['abs_exchange_mev']:g} meV", fontsize=8)
        ax.set_xlabel("T [K]")
        ax.set_ylabel(r"$\langle S^z_m\rangle$ [$\hbar$]")
        ax.set_ylim(bottom=0)
        panel_label(ax, letter)
    axes.flat[0].legend(fontsize=6, loc="center right")
    anis = ("$I\\,S_1^zS_2^z$" if params["anisotropy"] == "intersite"
            else "$D(S_1^{z2}+S_2^{z2})$ on site")
    reading_note(axes.flat[2],
                 f"Reading: S = {_spin(params['spin'])} (text: 1/2; caption: 1), anisotropy {anis} "
                 f"= {params['anisotropy_over_abs_exchange']:g}|J| in every $H_k$, "
                 f"A = {params['spin_lattice_over_abs_exchange']:g}|J| (not given), "
                 rf"$\omega_0$ = {params['omega0_mev']:g} meV, $r_S=r_A$ = {params['r_s_angstrom']:g} "
                 f"Å, printed $\\sqrt{{2}}\\pi r$ prefactors, {params['n_k']}² k points on "
                 f"$[-{params['k_max_per_angstrom']:.3g}, {params['k_max_per_angstrom']:.3g}]^2$ Å$^{{-1}}$.")
    return fig
