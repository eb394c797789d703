"""L011 duplicate-id: an ``#id`` in an attribute block ``{…}`` that an earlier one in the book already has → findings.

Ids of figures, callout boxes and headings share one namespace (they become anchors in the EPUB).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches

_QUOTED = r'"[^"\n]*"|\'[^\'\n]*\''
_ATTRIBUTES = re.compile(r"\{(?:[^{}\"'\n]|" + _QUOTED + r")*\}")
_ID = re.compile(r"(?<=[\s{])#([^\s}]+)")


def ids(book: Book) -> Iterator[str]:
    """Every ``#id`` written in an attribute block ``{…}`` in ``book`` (figures, tables, boxes, headings)."""
    for _document, _line, block in matches(book, _ATTRIBUTES, view="markup"):
        for match in _ID.finditer(block.group(0)):
            yield match.group(1)


def find_duplicate_ids(book: Book) -> Iterator[Finding]:
    """Yield an L011 finding at every ``#id`` after the first with the same id (books order: listed files first)."""
    first: dict[str, tuple[Path, int]] = {}
    for document, line, block in matches(book, _ATTRIBUTES, view="markup"):
        for match in _ID.finditer(block.group(0)):
            identifier = match.group(1)
            if identifier in first:
                path, first_line = first[identifier]
                yield finding(document.path, line, block.start() + match.start() + 1, "L011", "duplicate-id",
                              f"duplicate id #{identifier} (first at {path.relative_to(book.source_dir).as_posix()}:{first_line}): "
                              "give one of them another id")
            else:
                first[identifier] = (document.path, line)
