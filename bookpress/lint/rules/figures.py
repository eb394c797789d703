"""Figures in the Markdown → their image paths, ids and attributes; L009 missing-figure → findings.

A figure is ``![caption](path){#fig-id .placeholder fig-alt="…"}``; ``path`` is relative to ``source/``.
Figures marked ``.placeholder`` have no art yet and are exempt from the file check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches

_QUOTED = r'"[^"\n]*"|\'[^\'\n]*\''
_IMAGE = re.compile(
    # the alt text may hold one level of balanced brackets, never an unbalanced "[" (linear time on "![![![…")
    r"!\[(?:[^\[\]\\\n]|\\.|\[[^\[\]\\\n]*\])*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:" + _QUOTED + r"))?\s*\)"
    r"(\{(?:[^{}\"'\n]|" + _QUOTED + r")*\})?"
)
_ID = re.compile(r"(?:^|[\s{])#([^\s}]+)")
_PLACEHOLDER = re.compile(r"(?:^|[\s{])\.placeholder(?=[\s}])")


@dataclass(frozen=True)
class Figure:
    """An image in a document: its ``target`` as written, where it starts (1-based ``line``, ``col`` of the
    target), its ``id`` (``None`` if it has none) and whether it is a ``placeholder``."""

    path: Path
    line: int
    col: int
    target: str
    id: str | None
    placeholder: bool


def figures(book: Book) -> Iterator[Figure]:
    """Yield every image in ``book`` (outside code and comments), in document order."""
    for document, line, match in matches(book, _IMAGE, view="markup"):
        target, attributes = match.group(1), match.group(2) or ""
        identifier = _ID.search(attributes)
        yield Figure(document.path, line, match.start(1) + 1, target.strip("<>"),
                     identifier.group(1) if identifier else None, bool(_PLACEHOLDER.search(attributes)))


def find_missing_figures(book: Book) -> Iterator[Finding]:
    """Yield an L009 finding for every image whose file is not in ``source/`` (placeholders are exempt)."""
    for figure in figures(book):
        if figure.placeholder:
            continue
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", figure.target):
            problem = "is not a file in the source folder (the build downloads nothing)"
        elif not (book.source_dir / unquote(figure.target)).is_file():
            problem = "does not exist (paths are relative to the source folder)"
        else:
            continue
        yield finding(figure.path, figure.line, figure.col, "L009", "missing-figure",
                      f"figure \"{figure.target}\" {problem}: add the file, fix the path, or mark the figure "
                      f"{{.placeholder}} until the art exists")
