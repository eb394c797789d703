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
from bookpress.model import (Block, Book, Callout, CrossRef, DefinitionList, Figure, Heading, Inline, ListBlock,
                             NoteRef, Paragraph, Part, Quote, Table, TocEntry, plain_text)
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
    chapter file, duplicate ids, a cross-reference to an unknown figure, a typed heading number or caption label
    that is not the generated one (:func:`typed_number_problems`), a missing, damaged or unsafe figure file
    (:mod:`bookpress.validate.art`), or a character the book's fonts cannot draw (:mod:`bookpress.validate.glyphs`). Placeholder
    figures are logged as warnings (missing art must never go unnoticed).
    """
    source = config.source_dir
    parts = []
    for name, number, kind, part_id in _listed_parts(config):
        parts.append(_number_part(replace(read_part(source / name, part_id, number), kind=kind), config))
    _check_unique_ids(parts)
    _check_figure_files(source, parts)
    parts = [_size_figures(source, p, config) for p in parts]
    targets = reference_targets(parts, config)
    parts = [_number_notes(replace(p, blocks=_resolve_blocks(p.blocks, targets, p))) for p in parts]
    mismatched = [problem for part in parts for problem in _typed_number_problems(part, config)]
    if mismatched:
        raise mismatched[0]
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


def _listed_parts(config: Config) -> list[tuple[str, int | str | None, str, str]]:
    """(file name, number, kind, part id) of every part ``book.toml`` lists, in reading order.

    Raises :class:`BookError` for no chapters, a file outside ``source/``, or a file listed twice.
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
    out = []
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
        out.append((name, number, kind, part_id))
    return out


def typed_number_problems(config: Config) -> list[BookError]:
    """Every typed heading number or caption label in the listed parts that is not the one the build generates.

    Reads each part (the reader's parse is cached) and numbers it as :func:`assemble` does; see
    :func:`_typed_number_problems`. A part the reader refuses is skipped (its problem is the reader's to report).
    Raises :class:`BookError` as :func:`_listed_parts` does.
    """
    problems: list[BookError] = []
    for name, number, kind, part_id in _listed_parts(config):
        try:
            part = read_part(config.source_dir / name, part_id, number)
        except BookError:  # the reader's own problem, reported by the build and check (L014)
            continue
        problems += _typed_number_problems(_number_part(replace(part, kind=kind), config), config)
    return problems


def _typed_number_problems(part: Part, config: Config) -> list[BookError]:
    """A numbered ``part``'s typed numbers that differ from the generated ones (docs/source-format.md, "Typed numbers").

    The build prints its own numbers ("1.2", "Figuur 1.3"); a typed one is accepted — and not printed again — only
    when it is the same (a heading's "1.2." / "1.2", a title's "1.", a caption's "Figuur 1.3:" with the book's own
    figure label). Anything else is reported with file:line: the typed text is never dropped in silence.
    """
    problems = []
    escape = "a number that belongs to the title is written with a backslash before its dot, e.g. 2016\\. Een jaar"
    if part.typed_number and part.typed_number != str(part.number or ""):
        generated = f"numbers this chapter {part.number}" if part.number else "does not number this part"
        problems.append(BookError(f"typed number '{part.typed_number}.' in the title, but the build {generated}",
                                  part.source, 1, hint=f"delete the typed number; {escape}", col=3))

    for block in _walk(part.blocks):
        if isinstance(block, Heading) and block.typed_number and block.typed_number != block.number:
            generated, prints = ((f"numbers this section {block.number}", f"the build prints {block.number}")
                                 if block.number else ("does not number this heading", "it is printed without one"))
            problems.append(BookError(f"typed number '{block.typed_number}' in a heading, but the build "
                                      f"{generated}", part.source, block.line,
                                      hint=f"delete the typed number ({prints}); {escape}", col=block.level + 2))
        elif isinstance(block, Figure) and block.typed_label:
            label = f"{config.labels.figure} {block.number}"
            typed = re.sub(r"[\s.:–—-]+$", "", block.typed_label)
            if " ".join(typed.split()) != label:
                problems.append(BookError(f"caption label '{block.typed_label}' typed, but the build labels this "
                                          f"figure '{label}'", part.source, block.line,
                                          hint=f"delete the typed label: the build prints '{label}' before the "
                                               "caption", col=3))
    return problems


