"""L002 double-space: two or more spaces between words in the prose → findings (indentation and line ends are
Markdown syntax and stay clean)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.document import MASK
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches

_SPACES = re.compile(rf"(?<=[^\s{MASK}])  +(?=[^\s{MASK}])")


def find_double_spaces(book: Book) -> Iterator[Finding]:
    """Yield an L002 finding at the first space of every run of two or more spaces inside a line of prose."""
    for document, line, match in matches(book, _SPACES):
        yield finding(document.path, line, match.start() + 1, "L002", "double-space",
                      f"{len(match.group(0))} spaces in a row: use one")
