"""Page geometry measured from the laid-out print PDF against ``book.toml [print]``, within 0.2 mm.

Text block edges (the justified lines reach both margins, nothing crosses them), the first baseline at the top of
the type area, running heads and folios on verso and recto pages, drop folios on chapter openers, and SVG art
drawn at its own size (100 %).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from bookpress.config import load_config
from bookpress.fonts import book_faces

from .conftest import SOURCE
from .layout import Page, measure

TOLERANCE = 0.2   # mm
PT = 25.4 / 72    # mm per pt


@pytest.fixture(scope="module")
def config():
    return load_config(SOURCE).print


@pytest.fixture(scope="module")
def measured(built) -> list[Page]:
    return measure(built.outputs["print"])


def block(page: Page, p) -> tuple[float, float, float, float]:
    """The text block of ``page`` per book.toml: (left, right, top, bottom) in mm from the trim's top-left."""
    left = p.margin_inside_mm if page.recto else p.margin_outside_mm
    right = page.width - (p.margin_outside_mm if page.recto else p.margin_inside_mm)
    return left, right, p.margin_top_mm, page.height - p.margin_bottom_mm


def body_runs(page: Page, p):
    left, right, top, bottom = block(page, p)
    return [r for r in page.runs if top < r.baseline < bottom]


@pytest.fixture(scope="module")
def body_size(measured) -> float:
    """The size of running text (in pdfium's units), the most frequent size of the regular text face."""
    from collections import Counter

    return Counter(r.size for page in measured for r in page.runs if r.font == "Source-Serif-Pro").most_common(1)[0][0]


def test_text_block_edges_match_book_toml(measured, config, body_size):
    """Body-size lines of running text reach both edges of the text block; no run of any size crosses them."""
    checked = {True: 0, False: 0}
    for page in measured:
        left, right, top, bottom = block(page, config)
        runs = body_runs(page, config)
        for run in runs:
            assert run.left >= left - TOLERANCE and run.right <= right + TOLERANCE, \
                f"page {page.number}: {run.text[:30]!r} crosses the text block ({run.left:.2f}–{run.right:.2f} mm)"
        lines = [r for r in runs if r.font == "Source-Serif-Pro" and r.size == body_size
                 and r.right - r.left > 0.9 * (right - left)]
        if len(lines) < 8:
            continue
        assert min(r.left for r in lines) == pytest.approx(left, abs=TOLERANCE), f"left edge on page {page.number}"
        assert max(r.right for r in lines) == pytest.approx(right, abs=TOLERANCE), f"right edge on page {page.number}"
        checked[page.recto] += 1
    assert checked[True] >= 3 and checked[False] >= 3, f"too few full text pages measured: {checked}"


def _first_baseline_mm(p) -> float:
    """Depth of the first body baseline below the top of the type area: half-leading + ascent (CSS 2.1 §10.8.1)."""
    face = next(f for f in book_faces() if f.family == "Source Serif Pro" and f.weight == 400 and f.style == "normal")
    font = TTFont(face.path, lazy=True)
    units = font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent / units, -font["hhea"].descent / units
    size = p.font_size_pt
    return ((p.line_height_pt - (ascent + descent) * size) / 2 + ascent * size) * PT


def test_continued_text_starts_at_the_top_of_the_type_area(measured, config, body_size):
    expected = config.margin_top_mm + _first_baseline_mm(config)
    checked = 0
    for page in measured:
        runs = body_runs(page, config)
        if runs and runs[0].font == "Source-Serif-Pro" and runs[0].size == body_size and runs[0].left == pytest.approx(block(page, config)[0], abs=0.05):
            assert runs[0].baseline == pytest.approx(expected, abs=TOLERANCE), f"page {page.number}: {runs[0].text!r}"
            checked += 1
        for run in runs:
            assert run.baseline <= block(page, config)[3], f"page {page.number}: {run.text!r} below the text block"
    assert checked >= 5


def test_running_heads_and_folios_sit_on_the_text_block(measured, config):
    baseline = config.margin_top_mm - config.running_head_gap_mm
    sides = {True: 0, False: 0}
    for page in measured:
        left, right, _, _ = block(page, config)
        head = [r for r in page.runs if r.baseline < config.margin_top_mm]
        if not head:
            continue
        assert len(head) == 2, f"page {page.number}: running head {[r.text for r in head]}"
        folio, title = sorted(head, key=lambda r: not (r.text.isdigit() or set(r.text) <= set("ivxlc")))
        for run in head:
            assert run.baseline == pytest.approx(baseline, abs=TOLERANCE), f"page {page.number}: {run.text!r}"
        if page.recto:
            assert folio.right == pytest.approx(right, abs=TOLERANCE), f"recto folio on page {page.number}"
        else:
            assert folio.left == pytest.approx(left, abs=TOLERANCE), f"verso folio on page {page.number}"
        assert (title.left + title.right) / 2 == pytest.approx((left + right) / 2, abs=TOLERANCE), \
            f"running head not centred on the text block on page {page.number}"
        sides[page.recto] += 1
    assert sides[True] >= 3 and sides[False] >= 3, sides


def test_drop_folios_below_the_text_block(measured, config):
    checked = 0
    for page in measured:
        left, right, _, bottom = block(page, config)
        for run in page.runs:
            if run.baseline > bottom:
                assert run.baseline == pytest.approx(bottom + config.drop_folio_gap_mm, abs=TOLERANCE)
                assert (run.left + run.right) / 2 == pytest.approx((left + right) / 2, abs=TOLERANCE)
                checked += 1
    assert checked >= 3


def test_svg_art_is_drawn_at_its_own_size(book):
    """An SVG as wide as the text block (130 mm) is laid out at 100 %, not shrunk by a body margin."""
    import weasyprint

    from bookpress.render.print_html import render_print_html

    config = load_config(SOURCE)
    document = weasyprint.HTML(string=render_print_html(book, config), base_url=str(SOURCE)).render()

    def boxes(box, figure=None):
        """(box, id of the figure element it is in)"""
        element = getattr(box, "element", None)
        if getattr(box, "element_tag", None) == "figure" and element is not None:
            figure = element.get("id")
        yield box, figure
        for child in getattr(box, "children", None) or []:
            yield from boxes(child, figure)

    from bookpress.assemble import figures_in

    sources = {f.id: f.src for part in book.parts for f in figures_in(part.blocks) if f.src.endswith(".svg")}
    drawn = {}
    for page in document.pages:
        for box, figure in boxes(page._page_box):
            if getattr(box, "element_tag", None) == "img" and figure in sources:
                drawn[sources[figure]] = box.width * 25.4 / 96
    assert drawn, "no SVG figure in the book"
    for name, width in drawn.items():
        declared = re.search(r'<svg[^>]*\swidth="([\d.]+)mm"', (SOURCE / name).read_text()).group(1)
        assert width == pytest.approx(float(declared), abs=TOLERANCE), name


def test_every_first_line_sits_on_the_top_of_the_type_area(measured, config):
    """Running text, callout boxes (continued or not) and quotations at a page top: the first baseline sits where a
    line of its own size and leading sits at the top of the type area (issue 7: continued boxes were 6 mm low,
    a quote 4.2 mm). Boxes and figures are measured in detail on the small test book (tests/print)."""
    from ..print.page_tops import first_line_problems

    problems, checked = first_line_problems(measured, config)
    assert not problems, "\n".join(problems)
    assert checked >= 8
