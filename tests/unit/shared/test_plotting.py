"""The figure helpers: the fonts PDFs embed (also prepared ahead of time) and one layout per figure."""

from __future__ import annotations

import io

import pytest

from nanomag import plotting


def _pdf_bytes() -> bytes:
    """A small figure with plain, bold and math text (all three prepared faces), as PDF."""
    import matplotlib.pyplot as plt

    fig, ax = plotting.new_figure()
    ax.plot([0, 1], [0, 1], label=r"$\langle S_1^z+S_2^z\rangle$ [$\hbar$]")
    ax.set_xlabel(r"$\alpha_k$ [meV]")
    plotting.panel_label(ax, "a")
    ax.legend()
    out = io.BytesIO()
    fig.savefig(out, format="pdf", metadata={"CreationDate": None})
    plt.close(fig)
    return out.getvalue()


def test_prepared_fonts_give_the_same_pdf_and_are_used(monkeypatch):
    monkeypatch.setattr(plotting, "_PREPARED_FONTS", {})
    plotting.use_style()
    read_from_file = _pdf_bytes()
    assert plotting.prepare_embedded_fonts() == sum(plotting.EMBEDDED_FONT_COPIES.values())
    prepared = sum(map(len, plotting._PREPARED_FONTS.values()))
    assert _pdf_bytes() == read_from_file
    # the figure embeds regular (text and math), oblique (math) and bold (panel letter)
    assert sum(map(len, plotting._PREPARED_FONTS.values())) <= prepared - 3
    # once the copies are used up, fonts are read from their files again
    plotting._PREPARED_FONTS.clear()
    assert _pdf_bytes() == read_from_file


@pytest.mark.parametrize("prepared", [False, True])
def test_embedded_fonts_have_no_layout_tables(monkeypatch, prepared):
    import matplotlib
    from fontTools import subset

    monkeypatch.setattr(plotting, "_PREPARED_FONTS", {})
    plotting.use_style()
    if prepared:
        plotting.prepare_embedded_fonts({"DejaVuSans.ttf": 1})
    path = f"{matplotlib.get_data_path()}/fonts/ttf/DejaVuSans.ttf"
    options = subset.Options(glyph_names=True, recommended_glyphs=True, font_number=0)
    font = subset.load_font(path, options)  # as matplotlib loads a font to subset it
    assert "cmap" in font and "glyf" in font
    assert not set(plotting.LAYOUT_TABLES) & set(font.keys())
    if prepared:  # the prepared copy was handed out
        assert not any(plotting._PREPARED_FONTS.values())


def test_a_constrained_figure_is_laid_out_once_for_all_its_files(monkeypatch, tmp_path):
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    layouts = []
    execute = ConstrainedLayoutEngine.execute
    monkeypatch.setattr(ConstrainedLayoutEngine, "execute",
                        lambda self, fig: layouts.append(fig) or execute(self, fig))
    fig, axes = plotting.new_figure(1, 2, width_in=6.8, layout="constrained")
    axes[0].set_ylabel("a long label [unit]")
    plotting.save_figure(fig, [tmp_path / "fig.pdf", tmp_path / "fig.png"])
    assert len(layouts) == 1
    assert (tmp_path / "fig.pdf").stat().st_size > 0 and (tmp_path / "fig.png").stat().st_size > 0
    assert axes[0].get_position().x0 > 0.05  # the one layout made room for the label
