"""Helpers shared by the map figures (Figs. 5-7)."""

from __future__ import annotations

import numpy as np


def pivot(frame, x: str, y: str, value: str):
    """Grid arrays (x, y, Z[y, x]) from a long table on a rectangular grid."""
    table = frame.pivot(index=y, columns=x, values=value)
    return table.columns.to_numpy(), table.index.to_numpy(), table.to_numpy()


def diverging_norm(values):
    """Colour norm centred on 0 whose two sides end at the data's own extremes.

    A symmetric scale would leave a weak side (e.g. a few kelvin of FM coupling beside
    hundreds of kelvin of AFM coupling) in white; here each side uses the full colour range.
    """
    import matplotlib.colors as mcolors

    low, high = float(np.min(values)), float(np.max(values))
    tiny = 1e-12 * max(abs(low), abs(high), 1.0)
    return mcolors.TwoSlopeNorm(vmin=min(low, -tiny), vcenter=0.0, vmax=max(high, tiny))


def diverging_colorbar(mesh, ax, label: str):
    """Colour bar of a :func:`diverging_norm` map with ticks on both sides of 0."""
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    norm = mesh.norm
    cbar = ax.figure.colorbar(mesh, ax=ax, pad=0.02)
    ticks = np.unique(np.concatenate([MaxNLocator(4).tick_values(norm.vmin, 0.0),
                                      MaxNLocator(3).tick_values(0.0, norm.vmax)]))
    cbar.set_ticks(ticks[(ticks >= norm.vmin) & (ticks <= norm.vmax)])
    cbar.ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    cbar.set_label(label)
    return cbar


def outside_label(ax, letter: str) -> None:
    """Panel letter above the upper-left corner of ``ax``, left of the title (never over
    data)."""
    ax.text(-0.15, 1.01, f"({letter})", transform=ax.transAxes, ha="left", va="bottom",
            fontweight="bold")


def phase_diagram(ax, frame, temperature_k: float, sinh_factor: float,
                  cbar_label: str = r"$z_nJ$ (K)"):
    """Colour map of z_n J on (a, Jsd) with the J = 0 and |z_n J| = T contours, the labels of
    the states that occur and a note naming the paper's states that do not."""
    a, jsd, zj = pivot(frame, "a_nm", "jsd_ev", "zj_k")
    mesh = ax.pcolormesh(a, jsd, zj, cmap="RdBu_r", norm=diverging_norm(zj), shading="nearest",
                         rasterized=True)
    diverging_colorbar(mesh, ax, cbar_label)
    ax.contour(a, jsd, zj, levels=[0.0], colors="k", linestyles="dashdot", linewidths=1.0)
    levels = [lv for lv in (-temperature_k, temperature_k) if zj.min() < lv < zj.max()]
    if levels:
        ax.contour(a, jsd, zj, levels=levels, colors="k", linestyles="solid", linewidths=0.8)
    # label each magnetic state at the centre of mass of its region
    states = {"SFM": zj > temperature_k, "SPM": np.abs(zj) <= temperature_k,
              "SSG": zj < -temperature_k}
    aa, jj = np.meshgrid(a, jsd)
    for name, mask in states.items():
        if mask.sum() > 0.01 * mask.size:
            idx = np.argmin((aa - aa[mask].mean())**2 / np.ptp(a)**2
                            + (jj - jj[mask].mean())**2 / np.ptp(jsd)**2 + (~mask) * 1e9)
            ax.text(aa.flat[idx], jj.flat[idx], name, ha="center", va="center", fontsize=8,
                    fontweight="bold")
    missing = []
    if not states["SFM"].any():
        missing.append(rf"no SFM ($z_nJ>T$): max $z_nJ$ = {zj.max():.1f} K")
    if not states["SSG"].any():
        missing.append(rf"no SSG ($z_nJ<-T$): min $z_nJ$ = {zj.min():.1f} K")
    if missing:
        ax.text(0.98, 0.03, "\n".join(missing) + f"\n(printed Eqs. 12, 17, $g$ = {sinh_factor:g})",
                transform=ax.transAxes, ha="right", va="bottom", fontsize=6.5,
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="0.6", alpha=0.9))
    ax.set_xlabel(r"grain radius $a$ (nm)")
    ax.set_ylabel(r"$J_{sd}$ (eV)")
    return bool(levels)


def splitting_curves(ax, frame, ylabel: str = r"$z_nJ$ (K)"):
    """z_n J vs Jsd, one line per radius."""
    for a, group in frame.groupby("a_nm", sort=True):
        ax.plot(group["jsd_ev"], group["zj_k"], label=f"$a$ = {a:g} nm")
    ax.axhline(0.0, color="0.5", lw=0.6)
    ax.set_xlabel(r"$J_{sd}$ (eV)")
    ax.set_ylabel(ylabel)


def grain_size_inset(ax, frame, jsd_ev: float):
    """Inset: z_n J vs a at one splitting, with the linear eps -> infinity reference."""
    group = frame[np.isclose(frame["jsd_ev"], jsd_ev)]
    ax.plot(group["a_nm"], group["zj_k"], color="k", lw=1.0, label=r"$\varepsilon=5$")
    ax.plot(group["a_nm"], group["zj_inf_k"], color="0.5", lw=0.9, ls="-.",
            label=r"$\varepsilon\to\infty$")
    ax.axhline(0.0, color="0.7", lw=0.5)
    ax.set_xlabel(r"$a$ (nm)", fontsize=7, labelpad=1)
    ax.set_ylabel(r"$z_nJ$ (K)", fontsize=7, labelpad=1)
    ax.tick_params(labelsize=6)
    ax.set_title(rf"$J_{{sd}}$ = {jsd_ev:g} eV", fontsize=7, pad=2)
    ax.legend(fontsize=6, loc="best", handlelength=1.5)
