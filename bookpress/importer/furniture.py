"""Page furniture → removed lines: running heads (with their folio glued on or separate) and bare folios.

A running head is recognised by a general rule, never by this book's title:

- a line that, without a leading/trailing page number, occurs two or more times in a document with page breaks,
  where at least one occurrence carries a number (certain; a text without page breaks, such as the importer's own
  output, has no running heads to go by); or
- a letter-spaced line ("J A A R V E R S L A G  2 0 2 5   1 4") that carries a page number or recurs (certain);
  a letter-spaced line that does neither is closed up ("JAARVERSLAG") and kept, reported for review; or
- a line of three or more words at a page break whose last word has a page number glued to a lower-case letter ("…transformatie2")
  and that ends without sentence punctuation (uncertain: reported for review).

A line is also a running head when the same short line (up to ten words) stands at the edge of many pages (the
first or last two non-blank lines of at least three pages and a fifth of all pages), with or without a page
number. Also removed: the markers of a list that the extractor wrote apart from their items ("1.", "2.", "3." —
counting up from 1 — or "▪", "•", two or more, each alone on a line, consecutive apart from blank lines; the
markers are generated layout, like a folio, and the items are in the text elsewhere): uncertain, so the report
asks the editor to mark the items as a list. A running head has at least two letters or digits: a single capital at the top of many pages is the drop
cap of each chapter's first word, which the structure pass joins to its word. A bare folio is a line of one to four digits on its own at a page break or a page's edge. Removed text is reported, so nothing vanishes silently.
"""

from __future__ import annotations

import re
from collections import Counter

from bookpress.importer.changes import Change
from bookpress.importer.rawlines import RawLine

LEADING_NUMBER = re.compile(r"(\d{1,4})\s*[-–|·]?\s*")
TRAILING_NUMBER = re.compile(r"\s*[-–|·]?\s*(?<!\d)(\d{1,4})$")
GLUED = re.compile(r"[a-zà-ÿ](\d{1,4})$")
FOLIO = re.compile(r"^\d{1,4}$")
LIST_NUMBER = re.compile(r"^(\d{1,2})[.)]$")
LIST_BULLET = re.compile(r"^[■•▪●◦□▫]$")
MARKUP = re.compile(r"^(#|- |\d+\. |!\[|<!--|\{|:::|>)")


def letterspaced(text: str) -> str | None:
    """``"J A A R V E R S L A G  2 0 2 5   1 4"`` → ``"JAARVERSLAG 2025 14"``; None for a line that is not
    letter-spaced (five or more tokens, at least 80 % of them single letters or digits; two or more spaces part words)."""
    if len(text) < 9 or text[1] != " " or text[3] != " ":  # cheap test first: most lines are not letter-spaced
        return None
    tokens = [token for token in text.split(" ") if token]  # spaces only: a control character is no space (\x85)
    if len(tokens) < 5 or len(text) > 400 or sum(len(token) == 1 and token.isalnum() for token in tokens) \
            < 0.8 * len(tokens):
        return None
    return " ".join(group.replace(" ", "") for group in re.split(r" {2,}", text.strip(" ")))


def _body(text: str) -> tuple[str, bool]:
    """A line without a leading and/or trailing page number (case-folded, spaces collapsed), and whether it had one;
    ``(text, False)`` when nothing but digits would remain. Linear in the line's length."""
    start, end, numbered = 0, len(text), False
    if (leading := LEADING_NUMBER.match(text)) and leading.end() < len(text) and not text[leading.end()].isdigit():
        start, numbered = leading.end(), True
    if (trailing := TRAILING_NUMBER.search(text, start)) and trailing.start() > start:
        end, numbered = trailing.start(), True
    body = text[start:end]
    if not body.strip() or end == len(text) and body[-1].isdigit():
        return text, False
    return " ".join(body.split()).casefold(), numbered


