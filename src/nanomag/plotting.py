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
    tables that no PDF viewer reads are dropped. They are dropped as soon as the font is
    opened, before the subsetter sees them: fontTools 4.68 decompiles GSUB, GPOS and GDEF at
    the start of every subsetting (to convert their layout formats) even when its options
    drop them, 20 of the 55 ms of a DejaVu Sans subset.
    """
    from fontTools import subset

    load_font = subset.load_font

    def load_font_without_layout_tables(font_file, options, *args, **kwargs):
        font = load_font(font_file, options, *args, **kwargs)
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]  # not decompiled: only forgotten
        return font

    subset.load_font = load_font_without_layout_tables


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
    wrapped_text(ax, 0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            color="0.3", fontsize=8,
            bbox=dict(boxstyle="round", facecolor="0.95", edgecolor="0.6"))


def wrapped_text(parent, x: float, y: float, text: str, **kwargs):
    """``parent.text(x, y, text, **kwargs)`` with line breaks so that it fits in the figure.

    The same lines as matplotlib's ``wrap=True`` (as wide as the figure allows from the
    text's position and alignment), but each word is measured once and the lines are fixed
    when the text is created: ``wrap=True`` re-measures every prefix of every line at every
    draw, which took 3-6 s per figure for notes full of mathtext. A space inside ``$...$``
    does not break a line.

    Parameters
    ----------
    parent : matplotlib.figure.Figure or matplotlib.axes.Axes
        Where the text goes (``x``, ``y`` in its default coordinates or ``transform``).
    x, y : float
        Position of the text.
    text : str
        The text; its newlines are kept.
    **kwargs
        Text properties (``fontsize``, ``ha``, ``transform``...).

    Returns
    -------
    matplotlib.text.Text
    """
    artist = parent.text(x, y, text, **kwargs)
    figure = artist.get_figure()
    renderer = figure.canvas.get_renderer()
    font = artist.get_fontproperties()

    def width(words: str) -> float:
        unescaped = words.count("$") - words.count(r"\$")
        return renderer.get_text_width_height_descent(
            words, font, ismath=unescaped > 0 and unescaped % 2 == 0)[0]

    x_display = artist.get_transform().transform(artist.get_position())[0]
    left, right = x_display - figure.bbox.x0, figure.bbox.x1 - x_display
    limit = {"left": right, "right": left}.get(artist.get_horizontalalignment(),
                                                2 * min(left, right))
    space = width("a a") - width("aa")
    lines = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        line_width = 0.0
        for word in _words(paragraph):
            word_width = width(word)
            if line and line_width + space + word_width > limit:
                lines.append(" ".join(line))
                line, line_width = [], 0.0
            line_width += (space if line else 0.0) + word_width
            line.append(word)
        lines.append(" ".join(line))
    artist.set_text("\n".join(lines))
    return artist


def _words(paragraph: str) -> list[str]:
    """Split at spaces outside ``$...$`` math."""
    words, current, in_math, previous = [], [], False, ""
    for character in paragraph:
        if character == "$" and previous != "\\":
            in_math = not in_math
        if character == " " and not in_math:
            words.append("".join(current))
            current = []
        else:
            current.append(character)
        previous = character
    words.append("".join(current))
    return [word for word in words if word]


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
