"""Book → the EPUB's XHTML content documents (cover, title page, nav, one per part) and its stylesheet.

Uses the same block macros as print; only the page templates in ``templates/epub/`` and the addresses differ
(cross-references point at ``<part>.xhtml#<id>``, art at ``../images/…``, fonts at ``../fonts/…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from bookpress.config import Config
from bookpress.model import Book, Figure, plain_text
from bookpress.render.environment import environment
from bookpress.render.print_html import STYLES, font_face_css


@dataclass(frozen=True)
class Document:
    """One XHTML file of the EPUB: ``name`` relative to the ``text/`` folder, ``title`` for its ``<title>``."""

    name: str
    title: str
    xhtml: str


def image_name(fig: Figure) -> str:
    """Where a figure's art lives inside the EPUB package: ``images/<path in source/>``."""
    return f"images/{PurePosixPath(fig.src)}"  # the path inside source/ keeps same-named files apart


def part_file(part_id: str) -> str:
    """File name of a part's document: ``ch-1`` → ``ch-1.xhtml``."""
    return f"{part_id}.xhtml"


def render_epub_documents(book: Book, config: Config, cover_href: str) -> list[Document]:
    """Render every content document in reading order: cover, title page, nav, then the parts.

    ``cover_href`` is the cover image's path inside the package (e.g. ``images/cover.jpg``).
    """
    env = environment(href=lambda part_id, anchor: f"{part_file(part_id)}#{anchor}")
    env.globals["figure_src"] = lambda fig: f"../{image_name(fig)}"
    common = {"config": config, "labels": config.labels, "book": book}
    labels = config.labels
    docs = [
        Document("cover.xhtml", labels.cover,
                 env.get_template("epub/cover.xhtml.j2").render(doc_title=labels.cover, cover_href=cover_href, **common)),
        Document("titlepage.xhtml", labels.title_page,
                 env.get_template("epub/titlepage.xhtml.j2").render(doc_title=config.title, **common)),
    ]
    first_chapter = next((p for p in book.parts if p.is_chapter), book.parts[0])
    docs.append(Document("nav.xhtml", labels.contents, env.get_template("epub/nav.xhtml.j2").render(
        doc_title=labels.contents, first_chapter=first_chapter, **common)))
    for part in book.parts:
        title = plain_text(part.title)
        if part.number:
            title = f"{part.number} {title}"
        docs.append(Document(part_file(part.id), title, env.get_template("epub/part.xhtml.j2").render(
            doc_title=title, part=part, **common)))
    return docs


def render_epub_css() -> str:
    """The EPUB stylesheet: ``@font-face`` rules for the embedded fonts, then ``styles/epub.css``."""
    fonts = font_face_css(lambda face: f"../fonts/{face.file_name}")
    return fonts + "\n" + (STYLES / "epub.css").read_text(encoding="utf-8")
