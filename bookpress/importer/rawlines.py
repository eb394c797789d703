"""Raw text → numbered lines with the layout hints a PDF extract leaves behind.

A line that starts with a space opens a new page (the extractor indents the first line of each page); a line that
ends with a space was wrapped by the layout (the paragraph goes on). Both hints are optional: text without them
(for instance the importer's own Markdown output) is read just as well.

PDFium (pypdfium2) joins a line that ends in a hyphen to the next one and writes U+FFFE where the hyphen was
("non\ufffeessential", "The lost\ufffe" + the page's running head): the line break is put back ("non-" / "essential"),
so the hyphen is decided like any other line-end hyphen (the layout may have broken the word there, or a typed
hyphen such as "IT-Fachleute" may stand at the line end).
"""

from __future__ import annotations

from dataclasses import dataclass

#: U+FFFE, which PDFium writes where it joined a line ending in a hyphen to the next line.
LINE_END_HYPHEN = "\ufffe"


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
            start = bool(stripped) and (index > 0 or segment[:1].isspace())
            *joined, last = stripped.split(LINE_END_HYPHEN) if LINE_END_HYPHEN in stripped else [stripped]
            for piece in joined:  # PDFium's joined line-end hyphen: the hyphen and the line break back
                lines.append(RawLine(number, piece.strip() + "-", page_start=start))
                start = False
            if last.strip() or not joined:
                lines.append(RawLine(number, last.strip(), page_start=start and bool(last.strip()),
                                     wrapped=bool(last.strip()) and segment[-1:].isspace()))
    return lines
