"""Rendered XHTML documents + art + fonts → an EPUB 3 file, packaged with ebooklib.

We hand ebooklib finished XHTML as plain ``EpubItem`` bytes, so it does not re-parse them (ebooklib 0.20 drops
``<head>`` content and body attributes and lowercases SVG ``viewBox`` when it does; see shared NOTES.md), and we
write our own navigation document (toc + landmarks) instead of ebooklib's generated one. Package metadata follows
EPUB 3.3 §5 and the EPUB Accessibility 1.1 metadata (schema.org accessMode, accessibilityFeature, …).
"""

from __future__ import annotations

import datetime
from pathlib import Path, PurePosixPath

from ebooklib import epub

from bookpress.config import Config
from bookpress.errors import BookError
from bookpress.fonts import book_faces
from bookpress.model import Book
from bookpress.render.epub_xhtml import image_name, render_epub_css, render_epub_documents
from bookpress.writers.cover import cover_jpeg

MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
COVER_HREF = "images/cover.jpg"


def write_epub(book: Book, config: Config, target: Path, validate: bool = True) -> None:
    """Package the EPUB into ``target`` (a file in the build's staging folder); with ``validate`` run EPUBCheck.

    Raises :class:`BookError` if EPUBCheck reports any error or warning (the build then publishes nothing).
    """
    package = _package(book, config)
    epub.write_epub(str(target), package, {"mtime": _modified(config), "raise_exceptions": True,
                                           "epub3_pages": False, "play_order": {"enabled": True, "start_from": 1}})
    if validate:
        from bookpress.validate.epubcheck import run_epubcheck

        findings = run_epubcheck(target)
        if findings:
            listing = "\n    ".join(str(f).replace(str(target.parent) + "/", "") for f in findings[:20])
            raise BookError(f"EPUBCheck found {len(findings)} problem(s):\n    {listing}", target.name,
                            hint="nothing was written to dist/; text/<part>.xhtml inside the EPUB is the part of "
                                 "that name in source/")


def _modified(config: Config) -> datetime.datetime:
    """``dcterms:modified``: the newest source file's time, in UTC, so an unchanged book builds identically."""
    newest = max(p.stat().st_mtime for p in config.source_dir.rglob("*") if p.is_file())
    return datetime.datetime.fromtimestamp(int(newest), tz=datetime.timezone.utc).replace(tzinfo=None)


def _package(book: Book, config: Config) -> epub.EpubBook:
    package = epub.EpubBook()
    package.set_identifier(config.identifier)
    package.set_title(config.title)
    package.set_language(config.language)
    if config.subtitle:
        package.add_metadata("DC", "title", config.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    for number, creator in enumerate(config.creators, 1):
        package.add_author(creator.name, file_as=creator.file_as or None, role=creator.role, uid=f"creator{number}")
    for name, value in (("publisher", config.publisher), ("rights", config.rights),
                        ("description", config.description), ("date", str(config.year) if config.year else "")):
        if value:
            package.add_metadata("DC", name, value)
    if config.isbn.epub and config.isbn.print:  # the print edition this EPUB derives from
        package.add_metadata("DC", "source", f"urn:isbn:{config.isbn.print}")
    for prop, value in (("schema:accessMode", "textual"), ("schema:accessMode", "visual"),
                        ("schema:accessModeSufficient", "textual"), ("schema:accessibilityFeature", "alternativeText"),
                        ("schema:accessibilityFeature", "structuralNavigation"),
                        ("schema:accessibilityFeature", "tableOfContents"),
                        ("schema:accessibilityFeature", "readingOrder"),
                        ("schema:accessibilityHazard", "none"),
                        ("schema:accessibilitySummary",
                         "Alle afbeeldingen hebben een tekstalternatief; koppen en inhoudsopgave zijn navigeerbaar.")):
        package.add_metadata(None, "meta", value, {"property": prop})

    css = epub.EpubItem(uid="css", file_name="styles/epub.css", media_type="text/css",
                        content=render_epub_css().encode("utf-8"))
    package.add_item(css)
    for number, face in enumerate(book_faces(), 1):
        package.add_item(epub.EpubItem(uid=f"font{number}", file_name=f"fonts/{face.file_name}",
                                       media_type="font/ttf", content=face.path.read_bytes()))
    cover = epub.EpubItem(uid="cover-image", file_name=COVER_HREF, media_type="image/jpeg",
                          content=cover_jpeg(config))
    cover.properties = ["cover-image"]
    package.add_item(cover)
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    seen: set[str] = set()
    for fig in book.figures:
        if fig.placeholder:
            continue
        name = image_name(fig)
        if name in seen:
            continue
        seen.add(name)
        suffix = PurePosixPath(fig.src).suffix.lower()
        if suffix not in MEDIA_TYPES:
            raise BookError(f"figure format '{suffix}' is not allowed in an EPUB ({fig.src})",
                            hint=f"use one of {', '.join(sorted(MEDIA_TYPES))}")
        package.add_item(epub.EpubItem(uid=f"img-{fig.id}", file_name=name, media_type=MEDIA_TYPES[suffix],
                                       content=(config.source_dir / fig.src).read_bytes()))

    spine, toc_links = [], []
    for doc in render_epub_documents(book, config, COVER_HREF):
        item = epub.EpubItem(uid=Path(doc.name).stem, file_name=f"text/{doc.name}",
                             media_type="application/xhtml+xml", content=doc.xhtml.encode("utf-8"))
        if doc.name == "nav.xhtml":
            item.properties = ["nav"]
        package.add_item(item)
        spine.append(item)
    for entry in (e for e in book.toc if e.level == 1):
        label = f"{entry.number} {entry.title}" if entry.number else entry.title
        toc_links.append(epub.Link(f"text/{entry.part_id}.xhtml", label, f"toc-{entry.part_id}"))
    package.toc = toc_links
    package.add_item(epub.EpubNcx())
    package.spine = spine
    return package
