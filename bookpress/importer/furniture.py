"""Page furniture → removed lines: running heads (with their folio glued on or separate) and bare folios.

A running head is recognised by a general rule, never by this book's title:

- a line that, without a leading/trailing page number, occurs two or more times in the document, where at least
  one occurrence carries a number (certain); or
- a line of three or more words at a page break whose last word has a page number glued to a lower-case letter ("…transformatie2")
  and that ends without sentence punctuation (uncertain: reported for review).

A bare folio is a line of one to four digits on its own. Removed text is reported, so nothing vanishes silently.
"""

from __future__ import annotations

import re
from collections import Counter

from bookpress.importer.changes import Change
from bookpress.importer.rawlines import RawLine

NUMBERED = re.compile(r"^(?:(\d{1,4})\s*[-–|·]?\s*)?(?P<body>.*?\D)(?:\s*[-–|·]?\s*(\d{1,4}))?$")
GLUED = re.compile(r"[a-zà-ÿ](\d{1,4})$")
FOLIO = re.compile(r"^\d{1,4}$")
MARKUP = re.compile(r"^(#|- |\d+\. |!\[|<!--|\{|:::|>)")


def _body(text: str) -> tuple[str, bool]:
    match = NUMBERED.match(text)
    if not match:
        return text, False
    numbered = bool(match.group(1) or match.group(3))
    return " ".join(match.group("body").split()).casefold(), numbered


def remove_furniture(lines: list[RawLine]) -> tuple[list[RawLine], list[Change]]:
    """Return ``lines`` without running heads and folios, and one :class:`Change` per removed line.

    The line after a removed one inherits its page-start hint, so page-split paragraphs are still seen.
    """
    bodies = [_body(line.text) if line.text and len(line.text) <= 120 else ("", False) for line in lines]
    counts = Counter(body for body, _ in bodies if body)
    carrying = {body for body, numbered in bodies if body and numbered}
    kept: list[RawLine] = []
    changes: list[Change] = []
    inherit = False
    for index, line in enumerate(lines):
        text = line.text
        rule, certain = "", True
        if text and not MARKUP.match(text):
            body = bodies[index][0]
            if FOLIO.match(text) and _at_boundary(lines, index):
                rule = "folio"
            elif body and counts[body] >= 2 and body in carrying and len(body.split()) >= 2:
                rule = "running-head"
            elif (GLUED.search(text) and _at_page_break(lines, index)
                  and not re.search(r"[.,;:!?]\s*\S*$", text) and len(text.split()) >= 3):
                rule, certain = "running-head", False
        if rule:
            changes.append(Change(line.number, text, "", rule, certain))
            inherit = True
            continue
        if inherit and text:
            line = RawLine(line.number, line.text, True, line.wrapped)
            inherit = False
        kept.append(line)
    return kept, changes


def _at_page_break(lines: list[RawLine], index: int) -> bool:
    """True when the line starts a page or the next non-blank line does (a real page-break signal in the text;
    unlike :func:`_at_boundary`, the start or end of the text alone does not count)."""
    if lines[index].page_start:
        return True
    following = next((line for line in lines[index + 1:] if line.text), None)
    return following is not None and following.page_start


def _at_boundary(lines: list[RawLine], index: int) -> bool:
    """True when the line starts a page, or the next non-blank line does, or it is first/last in the text."""
    if lines[index].page_start:
        return True
    before = any(line.text for line in lines[:index])
    for line in lines[index + 1:]:
        if line.text:
            return line.page_start or not before
    return True
