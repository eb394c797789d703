"""Read every part, then settle the book: ``Config`` → :class:`bookpress.model.Book`.

Like MkDocs and Sphinx we read everything before writing anything: chapter, section and figure numbers, heading
ids, the table of contents and cross-references are decided here, once, for every edition. Checks that need the
whole book (unique ids, references to figures that exist, figure files present) also live here.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace
from pathlib import Path, PurePosixPath

from bookpress.config import Config, unfilled_metadata
from bookpress.cover import validate_cover
from bookpress.errors import BookError
from bookpress.fonts import faces_for
from bookpress.validate.art import check_art
from bookpress.validate.glyphs import check_glyphs
from bookpress.model import (Block, Book, Callout, CrossRef, Emphasis, Figure, Heading, Inline, Link, ListBlock,
                             Part, Quote, Strong, TocEntry, plain_text)
from bookpress.reader import read_part

log = logging.getLogger(__name__)

#: Art formats both WeasyPrint and EPUB 3 core media types support (EPUB 3.3 §3.2).
ART_FORMATS = (".svg", ".png", ".jpg", ".jpeg")
#: Part ids the EPUB uses for its own documents.
RESERVED_IDS = ("cover", "titlepage", "nav", "toc")


def slugify(text: str) -> str:
    """``"Kanteling in de marktsector"`` → ``"kanteling-in-de-marktsector"`` (ASCII, for ids and file names)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def appendix_letters(count: int) -> list[str]:
    """Letters for ``count`` appendices: A … Z, then AA, AB … (spreadsheet style)."""
    letters = []
    for index in range(count):
        label, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            label = chr(ord("A") + rest) + label
        letters.append(label)
    return letters


def assemble(config: Config) -> Book:
    """Read the parts listed in ``config.contents`` and return the numbered, cross-referenced book.

    Front matter and back matter parts are unnumbered; chapters are numbered 1…n, appendices lettered A, B …; their
    ``##`` sections are n.1, n.2 … (A.1 …), their figures n.1, n.2 … in reading order (unnumbered parts' figures get
    plain 1, 2 …). Raises :class:`BookError` for a missing
    chapter file, duplicate ids, a cross-reference to an unknown figure, a missing, damaged or unsafe figure file
    (:mod:`bookpress.validate.art`), or a character the book's fonts cannot draw (:mod:`bookpress.validate.glyphs`). Placeholder
    figures are logged as warnings (missing art must never go unnoticed).
    """
    source = config.source_dir
    contents = config.contents
    if not contents.chapters:
        raise BookError("book.toml lists no chapters", source / "book.toml", hint="fill [contents] chapters = [...]")
    names = [(n, None, "front_matter", slugify(Path(n).stem)) for n in contents.front_matter]
    names += [(n, i, "chapter", f"ch-{i}") for i, n in enumerate(contents.chapters, 1)]
    names += [(n, letter, "appendix", f"app-{letter.lower()}")
              for letter, n in zip(appendix_letters(len(contents.appendices)), contents.appendices)]
    names += [(n, None, "bibliography" if n == contents.bibliography else "back_matter", slugify(Path(n).stem))
              for n in contents.back_matter]
    parts = []
    seen: set[str] = set()
    for name, number, kind, part_id in names:
        path = (source / name).resolve()
        if source.resolve() not in path.parents:
            raise BookError(f"chapter file '{name}' lies outside {source}", source / "book.toml",
                            hint="list only files inside source/")
        if name in seen or part_id in seen or part_id in RESERVED_IDS:
            raise BookError(f"'{name}' is listed twice or its name clashes with a generated page", source / "book.toml",
                            hint=f"rename the file; {', '.join(n + '.md' for n in RESERVED_IDS)} are reserved")
        seen.update((name, part_id))
        parts.append(_number_part(replace(read_part(source / name, part_id, number), kind=kind), config))
    _check_unique_ids(parts)
    _check_figure_files(source, parts)
    targets = {fig.id: (f"{config.labels.figure_ref}\u00a0{fig.number}", part.id)
               for part in parts for fig in figures_in(part.blocks)}
    parts = [replace(p, blocks=_resolve_blocks(p.blocks, targets, p)) for p in parts]
    for part in parts:
        for fig in figures_in(part.blocks):
            if fig.placeholder:
                log.warning("%s:%d: figure %s (%s) is a placeholder: art still missing (%s)", part.source,
                            fig.line, fig.number, fig.id, fig.src or "no file named")
    for gap in unfilled_metadata(config):  # reported on every build; a release build refuses them
        log.warning("%s:%s: %s (%s)", gap.path, gap.line or 1, gap.message, gap.hint)
    figures = tuple(f for p in parts for f in figures_in(p.blocks))
    book = Book(parts=tuple(parts), toc=tuple(_toc(parts)), figures=figures,
                cover=validate_cover(config))
    people = config.creators + config.contributors
    metadata = [config.title, config.subtitle, config.publisher, config.edition, config.printer, config.rights,
                *config.credits, *(c.name for c in people), *(config.role_label(c.role) for c in people)]
    check_glyphs(book, faces_for(config), {text: source / "book.toml" for text in metadata if text})
    return book