def remove_furniture(lines: list[RawLine]) -> tuple[list[RawLine], list[Change]]:
    """Return ``lines`` without running heads and folios, and one :class:`Change` per removed line.

    The line after a removed one inherits its page-start hint, so page-split paragraphs are still seen.
    """
    decoded = [letterspaced(line.text) if line.text else None for line in lines]
    bodies = [_body(decoded[index] or line.text) if line.text and len(decoded[index] or line.text) <= 120
              else ("", False) for index, line in enumerate(lines)]
    following = _next_text(lines)
    edges, pages = _page_edges(lines)
    edge_counts = Counter(bodies[index][0] for index in edges if bodies[index][0])
    seen_text = False
    list_numbers = _list_numbers(lines)
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
            if sum(char.isalnum() for char in body) < 2:  # one letter is no running head: a drop cap ("D" + "as …")
                body = ""
            if index in list_numbers:
                rule, certain = "list-numbers", False
            elif FOLIO.match(text) and (_at_boundary(lines, index, following, seen_text, pages > 1) or index in edges):
                rule = "folio"
            elif (index in edges and body and edge_counts[body] >= max(3, 0.2 * pages) and len(body) <= 80
                  and len(body.split()) <= 10):
                rule = "running-head"  # the same short line at the edge of many pages
            elif decoded[index] and body and (bodies[index][1] or counts[body] >= 2):
                rule = "running-head"  # letter-spaced and carrying a folio or recurring: page furniture
            elif body and counts[body] >= 2 and body in carrying and len(body.split()) >= 2 and pages > 1:
                rule = "running-head"  # recurring with a page number: only in a text with page breaks
            elif (GLUED.search(text) and _at_page_break(lines, index, following)
                  and not re.search(r"[.,;:!?]\s*\S*$", text) and len(text.split()) >= 3):
                rule, certain = "running-head", False
        seen_text = seen_text or bool(text)
        if rule:
            changes.append(Change(line.number, text, "", rule, certain))
            inherit = True
            continue
        if decoded[index]:
            changes.append(Change(line.number, text, decoded[index], "letterspacing", False))
            line = RawLine(line.number, decoded[index], line.page_start, line.wrapped)
        if inherit and text:
            line = RawLine(line.number, line.text, True, line.wrapped)
            inherit = False
        kept.append(line)
    return kept, changes


def _list_numbers(lines: list[RawLine]) -> set[int]:
    """Indexes of lines that are only a list marker, in runs of two or more (blank lines between them allowed):
    numbers counting up from 1, or bullets ("▪", "•" …): the markers of a list that the extractor separated from
    its items."""
    found: set[int] = set()
    run: list[int] = []
    bullets: list[int] = []
    for index, line in enumerate(lines + [RawLine(0, "end")]):
        if not line.text:
            continue
        if LIST_BULLET.match(line.text):
            bullets.append(index)
            continue
        if len(bullets) >= 2:
            found.update(bullets)
        bullets = []
        match = LIST_NUMBER.match(line.text)
        if match and int(match.group(1)) == len(run) + 1:
            run.append(index)
            continue
        if len(run) >= 2:
            found.update(run)
        run = [index] if match and match.group(1) == "1" else []
    return found


#: How many non-blank lines at the top and at the foot of a page count as its edge (running heads and folios).
EDGE_LINES = 2


def _page_edges(lines: list[RawLine]) -> tuple[set[int], int]:
    """Indexes of the first and last :data:`EDGE_LINES` non-blank lines of every page (a page starts at a line with
    the page-start hint), and the number of pages. Without page breaks there are no edges (a text without page
    information, such as the importer's own output, must be read the same way twice)."""
    pages: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if line.page_start and pages[-1]:
            pages.append([])
        if line.text:
            pages[-1].append(index)
    if len(pages) < 2:  # no page break in the text: no page edges to go by
        return set(), 1
    edges = {index for page in pages for index in page[:EDGE_LINES] + page[-EDGE_LINES:]}
    return edges, len(pages)


def _next_text(lines: list[RawLine]) -> list[int]:
    """For each index, the index of the next non-blank line after it (``len(lines)`` for none); linear time."""
    result = [len(lines)] * len(lines)
    upcoming = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        result[index] = upcoming
        if lines[index].text:
            upcoming = index
    return result


def _at_page_break(lines: list[RawLine], index: int, following: list[int]) -> bool:
    """True when the line starts a page or the next non-blank line does (a real page-break signal in the text;
    unlike :func:`_at_boundary`, the start or end of the text alone does not count)."""
    if lines[index].page_start:
        return True
    return following[index] < len(lines) and lines[following[index]].page_start


def _at_boundary(lines: list[RawLine], index: int, following: list[int], before: bool, paged: bool) -> bool:
    """True when the line starts a page, or the next non-blank line does, or — in a text with page breaks
    (``paged``) — it is first or last in the text (``before``: some non-blank line precedes it). A text without
    page breaks (the importer's own output) has no folios at its ends: a number there may be text."""
    if lines[index].page_start:
        return True
    if following[index] < len(lines):
        return lines[following[index]].page_start or (paged and not before)
    return paged
