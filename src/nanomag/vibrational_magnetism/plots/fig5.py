"""Fig. 5: moment per site vs T for AFM/FM exchange, |J| = 5 and 50 meV, five Phi."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanomag.plotting import new_figure, panel_label
from nanomag.vibrational_magnetism.plots._common import reading_note

# the caption's green, magenta and blue for the three rescaled curves, then two more
_COLORS = ["#2ca02c", "#ff00ff", "#1f77b4", "#ff7f0e", "#000000"]


def _phi_label(phi: float, factor: float) -> str:
    exp = f"{phi:.0e}".split("e")
    text = rf"$\Phi=10^{{{int(exp[1])}}}\omega_0$" if exp[0] == "1" else rf"$\Phi={phi:g}\omega_0$"
    if factor != 1:
        text += rf" $\times${factor:g}"
    return text


def _spin(spin: float) -> str:
    return f"{int(spin)}" if float(spin).is_integer() else f"{int(2 * spin)}/2"


def draw(tables: dict[str, pd.DataFrame], params: dict):
    """Four panels of f x <S_m^z>(T), f the visibility factor of each curve (in the legend).

    The titles of the FM panels state how far the curves fall after their maximum (read off
    the drawn table), since the paper says the FM moment "peaks and then decays".
    """
    frame = tables["moment_per_site"]
    fig, axes = new_figure(2, 2, width_in=6.8, height_in=5.4, layout="constrained")
    axes = np.atleast_1d(axes)
    panels = {p["letter"]: p for p in params["panels"]}
    handles, fm_decays = [], []
    for ax, letter in zip(axes.flat, sorted(panels)):
        panel = panels[letter]
        sub = frame[frame["panel"] == letter]
        decays = []
        for n, (phi, curve) in enumerate(sub.groupby("phi_over_omega0", sort=True)):
            curve = curve.sort_values("temperature_k")
            factor = float(curve["visibility_factor"].iloc[0])
            m = curve["moment_per_site"].to_numpy()
            line, = ax.plot(curve["temperature_k"], m * factor, color=_COLORS[n % len(_COLORS)],
                            label=_phi_label(phi, factor))
            if len(handles) < sub["phi_over_omega0"].nunique():
                handles.append(line)
            decays.append((m.max() - m[-1]) / m.max())
        kind = "AFM, J < 0" if panel["sign"] == "afm" else "FM, J > 0"
        title = f"{kind}, |J| = {panel['abs_exchange_mev']:g} meV"
        if panel["sign"] == "fm":
            fm_decays.append(max(decays))
            title += f"\nlargest fall after the maximum: {100 * max(decays):.1f} %"
        ax.set_title(title, fontsize=8)
        ax.set_xlabel("T [K]")
        ax.set_ylabel(r"$f\times\langle S^z_m\rangle$ [$\hbar$]")
        ax.set_ylim(bottom=0)
        panel_label(ax, letter)
    fig.legend(handles=handles, loc="outside upper center", ncol=len(handles), fontsize=6.5,
               frameon=False, title=r"curve: $\Phi$ and visibility factor $f$ (legend order)",
               title_fontsize=7)
    scaled = frame.loc[frame["visibility_factor"] != 1, "phi_over_omega0"].unique()
    which = ", ".join(f"{p:g}" for p in sorted(scaled)) or "none"
    departs = (" Model vs text: no FM curve falls by 10 % after its maximum (text: 'peaks and "
               "then decays'; numbers in the FM panels)." if fm_decays and max(fm_decays) < 0.1
               else "")
    anis = ("$I\\,S_1^zS_2^z$" if params["anisotropy"] == "intersite"
            else "$D(S_1^{z2}+S_2^{z2})$ on site")
    reading_note(axes.flat[2],
                 f"Reading: S = {_spin(params['spin'])} (text: 1/2; caption: 1), anisotropy {anis} "
                 f"= {params['anisotropy_over_abs_exchange']:g}|J| in every $H_k$, "
                 f"A = {params['spin_lattice_over_abs_exchange']:g}|J| (not given), "
                 rf"$\omega_0$ = {params['omega0_mev']:g} meV, $r_S=r_A$ = {params['r_s_angstrom']:g} "
                 f"Å, printed $\\sqrt{{2}}\\pi r$ prefactors, {params['n_k']}² cell-centred k points "
                 f"on $[-{params['k_max_per_angstrom']:.3g}, {params['k_max_per_angstrom']:.3g}]^2$ "
                 "Å$^{-1}$. The paper does not say which curves carry its factors f; here "
                 f"$\\Phi/\\omega_0$ = {which}." + departs)
    return fig
