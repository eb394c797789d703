"""L001 split-ligature: a word broken after a ligature by PDF extraction ("fl exibele", "behoeft e") → findings.

The PDF drew fi, fl, ff, ffi, ffl and ft as one glyph; extraction often put a space after it. A pair
"FRAGMENT continuation" is reported when the fragment ends in such a ligature, the continuation starts with a
lowercase letter, the joined form is a word of the book's language and is more common than the rarer of the two
halves — so "heeft een" (no word "heefteen") and "lift en" ("lift" and "en" both commoner than "liften") stay clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches
from bookpress.lint.words import zipf

#: The joined word must be at least this common (Zipf) to count as a word.
JOINED_MIN = 2.0

_PAIR = re.compile(r"(?<![^\W\d_])([^\W\d_]*(?:ffi|ffl|fi|fl|ff|ft))( +)([^\W\d_]+)(?![\w-])", re.IGNORECASE)


def is_split_ligature(fragment: str, continuation: str, language: str) -> bool:
    """True when ``fragment + continuation`` is a word that PDF extraction split after a ligature.

    ``fragment`` ends in fi/fl/ff/ffi/ffl/ft; ``continuation`` must start lowercase.
    """
    if not continuation[:1].islower():
        return False
    joined = zipf(fragment + continuation, language)
    return joined >= JOINED_MIN and joined > min(zipf(fragment, language), zipf(continuation, language))


def find_split_ligatures(book: Book) -> Iterator[Finding]:
    """Yield an L001 finding at the start of every split-ligature pair in the prose of ``book``."""
    for document, line, match in matches(book, _PAIR):
        fragment, spaces, continuation = match.groups()
        if is_split_ligature(fragment, continuation, book.language):
            yield finding(document.path, line, match.start() + 1, "L001", "split-ligature",
                          f"split ligature \"{match.group(0)}\": join it to \"{fragment}{continuation}\"")
