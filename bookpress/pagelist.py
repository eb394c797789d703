"""Print layout → where each print page starts in the text, and XHTML tree → the same tree with page-break markers.

The print and EPUB editions draw each part with the same block macros, so the n-th text block (``p``, ``li``,
``h1``–``h6``, ``figcaption``…) of a part's section is the same paragraph in both. From WeasyPrint's laid-out
pages (``Document.pages[i]._page_box``, the page's box tree in WeasyPrint 70) we take the first text box of each
page's flow, find its block and the index of the first *whole* word of the page in that block's own text (a page
that starts inside a hyphenated word is marked before the next word); :func:`place_markers` then inserts
``<span epub:type="pagebreak" role="doc-pagebreak" id="page-N" aria-label="N"/>`` at that word of the EPUB's
block (EPUB 3.3 SSV ``pagebreak``; DPUB-ARIA ``doc-pagebreak``; EPUB Accessibility 1.1 §"Page navigation").
Soft hyphens, whitespace runs and letter case (``text-transform``) are ignored when comparing the two editions.
:class:`PageCollector` is the print writer's ``on_layout`` hook; it numbers the pages as the print edition labels
them (:func:`page_label`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

EPUB_NS = "http://www.idpf.org/2007/ops"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: Elements whose own text is one unit of running text in both editions.
TEXT_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd", "td", "th",
                         "caption", "pre"})
#: Characters that are not part of the text for matching (soft hyphen, zero-width space/joiners).
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060"))
HYPHENS = "-\u2010\u2011"


@dataclass(frozen=True)
class PageStart:
    """A print page's first whole word: page ``index`` (0-based, in the finished print edition) starts in part
    ``part_id``, text block number ``block`` (0-based, document order within the part's section), word number
    ``word`` (0-based; equal to the block's word count when the page starts after the block's last word).
    ``label`` is the page's label as the print edition prints it and names it (PDF page labels), e.g. ``"xi"`` or
    ``"12"``; empty until :meth:`PageCollector.starts` numbers the pages."""

    index: int
    part_id: str
    block: int
    word: int
    label: str = ""


def roman(number: int) -> str:
    """Lower-case roman numeral of ``number`` ≥ 1 (CSS ``lower-roman``, PDF page-label style ``/r``)."""
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def page_label(index: int, first_arabic: int | None) -> str:
    """The label of print page ``index`` (0-based), as :mod:`bookpress.writers.pdf_finish` writes the PDF's page
    labels and styles/print.css prints the folios: lower-case roman from i for the front matter, arabic from 1 on
    the first chapter's opener (page ``first_arabic``); arabic from 1 throughout when the book has no chapter
    (``first_arabic`` ``None``) or starts with one (``0``). Padding pages at the end continue the arabic count."""
    if first_arabic and index < first_arabic:
        return roman(index + 1)
    return str(index - (first_arabic or 0) + 1)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def own_segments(block) -> list[tuple[object, str, str]]:
    """The block's own text as ``(node, "text"|"tail", string)`` in document order, without nested text blocks
    (their tails, which belong to this block, are kept). Works on ElementTree and lxml elements."""
    out: list[tuple[object, str, str]] = []

    def visit(element, top: bool) -> None:
        if element.text and (top or _local(element.tag) not in TEXT_BLOCKS):
            out.append((element, "text", element.text))
        for child in element:
            if isinstance(child.tag, str) and _local(child.tag) not in TEXT_BLOCKS and _local(child.tag) != "svg":
                visit(child, False)
            if child.tail:
                out.append((child, "tail", child.tail))

    visit(block, True)
    return out


def word_starts(text: str) -> list[int]:
    """Offsets in ``text`` where a word starts (a visible character after whitespace or at the start)."""
    starts, gap = [], True
    for i, char in enumerate(text):
        if char.isspace():
            gap = True
        elif ord(char) in INVISIBLE:
            continue
        elif gap:
            starts.append(i)
            gap = False
    return starts


def text_blocks(section) -> list:
    """The text blocks of a part's section in document order (nested blocks after their parent's start)."""
    return [e for e in section.iter() if isinstance(e.tag, str) and _local(e.tag) in TEXT_BLOCKS]


class _Block:
    """One print text block: its own text, normalised for matching, with a map back to raw offsets."""

    def __init__(self, part_id: str, ordinal: int, element) -> None:
        self.part_id, self.ordinal = part_id, ordinal
        self.raw = "".join(s for _, _, s in own_segments(element))
        norm, index, gap = [], [], False
        for i, char in enumerate(self.raw):
            if ord(char) in INVISIBLE:
                continue
            if char.isspace():
                gap = bool(norm)
                continue
            if gap:
                norm.append(" ")
                index.append(i)
                gap = False
            norm.append(char.lower())
            index.append(i)
        self.norm, self.index = "".join(norm), index
        self.starts = word_starts(self.raw)
        self.cursor = 0

    def locate(self, text: str) -> int | None:
        """Raw offset where the text box ``text`` starts (searching forward from the previous box), or None."""
        token = text.translate(INVISIBLE).split()
        if not token:
            return None
        first = token[0].lower().rstrip(HYPHENS) or token[0].lower()
        found = self.norm.find(first, self.cursor)
        if found < 0:
            return None
        visible = len(" ".join(text.translate(INVISIBLE).split()).rstrip(HYPHENS))
        self.cursor = found + max(1, visible - 2)
        return self.index[found]

    def word_at(self, offset: int) -> int:
        """Index of the first whole word at or after raw ``offset``."""
        position = bisect.bisect_left(self.starts, offset)
        return position


def first_words(document, part_ids: Iterable[str]) -> tuple[list[PageStart | None], tuple[str, int, int] | None]:
    """The first whole word of every page of a laid-out WeasyPrint ``document`` whose flow holds text of one of the
    parts ``part_ids`` (the sections ``<section id="part_id">``), as an unlabelled :class:`PageStart` with
    ``index`` counted from the document's first page; ``None`` for a page without such text (print-only front
    matter such as the title page or contents, a blank verso, art only). Also the end of the document's last part
    as ``(part_id, block, word)`` (after its last block's last word), or ``None`` when no part is in the document.
    """
    if not document.pages:
        return [], None
    blocks: dict[int, _Block] = {}
    order = {part_id: n for n, part_id in enumerate(part_ids)}
    end = None
    html_root = document.pages[0]._page_box.children[0].element
    for section in html_root.iter():
        if isinstance(section.tag, str) and section.get("id") in order and _local(section.tag) == "section":
            found = text_blocks(section)
            for ordinal, element in enumerate(found):
                blocks[id(element)] = _Block(section.get("id"), ordinal, element)
            if found and (end is None or order[section.get("id")] > order[end[0]]):
                end = (section.get("id"), len(found) - 1, len(blocks[id(found[-1])].starts))
    result: list[PageStart | None] = []
    for index, page in enumerate(document.pages):
        first = None
        for block_element, text in _text_boxes(page._page_box):
            block = blocks.get(id(block_element)) if block_element is not None else None
            if block is None:
                continue
            offset = block.locate(text)
            if first is None and offset is not None:
                first = PageStart(index, block.part_id, block.ordinal, block.word_at(offset))
        result.append(first)
    return result, end


class PageCollector:
    """The print writer's ``on_layout(document, first_page)`` hook (:func:`bookpress.writers.pdf.write_pdf`) that
    gathers each page's first word, whole-book or per-part documents alike; :meth:`starts` then gives the page
    list once the edition's page labels are known."""

    def __init__(self, part_ids: Iterable[str]) -> None:
        self.part_ids = tuple(part_ids)
        self.pages: dict[int, PageStart | None] = {}
        self.end: tuple[str, int, int] | None = None

    def __call__(self, document, first_page: int) -> None:
        self.replay(self.capture(document), first_page)

    def capture(self, document) -> dict:
        """What this hook keeps of one laid-out document, as JSON-able data (a per-part print render caches it with
        the part and hands it back to :meth:`replay` when the part is not laid out again)."""
        found, end = first_words(document, self.part_ids)
        return {"pages": [None if s is None else [s.part_id, s.block, s.word] for s in found],
                "end": None if end is None else list(end)}

    def replay(self, captured: dict, first_page: int) -> None:
        """Take the pages :meth:`capture` found in a document whose first page is ``first_page``."""
        for index, start in enumerate(captured["pages"]):
            self.pages[first_page + index] = None if start is None else PageStart(first_page + index, *start)
        end = captured["end"]
        if end is not None:
            end = (str(end[0]), int(end[1]), int(end[2]))
            if self.end is None or self.part_ids.index(end[0]) >= self.part_ids.index(self.end[0]):
                self.end = end

    def starts(self, first_arabic: int | None, total: int) -> tuple[PageStart, ...]:
        """Every print page from the first one with part text up to page ``total - 1`` (``total`` counts the
        padding pages finishing adds), labelled with :func:`page_label`. A page without text is marked where the
        next text begins, so the page list has no gaps; pages after the last text (blank pages, padding) are
        marked at the end of the last part."""
        result: list[PageStart] = []
        waiting: list[int] = []
        for index in range(total):
            start = self.pages.get(index)
            if start is not None:
                result += [replace(start, index=i, label=page_label(i, first_arabic)) for i in waiting]
                result.append(replace(start, label=page_label(index, first_arabic)))
                waiting = []
            elif result:
                waiting.append(index)
        if waiting and self.end is not None:
            part_id, block, word = self.end
            result += [PageStart(i, part_id, block, word, page_label(i, first_arabic)) for i in waiting]
        return tuple(result)


def _text_boxes(page_box) -> Iterator[tuple[object, str]]:
    """``(nearest text-block element, text)`` for every text box of the page's flow, in document order."""
    from weasyprint.formatting_structure import boxes

    def walk(box, block) -> Iterator[tuple[object, str]]:
        if isinstance(box, boxes.MarginBox):
            return
        tag = box.element_tag or ""
        if "::" in tag:  # list markers, ::before/::after: generated, not the book's text
            return
        element = box.element
        if element is not None and _local(getattr(element, "tag", "")) in TEXT_BLOCKS and \
                isinstance(box, boxes.BlockLevelBox | boxes.LineBox | boxes.InlineBox | boxes.TextBox):
            if isinstance(box, boxes.BlockLevelBox):
                block = element
        if isinstance(box, boxes.TextBox):
            if box.text.strip():
                yield block, box.text
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, block)

    yield from walk(page_box, None)


