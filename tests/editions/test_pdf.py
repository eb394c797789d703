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
    """Every page: TrimBox = the trim size, BleedBox = trim + bleed on every side, MediaBox = BleedBox (trim +
    2 × bleed) — or larger when crop marks are drawn outside the bleed (PDF 1.7 §14.11.2); pt, ±0.5 pt."""
    p = load_config(SOURCE).print
    bleed = p.bleed_mm * MM
    for number, page in enumerate(pdf.pages, 1):
        trim, bleed_box, media = page.trimbox, page.bleedbox, page.mediabox
        assert float(trim.width) == pytest.approx(p.trim_width_mm * MM, abs=0.5), number
        assert float(trim.height) == pytest.approx(p.trim_height_mm * MM, abs=0.5), number
        assert float(bleed_box.width) == pytest.approx((p.trim_width_mm + 2 * p.bleed_mm) * MM, abs=0.5), number
        assert float(bleed_box.height) == pytest.approx((p.trim_height_mm + 2 * p.bleed_mm) * MM, abs=0.5), number
        for side, outward in (("left", -1), ("bottom", -1), ("right", 1), ("top", 1)):
            assert float(getattr(bleed_box, side)) == pytest.approx(float(getattr(trim, side)) + outward * bleed,
                                                                    abs=0.5), (number, side)
            media_edge, bleed_edge = float(getattr(media, side)), float(getattr(bleed_box, side))
            if p.crop_marks:
                assert outward * (media_edge - bleed_edge) >= -0.5, (number, side, "MediaBox smaller than BleedBox")
            else:
                assert media_edge == pytest.approx(bleed_edge, abs=0.5), (number, side, "MediaBox ≠ trim + 2 × bleed")


