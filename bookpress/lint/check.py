"""``source/`` → every lint finding, sorted by file, line and column."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bookpress.lint.book import load_book
from bookpress.lint.findings import Finding
from bookpress.lint.rules import RULES


def check(source_dir: Path, codes: Iterable[str] | None = None) -> list[Finding]:
    """Lint the book in ``source_dir`` with the rules ``codes`` (default: all of :data:`RULES`).

    Returns the findings sorted by (path, line, col, code). Raises :class:`~bookpress.errors.BookError` when the
    folder cannot be read as a book (see :func:`bookpress.lint.book.load_book`) and ``KeyError`` for an unknown code.
    """
    book = load_book(source_dir)
    selected = [RULES[code] for code in (RULES if codes is None else codes)]
    order = {document.path: index for index, document in enumerate(book.documents)}
    findings = {finding for rule in selected for finding in rule.find(book)}
    return sorted(findings, key=lambda f: (order.get(f.path, -1), f.line, f.col, f.code, f.message))
