"""L030 ligature-codepoint, L031 hyphen-character, L032 control-character: code points a PDF extractor leaves in
text → findings.

- L030: U+FB00–FB06 (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) and U+0132/U+0133 (Ĳ ĳ). The book's fonts form ligatures themselves; a font
  without the code point makes the PDF fall back to a system font (Unicode: these are compatibility characters).
- L031: a soft hyphen U+00AD (invisible; it only allows a break), U+2010/U+2011 (typographic hyphens that
  searching for "-" misses) and zero-width characters U+200B, U+2060, U+FEFF inside a line.
- L032: C0/C1 control characters and U+FFFD: an extractor writes them where it could not map a glyph to a letter,
  so letters may be missing there. The whole line is read (also code and comments), since these hide anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches

LETTERS = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
           "\ufb06": "st", "\u0132": "IJ", "\u0133": "ij"}
_LIGATURE = re.compile("[" + "".join(LETTERS) + "]")
_HYPHEN = re.compile("[\u00ad\u2010\u2011\u200b\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_NAMES = {"\u00ad": ("soft hyphen U+00AD", "delete it (the build hyphenates by itself)"),
          "\u2010": ("hyphen U+2010", 'type "-"'), "\u2011": ("non-breaking hyphen U+2011", 'type "-"'),
          "\u200b": ("zero-width space U+200B", "delete it"), "\u2060": ("word joiner U+2060", "delete it"),
          "\ufeff": ("zero-width no-break space U+FEFF", "delete it")}


def find_ligature_codepoints(book: Book) -> Iterator[Finding]:
    """Yield an L030 finding for every ligature or ĳ code point in the text of ``book``."""
    for document, line, match in matches(book, _LIGATURE, "lines"):
        char = match.group()
        yield finding(document.path, line, match.start() + 1, "L030", "ligature-codepoint",
                      f"ligature code point U+{ord(char):04X} \"{char}\": type the letters \"{LETTERS[char]}\"")


def find_hyphen_characters(book: Book) -> Iterator[Finding]:
    """Yield an L031 finding for every soft hyphen, U+2010/U+2011 or zero-width character in ``book``."""
    for document, line, match in matches(book, _HYPHEN, "lines"):
        name, fix = _NAMES[match.group()]
        if match.group() == "\ufeff" and line == 1 and match.start() == 0:
            continue  # a byte-order mark at the start of the file is the reader's business, not a leftover
        yield finding(document.path, line, match.start() + 1, "L031", "hyphen-character",
                      f"{name} left by PDF extraction: {fix}")


def find_control_characters(book: Book) -> Iterator[Finding]:
    """Yield an L032 finding for every control character or U+FFFD in ``book`` (all text, code included)."""
    for document, line, match in matches(book, _CONTROL, "lines"):
        yield finding(document.path, line, match.start() + 1, "L032", "control-character",
                      f"control character U+{ord(match.group()):04X}: letters may be missing here (the extractor "
                      "could not map a glyph); compare with the original PDF and retype the word")
