"""Book → the EPUB's XHTML content documents (cover, title page, nav, one per part), its stylesheet, and the
navigation data (toc tree, landmarks, page list) the package document and the NCX share.

Uses the same block macros as print; only the page templates in ``templates/epub/`` and the addresses differ
(cross-references point at ``<part>.xhtml#<id>``, art at ``../images/…``, fonts at ``../fonts/…``).
Structural semantics: EPUB 3 SSV (https://www.w3.org/TR/epub-ssv-11/) with the matching DPUB-ARIA roles
(https://www.w3.org/TR/dpub-aria-1.1/), as DAISY Ace checks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup

from bookpress.config import Config
from bookpress.render.inline_svg import inline_svg
from bookpress.fonts import Face, faces_for
from bookpress.model import Book, Figure, Part, TocEntry, plain_text
from bookpress.render.environment import environment
from bookpress.render.overrides import edition_css, template_overrides
from bookpress.render.print_html import font_face_css
from bookpress.typography.apply import typeset


class _TextTarget:
    """Addresses of an entry whose ``target`` is relative to the ``text/`` folder (where nav.xhtml sits)."""

    target: str

    @property
    def href_from_text(self) -> str:
        """The address from a document in ``text/`` (the nav document)."""
        return self.target

    @property
    def href(self) -> str:
        """The address from the package root (the NCX sits beside the OPF)."""
        return f"text/{self.target}"


@dataclass(frozen=True)
class NavNode(_TextTarget):
    """A toc entry: ``target`` is ``<file>.xhtml#<id>`` relative to the ``text/`` folder; ``order`` counts from 1."""

    label: str
    target: str
    order: int
    children: tuple["NavNode", ...] = ()


@dataclass(frozen=True)
class Landmark(_TextTarget):
    """A landmarks entry (EPUB 3.3 §7.4.3): ``type`` from the SSV, ``target`` relative to ``text/``."""

    type: str
    label: str
    target: str


@dataclass(frozen=True)
class PartSemantics:
    """``epub:type`` and ARIA ``role`` of a part's section; both empty for front matter with no named role."""

    epub_type: str
    role: str


#: SSV type → DPUB-ARIA role for the part roles a book can name in ``book.toml [epub]``.
PART_ROLES = {"chapter": "doc-chapter", "foreword": "doc-foreword", "preface": "doc-preface",
              "introduction": "doc-introduction", "appendix": "doc-appendix", "bibliography": "doc-bibliography"}


def part_semantics(part: Part, config: Config) -> PartSemantics:
    """Chapters are ``chapter``/``doc-chapter``, appendices ``appendix``/``doc-appendix``, the literature list
    ``bibliography``/``doc-bibliography``; front matter takes its role from ``book.toml [epub]``."""
    if part.kind in ("appendix", "bibliography"):
        kind = part.kind
    elif part.is_chapter:
        kind = "chapter"
    elif part.kind == "back_matter":
        kind = ""
    else:
        kind = config.epub.part_role(_source_name(part, config))
    return PartSemantics(kind, PART_ROLES[kind]) if kind else PartSemantics("", "")


def _source_name(part: Part, config: Config) -> str:
    try:
        return part.source.resolve().relative_to(config.source_dir.resolve()).as_posix()
    except ValueError:
        return part.source.name


def toc_tree(book: Book) -> tuple[NavNode, ...]:
    """``book.toc`` as a tree (parts with their sections), numbered in reading order for the NCX playOrder."""
    order = 0
    tops: list[tuple[TocEntry, list[TocEntry]]] = []
    for entry in book.toc:
        if entry.level == 1 or not tops:
            tops.append((entry, []))
        else:
            tops[-1][1].append(entry)

    def label(entry: TocEntry) -> str:
        title = entry.short or entry.title
        return f"{entry.number} {title}" if entry.number else title

    nodes = []
    for top, children in tops:
        order += 1
        first = order
        kids = []
        for child in children:
            order += 1
            kids.append(NavNode(label(child), f"{part_file(child.part_id)}#{child.anchor}", order))
        nodes.append(NavNode(label(top), f"{part_file(top.part_id)}#{top.anchor}", first, tuple(kids)))
    return tuple(nodes)


