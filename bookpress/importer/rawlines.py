"""Raw text → numbered lines with the layout hints a PDF extract leaves behind.

A line that starts with a space opens a new page (the extractor indents the first line of each page); a line that
ends with a space was wrapped by the layout (the paragraph goes on). Both hints are optional: text without them
(for instance the importer's own Markdown output) is read just as well.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class RawLine:
    """One input line: ``number`` (1-based), ``text`` without surrounding white space, and the layout hints."""

    number: int
    text: str
    page_start: bool = False
    wrapped: bool = False

    @property
    def blank(self) -> bool:
        """True for an empty or white-space-only line."""
        return not self.text


def read_lines(text: str) -> list[RawLine]:
    """Split ``text`` into :class:`RawLine` objects (tabs count as spaces, a BOM and ``\\r`` are ignored).

    A form feed (U+000C, written between pages by pdftotext, and by other extractors when their pages are joined
    with it) is a page break: the text after it is a line of its own, with the same line number, that starts a
    page.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        for index, segment in enumerate(line.split("\f")):
            stripped = segment.strip()
            if index and not stripped:
                continue
            lines.append(RawLine(number, stripped, page_start=bool(stripped) and (index > 0 or segment[:1].isspace()),
                                 wrapped=bool(stripped) and segment[-1:].isspace()))
    return lines
