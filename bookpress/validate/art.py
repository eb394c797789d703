"""Source art file → refusal or nothing: the pre-publication check every figure passes before any edition is written.

Runs for every build and every edition, with or without EPUBCheck, so no build path ships art that a renderer or a
reading system would choke on:

- Raster images (PNG, JPEG) are fully decoded with Pillow (``Image.verify`` then ``Image.load`` on a fresh handle,
  https://pillow.readthedocs.io/en/stable/reference/Image.html#PIL.Image.Image.verify), within limits on bytes and
  pixels (a decompression bomb is refused before it is decoded).
- SVG is parsed with lxml with DTD loading, entity expansion and network access off
  (https://lxml.de/api/lxml.etree.XMLParser-class.html); a DOCTYPE with entity declarations, scripts, event-handler
  attributes, ``javascript:`` URLs and references to anything outside the file are refused. EPUB 3.3 §6.1.4 (SVG
  content documents) forbids nothing of this outright, but a figure that runs script or loads external resources is
  not press art and a billion-laughs file exhausts EPUBCheck.

Each problem raises :class:`BookError` naming the Markdown file and line of the figure.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from lxml import etree

from bookpress.errors import BookError

#: Largest art file accepted, in bytes (a 300 ppi full-page CMYK TIFF is ~40 MB; PNG/JPEG/SVG stay far below).
MAX_BYTES = 50 * 1024 * 1024
#: Largest raster image, in pixels: a 170 × 240 mm page at 600 ppi is ~22.6 megapixels.
MAX_PIXELS = 60_000_000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)([^)'\"]+)", re.IGNORECASE)
_FORBIDDEN_ELEMENTS = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


def check_art(path: Path, where: Path | str, line: int) -> None:
    """Refuse the art file ``path`` (an existing file inside ``source/``) if it is damaged or unsafe.

    ``where`` and ``line`` name the Markdown figure that uses it. Raises :class:`BookError`.
    """
    size = path.stat().st_size
    shown = path.name
    if size > MAX_BYTES:
        raise BookError(f"figure file '{shown}' is {size / 2**20:.0f} MiB, more than the {MAX_BYTES // 2**20} MiB "
                        "allowed", where, line, hint="export the art at print size (300 ppi) or as SVG")
    if size == 0:
        raise BookError(f"figure file '{shown}' is empty", where, line, hint="export the art again")
    if path.suffix.lower() == ".svg":
        check_svg(path.read_bytes(), shown, where, line)
    else:
        check_raster(path, shown, where, line)


@contextlib.contextmanager
def strict_decoding():
    """Pillow refuses truncated image data inside this block. WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES =
    True`` for the whole process when it is imported (``weasyprint/images.py``), which would let a half image pass."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def check_raster(path: Path, shown: str, where: Path | str, line: int) -> None:
    """Decode the PNG or JPEG ``path`` completely; refuse a truncated, corrupt or oversized image.

    Raises :class:`BookError` naming ``where``:``line``.
    """
    from PIL import Image

    hint = "open the art in an image editor and export it again as PNG or JPEG"
    try:
        with strict_decoding(), Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise BookError(f"figure file '{shown}' has {width} × {height} pixels ({width * height / 1e6:.0f} "
                                f"megapixels, at most {MAX_PIXELS / 1e6:.0f} allowed)", where, line,
                                hint="scale the art to its printed size at 300 ppi")
            if image.format not in ("PNG", "JPEG"):
                raise BookError(f"figure file '{shown}' is {image.format} data, not PNG or JPEG", where, line,
                                hint=hint)
            image.verify()
        with strict_decoding(), Image.open(path) as image:
            image.load()
    except BookError:
        raise
    except Image.DecompressionBombError:
        raise BookError(f"figure file '{shown}' has more than {MAX_PIXELS / 1e6:.0f} megapixels and is not decoded "
                        "(a decompression bomb, or art far larger than print needs)", where, line,
                        hint="scale the art to its printed size at 300 ppi") from None
    except (OSError, SyntaxError, ValueError) as error:  # Pillow's truncated/corrupt-data errors
        raise BookError(f"figure file '{shown}' is damaged: {error}", where, line, hint=hint) from None


def check_svg(data: bytes, shown: str, where: Path | str, line: int) -> None:
    """Parse the SVG ``data`` safely and refuse entities, scripts, event handlers and external references.

    Raises :class:`BookError` naming ``where``:``line``.
    """
    hint = "export the figure again as plain SVG (no scripts, no links to other files, fonts as outlines or text)"
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise BookError(f"figure file '{shown}' is not well-formed SVG: {error.msg}", where, line,
                        hint=hint) from None
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None or b"<!ENTITY" in data:
        raise BookError(f"figure file '{shown}' declares a DOCTYPE or entities", where, line, hint=hint)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BookError(f"figure file '{shown}' is not SVG (root element {root.tag!r})", where, line, hint=hint)
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                raise BookError(f"figure file '{shown}' has a processing instruction <?{element.target}?>",
                                where, element.sourceline or line, hint=hint)
            continue
        local = etree.QName(element).localname
        if local in _FORBIDDEN_ELEMENTS:
            raise BookError(f"figure file '{shown}' contains <{local}> (line {element.sourceline})", where, line,
                            hint=hint)
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname
            if attribute.lower().startswith("on"):
                raise BookError(f"figure file '{shown}' has an event handler {attribute}= on <{local}> (line "
                                f"{element.sourceline})", where, line, hint=hint)
            if attribute == "href" and not value.strip().startswith("#"):
                raise BookError(f"figure file '{shown}' links to {value.strip()[:60]!r} on <{local}> (line "
                                f"{element.sourceline})", where, line, hint=hint)
            if "javascript:" in value.lower() or _EXTERNAL_URL.search(value):
                raise BookError(f"figure file '{shown}' refers to {value.strip()[:60]!r} on <{local}> (line "
                                f"{element.sourceline})", where, line, hint=hint)
        if local == "style" and element.text and ("@import" in element.text or _EXTERNAL_URL.search(element.text)):
            raise BookError(f"figure file '{shown}' loads an external style sheet or URL (line "
                            f"{element.sourceline})", where, line, hint=hint)
