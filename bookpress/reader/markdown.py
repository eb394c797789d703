"""Markdown source file → :class:`bookpress.model.Part` (blocks with source lines, no numbers yet).

Parsing is markdown-it-py (CommonMark, https://spec.commonmark.org/0.31.2/) with mdit-py-plugins ``attrs``
(Pandoc-style ``{#id .class key="value"}``), ``attrs_block`` and ``colon_fence`` (``:::`` fenced divs). The
extensions follow Quarto's syntax for figures, callouts and cross-references; see docs/source-format.md.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin

from bookpress.errors import BookError
from bookpress.files import read_regular_text
from bookpress.model import (CALLOUT_KINDS, Block, Callout, CrossRef, Emphasis, Figure, Heading, Inline, LineBreak,
                             Link, ListBlock, Paragraph, Part, Quote, Strong, Text)

PARAGRAPH_ROLES = ("byline", "signature")
_XREF = re.compile(r"(?<![\w.])@(fig-[A-Za-z0-9_-]*[A-Za-z0-9])")
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FENCE_ATTRS = re.compile(r"^\{\s*(?P<body>[^}]*)\}$")


def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"typographer": False})
            .use(attrs_plugin).use(attrs_block_plugin).use(colon_fence_plugin))


_MD = _parser()


def read_part(path: Path, part_id: str, number: int | None) -> Part:
    """Read one Markdown file into a :class:`Part` with id ``part_id`` and chapter ``number`` (None = front matter).

    Raises :class:`BookError` (with file and line) for: a missing or unreadable file, no ``#`` title as first block,
    a second ``#`` heading, an unknown callout type or unclosed ``:::`` fence, an image inside running text, raw
    HTML other than comments, and headings deeper than ``###``.
    """
    path = Path(path)
    if not path.exists() or path.is_dir():
        raise BookError("chapter file not found", path, hint="create it, or fix the name in book.toml [contents]")
    try:
        text = read_regular_text(path, "utf-8-sig")  # never a named pipe or a device: BookError
    except UnicodeDecodeError as error:
        line = text_line_of_byte(path.read_bytes(), error.start)
        raise BookError("not UTF-8 text", path, line, hint="save the file as UTF-8") from None
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise BookError(f"invisible control character U+{ord(control.group()):04X} in the text", path, line,
                        hint="letters may be missing here (a PDF extractor writes it where it could not map a glyph): "
                             "compare with the original and retype the word")
    reader = _Reader(path, text.splitlines())
    blocks = reader.blocks(_MD.parse(text), 0)
    if not blocks or not isinstance(blocks[0], Heading) or blocks[0].level != 1:
        raise BookError("a part must start with its '# Title'", path, 1,
                        hint="put the title on the first line as '# Title' (without a number)")
    title, body = blocks[0], blocks[1:]
    for block in body:
        if isinstance(block, Heading) and block.level == 1:
            raise BookError("a second '#' title in one file", path, block.line,
                            hint="use '##' for a section, or split the file and list it in book.toml")
    return Part(id=part_id, title=title.inlines, blocks=tuple(body), source=path, number=number)


def text_line_of_byte(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` in ``data``."""
    return data.count(b"\n", 0, offset) + 1


