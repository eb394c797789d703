"""Print PDF → the lines of text on every page, with positions in pt and the inter-word spaces in em.

Read with pypdfium2 (PDFium's text page: one entry per character with its loose box = advance × font height, its
origin and font size; https://pypdfium2.readthedocs.io). Coordinates are PDF points with y upwards, measured from
the page's TrimBox origin. WeasyPrint writes text in CSS px inside a 0.75 scaling, so PDFium's font size is in px;
:data:`PX` converts it to pt.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

#: pt per CSS px (WeasyPrint draws the page in CSS px, scaled by 0.75 into PDF points).
PX = 0.75
SPACES = (" ", "\u00a0")


@dataclass(frozen=True)
class Line:
    """One line of text on a page. Lengths in pt from the TrimBox's lower-left corner; ``size`` is the font size
    in pt of most of its characters; ``gaps`` are its inter-word spaces in em (gap between the advance boxes of the
    characters either side of a space); ``hyphen`` is True when the line ends in a line-end hyphen (U+2010 or a
    typed hyphen after a letter); ``runs`` are its pieces separated by more than 1.5 em (left, right, text): a
    running head and its folio share a baseline but are two runs."""

    page: int
    text: str
    left: float
    right: float
    baseline: float
    top: float
    bottom: float
    size: float
    gaps: tuple[float, ...]
    runs: tuple[tuple[float, float, str], ...] = ()

    @property
    def word_space(self) -> float:
        """The widest inter-word space of the line in em (0 for a line of one word)."""
        return max(self.gaps, default=0.0)

    @property
    def hyphen(self) -> bool:
        text = self.text.rstrip()
        return len(text) > 1 and text[-1] in "-\u2010\u00ad" and text[-2].isalpha()

    @property
    def words(self) -> list[str]:
        return self.text.split()


@dataclass(frozen=True)
class Page:
    """One page: its number (1-based), TrimBox size in pt and its lines top to bottom."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    trim_left: float
    trim_bottom: float


def read_pages(pdf: Path) -> list[Page]:
    """Return every page of ``pdf`` with its lines. Raises ``OSError`` when the file cannot be read as a PDF."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(str(pdf))
    except pdfium.PdfiumError as error:
        raise OSError(f"{pdf}: not a readable PDF ({error})") from None
    pages = []
    x, y = ctypes.c_double(), ctypes.c_double()
    try:
        for index in range(len(document)):
            page = document[index]
            left, bottom, right, top = page.get_trimbox()
            textpage = page.get_textpage()
            chars = []
            for i in range(textpage.count_chars()):
                text = textpage.get_text_range(i, 1)
                generated = raw.FPDFText_IsGenerated(textpage.raw, i) == 1
                raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                box = textpage.get_charbox(i, loose=True)
                size = raw.FPDFText_GetFontSize(textpage.raw, i) * PX
                chars.append((text, generated, x.value - left, y.value - bottom, box[0] - left, box[2] - left,
                              box[1] - bottom, box[3] - bottom, size))
            pages.append(Page(index + 1, right - left, top - bottom, tuple(_lines(index + 1, chars)), left, bottom))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def _lines(number: int, chars: list[tuple]) -> list[Line]:
    lines, current = [], []
    for char in chars:
        text, generated = char[0], char[1]
        if text in ("\r", "\n") and generated:
            if current:
                lines.append(current)
            current = []
            continue
        if current and abs(char[3] - current[-1][3]) > 0.5 * max(char[8], 1) and not generated:
            lines.append(current)
            current = []
        current.append(char)
    if current:
        lines.append(current)
    # pieces drawn separately on one baseline (a list marker, a run after an inline box) make one line
    merged: list[list[tuple]] = []
    for chars in lines:
        real = [c for c in chars if not c[1]]
        if not real:
            continue
        baseline = real[0][3]
        for other in merged:
            other_real = [c for c in other if not c[1]]
            if abs(other_real[0][3] - baseline) < 0.5 and abs(other_real[0][8] - real[0][8]) < 3:
                separator = [("\t", False, 0, baseline, 0, 0, baseline, baseline, 0)]
                if real[0][4] < other_real[0][4]:
                    other[:] = list(chars) + separator + other
                else:
                    other.extend(separator + list(chars))
                break
        else:
            merged.append(list(chars))
    return [line for line in (_line(number, chars) for chars in merged) if line is not None]


def _line(number: int, chars: list[tuple]) -> Line | None:
    real = [c for c in chars if not c[1] and c[0] not in SPACES and c[0].strip() and c[8]]
    if not real:
        return None
    sizes = sorted(c[8] for c in real)
    size = sizes[len(sizes) // 2]
    gaps = []
    for i, char in enumerate(chars):
        if char[0] in SPACES:
            before = next((c for c in reversed(chars[:i]) if c[0] not in SPACES and c[0].strip()), None)
            after = next((c for c in chars[i + 1:] if c[0] not in SPACES and c[0].strip()), None)
            if before is not None and after is not None and after[5] > before[5]:
                em = max(before[8], after[8]) or size
                gaps.append(round((after[4] - before[5]) / em, 3))
    text = "".join(c[0] for c in chars if not (c[1] and c[0] not in SPACES)).replace("\t", " ")
    runs, current = [], []
    for char in real:
        if current and char[4] - current[-1][5] > 1.5 * size:
            runs.append(current)
            current = []
        current.append(char)
    if current:
        runs.append(current)
    pieces = tuple((r[0][4], r[-1][5], "".join(c[0] for c in r)) for r in runs)
    return Line(page=number, text=text.strip(), left=min(max(c[2], c[4]) for c in real), right=max(c[5] for c in real),
                baseline=sorted(c[3] for c in real)[len(real) // 2], top=max(c[7] for c in real),
                bottom=min(c[6] for c in real), size=round(size, 2), gaps=tuple(g for g in gaps if g > 0), runs=pieces)
