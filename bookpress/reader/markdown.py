"""Markdown source file → :class:`bookpress.model.Part` (blocks with source lines, no numbers yet).

Parsing is markdown-it-py (CommonMark, https://spec.commonmark.org/0.31.2/, plus its GFM ``table`` and
``strikethrough`` rules) with mdit-py-plugins: ``attrs`` (Pandoc-style ``{#id .class key="value"}`` after images
and ``[spans]``), ``attrs_block``, ``colon_fence`` (``:::`` fenced divs), ``footnote`` (``[^label]``, ``^[…]``),
``deflist``, ``subscript`` (``~…~``) and ``superscript`` (``^…^``). Grid tables come from
:mod:`bookpress.reader.grid_table`. The extensions follow Quarto/Pandoc syntax; see docs/source-format.md.

This reader is the only parser of the book's Markdown: the build and ``check`` (:mod:`bookpress.lint`) both use it,
so they cannot disagree. Whatever it does not turn into the model is an error with file, line and column — text is
never printed as typed. :func:`read_part` raises the first problem; :func:`part_problems` returns all of them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError, parse as parse_attributes
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from bookpress.errors import BookError
from bookpress.files import read_regular_text
from bookpress.model import (CALLOUT_KINDS, Block, Callout, CrossRef, DefinitionList, Emphasis, Figure, Foreign,
                             Heading, Inline, LineBreak, Link, ListBlock, NoteRef, Paragraph, Part, Quote, Strong,
                             Styled, Table, Text)
from bookpress.reader.grid_table import grid_table_plugin

PARAGRAPH_ROLES = ("byline", "signature")
#: Reference prefixes (Quarto's ``@fig-``, ``@tbl-``, ``@sec-``; this book's boxes are ``@kader-`` or ``@box-``).
XREF_KINDS = ("fig", "tbl", "sec", "kader", "box")
_XREF = re.compile(r"(?<![\w.@])@([A-Za-z]+)-([A-Za-z0-9_-]*[A-Za-z0-9])")
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FENCE_ATTRS = re.compile(r"^\{\s*(?P<body>[^}]*)\}$")
_TYPED_NUMBER = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)+\.?|\d+\.)\s")
_TYPED_NUMBER_TEXT = re.compile(r"^(\d+(?:\.\d+)+\.?|\d+\.)\s+")
#: A caption label typed before a figure's caption ("Figuur 4.3:", "Figure 5.", "Abbildung 2 –"): the label word of
#: a supported language, a number, then a separator or a capital (so "Figuur 3 laat zien …" stays caption text).
TYPED_LABEL = re.compile(r"^(?P<label>(?P<word>Figuur|Figure|Abbildung|Abb\.|Fig\.|Tabel|Table|Tabelle)\s+"
                         r"(?P<number>\d{1,3}(?:[.\-–]\d{1,3})*)(?:\s*[:.]|\s+[–—-])?)\s+(?=\S)")
_CSS_WIDTH = re.compile(r"^(\d+(?:\.\d+)?)(%|mm|cm|in)$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_LETTERED = re.compile(r"^([a-zA-Z])[.)] +(?=\S)")
#: How deep lists and quotes may nest (the print design has indents for this many levels).
MAX_LIST_DEPTH = 4
MAX_QUOTE_DEPTH = 3
#: Markup that means the parser did not understand something, as (pattern, what it is, what to do).
_LITERAL_MARKUP = (
    (re.compile(r"!\[(?:[^\]\n]{0,300}\](?:\([^)\n]{0,300}\)?(?:\{[^}\n]{0,300}\})?)?)?"),
     "an image the reader could not parse",
     "a path with spaces goes in angle brackets: ![caption](<figures/my file.svg>); figures are files inside "
     "source/ (no file:, http: or data: addresses)"),
    (re.compile(r"\]\(\s*([^)\s]{0,300})"), "a link the reader could not parse (only https:// and http:// web addresses "
     "are links)", "write [text](https://…); refer to figures, tables and sections with @fig-…, @tbl-…, @sec-…"),
    (re.compile(r"\[\^(?:[^\]\s]{0,100}\])?"), "a footnote reference without a definition",
     "add the note as a line '[^label]: text' (after the paragraph), or write an inline note ^[text]"),
    (re.compile(r"\^\["), "an inline footnote that is not closed", "write ^[text of the note]"),
    (re.compile(r"\]\{"), "attributes after [text] the reader could not parse",
     'write [text]{lang="en"} or [text]{.smallcaps} with straight quotes around values'),
    (re.compile(r"\{[#.][^}\n]{0,300}\}?|\{\s*[A-Za-z-]{1,40}=[^}\n]{0,300}\}?"), "attributes {…} that belong to nothing",
     "attributes go right after an image, a [span], a heading or on the line before a paragraph"),
    (re.compile(r"\+[-=:]{3,}\+"), "a grid table the reader could not parse",
     "every line of a grid table has its '+' and '|' in the same columns, with no blank lines; no row or column "
     "spans; see docs/source-format.md"),
    (re.compile(r"\|\s*:?-{3,}"), "a table the reader could not parse",
     "a pipe table needs a header row, a '|---|' line and no blank lines; see docs/source-format.md"),
    (re.compile(r"~~|(?<!\w)~(?=\S)|(?<=\S)~(?!\w)"), "a strikeout or subscript that is not closed",
     "write ~~struck~~ or H~2~O (no spaces inside ~…~)"),
)


def _parser() -> MarkdownIt:
    md = (MarkdownIt("commonmark", {"typographer": False, "maxNesting": 60})
          .enable(["table", "strikethrough"])
          .use(attrs_plugin, spans=True).use(attrs_block_plugin).use(colon_fence_plugin)
          .use(footnote_plugin).use(deflist_plugin).use(sub_plugin).use(superscript_plugin)
          .use(grid_table_plugin))
    md.core.ruler.disable("footnote_tail")  # the reader places each note at its reference itself
    return md


_MD = _parser()


@dataclass(frozen=True)
class _Lines:
    """A block's source lines: 1-based ``first``..``last`` (inclusive)."""

    first: int
    last: int