def _ink_outside_the_trim(pdf_path, page_index: int) -> int:
    """Dark pixels (72 dpi) of one page outside its TrimBox, the whole MediaBox drawn: crop marks live there."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = document[page_index]
        media = page.get_mediabox()
        page.set_cropbox(*media)
        left, bottom, right, top = page.get_trimbox()
        image = page.render(scale=1, may_draw_forms=False).to_pil().convert("L")
    finally:
        document.close()
    pixels = image.load()
    width, height = image.size
    # the trim rectangle in pixels (y down), grown by 1 px for anti-aliasing of the page's own content
    x0, x1 = left - media[0] - 1, right - media[0] + 1
    y0, y1 = media[3] - top - 1, media[3] - bottom + 1
    return sum(1 for x in range(width) for y in range(height)
               if not (x0 <= x <= x1 and y0 <= y <= y1) and pixels[x, y] < 128)


def test_crop_marks_drawn_outside_the_trim_only_when_asked_for(built):
    """``[print] crop_marks``: marks outside the trim when true, nothing there when false (page 1 is the
    half-title: no bleeding art)."""
    ink = _ink_outside_the_trim(built.outputs["print"], 0)
    if load_config(SOURCE).print.crop_marks:
        assert ink > 20, "crop marks asked for in book.toml but none drawn"
    else:
        assert ink == 0, "crop marks drawn although book.toml turns them off"


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
    """PDF outline = "Inhoud", then the TOC with its levels: parts at the top level, sections nested below them."""
    def titles(outline, depth=0):
        for item in outline:
            if isinstance(item, list):
                yield from titles(item, depth + 1)
            else:
                yield depth, " ".join(item.title.split())
    got = list(titles(pdf.outline))
    expected = [(e.level - 1, f"{e.number} {e.title}".strip() if e.level == 2 else e.title) for e in book.toc]
    assert any(depth == 1 for depth, _ in expected), "test setup: the book should have sections"
    assert got == [(0, "Inhoud")] + expected


def _page_of(pages: list[str], needle: str, start: int) -> int:
    for index in range(start, len(pages)):
        if needle in " ".join(pages[index].split()):
            return index + 1
    raise AssertionError(f"{needle!r} not found after page {start}")


@pytest.fixture(scope="module")
def labels(pdf) -> list[str]:
    """The PDF page label of every page (what a viewer shows; the printed folios must say the same)."""
    return list(pdf.page_labels)


def test_toc_page_numbers_point_at_the_headings(pdf, pages, book, labels):
    toc_index = next(i for i, t in enumerate(pages) if t.strip().startswith("Inhoud"))
    toc_text = pdf.pages[toc_index].extract_text()
    after = toc_index + 1
    for entry in book.toc:
        line = next(l for l in toc_text.splitlines() if entry.title in " ".join(l.split()))  # no-break spaces
        printed = re.search(r"([0-9ivxlc]+)\s*$", line).group(1)
        actual = _page_of(pages, entry.title, after)
        assert printed == labels[actual - 1], (entry.title, printed, labels[actual - 1])


def test_page_labels_roman_front_matter_arabic_from_chapter_one(labels, zones, book):
    first = next(p for p in book.parts if p.number)
    opener = _opener_pages(zones, book)[plain_text(first.title)]
    assert labels[opener - 1] == "1"
    assert labels[:opener - 1] == [_roman(n) for n in range(1, opener)]
    assert labels[opener - 1:] == [str(n) for n in range(1, len(labels) - opener + 2)]


def _roman(number: int) -> str:
    result = ""
    for value, letters in ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            result, number = result + letters, number - value
    return result


def _opener_pages(zones, book) -> dict[str, int]:
    openers = {}
    for part in book.parts:
        title = plain_text(part.title)
        label = f"Hoofdstuk {part.number} " if part.number else ""
        openers[title] = next(n for n, z in enumerate(zones, 1)
                              if n > 4 and " ".join(z["body"].split()).lower().startswith((label + title).lower()))
    return openers


def test_parts_open_on_recto_pages_without_running_head(zones, book, labels):
    openers = _opener_pages(zones, book)
    assert len(openers) == len(book.parts)
    for title, number in openers.items():
        assert number % 2 == 1, f"{title} opens on page {number}, a verso"
        assert zones[number - 1]["head"] == "", f"running head on the opener of {title}"
        assert zones[number - 1]["foot"] == labels[number - 1], "openers carry a drop folio, equal to the label"


def test_running_heads_book_title_verso_part_title_recto(zones, book, labels):
    openers = _opener_pages(zones, book)
    current = None
    checked = 0
    for number, zone in enumerate(zones, 1):
        current = next((t for t, n in openers.items() if n == number), current)
        if number < min(openers.values()) or number in openers.values() or not zone["body"]:
            continue
        if number % 2 == 0:
            assert zone["head"] == f"{labels[number - 1]} CIO 3.0", (number, zone["head"])
        else:
            assert zone["head"] == f"{current} {labels[number - 1]}", (number, zone["head"])
        checked += 1
    assert checked > 10


def test_blank_pages_have_no_head_or_folio(zones):
    blanks = [n for n, z in enumerate(zones, 1) if not z["body"]]
    assert blanks, "expected blank versos before recto openers"
    for number in blanks:
        assert zones[number - 1]["head"] == "" and zones[number - 1]["foot"] == "", number


def _line_end_splits(pdf_page_texts) -> list[tuple[str, str]]:
    """Words hyphenated at a line end in the PDF: (part before the hyphen, part after); a hyphenation hyphen
    extracts as U+00AD
    (writers/pdf_finish.py), a typed one as "-"."""
    splits = []
    for text in pdf_page_texts:
        lines = text.splitlines()
        for line, following in zip(lines, lines[1:]):
            head = re.search(r"(\w+)[\u00ad-]$", line.rstrip())
            tail = re.match(r"\s*(\w+)", following)
            if head and tail:
                splits.append((head.group(1), tail.group(1)))
    return splits


def test_print_hyphenation_follows_dutch_patterns(pdf_page_texts, book):
    """Line-end hyphens fall where the Dutch patterns (LibreOffice nl_NL, via pyphen) allow, not the English ones:
    at least 90 % of them (a few are typed hyphens or extraction quirks); English patterns score about 40 % here."""
    import pyphen

    from tests.editions.test_fidelity import source_text

    typed = source_text(book)
    dutch = pyphen.Pyphen(lang="nl_NL")
    splits = [(head, tail) for head, tail in _line_end_splits(pdf_page_texts) if f"{head}-{tail}" not in typed]
    assert len(splits) > 20, "too few line-end hyphens to judge (is hyphenation on?)"
    misplaced = [f"{head}-{tail}" for head, tail in splits if len(head) not in dutch.positions(head + tail)]
    assert len(misplaced) <= len(splits) // 10, f"hyphens not at Dutch break points: {misplaced}"


def test_dutch_hyphenation_is_on_without_ladders(pdf_page_texts):
    """Auto-hyphens (U+00AD at line end, writers/pdf_finish.py) occur, but never more than 3 hyphenated lines in a row."""
    total, longest = 0, 0
    for text in pdf_page_texts:
        run = 0
        for line in text.splitlines():
            if line.rstrip().endswith("\u00ad"):
                total, run = total + 1, run + 1
                longest = max(longest, run)
            else:
                run = 0
    assert total > 20, "hyphenation seems off (is lang=nl set?)"
    assert longest <= 3, f"{longest} hyphenated lines in a row"
