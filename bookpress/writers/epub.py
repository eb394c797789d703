"""Rendered XHTML documents + art + fonts → an EPUB 3 file (OCF zip), byte-identical for identical sources.

ebooklib packages the EPUB (:func:`write_ocf`); the package document and NCX come from our Jinja templates and
the XHTML is handed over as finished bytes, because ebooklib 0.20, left to itself, lowercases SVG ``viewBox``, drops
``<head>`` content, writes no ``xml:lang`` on ``<package>``, an NCX of depth 0, ``dcterms:modified`` in local time and
zip entries with the current time (see shared NOTES.md). OCF rules followed (EPUB 3.3 §4,
https://www.w3.org/TR/epub-33/#sec-ocf): ``mimetype`` first and stored, ``META-INF/container.xml`` naming the
package document. Every entry carries the book's source date
(:mod:`bookpress.sourcedate`) and mode 0644, so two builds of one commit are byte-identical.
"""

from __future__ import annotations

import datetime
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ebooklib import epub

from bookpress.accessibility import assess
from bookpress.config import Config
from bookpress.errors import BookError
from bookpress.fonts import faces_for
from bookpress.model import Book
from bookpress.render.environment import environment
from bookpress.render.overrides import template_overrides
from bookpress.render.epub_xhtml import (image_name, page_targets, render_epub_css, render_epub_documents, toc_depth,
                                         toc_tree)
from bookpress.validate.package import check_package
from bookpress.sourcedate import ZIP_EPOCH, source_date
from bookpress.writers.cover import cover_jpeg
from bookpress.writers.font_subset import subset_faces, used_text
from bookpress.writers.epub_cache import subset_faces_cached, used_text_cached

log = logging.getLogger("bookpress")

MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
COVER_HREF = "images/cover.jpg"  # the generated cover; a supplied one keeps its format
PACKAGE = "EPUB/content.opf"
CONTAINER = """<?xml version="1.0" encoding="utf-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles>
<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""
#: Apple Books uses the embedded fonts only when this file asks for them (Apple Books Asset Guide, "Fonts").
APPLE_DISPLAY_OPTIONS = """<?xml version="1.0" encoding="utf-8"?>
<display_options>
<platform name="*">
<option name="specified-fonts">true</option>
</platform>
</display_options>
"""


@dataclass(frozen=True)
class Item:
    """A manifest item: ``href`` relative to the package document, ``properties`` space-separated or ``""``."""

    id: str
    href: str
    media_type: str
    content: bytes
    properties: str = ""


def write_epub(book: Book, config: Config, target: Path, pages: tuple = ()) -> list[str]:
    """Package the EPUB into ``target`` (a file in the build's staging folder). The build validates it
    (:mod:`bookpress.validate.epubcheck`, in the background); this function does not.

    ``pages``: the print edition's labelled page starts (:meth:`bookpress.pagelist.PageCollector.starts`) for the
    page list; the build always lays out the print edition for it (empty only for a book whose parts have no
    text; the EPUB then has no page list, and says so).
    Returns warnings the editor must see (e.g. why the accessibility conformance claim is withheld). Raises
    :class:`BookError` for a figure format an EPUB may not hold and when the written package fails its own check
    (:func:`bookpress.validate.package.check_package`).
    """
    modified = source_date(config.source_dir)
    items, spine = _items(book, config, pages)
    a11y = assess(book, config, page_list=bool(pages))
    env = environment(href=lambda part_id, anchor: f"{part_id}.xhtml#{anchor}",
                      overrides=template_overrides(config.source_dir))
    common = {"config": config, "labels": config.labels}
    toc = toc_tree(book)
    targets = page_targets(pages)
    ncx = env.get_template("epub/toc.ncx.j2").render(
        toc=toc, depth=toc_depth(toc), pages=targets, play_order=_play_order(spine, toc, targets),
        max_page=max((int(p.label) for p in targets if p.label.isdigit()), default=0), **common)
    items.append(Item("ncx", "toc.ncx", "application/x-dtbncx+xml", ncx.encode("utf-8")))
    warnings = []
    page_break_source = ""
    if pages:
        page_break_source = f"urn:isbn:{config.isbn.print.replace('-', '')}" if config.isbn.print else \
            f"{config.title} (print edition, {config.print.trim_width_mm:g} × {config.print.trim_height_mm:g} mm)"
        if not config.isbn.print:
            warnings.append("EPUB: the page list names the print edition by title (no isbn.print in book.toml)")
    else:
        warnings.append("EPUB: no page list (no print page starts in a part)")
    opf = env.get_template("epub/package.opf.j2").render(
        items=items, spine=spine, a11y=a11y, modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        page_break_source=page_break_source, **common)
    entries = [("META-INF/container.xml", CONTAINER.encode()),
               ("META-INF/com.apple.ibooks.display-options.xml", APPLE_DISPLAY_OPTIONS.encode()),
               (PACKAGE, opf.encode("utf-8"))]
    entries += [(f"EPUB/{item.href}", item.content) for item in items]
    write_ocf(target, entries, modified)
    check_package(target)
    warnings += [f"EPUB: no accessibility conformance claim: {reason}" for reason in a11y.refusals]
    return warnings


def write_ocf(target: Path, entries: list[tuple[str, bytes]], when: datetime.datetime) -> None:
    """Write an OCF zip with ebooklib: ``mimetype`` (stored) first, then ``entries`` (name, bytes), in order.

    ebooklib's :class:`~ebooklib.epub.EpubWriter` writes the container and every item; we hand it our own
    ``META-INF/container.xml`` and package document (``EPUB/content.opf``, from our template, because ebooklib 0.20
    writes no ``xml:lang``, no refinements and an NCX of depth 0) and give every zip entry the timestamp ``when``
    (UTC, clamped to 1980, the earliest zip date), Unix mode 0644 and no extra fields, so equal input gives an equal
    file (ebooklib alone stamps the current time). Names outside ``EPUB/`` and ``META-INF/container.xml`` are
    written as non-manifest items at their own path. OCF: EPUB 3.3 §4, https://www.w3.org/TR/epub-33/#sec-ocf.
    """
    stamp = max(when, ZIP_EPOCH).astimezone(datetime.timezone.utc).timetuple()[:6]
    package = epub.EpubBook()
    folder = package.FOLDER_NAME + "/"
    container = opf = b""
    for name, data in entries:
        if name == "META-INF/container.xml":
            container = data
        elif name == PACKAGE:
            opf = data
        elif name.startswith(folder):
            package.add_item(epub.EpubItem(uid=name, file_name=name[len(folder):], content=data))
        else:
            item = epub.EpubItem(uid=name, file_name=name, content=data)
            item.manifest = False
            package.add_item(item)
    _StampedWriter(target, package, container, opf, stamp).write()


class _StampedZip:
    """The part of :class:`zipfile.ZipFile` ebooklib's writer uses (``writestr``), with fixed entry metadata."""

    def __init__(self, archive: zipfile.ZipFile, stamp: tuple[int, ...]) -> None:
        self.archive, self.stamp = archive, stamp

    def writestr(self, name: str, data, compress_type: int = zipfile.ZIP_DEFLATED) -> None:
        entry = zipfile.ZipInfo(name, date_time=self.stamp)
        entry.compress_type = compress_type
        entry.create_system = 3  # Unix, so the mode below is honoured by unzip
        entry.external_attr = (0o100644 & 0xFFFF) << 16
        self.archive.writestr(entry, data.encode("utf-8") if isinstance(data, str) else data, compresslevel=9)


class _StampedWriter(epub.EpubWriter):
    """ebooklib's EPUB writer with our container and package document and reproducible zip entries."""

    def __init__(self, target: Path, package: epub.EpubBook, container: bytes, opf: bytes,
                 stamp: tuple[int, ...]) -> None:
        super().__init__(str(target), package, {"raise_exceptions": True})
        self.container, self.opf, self.stamp = container, opf, stamp

    def _write_container(self) -> None:
        self.out.writestr(epub.CONTAINER_PATH, self.container)

    def _write_opf(self) -> None:
        self.out.writestr(PACKAGE, self.opf)

    def write(self) -> None:
        with zipfile.ZipFile(self.file_name, "w") as archive:
            self.out = _StampedZip(archive, self.stamp)
            self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            self._write_container()
            self._write_opf()
            self._write_items()


def _play_order(spine: list[Item], toc, pages) -> dict[str, int]:
    """NCX ``playOrder`` for every toc and page-list target: 1, 2, … in reading order; one number per target
    (NCX 2005-1 §playOrder)."""
    from lxml import etree

    position: dict[str, tuple[int, int]] = {}
    for number, item in enumerate(spine):
        name = PurePosixPath(item.href).name
        root = etree.fromstring(item.content)
        position[name] = (number, -1)
        for order, element in enumerate(root.iter()):
            if isinstance(element.tag, str) and element.get("id"):
                position[f"{name}#{element.get('id')}"] = (number, order)

    def flat(nodes):
        for node in nodes:
            yield node.target
            yield from flat(node.children)

    targets = sorted(set(flat(toc)) | {p.target for p in pages}, key=lambda t: position.get(t, position[t.split("#")[0]]))
    return {t: n for n, t in enumerate(targets, 1)}


def _items(book: Book, config: Config, pages: tuple = ()) -> tuple[list[Item], list[Item]]:
    """Manifest items in a stable order, and the spine (reading order of the XHTML documents).

    Fonts are the faces the documents use, subset to the characters they show (:mod:`bookpress.writers.font_subset`).
    """
    if book.cover:  # the supplied cover, as supplied (validated by bookpress.cover)
        cover_href = f"images/cover{book.cover.suffix}"
        cover = Item("cover-image", cover_href, book.cover.media_type, book.cover.path.read_bytes(), "cover-image")
    else:
        cover_href = COVER_HREF
        cover = Item("cover-image", cover_href, "image/jpeg", cover_jpeg(config), "cover-image")
    media: list[Item] = [cover]
    seen: set[str] = set()
    for fig in book.figures:
        if fig.placeholder or PurePosixPath(fig.src).suffix.lower() == ".svg":  # SVG art is inline in the text
            continue
        name = image_name(fig)
        if name in seen:
            continue
        seen.add(name)
        suffix = PurePosixPath(fig.src).suffix.lower()
        if suffix not in MEDIA_TYPES:
            raise BookError(f"figure format '{suffix}' is not allowed in an EPUB ({fig.src})",
                            hint=f"use one of {', '.join(sorted(MEDIA_TYPES))}")
        media.append(Item(f"img-{fig.id}", name, MEDIA_TYPES[suffix], (config.source_dir / fig.src).read_bytes()))
    documents = render_epub_documents(book, config, cover_href, pages)
    faces = faces_for(config)
    package = {item.href: item.content for item in media}
    package["styles/epub.css"] = render_epub_css(config, ()).encode("utf-8")  # styles only: no font files to load
    used = used_text_cached([doc.xhtml for doc in documents], package, used_text)  # only changed documents
    subsets = subset_faces_cached(faces, used, subset_faces)
    css = render_epub_css(config, tuple(f for f, _ in subsets))
    items = [Item("css", "styles/epub.css", "text/css", css.encode("utf-8"))]
    for face, data in subsets:
        items.append(Item("font-" + PurePosixPath(face.file_name).stem.lower(), f"fonts/{face.file_name}", "font/ttf",
                          data))
    items += media
    spine = []
    for doc in documents:
        properties = []
        if doc.name == "nav.xhtml":
            properties.append("nav")
        if "<svg" in doc.xhtml:
            properties.append("svg")
        item = Item(Path(doc.name).stem, f"text/{doc.name}", "application/xhtml+xml", doc.xhtml.encode("utf-8"),
                    " ".join(properties))
        items.append(item)
        spine.append(item)
    return items, spine
