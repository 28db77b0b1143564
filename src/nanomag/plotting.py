"""The project's single matplotlib style and figure helpers.

All figures use the ``Agg`` backend and the style sheet ``nanomag.mplstyle``. PDF output
carries no creation date, so reruns give the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

STYLE_PATH = Path(__file__).with_name("nanomag.mplstyle")
_BACKEND_SET = False


def use_style() -> None:
    """Select the ``Agg`` backend (once per process) and load the project's style sheet."""
    import matplotlib

    global _BACKEND_SET
    if not _BACKEND_SET:
        matplotlib.use("Agg")
        _lean_font_subsetting()
        _BACKEND_SET = True
    import matplotlib.pyplot as plt

    plt.style.use(STYLE_PATH)


LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH")
"""OpenType layout tables: matplotlib has already placed every glyph when it writes a PDF,
and PDF viewers never read these tables of an embedded font."""


def _lean_font_subsetting() -> None:
    """Leave the OpenType layout tables out of the fonts embedded in PDFs.

    matplotlib subsets every embedded (Type 42) font with fontTools, which decompiles and
    subsets the fonts' large layout tables: about 0.35 s of a plot job's 2 s of CPU. The
    glyph outlines, metrics and character map are kept, so the PDF looks the same; only
    tables that no PDF viewer reads are dropped.
    """
    from fontTools import subset

    class LeanOptions(subset.Options):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.layout_features = []
            self.drop_tables = [*self.drop_tables, *LAYOUT_TABLES]

    subset.Options = LeanOptions


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
    """Save ``fig`` to every path (format from the suffix) without timestamps, then close it.

    Each file is written beside its path and renamed into place when complete.
    """
    import matplotlib.pyplot as plt

    from nanomag.io import replace_atomically

    for path in paths:
        path = Path(path)
        metadata = {"CreationDate": None} if path.suffix == ".pdf" else {"Software": None}
        with replace_atomically(path) as temporary:
            fig.savefig(temporary, format=path.suffix[1:], metadata=metadata)
    plt.close(fig)