class _Reader:
    """Walks markdown-it's flat token stream and builds nested model blocks."""

    def __init__(self, path: Path, lines: list[str]):
        self.path = path
        self.lines = lines

    def error(self, message: str, line: int, hint: str = "") -> BookError:
        return BookError(message, self.path, line, hint)

    # -- blocks ----------------------------------------------------------------------------------------------------

    def blocks(self, tokens: list[Token], offset: int) -> tuple[Block, ...]:
        out: list[Block] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            line = (token.map[0] if token.map else 0) + offset + 1
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                if level > 3:
                    raise self.error(f"heading level {level} is not used in this book", line,
                                     "use '##' for a section or '###' for a subhead")
                out.append(Heading(level, self.inlines(tokens[i + 1], line), line, id=str(token.attrs.get("id", ""))))
                i += 3
            elif kind == "paragraph_open":
                out.append(self.paragraph(token, tokens[i + 1], line))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                end = _matching(tokens, i)
                out.append(self.list_block(tokens[i:end + 1], offset, line))
                i = end + 1
            elif kind == "blockquote_open":
                end = _matching(tokens, i)
                out.append(Quote(self.blocks(tokens[i + 1:end], offset), line))
                i = end + 1
            elif kind == "colon_fence":
                out.append(self.fenced_div(token, offset, line))
                i += 1
            elif kind == "html_block" and not _COMMENTS.sub("", token.content).strip():
                i += 1  # editor's comments (e.g. the importer's figure-label notes) are not printed
            elif kind == "html_block":
                raise self.error(f"raw HTML in the text: {token.content.strip()[:60]!r}", line,
                                 "use Markdown; an editor's comment <!-- … --> must stand alone on its lines")
            elif kind == "hr":
                raise self.error("a thematic break ('---' or '***') is not used in this book", line,
                                 "remove it; start a new section with '##' instead")
            else:
                raise self.error(f"unsupported Markdown ({kind.replace('_', ' ')})", line,
                                 "see docs/source-format.md for what the book supports")
        return tuple(out)

    def paragraph(self, opening: Token, inline: Token, line: int) -> Block:
        classes = str(opening.attrs.get("class", "")).split()
        children = inline.children or []
        images = [c for c in children if c.type == "image"]
        if images:
            if len(children) != 1:
                raise self.error("an image must stand alone in its paragraph (it becomes a numbered figure)", line,
                                 "put a blank line before and after the image")
            return self.figure(images[0], line)
        role = None
        for name in classes:
            if name not in PARAGRAPH_ROLES:
                raise self.error(f"unknown paragraph class '.{name}'", line,
                                 f"known classes: {', '.join('.' + r for r in PARAGRAPH_ROLES)}")
            role = name
        return Paragraph(self.inlines(inline, line), line, role)

    def figure(self, image: Token, line: int) -> Figure:
        attrs = image.attrs
        fig_id = str(attrs.get("id", ""))
        if not fig_id.startswith("fig-"):
            raise self.error("a figure needs an id starting with 'fig-'", line,
                             "add {#fig-name fig-alt=\"…\"} right after the image")
        alt = str(attrs.get("fig-alt", "")).strip()
        if not alt:
            raise self.error(f"figure '{fig_id}' has no alternative text", line,
                             "add fig-alt=\"what the figure shows\" inside the {…}")
        classes = str(attrs.get("class", "")).split()
        unknown = [c for c in classes if c != "placeholder"]
        if unknown:
            raise self.error(f"unknown figure class '.{unknown[0]}'", line, "the only figure class is .placeholder")
        caption = self.inline_nodes(image.children or [], line)
        if not caption:
            raise self.error(f"figure '{fig_id}' has no caption", line, "write the caption inside ![…]")
        return Figure(fig_id, unquote(str(attrs.get("src", ""))), caption, alt, line,
                      placeholder="placeholder" in classes)

    def list_block(self, tokens: list[Token], offset: int, line: int) -> ListBlock:
        ordered = tokens[0].type == "ordered_list_open"
        start = int(tokens[0].attrs.get("start", 1)) if ordered else 1
        items, i = [], 1
        while i < len(tokens) - 1:
            end = _matching(tokens, i)
            items.append(self.blocks(_unwrap_tight(tokens[i + 1:end]), offset))
            i = end + 1
        return ListBlock(ordered, tuple(items), line, start)

    def fenced_div(self, token: Token, offset: int, line: int) -> Callout:
        close = token.map[1] - 1 + offset
        if close >= len(self.lines) or not self.lines[close].strip().startswith(":::") or \
                close + 1 == line:
            raise self.error("callout box opened here is never closed", line,
                             "end the box with a line ':::' (as many colons as the opening line)")
        match = _FENCE_ATTRS.match(token.info.strip())
        classes, ids = [], []
        if match:
            for word in match.group("body").split():
                (ids if word.startswith("#") else classes).append(word.lstrip("#."))
        kinds = [c[len("callout-"):] for c in classes if c.startswith("callout-")]
        if not match or len(kinds) != 1 or kinds[0] not in CALLOUT_KINDS:
            found = token.info.strip() or "(nothing)"
            raise self.error(f"unknown callout box type {found}", line,
                             "open a box with '::: {.callout-case}' or '::: {.callout-note}'")
        inner = self.blocks(_MD.parse(token.content), offset + token.map[0] + 1)
        if not inner or not isinstance(inner[0], Heading) or inner[0].level != 2:
            raise self.error("a callout box starts with its '## Title'", line,
                             "put '## Title of the box' on the first line inside the box")
        body = inner[1:]
        for block in body:
            if isinstance(block, Heading) and block.level != 3:
                raise self.error("inside a callout box only '###' subheads are allowed", block.line)
            if isinstance(block, Callout):
                raise self.error("a callout box inside a callout box", block.line, "close the first box before")
        return Callout(kinds[0], inner[0].inlines, body, line, id=ids[0] if ids else "")

    # -- inline content --------------------------------------------------------------------------------------------

    def inlines(self, inline: Token, line: int) -> tuple[Inline, ...]:
        return self.inline_nodes(inline.children or [], line)

    def inline_nodes(self, tokens: list[Token], line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "text":
                out.extend(_split_xrefs(token.content))
            elif kind == "code_inline":
                out.append(Text(token.content))
            elif kind == "softbreak":
                out.append(Text(" "))
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind in ("em_open", "strong_open", "link_open"):
                end = _matching(tokens, i)
                children = self.inline_nodes(tokens[i + 1:end], line)
                if kind == "em_open":
                    out.append(Emphasis(children))
                elif kind == "strong_open":
                    out.append(Strong(children))
                else:
                    href = str(token.attrs.get("href", ""))
                    if not re.match(r"https?://", href):
                        raise self.error(f"link to '{href}' is not a web address", line,
                                         "link only to https://…; refer to figures with @fig-id")
                    out.append(Link(href, children))
                i = end
            elif kind == "image":
                raise self.error("an image inside running text", line,
                                 "give the image a paragraph of its own so it becomes a figure")
            elif kind == "html_inline":
                raise self.error(f"raw HTML {token.content!r} in the text", line,
                                 "use Markdown: *italic*, **bold**; write a literal < as \\<")
            else:
                raise self.error(f"unsupported inline Markdown ({kind})", line)
            i += 1
        return _merge_text(out)


def _split_xrefs(text: str) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for match in _XREF.finditer(text):
        if match.start() > pos:
            out.append(Text(text[pos:match.start()]))
        out.append(CrossRef(match.group(1)))
        pos = match.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return tuple(merged)


def _matching(tokens: list[Token], start: int) -> int:
    """Index of the token closing ``tokens[start]`` (same nesting level)."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    raise ValueError("unbalanced Markdown tokens")


def _unwrap_tight(tokens: list[Token]) -> list[Token]:
    """Tight list items hide their paragraph tokens; make them visible so items read as paragraphs."""
    for token in tokens:
        if token.type in ("paragraph_open", "paragraph_close"):
            token.hidden = False
    return tokens
