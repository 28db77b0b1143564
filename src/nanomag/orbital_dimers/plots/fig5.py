"""Fig. 5: (a) zero-field susceptibility vs T with chi_c^z, inset diamagnetic sizes;
(b) spontaneous moment per particle of a dimer vs T (microscopic model, d = 3a)."""

from __future__ import annotations

import numpy as np

from nanomag.plotting import new_figure, panel_label

_LABELS = {"zeta_1,36": r"$k_Fa=\zeta_{1,36}$", "zeta_6,26": r"$k_Fa=\zeta_{6,26}$",
           "zeta_5,37": r"$k_Fa=\zeta_{5,37}$"}
_MAIN_COLORS = ["tab:red", "tab:blue", "tab:green"]
_INSET_COLORS = ["tab:orange", "#8c7c9c"]


def _label(name):
    return _LABELS.get(name, rf"$k_Fa={name}$")


def draw(tables, params):
    """Draw Fig. 5 from the tables ``zfs_temperature``, ``dimer_moment`` and
    ``critical_susceptibility``.

    Parameters
    ----------
    tables : dict of pandas.DataFrame
        ``zfs_temperature`` (panel, size_label, t_over_tf, chi_over_chil),
        ``dimer_moment`` (size_label, t_over_tf, mz_over_mub) and
        ``critical_susceptibility`` (direction, d_over_a, chi_c_over_chil).
    params : dict
        Merged ``material`` and ``fig5`` slices.
    """
    zfs = tables["zfs_temperature"]
    dimer = tables["dimer_moment"]
    critical = tables["critical_susceptibility"]
    fig, (ax_a, ax_b) = new_figure(2, 1, width_in=3.4, height_in=5.2)
    main = zfs[zfs["panel"] == "main"]
    for color, (name, grp) in zip(_MAIN_COLORS, main.groupby("size_label", sort=False)):
        pos = grp["chi_over_chil"] > 0
        ax_a.loglog(grp["t_over_tf"][pos], grp["chi_over_chil"][pos], color=color,
                    label=_label(name))
    longitudinal = critical[critical["direction"] == "longitudinal"].iloc[0]
    ax_a.axhline(longitudinal["chi_c_over_chil"], color="k", ls="--", lw=1.0)
    ax_a.text(0.98, longitudinal["chi_c_over_chil"] * 0.8,
              rf"$\chi_c^z$ ($d={longitudinal['d_over_a']:g}a$)", ha="right", va="top",
              fontsize=7, transform=ax_a.get_yaxis_transform())
    ax_a.set_xlabel(r"$T/T_F$")
    ax_a.set_ylabel(r"$\chi/|\chi_L|$")
    ax_a.legend(loc="upper right", fontsize=6.5, frameon=False, labelspacing=0.25,
                handlelength=1.5, borderaxespad=0.3)
    positive = main["chi_over_chil"][main["chi_over_chil"] > 0]
    # 1.5 decades below the data hold the inset, in the corner under the Curie curves
    ax_a.set_ylim(positive.min() / 30.0, 2.0 * positive.max())
    panel_label(ax_a, "a", x=-0.2, y=1.06)
    inset = ax_a.inset_axes([0.16, 0.13, 0.38, 0.25])
    sub = zfs[zfs["panel"] == "inset"]
    for color, (name, grp) in zip(_INSET_COLORS, sub.groupby("size_label", sort=False)):
        inset.semilogx(grp["t_over_tf"], grp["chi_over_chil"], color=color, lw=1.0,
                       label=_label(name))
    inset.axhline(0.0, color="k", lw=0.5, ls=":")
    inset.tick_params(labelsize=5)
    inset.set_xlabel(r"$T/T_F$", fontsize=6, labelpad=0.5)
    inset.set_ylabel(r"$\chi/|\chi_L|$", fontsize=6, labelpad=0.5)
    inset.set_xticks([1e-8, 1e-6, 1e-4, 1e-2])
    inset.legend(fontsize=5, loc="upper left", handlelength=1.2)
    for color, (name, grp) in zip(_MAIN_COLORS, dimer.groupby("size_label", sort=False)):
        ax_b.plot(grp["t_over_tf"] * 1e7, grp["mz_over_mub"], color=color, label=_label(name))
    ax_b.set_xlabel(r"$T/T_F$ [$10^{-7}$]")
    ax_b.set_ylabel(r"$m_z/\mu_B$")
    ax_b.set_xlim(0, float(np.max(dimer["t_over_tf"])) * 1e7)
    ax_b.set_ylim(0, 1.2 * float(np.max(dimer["mz_over_mub"])))
    ax_b.legend(loc="upper right", fontsize=7, frameon=False)
    panel_label(ax_b, "b", x=-0.2, y=1.06)
    fig.tight_layout()
    return fig
