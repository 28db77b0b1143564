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


def temperature_label(t):
    """Legend text of a temperature in Tc ("T = 0" rather than "T = 0 Tc")."""
    return r"$T = 0$" if t == 0 else rf"$T = {t:g}\,T_c$"


def footnote(fig, text):
    """A short note under the axes (what the model gives where the paper shows more)."""
    from nanomag.plotting import wrapped_text

    wrapped_text(fig, 0.5, 0.005, text, ha="center", va="bottom", fontsize=6.5, color="0.25")


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
            ax.plot(c["omega_over_omegac"], c[column], color=col, label=temperature_label(t))
        ax.set_ylabel(ylabel)
        top = float(rows(canonical, shell_m=shell["m"])[column].max())
        ax.set_ylim(0, 1.3 * top)          # room for the labels above the curves
        ax.text(0.97, 0.86, rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$",
                transform=ax.transAxes, ha="right", va="top")
        panel_label(ax, letter)
    axes[0].legend(**legend_kw)
    axes[-1].set_xlabel(W_LABEL)
    axes[-1].set_xlim(float(canonical["omega_over_omegac"].min()),
                      float(canonical["omega_over_omegac"].max()))
    return fig


def gap_curves(canonical, bcs, params, x_col, family_col, family, family_label, baseline=False):
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
    family_label : callable
        Legend label of a family value.
    baseline : bool
        Also draw the canonical gap of the non-interacting ensemble (thin dash-dotted) where
        it is not zero.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)
    """
    from nanomag.plotting import new_figure

    shell = params["shells"][0]
    fig, ax = new_figure(width_in=3.4, height_in=3.0)
    zero_bcs = []
    for value, col in zip(family, colors(len(family))):
        c = rows(canonical, **{family_col: value}).sort_values(x_col)
        b = rows(bcs, **{family_col: value}).sort_values(x_col)
        ax.plot(c[x_col], c["gap_over_delta0"], color=col, label=family_label(value))
        ax.plot(b[x_col], b["gap_over_delta0"], color=col, ls=":")
        if float(b["gap_over_delta0"].max()) == 0.0:
            zero_bcs.append(family_label(value))
        if baseline and float(c["gap_uncorrelated_over_delta0"].iloc[1:].max()) > 0:
            ax.plot(c[x_col], c["gap_uncorrelated_over_delta0"], color=col, ls="-.", lw=0.6)
    ax.set_ylabel(GAP_LABEL)
    ax.set_xlim(float(np.min(canonical[x_col])), float(np.max(canonical[x_col])))
    ax.set_ylim(bottom=0)
    title = (rf"$M = {shell['m']}$, $N = {shell['n_electrons']}$: $\Delta_c$ (full), "
             r"BCS $\Delta$ (dotted)")
    if baseline:
        title += "\n" + r"non-interacting $\Delta_c$ (thin dash-dot)"
    ax.set_title(title, fontsize=7.5)
    if zero_bcs:
        fig.subplots_adjust(bottom=0.2)
        footnote(fig, "BCS $\\Delta$ is zero at every point (normal state) for "
                 + ", ".join(zero_bcs) + "; its dotted line lies on the axis.")
    return fig, ax
