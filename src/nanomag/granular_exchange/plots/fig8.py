"""Fig. 8: transverse wave-function factor (Eq. 29) and the step model."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw(tables, params):
    """Red: exp(-kappa r^2 / 2a); blue: step of equal area, radius sqrt(2a/kappa)."""
    frame = tables["fig8_wavefunction_factor"]
    fig, ax = new_figure(width_in=3.4, height_in=2.4)
    ax.plot(frame["r_perp_nm"], frame["gaussian_factor"], color="#d62728",
            label=r"Eq. (29): $e^{-\varkappa r_\perp^2/2a}$")
    ax.plot(frame["r_perp_nm"], frame["step_factor"], color="#1f77b4", drawstyle="steps-post",
            label=r"model: 1 for $r_\perp<\sqrt{2a/\varkappa}$")
    ax.set_xlabel(r"$r_\perp$ (nm)")
    ax.set_ylabel("wave-function magnitude (rel.)")
    ax.set_ylim(-0.03, 1.42)   # room for the legend above the step
    ax.set_xlim(frame["r_perp_nm"].min(), frame["r_perp_nm"].max())
    ax.legend(loc="upper right", fontsize=7)
    ax.set_title(rf"$a$ = {params['a_nm']:g} nm, $\varkappa=\varkappa_0$ "
                 f"($E_F$ = {params['ef_ev']:g} eV)", fontsize=8)
    return fig
