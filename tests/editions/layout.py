"""Laid-out PDF → measured text runs: where every run of glyphs sits on its page, in mm from the trim box.

pdfium (pypdfium2) gives each glyph's origin (on the baseline) and its loose box (advance width × font ascent/
descent), so a run's left edge is its first glyph's origin and its right edge the end of its last glyph's advance:
the quantities a typesetter measures (https://pdfium.googlesource.com/pdfium/+/main/public/fpdf_text.h).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

MM = 72 / 25.4
#: a horizontal gap wider than this (mm) starts a new run (the folio and the running head share a baseline)
RUN_GAP_MM = 4.0


@dataclass(frozen=True)
class Run:
    """Glyphs on one baseline without a wide gap. Positions in mm from the trim box's top-left corner."""

    text: str
    baseline: float
    left: float
    right: float
    size: float     # font size in pt
    font: str


@dataclass(frozen=True)
class Page:
    """One page: its number (1-based), trim size in mm and its runs, top to bottom, left to right."""

    number: int
    width: float
    height: float
    runs: tuple[Run, ...]

    @property
    def recto(self) -> bool:
        return self.number % 2 == 1


def measure(path: Path) -> list[Page]:
    """Every page of the PDF at ``path`` with its text runs (see :class:`Run`)."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            trim_left, trim_bottom, trim_right, trim_top = page.get_trimbox()
            textpage = page.get_textpage()
            glyphs = []
            x, y = ctypes.c_double(), ctypes.c_double()
            left, bottom, right, top = (ctypes.c_double() for _ in range(4))
            rect = raw.FS_RECTF()
            name = ctypes.create_string_buffer(128)
            for i in range(textpage.count_chars()):
                char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                if raw.FPDFText_IsGenerated(textpage.raw, i) or char in "\r\n":
                    continue
                raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect)
                raw.FPDFText_GetFontInfo(textpage.raw, i, name, len(name), None)
                glyphs.append((round((trim_top - y.value) / MM, 2), (x.value - trim_left) / MM,
                               (rect.right - trim_left) / MM, char, raw.FPDFText_GetFontSize(textpage.raw, i),
                               name.value.decode("latin-1").split("+")[-1]))
            pages.append(Page(index + 1, (trim_right - trim_left) / MM, (trim_top - trim_bottom) / MM,
                              tuple(_runs(glyphs))))
    finally:
        document.close()
    return pages


def _runs(glyphs):
    glyphs.sort(key=lambda g: (g[0], g[1]))
    current: list = []
    for glyph in glyphs + [None]:
        if current and (glyph is None or abs(glyph[0] - current[-1][0]) > 0.05
                        or glyph[1] - current[-1][2] > RUN_GAP_MM):
            text = "".join(g[3] for g in current).strip()
            printing = [g for g in current if not g[3].isspace()]
            if text:
                yield Run(text, current[0][0], printing[0][1], printing[-1][2], round(printing[0][4], 2),
                          printing[0][5])
            current = []
        if glyph is not None:
            current.append(glyph)
