"""Fig. 2: SQUID magnetization loops (experimental, not reproducible)."""

from __future__ import annotations

from nanomag.plotting import new_figure, not_reproducible_note


def draw(tables: dict, params: dict):
    """Empty axes of Fig. 2 with the ranges the text reports; no loop is drawn.

    Shaded: |M| between the reported saturation values and |mu0 H| between the reported
    coercive fields. These are the text's numbers, not data.
    """
    ms_lo, ms_hi = params["ms_range_memu_per_g"]
    hc_lo, hc_hi = params["hc_range_mt"]
    hmax = params["field_limit_mt"]
    fig, ax = new_figure(1, 1, width_in=3.6, height_in=3.0)
    for sgn in (1, -1):
        ax.axhspan(sgn * ms_lo, sgn * ms_hi, color="C1", alpha=0.15, lw=0,
                   label=f"reported $M_s$ = {ms_lo}-{ms_hi} memu/g" if sgn == 1 else None)
        ax.axvspan(sgn * hc_lo, sgn * hc_hi, color="C1", alpha=0.35, lw=0,
                   label=rf"reported $\mu_0 H_c$ = {hc_lo}-{hc_hi} mT" if sgn == 1 else None)
    ax.axhline(0, color="0.6", lw=0.5)
    ax.axvline(0, color="0.6", lw=0.5)
    ax.set_xlim(-hmax, hmax)
    ax.set_ylim(-1.6 * ms_hi, 1.6 * ms_hi)
    ax.set_xlabel(r"$\mu_0 H$ (mT)")
    ax.set_ylabel(r"$M$ (memu/g)")
    ax.legend(loc="lower right", fontsize=6)
    not_reproducible_note(
        ax, "Experimental: the SQUID loops of four samples\n"
            "are not published; not reproducible.\n"
            f"Text: $M_s$ = {ms_lo}-{ms_hi} memu/g,\n$\\mu_0H_c$ = {hc_lo}-{hc_hi} mT.")
    return fig
