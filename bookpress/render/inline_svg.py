"""SVG art file → the ``<svg>`` element to place inline in an EPUB content document (XHTML string).

Inline SVG is drawn with the document's ``@font-face`` fonts, so figure labels keep the book's typeface and size
(art loaded through ``<img>`` cannot see the document's fonts and falls back to a system font). EPUB 3.3 §6.2
allows SVG embedded in XHTML; the content document then needs the manifest property ``svg``. The art keeps its
``viewBox`` (written by us, not re-parsed by ebooklib, which lowercases it), gets ``role="img"`` with the figure's
text alternative as ``aria-label`` (WAI-ARIA ``img``; DAISY KB "SVG"), and its ids are prefixed with the figure id
so two figures cannot clash. The parser resolves no entities and loads nothing (the pre-publication check has
refused scripts, handlers and external references already).
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from bookpress.errors import BookError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def inline_svg(path: Path, figure_id: str, alt: str) -> str:
    """Return the ``<svg>`` element of ``path`` as an XHTML-ready string (no XML declaration), ids prefixed with
    ``figure_id + "-"``, ``role="img"`` and ``aria-label=alt``. Raises :class:`BookError` when the file is not SVG."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, load_dtd=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise BookError(f"figure file cannot be read as SVG: {error}", path,
                        hint="re-export the art as SVG 1.1") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BookError("figure file is not SVG (its root element is not <svg>)", path)
    ids = {element.get("id") for element in root.iter() if isinstance(element.tag, str) and element.get("id")}
    prefix = f"{figure_id}-"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id"):
            element.set("id", prefix + element.get("id"))
        for name, value in element.attrib.items():
            if "#" in value and ids:
                element.set(name, re.sub(r"#([\w.-]+)", lambda m: f"#{prefix}{m.group(1)}" if m.group(1) in ids
                                         else m.group(0), value))
    root.set("role", "img")
    root.set("aria-label", alt)
    root.set("class", "art")
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="unicode")
