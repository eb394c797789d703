"""``book.toml [print]`` + font metrics → exact CSS for the page furniture (running heads and folios).

CSS positions a line box, not a baseline: in a margin box with ``vertical-align: bottom`` the baseline sits
``half-leading + descent`` above the box's bottom edge (CSS 2.1 §10.8.1, "Leading and half-leading"; WeasyPrint
takes ascent and descent from the font's ``hhea`` table through Pango/HarfBuzz). This module computes the padding
that puts the baseline of the running heads and folios exactly ``running_head_gap_mm`` above the text block, and the
drop folio of a chapter opener ``drop_folio_gap_mm`` below it, whatever face and size the design uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bookpress.config import PrintEdition
from bookpress.fonts import Face, book_faces

PT_PER_MM = 72 / 25.4

#: the furniture's type: the display face (book.toml [fonts] display), size (pt); folios are set semibold, running
#: heads regular (see styles/print.css)
FURNITURE_ROLE = "display"
FURNITURE_SIZE_PT = 8.0
HEAD_WEIGHT = 400
FOLIO_WEIGHT = 600


@dataclass(frozen=True)
class Furniture:
    """CSS lengths (pt) for the margin boxes: ``head_pad``/``folio_pad`` are the ``padding-bottom`` of the
    running head and folio boxes (``vertical-align: bottom``), ``drop_pad`` the ``padding-top`` of the drop folio
    (``vertical-align: top``); ``size`` and ``line`` the font size and line height (pt)."""

    family: str
    size: float
    line: float
    head_weight: int
    folio_weight: int
    head_pad: float
    folio_pad: float
    drop_pad: float


@lru_cache(maxsize=None)
def _metrics(path: Path) -> tuple[float, float]:
    """(ascent, descent) of a font file in em, positive, from its ``hhea`` table."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    return font["hhea"].ascent / units, -font["hhea"].descent / units


def _face_metrics(faces: tuple[Face, ...], role: str, weight: int) -> tuple[float, float]:
    for face in faces:
        if face.role == role and face.weight == weight and face.style == "normal":
            return _metrics(face.path)
    raise LookupError(f"no {role} face of weight {weight} among the book faces (book.toml [fonts] {role}_faces)")


def furniture(p: PrintEdition, faces: tuple[Face, ...] | None = None) -> Furniture:
    """The margin-box paddings for ``p`` (all pt), set in the display face of ``faces`` (default: the built-in
    choice of :func:`bookpress.fonts.book_faces`). Raises ``LookupError`` if the furniture face is missing."""
    faces = book_faces() if faces is None else faces
    size, line = FURNITURE_SIZE_PT, FURNITURE_SIZE_PT

    def above_bottom(weight: int) -> float:   # baseline height above the line box bottom
        ascent, descent = _face_metrics(faces, FURNITURE_ROLE, weight)
        return (line - (ascent + descent) * size) / 2 + descent * size

    def below_top(weight: int) -> float:      # baseline depth below the line box top
        ascent, descent = _face_metrics(faces, FURNITURE_ROLE, weight)
        return (line - (ascent + descent) * size) / 2 + ascent * size

    gap = p.running_head_gap_mm * PT_PER_MM
    family = next(face.family for face in faces if face.role == FURNITURE_ROLE)
    return Furniture(family, size, line, HEAD_WEIGHT, FOLIO_WEIGHT,
                     head_pad=round(gap - above_bottom(HEAD_WEIGHT), 3),
                     folio_pad=round(gap - above_bottom(FOLIO_WEIGHT), 3),
                     drop_pad=round(p.drop_folio_gap_mm * PT_PER_MM - below_top(HEAD_WEIGHT), 3))
