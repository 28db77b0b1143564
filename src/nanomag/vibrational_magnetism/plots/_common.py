"""Helpers shared by the figure modules of vibrational_magnetism (no physics)."""

from __future__ import annotations


def black_centred_cmap():
    """Diverging colour map with black at zero: blue/cyan for M < 0, red/yellow for M > 0."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(
        "black_centred", ["#7fffff", "#1f4fd6", "#000000", "#d62728", "#ffe14d"])


def reading_note(ax, text: str, y: float = -0.02) -> None:
    """Write which reading of the paper a figure shows, below the axes grid."""
    ax.figure.text(0.5, y, text, ha="center", va="top", fontsize=7, color="0.25", wrap=True)
