"""Code points a PDF extractor leaves behind → the plain characters of the text, per raw line.

- Ligature and digraph code points (U+FB00–FB06 "ﬁ", "ﬀ" …, U+0132/U+0133 "Ĳ"/"ĳ") → their letters: the book's
  fonts draw ligatures themselves, and a font without ĳ makes the PDF fall back to a system font.
- A soft hyphen (U+00AD) at a line end, or followed by a space inside a line, marks where the layout broke a word:
  it becomes an ordinary line-end hyphen that :mod:`~bookpress.importer.dehyphenate` decides on; inside a word it
  is removed (it is invisible and only allows a break).
- The typographic hyphens U+2010 and U+2011 → "-" (WeasyPrint and many other typesetters draw both typed and
  line-end hyphens with U+2010; the line-end ones are then decided like any other).
- Zero-width characters (U+200B, U+2060, U+FEFF inside the text) are removed.
- Control characters (C0/C1 other than tab and line ends) and U+FFFD are kept — an extractor writes them where it
  could not map a glyph to a letter, so letters may be missing there — and listed as uncertain for review.

Every replacement is reported (rule ``characters``); nothing is dropped silently.
"""

from __future__ import annotations

import re

from bookpress.importer.changes import Change
from bookpress.importer.rawlines import RawLine

#: Compatibility characters → letters (Unicode decompositions of the Alphabetic Presentation Forms block and ĳ).
LETTERS = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u0132": "IJ", "\u0133": "ij", "\u2010": "-", "\u2011": "-",
    "\u200b": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
}

#: What this pass rewrites: the table's keys, and a soft hyphen that ends a line or is followed by spaces.
SPECIAL = re.compile("\u00ad(?: +|$)|[" + "".join(LETTERS) + "]")

#: Characters that stand where the extractor lost a glyph.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def _replace(match: re.Match[str]) -> str:
    found = match.group()
    if found.startswith("\u00ad") and (len(found) > 1 or match.end() == len(match.string)):
        return "-" if match.end() == len(match.string) else "- "
    return LETTERS[found]


def normalise_lines(lines: list[RawLine]) -> tuple[list[RawLine], list[Change]]:
    """Return ``lines`` with extractor code points replaced, and one :class:`Change` per line changed or flagged.

    A soft hyphen followed by spaces inside a line becomes "- " (a flattened line-end hyphen, decided later).
    """
    changes: list[Change] = []
    out: list[RawLine] = []
    for line in lines:
        text = line.text
        if SPECIAL.search(text):
            new = SPECIAL.sub(_replace, text)
            first = SPECIAL.search(text)
            start = text.rfind(" ", 0, max(first.start() - 20, 0)) + 1
            changes.append(Change(line.number, text[start:start + 60], new[start:start + 60], "characters"))
            line = RawLine(line.number, new, line.page_start, line.wrapped)
        if found := CONTROL.search(line.text):
            code = f"U+{ord(found.group()):04X}"
            changes.append(Change(line.number, _show(line.text[max(found.start() - 20, 0):found.end() + 20]),
                                  _show(line.text[max(found.start() - 20, 0):found.end() + 20]),
                                  f"control-character {code}: letters may be missing here", False))
        out.append(line)
    return out, changes


def _show(text: str) -> str:
    """Control characters made visible as ``<U+0002>`` for the report."""
    return CONTROL.sub(lambda match: f"<U+{ord(match.group()):04X}>", text)
