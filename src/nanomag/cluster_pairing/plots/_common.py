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
