"""The book model: plain frozen dataclasses that every stage after the reader works on.

The reader turns Markdown into :class:`Part` objects whose blocks carry source lines but no numbers; the assembler
(:mod:`bookpress.assemble`) returns a :class:`Book` in which chapter, section and figure numbers, ids, the table of
contents and cross-references are settled. Templates only display what is here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

# --- inline content -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text (already typographically final: curly quotes, dashes)."""

    text: str


@dataclass(frozen=True)
class Emphasis:
    """``*…*``: italic."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    """``**…**``: bold."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class LineBreak:
    """A hard line break (``\\`` at line end)."""


@dataclass(frozen=True)
class Link:
    """An external link; ``href`` is an absolute URL."""

    href: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class CrossRef:
    """``@fig-…``, ``@tbl-…``, ``@sec-…``, ``@kader-…``/``@box-…`` in the text.

    ``capital`` is True when written ``@Fig-…`` or at the start of a sentence; ``label`` ("figuur 1.2",
    "Tabel 2.1") and ``part_id`` are filled in by the assembler.
    """

    target: str
    label: str = ""
    part_id: str = ""
    capital: bool = False


@dataclass(frozen=True)
class Styled:
    """Inline styling with its own meaning: ``style`` is one of :data:`INLINE_STYLES`.

    ``~~…~~`` strikeout, ``^…^`` superscript, ``~…~`` subscript, ``[…]{.smallcaps}`` small caps (Pandoc syntax).
    """

    style: str
    children: tuple["Inline", ...]


INLINE_STYLES = ("strikeout", "superscript", "subscript", "smallcaps")


@dataclass(frozen=True)
class Foreign:
    """``[…]{lang="en"}``: a phrase in another language; ``lang`` is a BCP 47 tag (becomes ``lang``/``xml:lang``)."""

    lang: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class NoteRef:
    """A footnote, placed where it is referenced (``[^label]`` or ``^[…]``); ``blocks`` is the note's text.

    ``number`` (1, 2 … per part) and ``id`` (``<part>-fn-<n>``) are set by the assembler.
    """

    blocks: tuple["Block", ...]
    line: int
    number: int = 0
    id: str = ""


Inline = Union[Text, Emphasis, Strong, LineBreak, Link, CrossRef, Styled, Foreign, NoteRef]

# --- blocks -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``role`` is ``None`` for running text or a marked role such as ``byline``/``signature``."""

    inlines: tuple[Inline, ...]
    line: int
    role: str | None = None


@dataclass(frozen=True)
class Heading:
    """A heading inside a part: level 2 = section (numbered in chapters), 3 = unnumbered subhead.

    ``typed_number`` is a number the author typed before the text ("4.2" from ``## 4.2. Resultaten``; the inlines
    are without it): the assembler accepts it only when it equals ``number``, the one the build generates.
    """

    level: int
    inlines: tuple[Inline, ...]
    line: int
    id: str = ""
    number: str = ""
    short: str = ""
    unnumbered: bool = False
    typed_number: str = ""


@dataclass(frozen=True)
class ListBlock:
    """A bulleted (``ordered=False``) or numbered list; each item is a tuple of blocks.

    ``style`` is the numbering of an ordered list: ``"1"`` (1. 2. 3.), ``"a"`` (a. b. c.) or ``"A"``.
    """

    ordered: bool
    items: tuple[tuple["Block", ...], ...]
    line: int
    start: int = 1
    style: str = "1"


@dataclass(frozen=True)
class DefinitionList:
    """A definition list: ``items`` pairs a term (inline content) with its definitions (each a tuple of blocks)."""

    items: tuple[tuple[tuple[Inline, ...], tuple[tuple["Block", ...], ...]], ...]
    line: int


@dataclass(frozen=True)
class Table:
    """A pipe or grid table with a caption (``: caption {#tbl-id}`` after it).

    ``head`` and ``body`` are rows of cells (inline content); ``align`` holds one of ``""``, ``"left"``,
    ``"center"``, ``"right"`` per column. ``number`` ("1.1") is set by the assembler.
    """

    id: str
    caption: tuple[Inline, ...]
    head: tuple[tuple[tuple[Inline, ...], ...], ...]
    body: tuple[tuple[tuple[Inline, ...], ...], ...]
    align: tuple[str, ...]
    line: int
    number: str = ""


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    blocks: tuple["Block", ...]
    line: int


@dataclass(frozen=True)
class Callout:
    """A callout box (kader). ``kind`` is one of :data:`CALLOUT_KINDS`; its title is not a book section."""

    kind: str
    title: tuple[Inline, ...]
    blocks: tuple["Block", ...]
    line: int
    id: str = ""


CALLOUT_KINDS = ("case", "note")


