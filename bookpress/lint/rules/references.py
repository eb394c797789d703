"""L010 unknown-reference: a cross-reference (``@fig-…``, ``@tbl-…``, ``@sec-…``, ``@kader-…``/``@box-…``) in the
prose to an id that nothing in the book carries → findings. Ids are the ``#id`` of attribute blocks ``{…}``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches
from bookpress.lint.rules.ids import ids

_REFERENCE = re.compile(r"(?<![\w@.])@((?:fig|tbl|sec|kader|box)-[\w-]*\w)", re.IGNORECASE)


def find_unknown_references(book: Book) -> Iterator[Finding]:
    """Yield an L010 finding at the ``@`` of every reference whose id (case of the prefix ignored) nothing carries."""
    known = set(ids(book))
    for document, line, match in matches(book, _REFERENCE):
        kind, rest = match.group(1).split("-", 1)
        target = f"{kind.lower()}-{rest}"
        if target not in known:
            yield finding(document.path, line, match.start() + 1, "L010", "unknown-reference",
                          f"reference @{match.group(1)}: nothing has id #{target}; fix the id or add the "
                          f"{'figure' if kind.lower() == 'fig' else 'table' if kind.lower() == 'tbl' else 'section id' if kind.lower() == 'sec' else 'box id'}")
