"""Fig. 1: EMR angular dependence, model H_res(alpha_H) with simulated line shapes."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label


def draw(tables: dict, params: dict):
    """Draw Fig. 1 from ``resonance_field`` and ``simulated_spectra`` tables.

    One panel per sample: simulated derivative-Lorentzian lines (not the measured spectra,
    which are not published) stacked at their field angle, open dots at the zero crossing
    H_res and the model H_res(alpha_H) of Eqs. 4-5 (dashed); red crosses: the H_res the text
    reads off the measured spectra, with the model's value at the same angle beside them.
    """
    hres = tables["resonance_field"]
    spec = tables["simulated_spectra"]
    samples = [s["name"] for s in params["samples"]]
    fig, axes = new_figure(1, len(samples), width_in=6.8, height_in=4.0, sharey=True)
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
        for k, mark in enumerate(m for m in params.get("text_h_res", []) if m["sample"] == name):
            ax.plot(mark["h_res_mt"], mark["alpha_h_deg"], "x", color="C3", ms=7, mew=1.5,
                    zorder=4, label="text (measured)" if k == 0 else None)
            model = h.iloc[int(np.argmin(np.abs(h["alpha_h_deg"] - mark["alpha_h_deg"])))]
            # between two stacked lines, right of the resonance where the traces are flat
            ax.text(mark["h_res_mt"] + 45.0, mark["alpha_h_deg"] + 0.5 * step,
                    f"text {mark['h_res_mt']:g} mT\nmodel {model['h_res_mt']:.1f} mT",
                    color="C3", fontsize=6.5, va="center", linespacing=1.0)
        for line in params.get("isotropic_lines", []):
            if line["sample"] == name:
                ax.annotate(f"isotropic line\n{line['field_mt']:g} mT (text)",
                            (line["field_mt"], angles.max() + 0.4 * step),
                            (line["field_mt"] + 60.0, angles.max() + 1.0 * step),
                            fontsize=6.5, color="C2", va="center",
                            arrowprops=dict(arrowstyle="-", lw=0.5, color="C2"))
        smp = next(s for s in params["samples"] if s["name"] == name)
        ax.set_title(f"({letter}) {name}\nA = {smp['a_mt']} mT, B = {smp['b_mt']} mT, "
                     f"C = {smp.get('c_mt', 0.0)} mT", fontsize=8)
        ax.set_xlabel(r"$\mu_0 H$ (mT)")
        ax.set_xlim(float(sp["field_mt"].min()), float(sp["field_mt"].max()))
    axes[0].set_ylabel(r"field angle $\alpha_H$ (deg)")
    axes[0].set_ylim(angles.min() - step, angles.max() + 1.6 * step)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=7,
               bbox_to_anchor=(0.5, 0.0), frameon=False)
    fig.text(0.5, -0.035,
             f"Simulated derivative-Lorentzian lines (peak-to-peak width "
             f"{params['linewidth_pp_mt']} mT) centred at the model H_res; the measured spectra "
             "are not published and are not shown.", ha="center", fontsize=7, color="0.3")
    fig.subplots_adjust(bottom=0.2)
    return fig
