"""Helpers shared by the rules: regex matches over a view of every document → findings at the right line:col."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bookpress.lint.book import Book
from bookpress.lint.document import Document
from bookpress.lint.findings import Finding


def matches(book: Book, pattern: re.Pattern[str], view: str = "prose") -> Iterator[tuple[Document, int, re.Match[str]]]:
    """Yield ``(document, line number (1-based), match)`` for ``pattern`` in ``view`` ("prose" or "markup")."""
    for document in book.documents:
        for number, line in enumerate(getattr(document, view), start=1):
            for match in pattern.finditer(line):
                yield document, number, match


def finding(path: Path, line: int, col: int, code: str, name: str, message: str) -> Finding:
    """Build a :class:`Finding`; ``col`` is 1-based."""
    return Finding(path, line, col, code, name, message)
