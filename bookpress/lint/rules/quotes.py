"""L005 straight-quote and L006 modifier-quote: quote marks that are not the final typography → findings.

The prose must use ‘ ’ “ ” and the apostrophe ’. Straight ' and " are reported (attribute blocks ``{…}``, code and
HTML comments are not prose), and so are the modifier letters ʻ (U+02BB) and ʼ (U+02BC) that PDF extraction
produces for quotes and apostrophes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding, matches

_STRAIGHT = re.compile("['\"]")
_MODIFIER = re.compile("[\u02bb\u02bc]")


def _between_letters(line: str, index: int) -> bool:
    return 0 < index < len(line) - 1 and line[index - 1].isalpha() and line[index + 1].isalpha()


def find_straight_quotes(book: Book) -> Iterator[Finding]:
    """Yield an L005 finding at every straight ' or " in the prose of ``book``."""
    for document, line, match in matches(book, _STRAIGHT):
        text, index = document.prose[line - 1], match.start()
        if match.group(0) == '"':
            advice = "use “ (opening) or ” (closing)"
        elif _between_letters(text, index):
            advice = "use the apostrophe ’"
        else:
            advice = "use ‘ (opening), ’ (closing) or the apostrophe ’"
        yield finding(document.path, line, index + 1, "L005", "straight-quote",
                      f"straight quote {match.group(0)}: {advice}")


def find_modifier_quotes(book: Book) -> Iterator[Finding]:
    """Yield an L006 finding at every ʻ or ʼ (modifier letters, not punctuation) in the prose of ``book``."""
    for document, line, match in matches(book, _MODIFIER):
        wanted = "‘" if match.group(0) == "\u02bb" else "’"
        yield finding(document.path, line, match.start() + 1, "L006", "modifier-quote",
                      f"modifier letter {match.group(0)} (U+{ord(match.group(0)):04X}) used as a quote: use {wanted}")
