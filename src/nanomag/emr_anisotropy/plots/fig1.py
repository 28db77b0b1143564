"""Fig. 1: EMR angular dependence, model H_res(alpha_H) with simulated line shapes."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def draw(tables: dict, params: dict):
    """Draw Fig. 1 from ``resonance_field`` and ``simulated_spectra`` tables.

    One panel per sample: simulated derivative-Lorentzian lines (not the measured spectra,
    which are not published) stacked at their field angle, open dots at the zero crossing
    H_res and the model H_res(alpha_H) of Eqs. 4-5 (dashed).
    """
    hres = tables["resonance_field"]
    spec = tables["simulated_spectra"]
    samples = [s["name"] for s in params["samples"]]
    fig, axes = new_figure(1, len(samples), width_in=6.8, height_in=3.6, sharey=True)
    axes = np.atleast_1d(axes)
    angles = np.asarray(params["spectra_angles_deg"], dtype=float)
    step = np.min(np.diff(np.sort(angles))) if angles.size > 1 else 15.0
    for ax, name, letter in zip(axes, samples, "abcdefgh"):
        h = hres[hres["sample"] == name]
        sp = spec[spec["sample"] == name]
        for ang, grp in sp.groupby("alpha_h_deg"):
            ax.plot(grp["field_mt"], ang + 0.8 * step * grp["signal_arb"], color="0.25", lw=0.8)
            ax.plot(grp["h_res_mt"].iloc[0], ang, "o", mfc="white", mec="C0", ms=4, zorder=3)
        ax.plot(h["h_res_mt"], h["alpha_h_deg"], "--", color="C0", lw=1.0,
                label=r"model $H_\mathrm{res}(\alpha_H)$, Eqs. 4-5")
        smp = next(s for s in params["samples"] if s["name"] == name)
        ax.set_title(f"{name}: A = {smp['a_mt']} mT, B = {smp['b_mt']} mT, "
                     f"C = {smp.get('c_mt', 0.0)} mT", fontsize=8)
        ax.set_xlabel(r"$\mu_0 H$ (mT)")
        ax.set_xlim(float(sp["field_mt"].min()), float(sp["field_mt"].max()))
        panel_label(ax, letter, x=0.9)
    axes[0].set_ylabel(r"field angle $\alpha_H$ (deg)")
    axes[0].set_ylim(angles.min() - step, angles.max() + step)
    axes[0].legend(loc="lower right", fontsize=7)
    fig.text(0.5, -0.04,
             f"Simulated derivative-Lorentzian lines (peak-to-peak width "
             f"{params['linewidth_pp_mt']} mT) centred at the model H_res; the measured spectra "
             "are not published and are not shown.", ha="center", fontsize=7, color="0.3")
    return fig
