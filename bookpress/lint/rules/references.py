"""L010 unknown-reference: a cross-reference ``@fig-…`` in the prose to a figure id that no figure has → findings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches
from bookpress.lint.rules.figures import figures

_REFERENCE = re.compile(r"(?<![\w@.])@(fig-[\w-]*\w)")


def find_unknown_references(book: Book) -> Iterator[Finding]:
    """Yield an L010 finding at the ``@`` of every ``@fig-id`` whose id no figure in ``book`` carries."""
    known = {figure.id for figure in figures(book) if figure.id}
    for document, line, match in matches(book, _REFERENCE):
        if match.group(1) not in known:
            yield finding(document.path, line, match.start() + 1, "L010", "unknown-reference",
                          f"reference @{match.group(1)}: no figure has id #{match.group(1)}; fix the id or add the figure")
