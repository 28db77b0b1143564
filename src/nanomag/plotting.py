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
    """Leave the OpenType layout tables out of the fonts embedded in PDFs, and hand out the
    fonts of :func:`prepare_embedded_fonts` instead of reading them again.

    matplotlib subsets every embedded (Type 42) font with fontTools, which decompiles and
    subsets the fonts' large layout tables: about 0.35 s of a plot job's 2 s of CPU. The
    glyph outlines, metrics and character map are kept, so the PDF looks the same; only
    tables that no PDF viewer reads are dropped. They are dropped as soon as the font is
    opened, before the subsetter sees them: fontTools 4.68 decompiles GSUB, GPOS and GDEF at
    the start of every subsetting (to convert their layout formats) even when its options
    drop them, 20 of the 55 ms of a DejaVu Sans subset.
    """
    from fontTools import subset

    global _fonttools_load_font
    _fonttools_load_font = subset.load_font

    def load_font_without_layout_tables(font_file, options, *args, **kwargs):
        prepared = _PREPARED_FONTS.get(_prepared_font_key(font_file, options))
        if prepared and not args and not kwargs:
            return prepared.pop()
        return _without_layout_tables(_fonttools_load_font(font_file, options, *args, **kwargs))

    subset.load_font = load_font_without_layout_tables


_fonttools_load_font = None
"""fontTools' own ``subset.load_font`` (set when :func:`_lean_font_subsetting` replaces it)."""
_PREPARED_FONTS: dict[tuple, list] = {}
"""Fonts decompiled by :func:`prepare_embedded_fonts`, per :func:`_prepared_font_key`."""


def _without_layout_tables(font):
    """``font`` without its :data:`LAYOUT_TABLES` (not decompiled: only forgotten)."""
    for tag in LAYOUT_TABLES:
        if tag in font:
            del font[tag]
    return font


EMBEDDED_FONT_COPIES = {"DejaVuSans.ttf": 2, "DejaVuSans-Oblique.ttf": 2,
                        "DejaVuSans-Bold.ttf": 1}
"""Fonts of matplotlib's own font folder that a PDF of this project embeds, and how many
times: the regular and oblique faces twice (as text and as mathtext), bold once (panel
letters). Counted over the 33 figures; a figure that needs more reads the font itself."""


def _prepared_font_key(font_file, options) -> tuple:
    """What makes two fontTools loads of a font the same (the arguments ``load_font`` uses)."""
    return (str(font_file), options.font_number, options.recalc_bounds,
            options.recalc_timestamp)


def prepare_embedded_fonts(copies: dict[str, int] | None = None) -> int:
    """Open and decompile, ahead of time, the fonts that the PDFs of the plot jobs embed.

    For a job server that forks a process per job: every plot job subsets DejaVu Sans and
    its oblique and bold faces for its PDF, and fontTools reads and decompiles each of them
    (character map, glyph names, metrics, glyph table) before subsetting: 15 of the 35 ms
    of a subset in a forked job. Decompiled once here, each forked job takes a copy of its own (the subsetter
    changes the font it is given, so every copy serves one subset), and the embedded fonts
    are the same bytes. A copy is decompiled from the font's bytes in memory, not from an
    open file: forked processes share an open file's offset.

    Parameters
    ----------
    copies : dict of str to int, optional
        File name in matplotlib's font folder -> number of copies
        (default :data:`EMBEDDED_FONT_COPIES`).

    Returns
    -------
    int
        Number of fonts prepared.
    """
    import io

    import matplotlib
    from fontTools import subset

    use_style()
    options = subset.Options(glyph_names=True, recommended_glyphs=True,
                             font_number=0)  # as matplotlib subsets (face 0 of the file)
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    prepared = 0
    for name, count in (EMBEDDED_FONT_COPIES if copies is None else copies).items():
        path = folder / name
        data = path.read_bytes()
        pool = _PREPARED_FONTS.setdefault(_prepared_font_key(path, options), [])
        for _ in range(count):
            font = _without_layout_tables(_fonttools_load_font(io.BytesIO(data), options))
            for tag in font.keys():
                font[tag]  # decompile now (fontTools decompiles a table when first used)
            pool.append(font)
            prepared += 1
    return prepared


def build_mathtext_parser() -> None:
    """Build matplotlib's mathtext grammar now rather than at a job's first ``$...$``.

    matplotlib builds it once per process, on first use (17 ms of each forked plot job's
    CPU, measured). Built in a job server, every job it forks inherits it. The grammar
    holds no font: fonts are opened per parse (open fonts must not be shared with forked
    jobs, whose reads would move each other's file offsets).
    """
    from matplotlib import _mathtext, mathtext

    if mathtext.MathTextParser._parser is None:
        mathtext.MathTextParser._parser = _mathtext.Parser()


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

    Each file is written beside its path and renamed into place when complete. A figure
    with a layout engine (constrained layout) is laid out once, when the first file is
    drawn; the other files draw the same positions (matplotlib would repeat the layout for
    every file: 0.3-0.8 s for a four-panel map with colour bars).
    """
    import matplotlib.pyplot as plt

    from nanomag.io import replace_atomically

    for path in paths:
        path = Path(path)
        metadata = {"CreationDate": None} if path.suffix == ".pdf" else {"Software": None}
        with replace_atomically(path) as temporary:
            fig.savefig(temporary, format=path.suffix[1:], metadata=metadata)
        fig.set_layout_engine("none")
    plt.close(fig)
