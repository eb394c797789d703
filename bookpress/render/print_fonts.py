"""Book faces → print faces whose hyphenation hyphen is its own glyph, so a PDF's text tells it from a typed hyphen.

WeasyPrint writes one ToUnicode entry per glyph, taken from the first text that drew it. Source Serif Pro maps
U+002D (typed hyphen) and U+2010 (WeasyPrint's default ``hyphenate-character``) to one glyph, so every typed hyphen
extracted as U+2010 — searching the PDF for "ICT-managers" failed — or, had the typed hyphen come first, every
line-end hyphen would extract as a typed one. The italics have no U+2010 at all (a fallback font would draw it).

Each print face is therefore a copy of the book face with one extra glyph, ``hyphen.auto`` (the outline and advance
of ``hyphen``), that U+2010 maps to. Typed hyphens keep the glyph ``hyphen`` and extract as U+002D; line-end
hyphens extract as U+2010, which :func:`bookpress.writers.pdf_finish.mark_soft_hyphens` turns into U+00AD, the
character PDF 32000-1 §14.8.2.2.3 asks for hyphens a layout process inserted (viewers then join the word halves).

The derived faces also lose the kerning pairs that involve the word space. WeasyPrint 70 justifies a line by
adding spacing to its spaces after measuring it; a kerned space (Source Serif Pro kerns "T ", "V " …) is then drawn
unkerned, so a justified line with "ICT " three times came out 0.29 mm wider than the text block. Word spaces in
justified text vary anyway; the text block edge must not.

Derived files are cached in the system temp folder, keyed by the source file's hash, written atomically.
"""

from __future__ import annotations

import copy
import hashlib
import os
import tempfile
from dataclasses import replace
from pathlib import Path

from bookpress.fonts import Face, book_faces

#: the code point WeasyPrint draws at a hyphenation break (its default ``hyphenate-character``)
HYPHENATION_HYPHEN = 0x2010
AUTO_GLYPH = "hyphen.auto"
_VERSION = "2"


def cache_dir() -> Path:
    """The folder holding derived font files (created on demand)."""
    return Path(tempfile.gettempdir()) / "bookpress-print-fonts"


def print_faces(faces: tuple[Face, ...] | None = None) -> tuple[Face, ...]:
    """``faces`` (default: the built-in book faces; same families, roles, weights, styles) as derived TrueType files
    with a separate hyphenation glyph.

    Raises ``FileNotFoundError`` if a book font file is missing, ``ValueError`` if a face has no ``hyphen`` glyph
    or is not TrueType-flavoured (``glyf`` table).
    """
    return tuple(replace(face, path=_derived(face.path)) for face in (book_faces() if faces is None else faces))


def _derived(source: Path) -> Path:
    data = source.read_bytes()
    digest = hashlib.sha256(data + _VERSION.encode()).hexdigest()[:16]
    target = cache_dir() / digest / source.name
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    if "glyf" not in font:
        raise ValueError(f"{source.name} is not a TrueType font; the print edition needs .ttf faces")
    cmap = font.getBestCmap()
    name = cmap.get(0x2D)
    if name is None:
        raise ValueError(f"{source.name} has no glyph for the hyphen U+002D")
    order = font.getGlyphOrder()
    if AUTO_GLYPH not in order:
        glyf, hmtx = font["glyf"], font["hmtx"]
        glyph = copy.deepcopy(glyf[name])
        font.setGlyphOrder(order + [AUTO_GLYPH])
        glyf.glyphOrder = order + [AUTO_GLYPH]
        glyf.glyphs[AUTO_GLYPH] = glyph
        hmtx.metrics[AUTO_GLYPH] = hmtx.metrics[name]
        font["maxp"].numGlyphs = len(order) + 1
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[HYPHENATION_HYPHEN] = AUTO_GLYPH
    space = cmap.get(0x20)
    if space and "GPOS" in font:
        _unkern(font["GPOS"].table, space)
    handle, scratch = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        font.save(scratch)
        os.replace(scratch, target)
    finally:
        if os.path.exists(scratch):
            os.unlink(scratch)
    return target


def _unkern(gpos, space: str) -> None:
    """Remove every pair adjustment (GPOS lookup type 2, OpenType spec "Pair Adjustment Positioning") that has the
    glyph ``space`` on either side."""
    for lookup in gpos.LookupList.Lookup if gpos.LookupList else ():
        for subtable in lookup.SubTable:
            subtable = getattr(subtable, "ExtSubTable", subtable)
            if getattr(subtable, "LookupType", None) != 2:
                continue
            glyphs = subtable.Coverage.glyphs
            if subtable.Format == 1:
                pairs = [(g, ps) for g, ps in zip(glyphs, subtable.PairSet) if g != space]
                for _, pair_set in pairs:
                    pair_set.PairValueRecord = [r for r in pair_set.PairValueRecord if r.SecondGlyph != space]
                    pair_set.PairValueCount = len(pair_set.PairValueRecord)
                subtable.Coverage.glyphs = [g for g, _ in pairs]
                subtable.PairSet = [ps for _, ps in pairs]
                subtable.PairSetCount = len(pairs)
            elif subtable.Format == 2:
                if space in glyphs:
                    subtable.Coverage.glyphs = [g for g in glyphs if g != space]
                subtable.ClassDef1.classDefs.pop(space, None)
                if subtable.ClassDef2.classDefs.pop(space, None):
                    for record in subtable.Class1Record:   # class 0 must not kern, now that space is in it
                        _zero(record.Class2Record[0])


def _zero(record) -> None:
    for value in (getattr(record, "Value1", None), getattr(record, "Value2", None)):
        if value is not None:
            for name in ("XPlacement", "YPlacement", "XAdvance", "YAdvance"):
                if hasattr(value, name):
                    setattr(value, name, 0)