def _number_part(part: Part, config: Config) -> Part:
    section = 0
    figure = 0
    table = 0
    used: set[str] = set()

    def number(blocks: tuple[Block, ...], in_callout: bool) -> tuple[Block, ...]:
        nonlocal section, figure, table
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Heading):
                num = ""
                if block.level == 2 and part.is_chapter and not in_callout and not block.unnumbered:
                    section += 1
                    num = f"{part.number}.{section}"
                anchor = block.id or _unique(f"{part.id}-{slugify(plain_text(block.inlines))}", used)
                block = replace(block, number=num, id=anchor)
            elif isinstance(block, Figure):
                figure += 1
                block = replace(block, number=f"{part.number}.{figure}" if part.is_chapter else str(figure))
            elif isinstance(block, Table):
                table += 1
                block = replace(block, number=f"{part.number}.{table}" if part.is_chapter else str(table))
            elif isinstance(block, DefinitionList):
                block = replace(block, items=tuple((term, tuple(number(d, True) for d in defs))
                                                   for term, defs in block.items))
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
    if isinstance(block, DefinitionList):
        return tuple(b for _term, defs in block.items for d in defs for b in d)
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


def reference_targets(parts: list[Part], config: Config) -> dict[str, tuple[str, str]]:
    """``{id: (label, part_id)}`` for everything a cross-reference may name, labels from ``book.toml [labels]``.

    Figures and tables: "figuur 1.2", "tabel 2.1"; sections with an explicit ``{#sec-…}``: "paragraaf 1.3" (an
    unnumbered section: its title in quotes); callout boxes with an id: "kader ‘Title’" (boxes are not numbered).
    """
    labels = config.labels
    nbsp = "\u00a0"
    targets: dict[str, tuple[str, str]] = {}
    for part in parts:
        for block in _walk(part.blocks):
            if isinstance(block, Figure):
                targets[block.id] = (f"{labels.figure_ref}{nbsp}{block.number}", part.id)
            elif isinstance(block, Table) and block.id:
                targets[block.id] = (f"{labels.table_ref}{nbsp}{block.number}", part.id)
            elif isinstance(block, Heading) and block.id.startswith("sec-"):
                name = block.number or f"‘{plain_text(block.inlines)}’"
                targets[block.id] = (f"{labels.section_ref}{nbsp}{name}", part.id)
            elif isinstance(block, Callout) and block.id:
                targets[block.id] = (f"{labels.box_ref} ‘{plain_text(block.title)}’", part.id)
    return targets


def _resolve_blocks(blocks: tuple[Block, ...], targets: dict, part: Part) -> tuple[Block, ...]:
    return tuple(map_inlines(block, lambda nodes, line: _resolve_inlines(nodes, targets, part, line))
                 for block in blocks)


def map_inlines(block: Block, fn) -> Block:
    """Apply ``fn(inlines, line) -> inlines`` to every inline sequence in ``block`` and its nested blocks.

    Visits in reading order (a table's caption before its cells, a list's items in order). Returns a new block.
    """
    line = block.line
    if isinstance(block, (Callout, Quote)):
        block = replace(block, blocks=tuple(map_inlines(b, fn) for b in block.blocks))
    elif isinstance(block, ListBlock):
        block = replace(block, items=tuple(tuple(map_inlines(b, fn) for b in item) for item in block.items))
    elif isinstance(block, DefinitionList):
        block = replace(block, items=tuple((fn(term, line), tuple(tuple(map_inlines(b, fn) for b in d) for d in defs))
                                           for term, defs in block.items))
    elif isinstance(block, Table):
        block = replace(block, caption=fn(block.caption, line),
                        head=tuple(tuple(fn(cell, line) for cell in row) for row in block.head),
                        body=tuple(tuple(fn(cell, line) for cell in row) for row in block.body))
    if isinstance(block, Callout):
        block = replace(block, title=fn(block.title, line))
    for name in ("inlines", "caption"):
        if hasattr(block, name) and not isinstance(block, Table):
            block = replace(block, **{name: fn(getattr(block, name), line)})
    return block


def _map_nodes(nodes: tuple[Inline, ...], fn) -> tuple[Inline, ...]:
    """Apply ``fn(node) -> node`` to every inline node, children first."""
    out = []
    for node in nodes:
        if hasattr(node, "children"):
            node = replace(node, children=_map_nodes(node.children, fn))
        out.append(fn(node))
    return tuple(out)


