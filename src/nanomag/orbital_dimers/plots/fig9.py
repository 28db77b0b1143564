"""Fig. 9: critical susceptibility of an N-particle chain."""

from __future__ import annotations


def draw(tables, params):
    """Red dots chi_c,N/chi_c^z vs N; dashed asymptote 1/(2 zeta(3))."""
    from nanomag.orbital_dimers.chain import infinite_chain_ratio
    from nanomag.plotting import new_figure

    frame = tables["chain_critical_susceptibility"]
    fig, ax = new_figure(width_in=3.4, height_in=2.5)
    ax.plot(frame["n_particles"], frame["chi_cn_over_chicz"], "o", color="#d62728",
            label=r"$\chi^z_{c,N}/\chi^z_c$, Eq. (C1)")
    ax.axhline(infinite_chain_ratio(), color="k", ls="--", lw=1.0,
               label=r"$1/2\zeta(3) \simeq %.3f$" % infinite_chain_ratio())
    ax.set_xlabel(r"number of particles $N$")
    ax.set_ylabel(r"$\chi^z_{c,N}/\chi^z_c$")
    ax.set_ylim(0.3, 1.05)
    ax.legend(loc="upper right")
    return fig
