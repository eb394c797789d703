"""L004 hyphen-leftover: a word still broken by the PDF's line-end hyphen ("orga- nisatie", "orga-nisatie") → findings.

Dutch writes compounds closed, so a hyphenated pair whose joined form is a common word is a leftover — unless it
is a real hyphenated word. Kept clean: parts with capitals or digits ("ICT-managers", "3D-printer"), suspended
compounds ("woning- en arbeidsmarkt"), chains ("kant-en-klaar"), one-letter prefixes ("e-mail"), joined forms
that are not common words ("mee-ontwikkelen"), and pairs of two real words whose joined form is clearly rarer than
the pair ("start-up").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches
from bookpress.lint.words import KNOWN, zipf

#: Words after "woord- " that make it a suspended compound ("informatie- en communicatietechnologie").
SUSPENSION = frozenset({"en", "of", "tot", "noch", "als", "dan", "maar", "c.q", "resp", "and", "or", "to"})

#: A pair of real words stays clean when the joined form is this much rarer (Zipf) than the hyphenated pair.
MARGIN = 0.5

_PAIR = re.compile(r"(?<![\w\-])([^\W\d_]+)-( ?)([^\W\d_]+)(?![\w\-])")


def is_hyphen_leftover(left: str, right: str, language: str, spaced: bool = False) -> bool:
    """True when ``left-right`` (``left- right`` if ``spaced``) is a word split by a line-end hyphen."""
    if len(left) < 2 or not right[:1].islower() or any(char.isupper() for char in left[1:]):
        return False
    if spaced and right.lower() in SUSPENSION:
        return False
    joined = zipf(left + right, language)
    if joined < KNOWN:
        return False
    if min(zipf(left, language), zipf(right, language)) < KNOWN:
        return True
    return joined >= zipf(f"{left}-{right}", language) - MARGIN


def find_hyphen_leftovers(book: Book) -> Iterator[Finding]:
    """Yield an L004 finding at the start of every hyphen-leftover pair in the prose of ``book``."""
    for document, line, match in matches(book, _PAIR):
        left, space, right = match.groups()
        if is_hyphen_leftover(left, right, book.language, spaced=bool(space)):
            yield finding(document.path, line, match.start() + 1, "L004", "hyphen-leftover",
                          f"line-end hyphen left in \"{match.group(0)}\": write \"{left}{right}\"")
