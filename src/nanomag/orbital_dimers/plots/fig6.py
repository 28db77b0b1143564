"""Fig. 6: zero-field susceptibility vs k_F a at three temperatures; zeros marked in (c)."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw(tables, params):
    """Draw Fig. 6 from ``zfs_size`` (t_over_tf, kfa, chi_over_chil) and ``zeros_in_range``.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        Merged ``material`` and ``fig6`` slices.
    """
    zfs = tables["zfs_size"]
    zeros = tables["zeros_in_range"]
    temps = sorted(zfs["t_over_tf"].unique(), reverse=True)
    fig, axes = new_figure(len(temps), 1, width_in=6.8, height_in=1.9 * len(temps))
    colors = ["tab:red", "tab:blue", "tab:green"]
    for i, (ax, t) in enumerate(zip(axes, temps)):
        grp = zfs[zfs["t_over_tf"] == t]
        ax.plot(grp["kfa"], grp["chi_over_chil"], color=colors[i % 3], lw=0.9)
        mant, exp = f"{t:.0e}".split("e")
        title = rf"$T/T_F={mant}\times10^{{{int(exp)}}}$"
        if i == len(temps) - 1:
            # the zeros zeta_nl as short grey ticks along the bottom, behind the curve (a
            # full-height line per zero would cover the panel: there are hundreds in range)
            ax.vlines(zeros["zeta"], 0.0, 0.07, transform=ax.get_xaxis_transform(),
                      color="0.45", lw=0.4, zorder=0)
            title += r"; grey ticks: zeros $\zeta_{nl}$ of $j_l$"
        ax.axhline(0.0, color="k", lw=0.6, ls="--")
        ax.set_xlim(grp["kfa"].min(), grp["kfa"].max())
        ax.set_ylabel(r"$\chi/|\chi_L|$")
        # labels above the panel, where they cover no peak
        ax.set_title(title, loc="right", fontsize=7, pad=2)
        ax.set_title(f"({'abc'[i]})", loc="left", fontsize=9, fontweight="bold", pad=2)
    axes[-1].set_xlabel(r"$k_F a$")
    fig.tight_layout()
    return fig
