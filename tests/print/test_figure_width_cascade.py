"""A figure's printed width (``width=`` in the Markdown, or its stored resolution) is a default the book's own
``source/styles/print.css`` may override, as it could when the head's style sheets were the document's own: the
print layout now gives them to WeasyPrint as a parsed *user* sheet (bookpress/writers/pdf._shared_stylesheet), and an
inline ``style`` attribute would beat every normal rule of it (CSS Cascade 4 §6.1). So the widths are rules in the
head (bookpress/render/print_html.figure_width_css), before the design's and the book's sheets."""

from __future__ import annotations

import pytest

from tests.support.books import SMALL_CHAPTER, make_small_book

MM = 96 / 25.4  # CSS px per mm


def _figure_widths(tmp_path, print_css: str, wrapped: bool = False) -> dict[str, float]:
    """Lay out the small book (its figure at width="60%") with ``print_css`` as its print.css (and, when
    ``wrapped``, its own blocks.html.j2 that puts the image in a frame); figure id → the laid-out image width in
    mm."""
    from weasyprint.formatting_structure import boxes

    from bookpress.assemble import assemble
    from bookpress.config import load_config
    from bookpress.writers.pdf import write_pdfs

    source = make_small_book(tmp_path, SMALL_CHAPTER.replace('fig-alt=', 'width="60%" fig-alt='))
    (source / "styles").mkdir()
    (source / "styles" / "print.css").write_text(print_css, encoding="utf-8")
    if wrapped:
        from bookpress.render.overrides import STYLES

        blocks = (STYLES.parent / "templates" / "blocks.html.j2").read_text(encoding="utf-8")
        image = '<img src="{{ figure_src(block) }}"'
        assert image in blocks, "test setup: the default figure template"
        (source / "templates").mkdir()
        (source / "templates" / "blocks.html.j2").write_text(
            blocks.replace(image, '<div class="frame">' + image, 1).replace(
                "{% endif %}/>", "{% endif %}/></div>", 1), encoding="utf-8")
    config = load_config(source)
    widths: dict[str, float] = {}

    def on_layout(document, first_page):
        for page in document.pages:
            for box in page._page_box.descendants():
                if box.element_tag == "figure" and box.element.get("id"):
                    for inner in box.descendants():
                        if isinstance(inner, boxes.ReplacedBox):
                            widths[box.element.get("id")] = inner.width / MM

    write_pdfs(assemble(config), config, {"press": tmp_path / "press.pdf"}, on_layout=on_layout)
    return widths


def test_the_books_print_css_sizes_a_figure_over_its_markdown_width(tmp_path):
    from bookpress.config import load_config
    from tests.support.books import SOURCE

    p = load_config(SOURCE).print
    measure = p.trim_width_mm - p.margin_inside_mm - p.margin_outside_mm
    assert _figure_widths(tmp_path / "plain", "")["fig-kanteling"] == pytest.approx(0.6 * measure, abs=0.2)
    assert _figure_widths(tmp_path / "id", "#fig-kanteling img { width: 30mm; }")["fig-kanteling"] \
        == pytest.approx(30, abs=0.2), "the book's rule lost to the figure's own width"
    assert _figure_widths(tmp_path / "class", "figure img { width: 20mm; }")["fig-kanteling"] \
        == pytest.approx(0.6 * measure, abs=0.2), "a rule less specific than the figure's own width won"
    assert _figure_widths(tmp_path / "important", "figure img { width: 25mm !important; }")["fig-kanteling"] \
        == pytest.approx(25, abs=0.2)


def test_a_books_own_figure_template_keeps_the_width(tmp_path):
    """A book's source/templates/blocks.html.j2 may wrap the image (a frame): the width still reaches it."""
    from bookpress.config import load_config
    from tests.support.books import SOURCE

    p = load_config(SOURCE).print
    measure = p.trim_width_mm - p.margin_inside_mm - p.margin_outside_mm
    assert _figure_widths(tmp_path, "", wrapped=True)["fig-kanteling"] == pytest.approx(0.6 * measure, abs=0.2)
