"""Small helpers shared by the plot modules (selection and labels; no physics)."""

from __future__ import annotations

import numpy as np

T_LABEL = r"$T/T_c$"
W_LABEL = r"$\omega/\omega_c$"
GAP_LABEL = r"gap $[\Delta(0)]$"
CHI_LABEL = r"$\chi_P$ $[\mu_B^2/(V\Delta(0))]$"
C_LABEL = r"$C$ $[k_B]$"


def rows(frame, **eq):
    """Rows of ``frame`` whose columns equal the given values (floats to 1e-12)."""
    mask = np.ones(len(frame), bool)
    for col, val in eq.items():
        mask &= np.isclose(frame[col].to_numpy(), val, rtol=0, atol=1e-12)
    return frame[mask]


def colors(n):
    """The style's first ``n`` colours."""
    import matplotlib.pyplot as plt

    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    return [cycle[i % len(cycle)] for i in range(n)]


def mark_jumps(ax, sub, x_col, y_col, color):
    """Mark where the chosen BCS solution jumps (delta function in chi) by a tick at the top."""
    jumps = sub[sub["jump_before"] == 1]
    if len(jumps) == 0:
        return
    prev = sub[x_col].to_numpy()
    idx = np.flatnonzero(sub["jump_before"].to_numpy() == 1)
    x = 0.5 * (prev[idx] + prev[idx - 1])
    ax.plot(x, np.full(x.size, 0.97), transform=ax.get_xaxis_transform(), ls="none",
            marker="v", ms=4, color=color, mfc="none")


def canonical_panels_vs_field(canonical, params, column, ylabel, legend_kw):
    """One panel per shell of a canonical quantity vs omega at the configured temperatures.

    Shared by Figs. 3 (gap) and 5 (heat capacity).

    Parameters
    ----------
    canonical : pandas.DataFrame
        The ``canonical_response_vs_field`` table.
    params : dict
        The ``response`` config slice (``shells``, ``temperatures_over_tc``).
    column : str
        Column to plot against ``omega_over_omegac``.
    ylabel : str
        Axis label with unit.
    legend_kw : dict
        Keyword arguments of the legend of the first panel.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from nanomag.plotting import new_figure, panel_label

    shells = params["shells"]
    temps = params["temperatures_over_tc"]
    fig, axes = new_figure(len(shells), 1, width_in=3.4, height_in=2.3 * len(shells),
                           sharex=True)
    axes = list(axes) if len(shells) > 1 else [axes]
    for ax, shell, letter in zip(axes, shells, "abcdefgh"):
        for t, col in zip(temps, colors(len(temps))):
            c = rows(canonical, shell_m=shell["m"], t_over_tc=t)
            ax.plot(c["omega_over_omegac"], c[column], color=col, label=rf"$T = {t:g}\,T_c$")
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.text(0.97, 0.95, rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$",
                transform=ax.transAxes, ha="right", va="top")
        panel_label(ax, letter)
    axes[0].legend(**legend_kw)
    axes[-1].set_xlabel(W_LABEL)
    axes[-1].set_xlim(float(canonical["omega_over_omegac"].min()),
                      float(canonical["omega_over_omegac"].max()))
    return fig


def gap_curves(canonical, bcs, params, x_col, family_col, family, family_label):
    """Canonical (full) and BCS (dotted) gap vs ``x_col``, one colour per family value.

    Shared by Figs. 1 (vs omega at several T) and 2 (vs T at several omega).

    Parameters
    ----------
    canonical, bcs : pandas.DataFrame
        The canonical and BCS gap tables (long format).
    params : dict
        The figure's config slice (``shells``: the single shell drawn).
    x_col : str
        Abscissa column (``omega_over_omegac`` or ``t_over_tc``).
    family_col : str
        Column selecting one curve per value of ``family``.
    family : list of float
        Values of ``family_col`` to draw.
    family_label : str
        Legend label with one ``{}`` for the value, e.g. ``r"$T = {}\\,T_c$"``.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
    """
    from nanomag.plotting import new_figure

    shell = params["shells"][0]
    fig, ax = new_figure(width_in=3.4, height_in=2.7)
    for value, col in zip(family, colors(len(family))):
        c = rows(canonical, **{family_col: value})
        b = rows(bcs, **{family_col: value})
        ax.plot(c[x_col], c["gap_over_delta0"], color=col, label=family_label.format(f"{value:g}"))
        ax.plot(b[x_col], b["gap_over_delta0"], color=col, ls=":")
    ax.set_ylabel(GAP_LABEL)
    ax.set_xlim(float(np.min(canonical[x_col])), float(np.max(canonical[x_col])))
    ax.set_ylim(bottom=0)
    ax.set_title(rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$: "
                 r"$\Delta_c$ (full), BCS $\Delta$ (dotted)", fontsize=8)
    return fig, ax
