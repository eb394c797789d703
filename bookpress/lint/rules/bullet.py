"""L003 bullet: a stray bullet glyph ("■", also "▪", "•") left from the PDF in the prose → findings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches

_BULLET = re.compile("[■▪•]")


def find_bullets(book: Book) -> Iterator[Finding]:
    """Yield an L003 finding at every bullet glyph in the prose of ``book``."""
    for document, line, match in matches(book, _BULLET):
        yield finding(document.path, line, match.start() + 1, "L003", "bullet",
                      f"stray \"{match.group(0)}\": write a list item as \"- item\" on its own line, or delete it")
