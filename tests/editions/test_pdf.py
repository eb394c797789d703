"""The print PDF, tested by geometry and extracted text: trim/bleed boxes, fonts, bookmarks, TOC page numbers,
running heads, chapter openers on recto pages."""

from __future__ import annotations

import re

import pytest

from bookpress.config import load_config
from bookpress.model import plain_text

from .conftest import SOURCE

MM = 72 / 25.4


@pytest.fixture(scope="module")
def pages(pdf_zones) -> list[str]:
    return [z["body"] for z in pdf_zones]


@pytest.fixture(scope="module")
def zones(pdf_zones):
    return pdf_zones


def test_trim_and_bleed_boxes(pdf):
    config = load_config(SOURCE).print
    for page in pdf.pages:
        trim, media = page.trimbox, page.mediabox
        assert float(trim.width) == pytest.approx(config.trim_width_mm * MM, abs=0.5)
        assert float(trim.height) == pytest.approx(config.trim_height_mm * MM, abs=0.5)
        assert float(media.width) == pytest.approx((config.trim_width_mm + 2 * config.bleed_mm) * MM, abs=0.5)


def test_fonts_are_embedded_book_faces(pdf):
    names = set()
    for page in pdf.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]).get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            names.add(str(font["/BaseFont"]).split("+")[-1].replace("-", ""))
    assert all(n.startswith(("SourceSerifPro", "SourceSansPro")) for n in names), f"fallback fonts used: {names}"
    assert any(n.startswith("SourceSerifPro") for n in names) and any(n.startswith("SourceSansPro") for n in names)


def test_bookmarks_follow_the_toc(pdf, book):
    def titles(outline, depth=0):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, " ".join(item.title.split())
    got = list(titles(pdf.outline))
    expected = [(e.level - 1, f"{e.number} {e.title}".strip() if e.level == 2 else e.title) for e in book.toc]
    assert (0, "Inhoud") in got
    assert [g for g in got if g != (0, "Inhoud")] == [
        (d, t) for d, t in expected] or [t for _, t in got if t != "Inhoud"] == [t for _, t in expected]


def _page_of(pages: list[str], needle: str, start: int) -> int:
    for index in range(start, len(pages)):
        if needle in " ".join(pages[index].split()):
            return index + 1
    raise AssertionError(f"{needle!r} not found after page {start}")


def test_toc_page_numbers_point_at_the_headings(pdf, pages, book):
    toc_index = next(i for i, t in enumerate(pages) if t.strip().startswith("Inhoud"))
    toc_text = pdf.pages[toc_index].extract_text()
    after = toc_index + 1
    for entry in book.toc:
        line = next(l for l in toc_text.splitlines() if entry.title in " ".join(l.split()))  # no-break spaces
        printed = int(re.search(r"(\d+)\s*$", line).group(1))
        actual = _page_of(pages, entry.title, after)
        assert printed == actual, (entry.title, printed, actual)


def _opener_pages(zones, book) -> dict[str, int]:
    openers = {}
    for part in book.parts:
        title = plain_text(part.title)
        label = f"Hoofdstuk {part.number} " if part.number else ""
        openers[title] = next(n for n, z in enumerate(zones, 1)
                              if n > 4 and " ".join(z["body"].split()).lower().startswith((label + title).lower()))
    return openers


def test_parts_open_on_recto_pages_without_running_head(zones, book):
    openers = _opener_pages(zones, book)
    assert len(openers) == len(book.parts)
    for title, number in openers.items():
        assert number % 2 == 1, f"{title} opens on page {number}, a verso"
        assert zones[number - 1]["head"] == "", f"running head on the opener of {title}"
        assert zones[number - 1]["foot"] == str(number), "chapter openers carry a drop folio"


def test_running_heads_book_title_verso_part_title_recto(zones, book):
    openers = _opener_pages(zones, book)
    current = None
    checked = 0
    for number, zone in enumerate(zones, 1):
        current = next((t for t, n in openers.items() if n == number), current)
        if number < min(openers.values()) or number in openers.values() or not zone["body"]:
            continue
        if number % 2 == 0:
            assert zone["head"] == f"{number} CIO 3.0", (number, zone["head"])
        else:
            assert zone["head"] == f"{current} {number}", (number, zone["head"])
        checked += 1
    assert checked > 10


def test_blank_pages_have_no_head_or_folio(zones):
    blanks = [n for n, z in enumerate(zones, 1) if not z["body"]]
    assert blanks, "expected blank versos before recto openers"
    for number in blanks:
        assert zones[number - 1]["head"] == "" and zones[number - 1]["foot"] == "", number


def test_dutch_hyphenation_is_on_without_ladders(pdf):
    """Auto-hyphens (U+2010 at line end) occur, but never more than 3 hyphenated lines in a row."""
    total, longest = 0, 0
    for page in pdf.pages:
        run = 0
        for line in (page.extract_text() or "").splitlines():
            if line.rstrip().endswith("\u2010"):
                total, run = total + 1, run + 1
                longest = max(longest, run)
            else:
                run = 0
    assert total > 20, "hyphenation seems off (is lang=nl set?)"
    assert longest <= 3, f"{longest} hyphenated lines in a row"
