"""The project's single matplotlib style and figure helpers.

All figures use the ``Agg`` backend and the style sheet ``nanomag.mplstyle``. PDF output
carries no creation date, so reruns give the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

STYLE_PATH = Path(__file__).with_name("nanomag.mplstyle")


def use_style() -> None:
    """Select the ``Agg`` backend and load the project's style sheet."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.style.use(STYLE_PATH)


def new_figure(nrows: int = 1, ncols: int = 1, width_in: float = 3.4, height_in: float = 2.6,
               **subplot_kw):
    """Create a figure with a grid of axes in the project's style.

    Parameters
    ----------
    nrows, ncols : int
        Grid of panels.
    width_in, height_in : float
        Size of the whole figure [inch]. 3.4 in is one journal column.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : matplotlib.axes.Axes or numpy.ndarray of Axes
    """
    use_style()
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(nrows, ncols, figsize=(width_in, height_in), squeeze=True,
                             **subplot_kw)
    return fig, axes


def panel_label(ax, letter: str, x: float = 0.03, y: float = 0.95) -> None:
    """Write the paper's panel letter, e.g. ``(a)``, in the upper-left corner of ``ax``."""
    ax.text(x, y, f"({letter})", transform=ax.transAxes, ha="left", va="top",
            fontweight="bold")


def not_reproducible_note(ax, text: str) -> None:
    """Mark on an axes that measured data shown in the paper are not reproducible."""
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", wrap=True,
            color="0.3", fontsize=8,
            bbox=dict(boxstyle="round", facecolor="0.95", edgecolor="0.6"))


def save_figure(fig, paths: Iterable[str | Path]) -> None:
    """Save ``fig`` to every path (format from the suffix) without timestamps, then close it."""
    import matplotlib.pyplot as plt

    for path in paths:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        metadata = {"CreationDate": None} if path.suffix == ".pdf" else {"Software": None}
        fig.savefig(path, metadata=metadata)
    plt.close(fig)
