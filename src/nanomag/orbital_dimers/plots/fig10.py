"""Fig. 10: zero-field moment per particle of a chain vs N at several temperatures."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw(tables, params):
    """Draw Fig. 10 from ``chain_moment`` (t_over_tf, n_particles, mz_over_mub).

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        Merged ``material`` and ``fig10`` slices.
    """
    import matplotlib

    data = tables["chain_moment"]
    temps = sorted(data["t_over_tf"].unique())
    cmap = matplotlib.colormaps["plasma"]
    fig, ax = new_figure(1, 1, width_in=3.4, height_in=2.7)
    for i, t in enumerate(temps):
        grp = data[data["t_over_tf"] == t].sort_values("n_particles")
        color = cmap(0.85 * i / max(len(temps) - 1, 1))
        mant, exp = f"{t:.1e}".split("e")
        ax.plot(grp["n_particles"], grp["mz_over_mub"], "o-", color=color, lw=0.8, ms=3,
                label=rf"${mant}\times10^{{{int(exp)}}}$")
    ax.set_xlabel(r"$N$")
    ax.set_ylabel(r"$m^z_N/\mu_B$")
    ax.legend(title=r"$T/T_F$", fontsize=6, title_fontsize=7, loc="lower right")
    # room below zero so that the markers of disordered chains (m = 0) are drawn whole
    ax.set_ylim(bottom=-0.04 * float(data["mz_over_mub"].max()))
    fig.tight_layout()
    return fig
