"""Fig. 2: spin-up / spin-down potential profiles in the AFM configuration."""

from __future__ import annotations

from nanomag.plotting import new_figure


def draw(tables, params):
    """Profiles from ``fig2_potential_profile``; E_F (``ef_ev``) dashed."""
    frame = tables["fig2_potential_profile"]
    u, jsd, ef, d = (float(params[k]) for k in ("u_ev", "jsd_ev", "ef_ev", "d_nm"))
    fig, ax = new_figure(width_in=3.4, height_in=2.6)
    # profiles slightly shifted for viewing, as in the paper; both upwards, so that no
    # shifted barrier top comes near the Fermi level
    for (spin, colour, shift) in (("up", "#d62728", 0.025 * u), ("down", "#1f77b4", 0.0)):
        g = frame[frame["spin"] == spin]
        ax.plot(g["z_nm"], g["energy_ev"] + shift, color=colour, label=f"spin {spin}")
    ax.axhline(ef, color="k", ls="--", lw=0.8)
    zmin, zmax = frame["z_nm"].min(), frame["z_nm"].max()
    ax.text(0.5 * (zmax + d / 2), ef - 0.03 * u, r"$E_F$", va="top", ha="center", fontsize=8)
    for z, lab in ((0.5 * (zmin - d / 2), "M"), (0.0, "I"), (0.5 * (zmax + d / 2), "M")):
        ax.text(z, 0.12 * u, lab, ha="center", fontsize=9)
    ax.annotate("", xy=(zmin * 0.8, -u - jsd), xytext=(zmin * 0.8, -u + jsd),
                arrowprops=dict(arrowstyle="<->", lw=0.7))
    ax.text(zmin * 0.78, -u, r" $2J_{sd}$", va="center", fontsize=8)
    ax.annotate("", xy=(zmax * 0.9, 0), xytext=(zmax * 0.9, -u),
                arrowprops=dict(arrowstyle="<->", lw=0.7, color="0.4"))
    ax.text(zmax * 0.88, -0.5 * u, "$U$ ", va="center", ha="right", fontsize=8, color="0.3")
    ax.set_xlabel("$z$ (nm)")
    ax.set_ylabel("potential energy (eV)")
    ax.set_ylim(-u - 1.4 * jsd, 0.25 * u)
    ax.set_xlim(zmin, zmax * 1.1)
    ax.legend(loc="center left", bbox_to_anchor=(0.0, 0.62))
    ax.set_title(f"AFM, $U$ = {u:g} eV, $J_{{sd}}$ = {jsd:g} eV, $E_F$ = {ef:g} eV",
                 fontsize=8)
    return fig
