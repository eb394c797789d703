"""L007 unknown-callout and L008 unclosed-callout: the ``:::`` fenced divs of callout boxes → findings.

A box opens with ``::: {.callout-TYPE …}`` (TYPE in :data:`CALLOUT_TYPES`) and closes with a bare ``:::`` that has
at least as many colons. Reported: an unknown TYPE or a fence without a callout class (L007), a box never closed
and a bare ``:::`` that closes nothing (L008 — Markdown would open a new div there that runs to the end of the file).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.document import Document
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding

#: The box types the build knows (docs/source-format.md, "Callout boxes").
CALLOUT_TYPES = ("case", "note")

_FENCE = re.compile(r"^ {0,3}(:{3,})[ \t]*(.*?)[ \t]*$")
_CALLOUT = re.compile(r"(?<![\w-])\.?callout-([\w-]*)")


def _fences(document: Document) -> Iterator[tuple[int, int, str, str]]:
    """Yield ``(line, col, colons, info)`` for every ``:::`` fence line outside code and comments."""
    for number, line in enumerate(document.markup, start=1):
        match = _FENCE.match(line)
        if match:
            yield number, match.start(1) + 1, match.group(1), match.group(2)


def find_unknown_callouts(book: Book) -> Iterator[Finding]:
    """Yield an L007 finding for every opening fence whose callout type is unknown or missing."""
    known = ", ".join(f"callout-{name}" for name in CALLOUT_TYPES)
    for document in book.documents:
        for line, col, _colons, info in _fences(document):
            if not info:
                continue
            callout = _CALLOUT.search(info)
            info_col = document.markup[line - 1].index(info, col - 1) + 1
            if callout is None:
                yield finding(document.path, line, info_col, "L007", "unknown-callout",
                              f"fenced div \"{info}\" is not a callout box: add a class ({known})")
            elif callout.group(1) not in CALLOUT_TYPES:
                yield finding(document.path, line, info_col + callout.start(), "L007", "unknown-callout",
                              f"unknown callout type \"callout-{callout.group(1)}\": use one of {known}")


def find_unclosed_callouts(book: Book) -> Iterator[Finding]:
    """Yield an L008 finding for every box left open at the end of its file and every ``:::`` that closes nothing."""
    for document in book.documents:
        open_boxes: list[tuple[int, int, str]] = []
        for line, col, colons, info in _fences(document):
            if info:
                open_boxes.append((line, col, colons))
            elif open_boxes and len(colons) >= len(open_boxes[-1][2]):
                open_boxes.pop()
            elif open_boxes:
                opened_line, _col, opened = open_boxes[-1]
                yield finding(document.path, line, col, "L008", "unclosed-callout",
                              f"\"{colons}\" cannot close the box opened with \"{opened}\" on line {opened_line}: "
                              f"write \"{opened}\"")
            else:
                yield finding(document.path, line, col, "L008", "unclosed-callout",
                              f"\"{colons}\" closes no open box: delete it, or open the box with ::: {{.callout-case}}")
        for line, col, colons in open_boxes:
            yield finding(document.path, line, col, "L008", "unclosed-callout",
                          f"box opened here is never closed: add a line \"{colons}\" after its last paragraph")
