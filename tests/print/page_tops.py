"""What sits at the top of each page's type area, measured from a laid-out PDF (pdfium), in mm from the trim box.

Used by the page-top tests of the small test book (``tests/print``) and of the real book (``tests/editions``):

- the first text line of a page: its baseline must sit where a line of its own size and leading sits at the top of
  the type area (half-leading + ascent below ``margin_top_mm``, CSS 2.1 §10.8.1);
- callout boxes: the tint rectangle of a box fragment that nothing precedes on its page starts at the type area
  top; a continued fragment has the left accent rule over its whole height and no top rule (the same box, not a new
  one), a box that starts on the page has both;
- raster figures: an image that nothing precedes on its page starts at the type area top.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from fontTools.ttLib import TTFont

from bookpress.fonts import book_faces

from ..editions.layout import Page

MM = 72 / 25.4
PT = 25.4 / 72
TOLERANCE = 0.2  # mm
#: text sizes (pt) of the regular text face → their line height (pt), as styles/print.css sets them:
#: callout boxes 9/12.5, quotations 9.5/13.5 (running text comes from book.toml)
LEADING = {9.0: 12.5, 9.5: 13.5}
#: render scale for pixel checks (4 → 0.088 mm per pixel)
SCALE = 4


def text_face_metrics() -> tuple[float, float]:
    """(ascent, descent) of the regular text face as fractions of the em (hhea, as WeasyPrint/Pango use them)."""
    face = next(f for f in book_faces() if f.family == "Source Serif Pro" and f.weight == 400 and f.style == "normal")
    font = TTFont(face.path, lazy=True)
    units = font["head"].unitsPerEm
    return font["hhea"].ascent / units, -font["hhea"].descent / units


def first_baseline_mm(size_pt: float, leading_pt: float) -> float:
    """Depth of the first baseline below the top of a line box: half-leading + ascent (CSS 2.1 §10.8.1)."""
    ascent, descent = text_face_metrics()
    return ((leading_pt - (ascent + descent) * size_pt) / 2 + ascent * size_pt) * PT


@dataclass(frozen=True)
class Rect:
    """A drawn rectangle (path or image bounds) in mm from the trim's top-left."""

    left: float
    top: float
    right: float
    bottom: float


def drawn(path: Path) -> list[dict[str, list[Rect]]]:
    """Per page: ``{"paths": [...], "images": [...]}`` bounds of every path and image object (forms included)."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            x0, _, _, y1 = page.get_trimbox()
            found: dict[str, list[Rect]] = {"paths": [], "images": []}
            for kind, key in ((raw.FPDF_PAGEOBJ_PATH, "paths"), (raw.FPDF_PAGEOBJ_IMAGE, "images")):
                for obj in page.get_objects(filter=[kind], max_depth=8):
                    left, bottom, right, top = obj.get_bounds()
                    found[key].append(Rect((left - x0) / MM, (y1 - top) / MM, (right - x0) / MM, (y1 - bottom) / MM))
            pages.append(found)
    finally:
        document.close()
    return pages


def render(path: Path, number: int):
    """Page ``number`` (1-based) rendered at :data:`SCALE` as a PIL RGB image; pixel (x, y) ↔ mm × SCALE × MM
    from the page's MediaBox top-left (the trim box offset is returned too: ``(image, dx_mm, dy_mm)``)."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[number - 1]
        mx0, _, _, my1 = page.get_mediabox()
        tx0, _, _, ty1 = page.get_trimbox()
        image = page.render(scale=SCALE).to_pil().convert("RGB")
        return image, (tx0 - mx0) / MM, (my1 - ty1) / MM
    finally:
        document.close()


def first_line_problems(pages: list[Page], config) -> tuple[list[str], int]:
    """For every page whose first line in the type area is set in the regular text face at a known size: its
    baseline against the top of the type area. Returns (problems, pages checked)."""
    leading = dict(LEADING)
    leading[config.font_size_pt] = config.line_height_pt
    top, problems, checked = config.margin_top_mm, [], 0
    for page in pages:
        runs = [r for r in page.runs if top < r.baseline < page.height - config.margin_bottom_mm]
        if not runs or runs[0].font != "Source-Serif-Pro":
            continue
        size = round(runs[0].size * 0.75 * 2) / 2      # pdfium reports CSS px; sizes are whole or half points
        if size not in leading:
            continue
        expected = top + first_baseline_mm(size, leading[size])
        checked += 1
        if abs(runs[0].baseline - expected) > TOLERANCE:
            problems.append(f"page {page.number}: {runs[0].text[:40]!r} ({size:g} pt) has its baseline at "
                            f"{runs[0].baseline:.2f} mm, expected {expected:.2f} mm")
    return problems, checked


def boxes(rects: list[Rect], config, width_mm: float) -> list[Rect]:
    """Callout tint rectangles: full text-block width, taller than 3 mm (one per drawn fragment)."""
    seen, found = set(), []
    for r in rects:
        key = (round(r.top, 2), round(r.bottom, 2), round(r.left, 2))
        if abs((r.right - r.left) - width_mm) < 0.3 and r.bottom - r.top > 3 and key not in seen:
            seen.add(key)
            found.append(r)
    return found


def nothing_above(page: Page, y: float, config) -> bool:
    """No text line of the type area lies above ``y`` (mm) on ``page``."""
    return not any(config.margin_top_mm < r.baseline < y for r in page.runs)