def _resolve_inlines(nodes: tuple[Inline, ...], targets: dict, part: Part, line: int) -> tuple[Inline, ...]:
    def resolve(node: Inline) -> Inline:
        if isinstance(node, NoteRef):
            return replace(node, blocks=_resolve_blocks(node.blocks, targets, part))
        if not isinstance(node, CrossRef):
            return node
        if node.target not in targets:
            kind = node.target.split("-", 1)[0]
            known = sorted(t for t in targets if t.split("-", 1)[0] == kind)
            what = {"fig": "figure", "tbl": "table", "sec": "section", "kader": "box", "box": "box"}.get(kind, "id")
            raise BookError(f"reference to unknown {what} '@{node.target}'", part.source, line,
                            hint=f"known {kind}- ids: {', '.join(known) or 'none'}")
        label, part_id = targets[node.target]
        if node.capital:
            label = label[:1].upper() + label[1:]
        return replace(node, label=label, part_id=part_id)

    return _map_nodes(nodes, resolve)


def _number_notes(part: Part) -> Part:
    """Number the part's footnotes 1, 2 … in reading order; ids ``<part>-fn-<n>`` (numbered per chapter)."""
    count = 0

    def number(node: Inline) -> Inline:
        nonlocal count
        if not isinstance(node, NoteRef):
            return node
        count += 1
        return replace(node, number=count, id=f"{part.id}-fn-{count}")

    return replace(part, blocks=tuple(map_inlines(b, lambda nodes, line: _map_nodes(nodes, number))
                                      for b in part.blocks))


def text_width_mm(config: Config) -> float:
    """Width of the print text block in mm (trim width minus inside and outside margins)."""
    p = config.print
    return p.trim_width_mm - p.margin_inside_mm - p.margin_outside_mm


_UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4}


def _size_figures(source: Path, part: Part, config: Config) -> Part:
    """Settle each figure's printed width in mm: from ``width=`` or from a raster image's stored ppi (Pillow).

    A raster image without a stored resolution is logged as a warning (its size would be a guess) and fills the
    measure. Widths wider than the text block are capped to it.
    """
    measure = text_width_mm(config)

    def size(block: Block) -> Block:
        if isinstance(block, (Callout, Quote)):
            return replace(block, blocks=tuple(size(b) for b in block.blocks))
        if isinstance(block, ListBlock):
            return replace(block, items=tuple(tuple(size(b) for b in item) for item in block.items))
        if not isinstance(block, Figure):
            return block
        width = None
        match = re.match(r"^(\d+(?:\.\d+)?)(%|mm|cm|in)$", block.width)
        if match:
            value, unit = float(match.group(1)), match.group(2)
            width = measure * value / 100 if unit == "%" else value * _UNIT_MM[unit]
        elif not block.placeholder and Path(block.src).suffix.lower() in (".png", ".jpg", ".jpeg"):
            width = _raster_width_mm(source / block.src, part.source, block.line)
        if width is not None:
            width = round(min(width, measure), 2)
        return replace(block, width_mm=width)

    return replace(part, blocks=tuple(size(b) for b in part.blocks))


def _raster_width_mm(path: Path, chapter: Path, line: int) -> float | None:
    """Width in mm of a PNG/JPEG from its pixels and stored resolution (px ÷ ppi × 25.4); None if none is stored."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            pixels = image.size[0]
            dpi = image.info.get("dpi")
    except (OSError, UnidentifiedImageError):
        return None  # undrawable art is reported by the art check
    ppi = float(dpi[0]) if dpi and dpi[0] else 0.0
    if ppi < 1:
        log.warning("%s:%d: %s stores no resolution (ppi); it is set to the full text width — store its ppi or "
                    "give width=\"…mm\"", chapter, line, path.name)
        return None
    return pixels / ppi * 25.4


def _toc(parts: list[Part]) -> list[TocEntry]:
    entries = []
    for part in parts:
        entries.append(TocEntry(1, str(part.number or ""), plain_text(part.title), part.id, part.id,
                                short=part.short_title))
        for block in part.blocks:
            if isinstance(block, Heading) and block.level == 2:
                entries.append(TocEntry(2, block.number, plain_text(block.inlines), part.id, block.id,
                                        short=block.short))
    return entries
