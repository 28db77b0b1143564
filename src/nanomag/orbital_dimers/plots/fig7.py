"""Fig. 7: single-particle orbital moment vs hbar omega_c / E_F (thick: zeta_1,36; thin: 42.4)."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw(tables, params):
    """Draw Fig. 7 from ``moment_field`` (size_label, t_over_tf, hbar_omega_c_over_ef,
    moment_over_mub).

    Parameters
    ----------
    tables : dict of pandas.DataFrame
    params : dict
        Merged ``material`` and ``fig7`` slices.
    """
    data = tables["moment_field"]
    fig, ax = new_figure(1, 1, width_in=3.4, height_in=2.7)
    colors = {0: "tab:blue", 1: "tab:green", 2: "tab:red"}
    temps = sorted(data["t_over_tf"].unique(), reverse=True)
    labels = list(dict.fromkeys(data["size_label"]))
    for j, name in enumerate(labels):
        for i, t in enumerate(temps):
            grp = data[(data["size_label"] == name) & (data["t_over_tf"] == t)]
            mant, exp = f"{t:.0e}".split("e")
            lab = rf"$T/T_F={mant}\times10^{{{int(exp)}}}$" if j == 0 else None
            ax.plot(grp["hbar_omega_c_over_ef"] * 1e3, grp["moment_over_mub"],
                    color=colors[i % 3], lw=1.8 if j == 0 else 0.7, label=lab)
    ax.axhline(0.0, color="k", lw=0.5, ls=":")
    ax.set_xlabel(r"$\hbar\omega_c/E_F$ [$10^{-3}$]")
    ax.set_ylabel(r"$M/\mu_B$")
    names = [n.replace("zeta_1,36", r"\zeta_{1,36}") for n in labels]
    ax.set_title(rf"thick: $k_Fa={names[0]}$, thin: $k_Fa={names[-1]}$", fontsize=8)
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    return fig