def read_part(path: Path, part_id: str, number: int | None) -> Part:
    """Read one Markdown file into a :class:`Part` with id ``part_id`` and chapter ``number`` (None = front matter).

    Raises :class:`BookError` (with file, line and column) for the first problem :func:`part_problems` finds.
    """
    part, problems = _read(Path(path), part_id, number)
    if problems:
        raise problems[0]
    assert part is not None
    return part


def part_problems(path: Path) -> list[BookError]:
    """Every problem the reader finds in the Markdown file ``path`` (empty when it reads cleanly), in line order.

    Unsupported or unparsed constructs are all reported; a structural problem that stops reading (an unclosed box,
    a file that is not UTF-8) is reported alone.
    """
    _part, problems = _read(Path(path), "x", None)
    return problems


def _read(path: Path, part_id: str, number: int | None) -> tuple[Part | None, list[BookError]]:
    if not path.exists() or path.is_dir():
        return None, [BookError("chapter file not found", path,
                                hint="create it, or fix the name in book.toml [contents]")]
    try:
        text = read_regular_text(path, "utf-8-sig")  # never a named pipe or a device: BookError
    except BookError as error:
        return None, [error]
    except UnicodeDecodeError as error:
        line = text_line_of_byte(path.read_bytes(), error.start)
        return None, [BookError("not UTF-8 text", path, line, hint="save the file as UTF-8")]
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        return None, [BookError(f"invisible control character U+{ord(control.group()):04X} in the text", path, line,
                                hint="letters may be missing here (a PDF extractor writes it where it could not "
                                     "map a glyph): compare with the original and retype the word")]
    if crowded := _unclosed_brackets(text):
        return None, [BookError(f"{crowded[1]} '[' left open on one line: not Markdown the reader can parse", path,
                                crowded[0], hint="close the brackets, or write a literal bracket as \\[")]
    part, problems = _read_text(path, text)
    if part is not None:
        part = replace(part, id=part_id, number=number)
    return part, list(problems)


#: More open "[" than this on one line is refused before parsing: markdown-it looks for the end of each open link
#: label (up to its nesting limit per bracket), which makes 10⁵ of them take many seconds (issue 13: linear time).
MAX_OPEN_BRACKETS = 1000


def _unclosed_brackets(text: str) -> tuple[int, int] | None:
    """(line number, count) of the first line with more than :data:`MAX_OPEN_BRACKETS` unclosed "[", or None."""
    if text.count("[") - text.count("]") <= MAX_OPEN_BRACKETS:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        if (open_count := line.count("[") - line.count("]")) > MAX_OPEN_BRACKETS:
            return number, open_count
    return None


@functools.lru_cache(maxsize=16)
def _read_text(path: Path, text: str) -> tuple[Part | None, tuple[BookError, ...]]:
    """Parse ``text`` (the contents of ``path``); cached, so ``check`` and the build it runs read each file once."""
    reader = _Reader(path, text.splitlines())
    try:
        env: dict = {}
        tokens = reader.take_note_definitions(_MD.parse(text, env), 0)
        reader.env = env
        blocks = reader.blocks(tokens, 0, depth=(0, 0))
        reader.check_unused_notes()
    except BookError as error:
        return None, tuple(_ordered([*reader.problems, error]))
    problems = reader.problems
    if not blocks or not isinstance(blocks[0], Heading) or blocks[0].level != 1:
        problems.append(BookError("a part must start with its '# Title'", path, 1,
                                  hint="put the title on the first line as '# Title' (without a number)"))
        return None, tuple(_ordered(problems))
    title, body = blocks[0], blocks[1:]
    for block in body:
        if isinstance(block, Heading) and block.level == 1:
            problems.append(BookError("a second '#' title in one file", path, block.line,
                                      hint="use '##' for a section, or split the file and list it in book.toml"))
    part = Part(id="", title=title.inlines, blocks=tuple(body), source=path, short_title=title.short,
                typed_number=title.typed_number)
    return part, tuple(_ordered(problems))



