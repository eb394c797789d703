"""L037 letterspacing, L038 typed-number: page layout that PDF extraction turned into text → findings.

- L037: a letter-spaced line ("J A A R V E R S L A G  2 0 2 5"): a running head or a spaced-out title left in the
  text; five or more tokens of which at least 80 % are single characters.
- L038: a number typed in a heading ("## 4.2. Resultaten") or a caption label typed in a figure's caption
  ("![Figuur 4.3: Verloop …]"); the build numbers headings and figures itself (docs/source-format.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding

_HEADING_NUMBER = re.compile(r"^(#{1,6})\s+(\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+(?=[^\W\d_])")
_CAPTION_LABEL = re.compile(r"!\[((?:Figuur|Figure|Abbildung|Abb\.|Fig\.|Tabel|Table|Tabelle)\s+\d{1,3}(?:[.\-]\d{1,3})?"
                            r"[.:]?)\s")


def _letterspaced(text: str) -> bool:
    tokens = text.split()
    return len(tokens) >= 5 and sum(len(token) == 1 for token in tokens) >= 0.8 * len(tokens) \
        and sum(token.isalpha() for token in tokens) >= 3


def find_letterspacing(book: Book) -> Iterator[Finding]:
    """Yield an L037 finding for every letter-spaced line in the prose of ``book``."""
    for document in book.documents:
        for number, line in enumerate(document.prose, start=1):
            stripped = line.lstrip("#>-*+ ").replace("\0", " ")
            if len(stripped) <= 400 and _letterspaced(stripped):
                closed = " ".join("".join(group.split()) for group in re.split(r"\s{2,}", stripped.strip()))
                yield finding(document.path, number, 1, "L037", "letterspacing",
                              f"letter-spaced text \"{closed}\": a running head left in the text (delete it) or a "
                              "spaced title (type the word)")


def find_typed_numbers(book: Book) -> Iterator[Finding]:
    """Yield an L038 finding for a number typed in a heading or a caption label typed in a figure caption."""
    for document in book.documents:
        for number, line in enumerate(document.markup, start=1):
            if match := _HEADING_NUMBER.match(line):
                yield finding(document.path, number, len(match.group(1)) + 2, "L038", "typed-number",
                              f"number \"{match.group(2)}\" typed in a heading: delete it, the build numbers "
                              "headings")
            for match in _CAPTION_LABEL.finditer(line):
                yield finding(document.path, number, match.start() + 3, "L038", "typed-number",
                              f"label \"{match.group(1)}\" typed in a caption: delete it, the build numbers figures")