def place_markers(section, starts: Iterable[PageStart], maker) -> list[str]:
    """Insert a page-break marker for each of ``starts`` into the part ``section`` (an lxml element of the EPUB
    XHTML); ``maker(label)`` returns a new, empty marker element. Returns the labels placed, in order.

    Raises ``ValueError`` when a start names a block the section does not have (the editions differ).
    """
    blocks = text_blocks(section)
    placed = []
    # back to front, so offsets stay put; at one spot the earlier page goes first and a later one lands after it
    ordered = sorted(enumerate(starts), key=lambda e: (e[1].block, e[1].word, -e[0]), reverse=True)
    for _, start in ordered:
        if start.block >= len(blocks):
            raise ValueError(f"page {start.label}: block {start.block} is missing from the EPUB's {start.part_id}")
        _insert(blocks[start.block], start.word, maker(start.label))
        placed.append(start.label)
    return placed[::-1]


def _insert(block, word: int, marker) -> None:
    segments = own_segments(block)
    raw = "".join(s for _, _, s in segments)
    starts = word_starts(raw)
    offset = starts[word] if word < len(starts) else len(raw)
    position = 0
    for node, kind, text in segments:
        if offset < position + len(text) or (offset == position + len(text) and node is segments[-1][0]
                                             and kind == segments[-1][1]):
            cut = offset - position
            if kind == "text":
                node.text, marker.tail = text[:cut], text[cut:] or None
                node.insert(0, marker)
            else:
                node.tail, marker.tail = text[:cut], text[cut:] or None
                node.addnext(marker)
            return
        position += len(text)
    block.append(marker)  # a block without text (cannot happen for a page start; kept total)


def dumps(starts: Iterable[PageStart]) -> bytes:
    """``starts`` as JSON bytes (for the build cache); :func:`loads` reads them back."""
    import json

    return json.dumps([[s.index, s.part_id, s.block, s.word, s.label] for s in starts]).encode("utf-8")


def loads(data: bytes) -> tuple[PageStart, ...]:
    """The page starts :func:`dumps` wrote. Raises ``ValueError`` for anything else."""
    import json

    try:
        return tuple(PageStart(int(i), str(p), int(b), int(w), str(label)) for i, p, b, w, label in json.loads(data))
    except (TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a stored page list: {error}") from None