def _ordered(problems: list[BookError]) -> list[BookError]:
    return sorted(problems, key=lambda e: (e.line or 0, e.col or 0))


def typed_label(caption: str) -> re.Match | None:
    """The caption label typed at the start of ``caption`` ("Figuur 4.3: Verloop" → groups ``label`` "Figuur 4.3:",
    ``word`` "Figuur", ``number`` "4.3"), or None. A label without a separator counts only before a capital."""
    match = TYPED_LABEL.match(caption)
    if match is None or (match.group("label")[-1].isdigit() and not caption[match.end()].isupper()):
        return None
    return match


def text_line_of_byte(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset`` in ``data``."""
    return data.count(b"\n", 0, offset) + 1


class _Reader:
    """Walks markdown-it's flat token stream and builds nested model blocks, collecting problems."""

    def __init__(self, path: Path, lines: list[str]):
        self.path = path
        self.lines = lines
        self.problems: list[BookError] = []
        self.reported: set[tuple] = set()
        self.env: dict = {}
        self.notes: dict[str, tuple[list[Token], int]] = {}
        self.used_notes: set[str] = set()
        self.span = _Lines(1, 1)

    def error(self, message: str, line: int, hint: str = "", col: int | None = None) -> BookError:
        return BookError(message, self.path, line, hint, col=col)

    def report(self, message: str, line: int, hint: str = "", col: int | None = None) -> None:
        """Record a problem and go on reading (so ``check`` can list every one); the same one twice is kept once."""
        key = (message, line, col)
        if key not in self.reported:
            self.reported.add(key)
            self.problems.append(self.error(message, line, hint, col))

    def find(self, needle: str, first: int, last: int | None = None) -> tuple[int, int | None]:
        """(line, col) of the first unescaped ``needle`` in source lines ``first``..``last``; (first, None)."""
        for number in range(first, (last or first) + 1):
            text = self.lines[number - 1] if 0 < number <= len(self.lines) else ""
            col = text.find(needle)
            while col >= 0 and col > 0 and text[col - 1] == "\\":
                col = text.find(needle, col + 1)
            if col >= 0:
                return number, col + 1
        return first, None

    # -- footnote definitions --------------------------------------------------------------------------------------

    def take_note_definitions(self, tokens: list[Token], offset: int) -> list[Token]:
        """Remove ``[^label]: …`` definitions from ``tokens`` and keep their content for the references."""
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "footnote_reference_open":
                end = _matching(tokens, i)
                label = token.meta["label"]
                line = (token.map[0] if token.map else 0) + offset + 1
                if label in self.notes:
                    self.report(f"footnote [^{label}] is defined twice", line,
                                "give each note its own label", col=1)
                self.notes[label] = (tokens[i + 1:end], line)
                i = end + 1
                continue
            out.append(token)
            i += 1
        return out

    def check_unused_notes(self) -> None:
        for label, (_tokens, line) in self.notes.items():
            if label not in self.used_notes:
                self.report(f"footnote [^{label}] is defined but never referenced", line,
                            f"put [^{label}] in the text where the note belongs, or delete the definition", col=1)

    # -- blocks ----------------------------------------------------------------------------------------------------

    def blocks(self, tokens: list[Token], offset: int, depth: tuple[int, int]) -> tuple[Block, ...]:
        """``depth`` is (list nesting, quote nesting) of these tokens."""
        out: list[Block] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            first = (token.map[0] if token.map else 0) + offset + 1
            last = (token.map[1] if token.map else first - offset) + offset
            line = first
            kind = token.type
            if kind == "heading_open":
                heading = self.heading(token, tokens[i + 1], line)
                if heading:
                    out.append(heading)
                i += 3
            elif kind == "paragraph_open":
                end = _matching(tokens, i)
                if out and isinstance(out[-1], Table) and not out[-1].caption and \
                        (tokens[i + 1].content.startswith(":") or tokens[i + 1].content.startswith("Table:")):
                    out[-1] = self.table_caption(out[-1], tokens[i + 1], _Lines(first, last))
                else:
                    block = self.paragraph(token, tokens[i + 1], _Lines(first, last))
                    if block:
                        out.append(block)
                i = end + 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                end = _matching(tokens, i)
                if depth[0] >= MAX_LIST_DEPTH:
                    self.report(f"a list nested more than {MAX_LIST_DEPTH} levels deep", line,
                                "flatten the list: the book's design indents at most "
                                f"{MAX_LIST_DEPTH} levels", col=self.find_marker(line))
                else:
                    out.append(self.list_block(tokens[i:end + 1], offset, line, depth))
                i = end + 1
            elif kind == "blockquote_open":
                end = _matching(tokens, i)
                if depth[1] >= MAX_QUOTE_DEPTH:
                    self.report(f"quotations nested more than {MAX_QUOTE_DEPTH} levels deep", line,
                                "remove some '>' levels: the book's design indents at most "
                                f"{MAX_QUOTE_DEPTH} levels", col=_nth(self.lines[line - 1], ">", MAX_QUOTE_DEPTH + 1))
                else:
                    out.append(Quote(self.blocks(tokens[i + 1:end], offset, (depth[0], depth[1] + 1)), line))
                i = end + 1
            elif kind == "table_open":
                end = _matching(tokens, i)
                out.append(self.table(tokens[i:end + 1], _Lines(first, last)))
                i = end + 1
            elif kind == "dl_open":
                end = _matching(tokens, i)
                out.append(self.definition_list(tokens[i:end + 1], offset, line, depth))
                i = end + 1
            elif kind == "colon_fence":
                box = self.fenced_div(token, offset, line, depth)
                if box:
                    out.append(box)
                i += 1
            elif kind == "html_block" and not _COMMENTS.sub("", token.content).strip():
                i += 1  # editor's comments (e.g. the importer's figure-label notes) are not printed
            elif kind == "html_block":
                self.report(f"raw HTML in the text: {token.content.strip()[:60]!r}", line,
                            "use Markdown; an editor's comment <!-- … --> must stand alone on its lines",
                            col=self.find("<", line)[1])
                i += 1
            elif kind == "hr":
                self.report("a thematic break ('---' or '***') is not used in this book", line,
                            "remove it; start a new section with '##' instead", col=1)
                i += 1
            elif kind in ("fence", "code_block"):
                self.report("a code block is not used in this book", line,
                            "remove the indentation (4 spaces make a code block) or the ``` fence", col=1)
                i += 1
            else:
                self.report(f"unsupported Markdown ({kind.replace('_', ' ')})", line,
                            "see docs/source-format.md for what the book supports", col=1)
                i = (_matching(tokens, i) if token.nesting == 1 else i) + 1
        for block in out:
            if isinstance(block, Table) and not block.id:
                self.report("a table without a caption", block.line, "add a line ': What the table shows "
                            "{#tbl-name}' after the table (after a blank line); tables are numbered", col=1)
        return tuple(out)

    def find_marker(self, line: int) -> int | None:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        match = re.match(r"\s*", text)
        return (match.end() + 1) if match else None

    def heading(self, token: Token, inline: Token, line: int) -> Heading | None:
        level = int(token.tag[1])
        if level > 3:
            self.report(f"heading level {level} is not used in this book", line,
                        "use '##' for a section or '###' for a subhead", col=1)
            return None
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        attrs: dict[str, str] = {}
        children = list(inline.children or [])
        if children and children[-1].type == "text":
            match = re.search(r"\s*(\{[^{}]*\})\s*$", children[-1].content)
            if match:
                try:
                    _end, attrs = parse_attributes(match.group(1))
                except ParseError:
                    self.report(f"heading attributes {match.group(1)} cannot be read", line,
                                'write {#sec-id .unnumbered short="Short title"}', col=self.find("{", line)[1])
                else:
                    rest = children[-1].content[:match.start()]
                    trimmed = children[-1].copy()
                    trimmed.content = rest
                    children[-1] = trimmed
        classes = str(attrs.pop("class", "")).split()
        anchor = str(attrs.pop("id", ""))
        short = str(attrs.pop("short", "")).strip()
        col = self.find("{", line)[1]
        for name in classes:
            if name != "unnumbered":
                self.report(f"unknown heading class '.{name}'", line, "the only heading class is .unnumbered", col=col)
        for key in attrs:
            self.report(f"unknown heading attribute '{key}'", line, 'headings take #id, .unnumbered and short="…"',
                        col=col)
        if anchor and level > 1 and not anchor.startswith("sec-"):
            self.report(f"heading id '#{anchor}' must start with 'sec-'", line,
                        "write {#sec-name}; @sec-name then refers to it", col=col)
        typed = ""
        if _TYPED_NUMBER.match(source) and children and children[0].type == "text":
            # a typed number ("## 4.2. Resultaten"): kept apart; the assembler accepts it only when it is the
            # number the build generates, and prints it once (docs/source-format.md, "Typed numbers")
            match = _TYPED_NUMBER_TEXT.match(children[0].content)
            if match:
                typed = match.group(1).rstrip(".")
                first = children[0].copy()
                first.content = first.content[match.end():]
                children = [first, *children[1:]]
        inlines = self.inline_nodes(children, line)
        if not inlines:
            self.report("an empty heading", line, "write the heading's text after the #", col=1)
        return Heading(level, inlines, line, id=anchor, short=short, unnumbered="unnumbered" in classes,
                       typed_number=typed)

    def paragraph(self, opening: Token, inline: Token, lines: _Lines) -> Block | None:
        line = lines.first
        self.span = lines
        classes = str(opening.attrs.get("class", "")).split()
        children = inline.children or []
        images = [c for c in children if c.type == "image"]
        if images:
            if len(children) != 1:
                self.report("an image must stand alone in its paragraph (it becomes a numbered figure)", line,
                            "put a blank line before and after the image", col=self.find("![", line)[1])
                return None
            return self.figure(images[0], line)
        lettered = self.lettered_list(children, lines)
        if lettered:
            return lettered
        role = None
        for name in classes:
            if name not in PARAGRAPH_ROLES:
                self.report(f"unknown paragraph class '.{name}'", line,
                            f"known classes: {', '.join('.' + r for r in PARAGRAPH_ROLES)}",
                            col=self.find("{", line - 1)[1])
            role = name
        for key in opening.attrs:
            if key not in ("class",):
                self.report(f"unknown paragraph attribute '{key}'", line - 1,
                            f"a paragraph takes only a class: {', '.join('.' + r for r in PARAGRAPH_ROLES)}", col=1)
        return Paragraph(self.inlines(inline, line), line, role)

    def lettered_list(self, children: list[Token], lines: _Lines) -> ListBlock | None:
        """``a. one`` / ``b. two`` lines (Pandoc's fancy lists) → an ordered list in letters, else None."""
        rows: list[list[Token]] = [[]]
        for child in children:
            if child.type == "softbreak":
                rows.append([])
            else:
                rows[-1].append(child)
        markers = []
        for row in rows:
            match = _LETTERED.match(row[0].content) if row and row[0].type == "text" else None
            if not match:
                return None
            markers.append(match.group(1))
        if len(markers) < 2 or len({m.isupper() for m in markers}) != 1:
            return None
        start = ord(markers[0].lower()) - ord("a") + 1
        if any(ord(m.lower()) - ord("a") + 1 != start + n for n, m in enumerate(markers)):
            return None
        items = []
        for number, row in enumerate(rows):
            first = row[0].copy()
            first.content = _LETTERED.sub("", first.content, count=1)
            inlines = self.inline_nodes([first, *row[1:]], lines.first + number)
            items.append((Paragraph(inlines, lines.first + number),))
        return ListBlock(True, tuple(items), lines.first, start, style="A" if markers[0].isupper() else "a")

    def figure(self, image: Token, line: int) -> Figure | None:
        attrs = dict(image.attrs)
        col = self.find("![", line)[1]
        fig_id = str(attrs.pop("id", ""))
        src = unquote(str(attrs.pop("src", "")))
        attrs.pop("alt", None)
        if not fig_id.startswith("fig-"):
            self.report("a figure needs an id starting with 'fig-'", line,
                        "add {#fig-name fig-alt=\"…\"} right after the image", col=col)
        alt = str(attrs.pop("fig-alt", "")).strip()
        if not alt:
            self.report(f"figure '{fig_id}' has no alternative text", line,
                        "add fig-alt=\"what the figure shows\" inside the {…}", col=col)
        classes = str(attrs.pop("class", "")).split()
        unknown = [c for c in classes if c != "placeholder"]
        if unknown:
            self.report(f"unknown figure class '.{unknown[0]}'", line, "the only figure class is .placeholder",
                        col=col)
        width = str(attrs.pop("width", "")).strip()
        if width and not _CSS_WIDTH.match(width):
            self.report(f"figure width '{width}' is not a length the book uses", line,
                        'write width="60%" (of the text width) or width="80mm"', col=self.find("width", line)[1])
            width = ""
        for key in attrs:
            if key != "title":
                self.report(f"unknown figure attribute '{key}'", line, 'figures take #fig-id, fig-alt="…", width="…" '
                            "and .placeholder", col=col)
        if src.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", src):
            self.report(f"figure path '{src}' is a machine path, not a file inside the source folder", line,
                        "give the path relative to source/, e.g. figures/name.svg", col=col)
        elif re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", src):
            self.report(f"figure path '{src}' is an address, not a file inside the source folder", line,
                        "give the path relative to source/, e.g. figures/name.svg (nothing is downloaded)", col=col)
        children = list(image.children or [])
        typed = ""
        if children and children[0].type == "text" and (label := typed_label(children[0].content)):
            typed = label.group("label")
            first = children[0].copy()
            first.content = first.content[label.end():]
            children = [first, *children[1:]]
        caption = self.inline_nodes(children, line)
        if not caption:
            self.report(f"figure '{fig_id}' has no caption", line, "write the caption inside ![…]", col=col)
        return Figure(fig_id, src, caption, alt, line, placeholder="placeholder" in classes, width=width,
                      typed_label=typed)

    def list_block(self, tokens: list[Token], offset: int, line: int, depth: tuple[int, int]) -> ListBlock:
        ordered = tokens[0].type == "ordered_list_open"
        start = int(tokens[0].attrs.get("start", 1)) if ordered else 1
        items, i = [], 1
        while i < len(tokens) - 1:
            end = _matching(tokens, i)
            items.append(self.blocks(_unwrap_tight(tokens[i + 1:end]), offset, (depth[0] + 1, depth[1])))
            i = end + 1
        return ListBlock(ordered, tuple(items), line, start)

    def definition_list(self, tokens: list[Token], offset: int, line: int,
                        depth: tuple[int, int]) -> DefinitionList:
        items: list = []
        i = 1
        while i < len(tokens) - 1:
            token = tokens[i]
            end = _matching(tokens, i)
            if token.type == "dt_open":
                term_line = (token.map[0] if token.map else 0) + offset + 1
                items.append((self.inlines(tokens[i + 1], term_line), []))
            elif token.type == "dd_open" and items:
                items[-1][1].append(self.blocks(_unwrap_tight(tokens[i + 1:end]), offset, (depth[0] + 1, depth[1])))
            i = end + 1
        return DefinitionList(tuple((term, tuple(defs)) for term, defs in items), line)

    def table(self, tokens: list[Token], lines: _Lines) -> Table:
        head: list[tuple] = []
        body: list[tuple] = []
        align: list[str] = []
        section = head
        row: list = []
        for token in tokens:
            if token.type == "thead_open":
                section = head
            elif token.type == "tbody_open":
                section = body
            elif token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                section.append(tuple(row))
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", ""))
                if section is head:
                    align.append(style.replace("text-align:", "").strip())
            elif token.type == "inline":
                row_line = (token.map[0] + 1) if token.map else lines.first
                self.span = _Lines(row_line, row_line)
                row.append(self.inline_nodes(token.children or [], row_line))
        self.table_line = lines.first
        return Table("", (), tuple(head), tuple(body), tuple(align), lines.first)

    def table_caption(self, table: Table, inline: Token, lines: _Lines) -> Table:
        """``: Caption text {#tbl-id}`` (Pandoc's table caption, on its own paragraph after the table)."""
        line = lines.first
        self.span = lines
        children = [c.copy() for c in inline.children or []]
        first = children[0]
        first.content = re.sub(r"^(?::|Table:)\s*", "", first.content)
        attrs: dict[str, str] = {}
        if children[-1].type == "text":
            match = re.search(r"\s*(\{[^{}]*\})\s*$", children[-1].content)
            if match:
                try:
                    _end, attrs = parse_attributes(match.group(1))
                except ParseError:
                    self.report(f"table attributes {match.group(1)} cannot be read", line, "write {#tbl-name}",
                                col=self.find("{", line)[1])
                children[-1].content = children[-1].content[:match.start()]
        anchor = str(attrs.pop("id", ""))
        if not anchor.startswith("tbl-"):
            self.report("a table caption needs an id starting with 'tbl-'", line,
                        "end the caption line with {#tbl-name}", col=1)
        for key in attrs:
            self.report(f"unknown table attribute '{key}'", line, "a table caption takes only {#tbl-name}", col=1)
        caption = self.inline_nodes([c for c in children if c.type != "text" or c.content], line)
        if not caption:
            self.report("an empty table caption", line, "write ': What the table shows {#tbl-name}'", col=1)
        return Table(anchor, caption, table.head, table.body, table.align, table.line)

    def fenced_div(self, token: Token, offset: int, line: int, depth: tuple[int, int]) -> Callout | None:
        close = token.map[1] - 1 + offset
        if close >= len(self.lines) or not self.lines[close].strip().startswith(":::") or \
                close + 1 == line:
            raise self.error("callout box opened here is never closed", line,
                             "end the box with a line ':::' (as many colons as the opening line)", col=1)
        match = _FENCE_ATTRS.match(token.info.strip())
        classes, ids = [], []
        if match:
            for word in match.group("body").split():
                (ids if word.startswith("#") else classes).append(word.lstrip("#."))
        kinds = [c[len("callout-"):] for c in classes if c.startswith("callout-")]
        if not match or len(kinds) != 1 or kinds[0] not in CALLOUT_KINDS:
            found = token.info.strip() or "(nothing)"
            raise self.error(f"unknown callout box type {found}", line,
                             "open a box with '::: {.callout-case}' or '::: {.callout-note}'", col=4)
        inner_offset = offset + token.map[0] + 1
        inner_tokens = self.take_note_definitions(_MD.parse(token.content, self.env), inner_offset)
        inner = self.blocks(inner_tokens, inner_offset, depth)
        if not inner or not isinstance(inner[0], Heading) or inner[0].level != 2:
            self.report("a callout box starts with its '## Title'", line,
                        "put '## Title of the box' on the first line inside the box", col=1)
            return None
        body = inner[1:]
        if inner[0].typed_number:  # boxes are not numbered: the typed number would be lost
            self.report(f"a typed number '{inner[0].typed_number}' in a callout box title: boxes are not numbered",
                        inner[0].line, "delete it; a number that belongs to the title is written with a backslash "
                        "before its dot, e.g. 2016\\. Een jaar", col=4)
        for block in body:
            if isinstance(block, Heading) and block.level != 3:
                self.report("inside a callout box only '###' subheads are allowed", block.line, col=1)
            if isinstance(block, Callout):
                self.report("a callout box inside a callout box", block.line, "close the first box before", col=1)
        return Callout(kinds[0], inner[0].inlines, body, line, id=ids[0] if ids else "")

    # -- inline content --------------------------------------------------------------------------------------------

    def inlines(self, inline: Token, line: int) -> tuple[Inline, ...]:
        if inline.map:
            self.span = _Lines(line, max(line, line + inline.map[1] - inline.map[0] - 1))
        return self.inline_nodes(inline.children or [], line)

    def inline_nodes(self, tokens: list[Token], line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind == "text":
                self.check_literal(token.content, line)
                out.extend(self.split_xrefs(token.content, line, sentence_start=not out or _ends_sentence(out)))
            elif kind == "code_inline":
                out.append(Text(token.content))
            elif kind == "softbreak":
                out.append(Text(" "))
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind == "footnote_ref":
                out.append(self.note(token, line))
            elif kind in ("em_open", "strong_open", "link_open", "s_open", "sub_open", "sup_open", "span_open"):
                end = _matching(tokens, i)
                children = self.inline_nodes(tokens[i + 1:end], line)
                if kind == "em_open":
                    out.append(Emphasis(children))
                elif kind == "strong_open":
                    out.append(Strong(children))
                elif kind == "s_open":
                    out.append(Styled("strikeout", children))
                elif kind == "sub_open":
                    out.append(Styled("subscript", children))
                elif kind == "sup_open":
                    out.append(Styled("superscript", children))
                elif kind == "span_open":
                    out.append(self.span_node(token, children, line))
                else:
                    href = str(token.attrs.get("href", ""))
                    if not re.match(r"https?://", href):
                        self.report(f"link to '{href}' is not a web address", line,
                                    "link only to https://…; refer to figures with @fig-id",
                                    col=self.find("](", *self.span_args(line))[1])
                    out.append(Link(href, children))
                i = end
            elif kind == "image":
                self.report("an image inside running text", line,
                            "give the image a paragraph of its own so it becomes a figure",
                            col=self.find("![", *self.span_args(line))[1])
            elif kind == "html_inline":
                if not _COMMENTS.fullmatch(token.content):
                    found = self.find(token.content, *self.span_args(line))
                    self.report(f"raw HTML {token.content!r} in the text", found[0],
                                "use Markdown: *italic*, **bold**; write a literal < as \\<", col=found[1])
            else:
                self.report(f"unsupported inline Markdown ({kind})", line, col=1)
                if token.nesting == 1:
                    i = _matching(tokens, i)
            i += 1
        return _merge_text(out)

    def span_args(self, line: int) -> tuple[int, int]:
        if self.span.first <= line <= self.span.last:
            return self.span.first, self.span.last
        return line, line

    def span_node(self, token: Token, children: tuple[Inline, ...], line: int) -> Inline:
        attrs = dict(token.attrs)
        classes = str(attrs.pop("class", "")).split()
        lang = str(attrs.pop("lang", "")).strip()
        col = self.find("]{", *self.span_args(line))
        if lang and not _LANG.match(lang):
            self.report(f"language tag '{lang}' is not a BCP 47 tag", col[0], 'write e.g. lang="en" or lang="en-GB"',
                        col=col[1])
        for name in classes:
            if name != "smallcaps":
                self.report(f"unknown span class '.{name}'", col[0],
                            'spans take .smallcaps and lang="…"', col=col[1])
        for key in attrs:
            self.report(f"unknown span attribute '{key}'", col[0], 'spans take .smallcaps and lang="…"', col=col[1])
        inner: tuple[Inline, ...] = children
        if "smallcaps" in classes:
            inner = (Styled("smallcaps", children),)
        if lang:
            return Foreign(lang, inner)
        if "smallcaps" in classes:
            return inner[0]
        if not classes and not attrs:
            self.report("a [span]{…} without a language or class", col[0], 'write [text]{lang="en"} or '
                        "[text]{.smallcaps}", col=col[1])
        return _Group(children)

    def note(self, token: Token, line: int) -> NoteRef:
        meta = token.meta or {}
        label = meta.get("label")
        if label is None:  # an inline note ^[…]
            data = self.env.get("footnotes", {}).get("list", {}).get(meta.get("id"), {})
            inlines = self.inline_nodes(data.get("tokens", []), line)
            return NoteRef((Paragraph(inlines, line),), line)
        if label in self.used_notes:
            self.report(f"footnote [^{label}] is referenced twice", line,
                        "each reference needs its own note; give the second one another label",
                        col=self.find(f"[^{label}]", *self.span_args(line))[1])
        self.used_notes.add(label)
        tokens, def_line = self.notes.get(label, ([], line))
        saved = self.span
        blocks = self.blocks(list(tokens), 0, (0, 0))
        self.span = saved
        for block in blocks:
            if not isinstance(block, Paragraph):
                self.report(f"footnote [^{label}] holds more than paragraphs", def_line,
                            "a note is one or more paragraphs of text", col=1)
                break
        return NoteRef(blocks, def_line)

    def check_literal(self, text: str, line: int) -> None:
        """Report Markdown punctuation the parser left as text (it would be printed as typed)."""
        taken: list[tuple[int, int]] = []
        for pattern, what, hint in _LITERAL_MARKUP:
            for match in pattern.finditer(text):
                if any(start < match.end() and match.start() < end for start, end in taken):
                    continue  # part of an earlier finding (the ']( ' of an unparsed image)
                taken.append(match.span())
                found = self.find(match.group(0), *self.span_args(line))
                if found[1] is None:
                    first, last = self.span_args(line)
                    if "\\" + match.group(0) in "\n".join(self.lines[first - 1:last]):
                        continue  # written escaped (\[, \{ …): meant as text
                    found = self.find(match.group(0)[:2], first, last)
                more = sum(1 for _ in pattern.finditer(text, match.end()))
                also = f" (and {more} more like it here)" if more else ""
                self.report(f"{what}: {match.group(0)[:40]!r}{also}", found[0], hint, col=found[1])
                break  # one finding per kind and text run: a pathological line gives one line of output

    def split_xrefs(self, text: str, line: int, sentence_start: bool) -> list[Inline]:
        out: list[Inline] = []
        pos = 0
        unknown = False
        for match in _XREF.finditer(text):
            kind = match.group(1)
            if kind.lower() not in XREF_KINDS:
                if unknown:
                    continue  # one finding per text run
                unknown = True
                found = self.find(match.group(0), *self.span_args(line))
                self.report(f"unknown reference '{match.group(0)}'", found[0],
                            "references are @fig-…, @tbl-…, @sec-…, @kader-… (or @box-…); write a literal @ "
                            "as \\@", col=found[1])
                continue
            before = text[pos:match.start()]
            if match.start() > pos:
                out.append(Text(before))
            at_start = (sentence_start and not text[:match.start()].strip()) or \
                bool(re.search(r"[.!?]['’”)]?\s+$", text[:match.start()]))
            capital = kind[0].isupper() or at_start
            out.append(CrossRef(f"{kind.lower()}-{match.group(2)}", capital=capital))
            pos = match.end()
        if pos < len(text):
            out.append(Text(text[pos:]))
        return out


@dataclass(frozen=True)
class _Group:
    """Children of a span without meaning (never left in the model: flattened by :func:`_merge_text`)."""

    children: tuple[Inline, ...]


def _nth(text: str, char: str, n: int) -> int | None:
    """1-based column of the ``n``-th ``char`` in ``text`` (None if there are fewer)."""
    col = -1
    for _ in range(n):
        col = text.find(char, col + 1)
        if col < 0:
            return None
    return col + 1


def _ends_sentence(nodes: list[Inline]) -> bool:
    last = nodes[-1]
    return isinstance(last, Text) and bool(re.search(r"[.!?]['’”)]?\s+$", last.text))


def _merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    flat: list[Inline] = []
    for node in nodes:
        flat.extend(node.children if isinstance(node, _Group) else (node,))
    for node in flat:
        if isinstance(node, Text) and not node.text:
            continue
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