def _number_part(part: Part, config: Config) -> Part:
    section = 0
    figure = 0
    used: set[str] = set()

    def number(blocks: tuple[Block, ...], in_callout: bool) -> tuple[Block, ...]:
        nonlocal section, figure
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Heading):
                num = ""
                if block.level == 2 and part.is_chapter and not in_callout:
                    section += 1
                    num = f"{part.number}.{section}"
                anchor = block.id or _unique(f"{part.id}-{slugify(plain_text(block.inlines))}", used)
                block = replace(block, number=num, id=anchor)
            elif isinstance(block, Figure):
                figure += 1
                block = replace(block, number=f"{part.number}.{figure}" if part.is_chapter else str(figure))
            elif isinstance(block, Callout):
                anchor = block.id or _unique(f"{part.id}-kader-{slugify(plain_text(block.title))}", used)
                block = replace(block, id=anchor, blocks=number(block.blocks, True))
            elif isinstance(block, Quote):  # headings inside quotes and lists are never book sections
                block = replace(block, blocks=number(block.blocks, True))
            elif isinstance(block, ListBlock):
                block = replace(block, items=tuple(number(item, True) for item in block.items))
            out.append(block)
        return tuple(out)

    return replace(part, blocks=number(part.blocks, False))


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate


def _children(block: Block) -> tuple[Block, ...]:
    if isinstance(block, (Callout, Quote)):
        return block.blocks
    if isinstance(block, ListBlock):
        return tuple(b for item in block.items for b in item)
    return ()


def _walk(blocks: tuple[Block, ...]):
    for block in blocks:
        yield block
        yield from _walk(_children(block))


def figures_in(blocks: tuple[Block, ...]) -> list[Figure]:
    """Every figure in ``blocks``, nested ones included, in reading order."""
    return [b for b in _walk(blocks) if isinstance(b, Figure)]


def _check_unique_ids(parts: list[Part]) -> None:
    seen: dict[str, tuple[Path, int]] = {p.id: (p.source, 1) for p in parts}
    for part in parts:
        for block in _walk(part.blocks):
            anchor = getattr(block, "id", "")
            if not anchor:
                continue
            if anchor in seen:
                other = seen[anchor]
                raise BookError(f"id '{anchor}' is used twice (first at {other[0]}:{other[1]})", part.source,
                                block.line, hint="give each figure and box its own #id")
            seen[anchor] = (part.source, block.line)


def _check_figure_files(source: Path, parts: list[Part]) -> None:
    for part in parts:
        for fig in figures_in(part.blocks):
            if fig.placeholder:
                continue
            if fig.src and (PurePosixPath(fig.src).is_absolute() or Path(fig.src).is_absolute()):
                raise BookError(f"figure path '{fig.src}' is a machine path", part.source, fig.line,
                                hint="write the path relative to source/, e.g. figures/name.svg")
            path = (source / fig.src).resolve()
            if not fig.src or not path.is_file():
                raise BookError(f"figure file '{fig.src}' not found (in {source})", part.source, fig.line,
                                hint="add the art file, fix the path, or mark the figure {.placeholder}")
            if source.resolve() not in path.parents:
                raise BookError(f"figure file '{fig.src}' lies outside {source}", part.source, fig.line,
                                hint="keep art inside source/ (e.g. source/figures/)")
            if path.suffix.lower() not in ART_FORMATS:
                raise BookError(f"figure format '{path.suffix}' cannot go into both editions ({fig.src})",
                                part.source, fig.line, hint=f"export the art as {', '.join(ART_FORMATS)}")
            check_art(path, part.source, fig.line)


def _resolve_blocks(blocks: tuple[Block, ...], targets: dict, part: Part) -> tuple[Block, ...]:
    out = []
    for block in blocks:
        if isinstance(block, (Callout, Quote)):
            block = replace(block, blocks=_resolve_blocks(block.blocks, targets, part))
        elif isinstance(block, ListBlock):
            block = replace(block, items=tuple(_resolve_blocks(i, targets, part) for i in block.items))
        for name in ("inlines", "caption", "title"):
            if hasattr(block, name):
                block = replace(block, **{name: _resolve_inlines(getattr(block, name), targets, part, block.line)})
        out.append(block)
    return tuple(out)


def _resolve_inlines(nodes: tuple[Inline, ...], targets: dict, part: Part, line: int) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, CrossRef):
            if node.target not in targets:
                raise BookError(f"reference to unknown figure '@{node.target}'", part.source, line,
                                hint=f"known figures: {', '.join(sorted(targets)) or 'none'}")
            label, part_id = targets[node.target]
            node = replace(node, label=label, part_id=part_id)
        elif isinstance(node, (Emphasis, Strong, Link)):
            node = replace(node, children=_resolve_inlines(node.children, targets, part, line))
        out.append(node)
    return tuple(out)


def _toc(parts: list[Part]) -> list[TocEntry]:
    entries = []
    for part in parts:
        entries.append(TocEntry(1, str(part.number or ""), plain_text(part.title), part.id, part.id))
        for block in part.blocks:
            if isinstance(block, Heading) and block.level == 2:
                entries.append(TocEntry(2, block.number, plain_text(block.inlines), part.id, block.id))
    return entries