def toc_depth(nodes: tuple[NavNode, ...]) -> int:
    """Depth of a toc tree (1 = parts only); the NCX's ``dtb:depth``."""
    return max((1 + toc_depth(n.children) for n in nodes), default=0)


def landmarks(book: Book, config: Config, has_page_list: bool) -> tuple[Landmark, ...]:
    """Cover, title page, toc, each front-matter role, the start of reading, the first chapter, the page list.

    "Start reading" (``bodymatter``) is the first part after the title page, so the foreword is not skipped.
    """
    labels = config.labels
    marks = [Landmark("cover", labels.cover, "cover.xhtml"),
             Landmark("titlepage", labels.title_page, "titlepage.xhtml"),
             Landmark("toc", labels.contents, "nav.xhtml#toc")]
    if has_page_list:
        marks.append(Landmark("page-list", labels.pages, "nav.xhtml#page-list"))
    first = book.parts[0]
    marks.append(Landmark("bodymatter", plain_text(first.title), f"{part_file(first.id)}#{first.id}"))
    for part in book.parts:
        kind = part_semantics(part, config).epub_type
        if kind in ("foreword", "preface", "introduction") or (kind == "chapter" and part is _first_chapter(book)):
            marks.append(Landmark(kind, plain_text(part.title), f"{part_file(part.id)}#{part.id}"))
    return tuple(marks)


def _first_chapter(book: Book) -> Part | None:
    return next((p for p in book.parts if p.is_chapter), None)


@dataclass(frozen=True)
class Document:
    """One XHTML file of the EPUB: ``name`` relative to the ``text/`` folder, ``title`` for its ``<title>``."""

    name: str
    title: str
    xhtml: str


def image_name(fig: Figure) -> str:
    """Where a figure's art lives inside the EPUB package: ``images/<path in source/>``, made URL-safe.

    Characters outside ``A–Z a–z 0–9 . _ - /`` (spaces, accented letters) become ``_xHH`` per UTF-8 byte, so the
    manifest href, the zip entry and the ``src`` in the XHTML are one and the same string (EPUB 3.3 §3.4: file
    names must be valid URL path strings; EPUBCheck RSC-020/PKG-009 otherwise). The mapping is one-to-one.
    """
    safe = re.sub(r"[^A-Za-z0-9._/-]|_x",
                  lambda m: "".join(f"_x{b:02X}" for b in m.group().encode("utf-8")), str(PurePosixPath(fig.src)))
    return f"images/{safe}"  # the path inside source/ keeps same-named files apart


def figure_style(fig: Figure, config: Config) -> str:
    """The EPUB's ``style`` for a sized figure: its print width as a share of the print text width (reflowable)."""
    p = config.print
    share = min(100.0, 100 * (fig.width_mm or 0) / (p.trim_width_mm - p.margin_inside_mm - p.margin_outside_mm))
    return f"width: {share:.1f}%"


def figure_inline(fig: Figure, config: Config) -> Markup | None:
    """SVG art as inline ``<svg>`` (labels keep the book's fonts; :mod:`bookpress.render.inline_svg`); None for
    raster art, which stays an ``<img>``."""
    if fig.placeholder or PurePosixPath(fig.src).suffix.lower() != ".svg":
        return None
    return Markup(inline_svg(config.source_dir / fig.src, fig.id, fig.alt))


def part_file(part_id: str) -> str:
    """File name of a part's document: ``ch-1`` → ``ch-1.xhtml``."""
    return f"{part_id}.xhtml"


@dataclass(frozen=True)
class PageTarget(_TextTarget):
    """A page-list entry: the print folio ``label`` and the marker's address ``<file>.xhtml#page-<label>``."""

    label: str
    target: str


def page_marker_id(label: str) -> str:
    """The id of the page-break marker for print page ``label``: ``"12"`` → ``"page-12"``."""
    return f"page-{label}"


def _with_page_markers(xhtml: str, part: Part, starts) -> str:
    """Insert the page-break markers of ``starts`` (:class:`bookpress.pagelist.PageStart`) into a part document."""
    from lxml import etree

    from bookpress.pagelist import EPUB_NS, XHTML_NS, place_markers

    root = etree.fromstring(xhtml.encode("utf-8"))
    section = root.find(f".//{{{XHTML_NS}}}section[@id='{part.id}']")

    def maker(label: str):
        span = etree.Element(f"{{{XHTML_NS}}}span", nsmap={None: XHTML_NS, "epub": EPUB_NS})
        span.set(f"{{{EPUB_NS}}}type", "pagebreak")
        span.set("role", "doc-pagebreak")
        span.set("id", page_marker_id(label))
        span.set("aria-label", label)
        return span

    place_markers(section, starts, maker)
    body = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body + "\n"


