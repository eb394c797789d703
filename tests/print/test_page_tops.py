"""Callout boxes, list items, quotes and figures at the top of a page (issue 7 item 7), measured on the small test
book's press PDF: each starts at the top of the type area (within 0.2 mm), and a continued callout box reads as the
same box (left accent rule on every fragment, no top rule or title on the continuation)."""

from __future__ import annotations

import pytest

from bookpress.config import load_config

from ..editions.layout import measure
from .page_tops import (SCALE, TOLERANCE, boxes, drawn, first_baseline_mm, first_line_problems, nothing_above,
                        render, MM)


@pytest.fixture(scope="module")
def config(page_tops):
    return load_config(page_tops.source).print


@pytest.fixture(scope="module")
def measured(page_tops):
    return measure(page_tops.outputs["print"])


def test_first_lines_sit_on_the_top_of_the_type_area(measured, config):
    """Running text, callout text (fresh list items with their bullet, continued items and paragraphs) and
    quotation lines at a page top: baseline = type area top + half-leading + ascent of their own size."""
    problems, checked = first_line_problems(measured, config)
    assert not problems, "\n".join(problems)
    assert checked >= 5


def test_list_lines_keep_the_leading(measured, config):
    """The bullet never raises its line: from the last line of one list item to the bullet line of the next is one
    line height (12.5 pt in a box) plus the items' 0.8 mm spacing, as between any two items."""
    step = 12.5 * 25.4 / 72 + 0.8
    pairs = 0
    for page in measured:
        runs = [r for r in page.runs if config.margin_top_mm < r.baseline < page.height - config.margin_bottom_mm]
        for first, second in zip(runs, runs[1:]):
            if second.text.startswith("Punt ") and (first.text.startswith("Punt ") or first.text == "en technologie.") \
                    and first.size == second.size:
                assert second.baseline - first.baseline == pytest.approx(step, abs=0.05), \
                    f"page {page.number}: {second.text[:20]!r} is {second.baseline - first.baseline:.2f} mm below " \
                    f"the line before it, expected {step:.2f} mm"
                pairs += 1
    assert pairs >= 10


def _accent(pixel) -> bool:
    r, g, b = pixel
    return r < 110 and b > r + 40


def test_continued_callout_boxes_start_at_the_top_and_read_as_the_same_box(page_tops, measured, config):
    path = page_tops.outputs["print"]
    pages = drawn(path)
    width = config.trim_width_mm - config.margin_inside_mm - config.margin_outside_mm
    bottom = config.trim_height_mm - config.margin_bottom_mm
    continued = fresh = 0
    for index, page in enumerate(measured):
        for box in boxes(pages[index]["paths"], config, width):
            if not nothing_above(page, box.top, config):
                continue
            assert box.top == pytest.approx(config.margin_top_mm, abs=TOLERANCE), \
                f"page {page.number}: a callout box at the page top starts at {box.top:.2f} mm"
            image, dx, dy = render(path, page.number)
            scale = SCALE * MM
            def pixel(x_mm, y_mm):
                return image.getpixel((round((x_mm + dx) * scale), round((y_mm + dy) * scale)))
            rule_x = box.left + 0.2
            for y in [box.top + 0.3 + i * (box.bottom - box.top - 0.6) / 10 for i in range(11)]:
                assert _accent(pixel(rule_x, y)), f"page {page.number}: no left accent rule at {y:.1f} mm"
            top_rule = _accent(pixel((box.left + box.right) / 2, box.top + 0.2))
            if top_rule:
                fresh += 1
                inside = [r for r in page.runs if box.top < r.baseline < box.bottom]
                assert inside and inside[0].font.startswith("Source-Sans-Pro"), \
                    f"page {page.number}: a box with a top rule starts without its title"
            else:
                continued += 1
                before = boxes(pages[index - 1]["paths"], config, width)
                assert any(b.bottom == pytest.approx(bottom, abs=TOLERANCE) for b in before), \
                    f"page {page.number}: a box without top rule that does not continue one from page {page.number - 1}"
    assert continued >= 2, f"{continued} continued callout boxes found"


def test_figures_at_a_page_top_start_at_the_type_area(page_tops, measured, config):
    pages = drawn(page_tops.outputs["print"])
    checked = 0
    for index, page in enumerate(measured):
        for image in pages[index]["images"]:
            if nothing_above(page, image.top, config):
                assert image.top == pytest.approx(config.margin_top_mm, abs=TOLERANCE), \
                    f"page {page.number}: a figure at the page top starts at {image.top:.2f} mm"
                checked += 1
    assert checked >= 1