@dataclass(frozen=True)
class Figure:
    """A figure. ``src`` is relative to ``source/``; ``placeholder`` marks art that does not exist yet.

    ``number`` ("1.2") is set by the assembler. ``typed_label`` is a caption label the author typed before the
    caption ("Figuur 4.3:" from ``![Figuur 4.3: Verloop](…)``; ``caption`` is without it): the assembler accepts
    it only when it names the book's figure label and ``number``. ``width`` is the ``width=`` attribute as written (``"60%"``,
    ``"50mm"``); ``width_mm`` is the printed width in mm the assembler derives from it or from a raster image's
    stored resolution (px ÷ ppi × 25.4), ``None`` for art that sets its own size (SVG) or fills the measure.
    """

    id: str
    src: str
    caption: tuple[Inline, ...]
    alt: str
    line: int
    placeholder: bool = False
    number: str = ""
    width: str = ""
    width_mm: float | None = None
    typed_label: str = ""


Block = Union[Paragraph, Heading, ListBlock, Quote, Callout, Figure, Table, DefinitionList]

# --- parts and the book -------------------------------------------------------------------------------------------


#: What a part is, in reading order: unnumbered front matter, chapters 1…n, appendices A, B …, unnumbered back
#: matter (of which one may be the literature list, ``bibliography``).
PART_KINDS = ("front_matter", "chapter", "appendix", "back_matter", "bibliography")


@dataclass(frozen=True)
class Part:
    """One source file: a front-matter part (``number`` is ``None``), a chapter (``number`` 1…n), an appendix
    (``number`` "A", "B" …) or back matter (``number`` is ``None``); ``kind`` is one of :data:`PART_KINDS`.
    ``typed_number`` is a number typed before the title ("1" from ``# 1. Titel``), accepted when it is ``number``."""

    id: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]
    source: Path
    number: int | str | None = None
    kind: str = ""
    short_title: str = ""
    typed_number: str = ""

    @property
    def is_chapter(self) -> bool:
        """True for a numbered part (chapter or lettered appendix: its sections and figures are numbered)."""
        return self.number is not None

    @property
    def is_appendix(self) -> bool:
        """True for a lettered appendix."""
        return self.kind == "appendix"

    @property
    def matter(self) -> str:
        """``"front"``, ``"body"`` (chapters) or ``"back"`` (appendices, literature list, other back matter)."""
        if self.kind in ("appendix", "back_matter", "bibliography"):
            return "back"
        return "body" if self.number is not None else "front"


@dataclass(frozen=True)
class TocEntry:
    """A table-of-contents line: ``level`` 1 = part, 2 = section; ``number`` may be empty."""

    level: int
    number: str
    title: str
    part_id: str
    anchor: str
    short: str = ""


@dataclass(frozen=True)
class CoverImage:
    """The supplied front-cover image (validated by :mod:`bookpress.cover`): ``src`` as written in ``book.toml``
    (relative to ``source/``), ``path`` the file, ``media_type`` ``image/jpeg`` or ``image/png``, size in px."""

    src: str
    path: Path
    media_type: str
    width_px: int
    height_px: int

    @property
    def suffix(self) -> str:
        """``.jpg`` or ``.png``: the file name ending its media type asks for."""
        return ".png" if self.media_type == "image/png" else ".jpg"


@dataclass(frozen=True)
class Book:
    """The assembled book: parts in reading order with numbers, ids and cross-references resolved."""

    parts: tuple[Part, ...]
    toc: tuple[TocEntry, ...]
    figures: tuple[Figure, ...] = field(default=())
    cover: CoverImage | None = None

    @property
    def placeholders(self) -> tuple[Figure, ...]:
        """Figures whose art is still missing."""
        return tuple(f for f in self.figures if f.placeholder)


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """Flatten inline content to text (for TOC entries, bookmarks, alt attributes and metadata)."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, CrossRef):
            out.append(node.label or node.target)
        elif isinstance(node, NoteRef):
            continue  # a note is not part of a title, bookmark or alt text
        else:
            out.append(plain_text(node.children))
    return "".join(out)


def notes_in(blocks: tuple[Block, ...]) -> list[NoteRef]:
    """Every footnote in ``blocks`` (nested blocks, table cells and captions included), in reading order."""
    found: list[NoteRef] = []

    def inlines(nodes) -> None:
        for node in nodes:
            if isinstance(node, NoteRef):
                found.append(node)
            elif hasattr(node, "children"):
                inlines(node.children)

    def walk(items) -> None:
        for block in items:
            if isinstance(block, Callout):
                inlines(block.title)
                walk(block.blocks)
            elif isinstance(block, Quote):
                walk(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item)
            elif isinstance(block, DefinitionList):
                for term, defs in block.items:
                    inlines(term)
                    for d in defs:
                        walk(d)
            elif isinstance(block, Table):
                inlines(block.caption)
                for row in (*block.head, *block.body):
                    for cell in row:
                        inlines(cell)
            elif isinstance(block, Figure):
                inlines(block.caption)
            else:
                inlines(block.inlines)

    walk(blocks)
    return found