def render_epub_documents(book: Book, config: Config, cover_href: str, pages: tuple = ()) -> list[Document]:
    """Render every content document in reading order: cover, title page, nav, then the parts.

    ``pages`` are the print edition's page starts (:class:`bookpress.pagelist.PageStart`); each becomes a
    page-break marker in its part and an entry of the nav's page list.

    ``cover_href`` is the cover image's path inside the package (e.g. ``images/cover.jpg``). The book gets the
    EPUB's typography first (:func:`bookpress.typography.apply.typeset`); raises :class:`BookError` for a bad
    hyphenation exceptions file.
    """
    book = typeset(book, config, soft_hyphens=config.epub.hyphenation == "soft-hyphens")
    env = environment(href=lambda part_id, anchor: f"{part_file(part_id)}#{anchor}",
                      overrides=template_overrides(config.source_dir), edition="epub")
    env.globals["figure_src"] = lambda fig: f"../{image_name(fig)}"
    env.globals["figure_style"] = lambda fig: figure_style(fig, config)
    env.globals["figure_inline"] = lambda fig: figure_inline(fig, config)
    common = {"config": config, "labels": config.labels, "book": book}
    labels = config.labels
    docs = [
        Document("cover.xhtml", labels.cover,
                 env.get_template("epub/cover.xhtml.j2").render(doc_title=labels.cover, cover_href=cover_href, **common)),
        Document("titlepage.xhtml", labels.title_page,
                 env.get_template("epub/titlepage.xhtml.j2").render(doc_title=config.title, **common)),
    ]
    targets = page_targets(pages)
    docs.append(Document("nav.xhtml", labels.contents, env.get_template("epub/nav.xhtml.j2").render(
        doc_title=labels.contents, toc=toc_tree(book), pages=targets,
        landmarks=landmarks(book, config, bool(targets)), **common)))
    for part in book.parts:
        title = plain_text(part.title)
        if part.number:
            title = f"{part.number} {title}"
        xhtml = env.get_template("epub/part.xhtml.j2").render(
            doc_title=title, part=part, semantics=part_semantics(part, config), **common)
        starts = [p for p in pages if p.part_id == part.id]
        if starts:
            xhtml = _with_page_markers(xhtml, part, starts)
        docs.append(Document(part_file(part.id), title, xhtml))
    return docs


def page_targets(pages: tuple = ()) -> tuple[PageTarget, ...]:
    """The page list in print order: one entry per page start."""
    return tuple(PageTarget(p.label, f"{part_file(p.part_id)}#{page_marker_id(p.label)}") for p in pages)


#: With ``[epub] hyphenation = "soft-hyphens"`` the text carries the policy's breaks; readers must not add their own.
SOFT_HYPHEN_CSS = """
/* hyphenation = "soft-hyphens" (book.toml [epub]): breaks come from the book's policy as soft hyphens */
p, li { -webkit-hyphens: manual; hyphens: manual; adobe-hyphenate: explicit; }
"""


def render_epub_css(config: Config, faces: tuple[Face, ...] | None = None) -> str:
    """The EPUB stylesheet: ``@font-face`` rules for the embedded ``faces`` (default: every face of ``book.toml
    [fonts]``), then ``styles/epub.css``, then the book's own ``source/styles/epub.css`` if there is one (later
    rules win).

    With ``[epub] hyphenation = "soft-hyphens"`` :data:`SOFT_HYPHEN_CSS` comes last (the reading system hyphenates
    only at U+00AD in the text).
    """
    faces = faces_for(config) if faces is None else faces
    fonts = font_face_css(faces, lambda face: f"../fonts/{face.file_name}")
    css = fonts + "\n" + edition_css(config.source_dir, config.fonts, "epub")
    return css + SOFT_HYPHEN_CSS if config.epub.hyphenation == "soft-hyphens" else css
