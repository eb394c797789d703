"""EPUB XHTML documents + stylesheet → which book faces they use and those faces subset to the characters used.

Which text is set in which family, weight and style is decided by CSS, so we let WeasyPrint apply the EPUB's own
stylesheet (cascade, ``text-transform``, generated content) and walk its text boxes; SVG ``<text>`` is read from
inline ``<svg>`` elements. The boxes are taken from WeasyPrint's formatting structure, before layout: layout only
breaks lines and pages (and loads hyphenation dictionaries) and adds no character that :data:`ALWAYS` lacks, so the
answer is the same at a fraction of the cost (a test compares both on the real book). A face is kept when some text
asks for it under the CSS Fonts 4 matching rules (https://www.w3.org/TR/css-fonts-4/#font-style-matching); each kept face is subset with HarfBuzz's subsetter
(hb-subset, through the ``uharfbuzz`` binding: https://harfbuzz.github.io/harfbuzz-hb-subset.html; about a
millisecond per face, where fontTools' subsetter took ~0.4 s) to every character the book shows in any face, plus
printable ASCII and the characters a reading system inserts itself (hyphens, no-break space), so a reading system's
own styling (bold, italic, capitals) or hyphenation never lands on a missing glyph. Layout features are kept:
hb-subset's default set (kerning, ligatures, marks, fractions, ``locl`` …) plus the figure styles and case forms
(:data:`FEATURES`); hinting is dropped (e-readers do not use it); every name record of IDs 0–255 in every language
is kept (higher IDs only where a kept feature names itself with them), and the ``.notdef`` outline. Output is
deterministic (the font's own ``head.modified`` is kept).
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from typing import Callable, Iterable

from lxml import etree

from bookpress.errors import BookError
from bookpress.fonts import Face

#: Characters every kept face carries even if the text does not use them: printable ASCII, the hyphen a reading
#: system draws when it hyphenates (U+2010), soft hyphen, no-break space, and typographic quotes and dashes.
ALWAYS = {chr(c) for c in range(0x20, 0x7F)} | set("\u2010\u00ad\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026")
SVG = "{http://www.w3.org/2000/svg}"
#: OpenType features every subset keeps on top of hb-subset's default layout features (which include ``kern``,
#: ``liga``, ``clig``, ``calt``, ``locl``, ``ccmp``, ``mark``, ``mkmk``, ``frac``/``numr``/``dnom``): old-style and
#: lining, tabular and proportional figures (CSS ``font-variant-numeric``) and case-sensitive forms (``case``), so a
#: stylesheet or a reading system that asks for them finds them.
FEATURES = ("onum", "lnum", "tnum", "pnum", "case", "smcp")


def used_text(documents: Iterable[str], fetch: Callable[[str], bytes],
              layout: bool = False) -> dict[tuple[str, int, str], set[str]]:
    """Characters per requested ``(family, weight, style)`` in the XHTML ``documents`` (strings); ``layout`` reads
    them after a full WeasyPrint layout instead of from the styled boxes (slower, the same answer up to
    :data:`ALWAYS`; kept as the reference the tests compare with).

    ``fetch(path)`` returns the bytes of a package file given its path inside ``EPUB/`` (e.g.
    ``styles/epub.css``), so WeasyPrint sees exactly the package. Families are the first family of
    ``font-family`` that the stylesheet names (generic families are ignored). Inline SVG text is counted under the
    family, weight and style its ``font-*`` attributes give (defaults: the document's serif, 400, normal).
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    class PackageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = "file:///EPUB/"
            if not url.startswith(prefix):
                raise ValueError(f"not in the package: {url}")
            path = url[len(prefix):]
            data = fetch(path)
            kind = "text/css" if path.endswith(".css") else "image/svg+xml" if path.endswith(".svg") else None
            return weasyprint.urls.URLFetcherResponse(url, data, headers={"Content-Type": kind} if kind else {})

    found: dict[tuple[str, int, str], set[str]] = defaultdict(set)
    logger = logging.getLogger("weasyprint")
    level = logger.level
    for document in documents:
        html = weasyprint.HTML(string=document, base_url="file:///EPUB/text/index.xhtml",
                               url_fetcher=PackageFetcher())
        logger.setLevel(logging.ERROR)  # the document is styled only to read the styles; no PDF is written
        try:
            boxes = _laid_out_boxes(html) if layout else _styled_boxes(html)
        finally:
            logger.setLevel(level)
        for box in boxes:
            text = getattr(box, "text", None)
            if not text or not text.strip(" \t\n\r\f") or not hasattr(box, "style"):
                continue  # collapsible white space alone draws nothing (layout removes it)
            style = box.style
            families = [f for f in style["font_family"] if f not in ("serif", "sans-serif", "monospace")]
            if families:
                drawn = {c for c in text if c >= " "}  # before layout a text may still hold a newline (never drawn)
                found[(families[0], int(style["font_weight"]), str(style["font_style"]))].update(drawn)
        _svg_text(document, found)
    return found


def _styled_boxes(html) -> list:
    """The boxes of ``html`` (a ``weasyprint.HTML``) with their computed styles and final text (whitespace and
    ``text-transform`` applied, generated content inserted), before layout: the steps of WeasyPrint 70's
    ``Document._render`` up to ``build_formatting_structure``."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document
    from weasyprint.formatting_structure.build import build_formatting_structure
    from weasyprint.text.fonts import FontConfiguration

    counter_style = CounterStyle()
    context = Document._build_layout_context(html, FontConfiguration(), counter_style, {}, dict(DEFAULT_OPTIONS))
    root = build_formatting_structure(html.etree_element, context.style_for, context.get_image_from_uri,
                                      html.base_url, context.target_collector, counter_style, context.footnotes)
    return list(root.descendants())


def _laid_out_boxes(html) -> list:
    """The boxes of ``html`` after WeasyPrint's full layout (A4 pages): the reference :func:`_styled_boxes` is
    tested against."""
    return [box for page in html.render().pages for box in page._page_box.descendants()]


def _svg_text(document: str, found: dict[tuple[str, int, str], set[str]]) -> None:
    root = etree.fromstring(document.encode("utf-8"))
    for text in root.iter(f"{SVG}text", f"{SVG}tspan"):
        family = (text.get("font-family") or "").split(",")[0].strip().strip("'\"")
        weight = text.get("font-weight") or "400"
        weight = {"normal": "400", "bold": "700"}.get(weight, weight)
        if family and (text.text or "").strip():
            found[(family, int(weight), text.get("font-style") or "normal")].update(text.text)


def match_face(faces: tuple[Face, ...], family: str, weight: int, style: str) -> Face | None:
    """The face a CSS engine picks for ``family``/``weight``/``style`` among ``faces`` (CSS Fonts 4 §5.2), or None."""
    candidates = [f for f in faces if f.family == family]
    if not candidates:
        return None
    if style in ("italic", "oblique") and any(f.style == "italic" for f in candidates):
        candidates = [f for f in candidates if f.style == "italic"]
    elif any(f.style == "normal" for f in candidates):
        candidates = [f for f in candidates if f.style == "normal"]
    weights = sorted({f.weight for f in candidates})
    if 400 <= weight <= 500:
        order = [w for w in weights if weight <= w <= 500] + sorted((w for w in weights if w < weight), reverse=True)
        order += [w for w in weights if w > 500]
    elif weight < 400:
        order = sorted((w for w in weights if w <= weight), reverse=True) + [w for w in weights if w > weight]
    else:
        order = [w for w in weights if w >= weight] + sorted((w for w in weights if w < weight), reverse=True)
    return next(f for f in candidates if f.weight == order[0])


def subset_faces(faces: tuple[Face, ...], used: dict[tuple[str, int, str], set[str]]) -> list[tuple[Face, bytes]]:
    """Kept faces (in ``faces`` order) with their subset TrueType bytes. Faces no text asks for are dropped."""
    kept = {match_face(faces, family, weight, style) for family, weight, style in used} - {None}
    chars = set().union(*used.values()) | ALWAYS
    text = "".join(sorted(chars))
    return [(face, _subset(str(face.path), face.path.stat().st_mtime_ns, text)) for face in faces if face in kept]


@functools.lru_cache(maxsize=16)
def _subset(path: str, mtime_ns: int, text: str) -> bytes:
    """The TrueType bytes of the font file ``path`` subset to ``text`` by hb-subset (remembered within one process:
    rebuilding an unchanged book, in watch mode or in the tests, does not subset again; ``mtime_ns`` keys a changed
    file). Raises :class:`BookError` naming the file when HarfBuzz cannot read or subset it."""
    import uharfbuzz as hb

    subset_input = hb.SubsetInput()
    subset_input.unicode_set.update(ord(c) for c in text)
    subset_input.layout_feature_tag_set.update(_tag(feature) for feature in FEATURES)  # added to hb's defaults
    subset_input.name_id_set.clear()
    subset_input.name_id_set.add_range(0, 255)  # the font's own names; 256+ are kept where a kept feature uses them
    subset_input.name_lang_id_set.clear()
    subset_input.name_lang_id_set.invert()  # every language
    subset_input.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    try:
        return bytes(hb.subset(hb.Face(hb.Blob.from_file_path(path)), subset_input).blob.data)
    except (hb.HarfBuzzError, RuntimeError, OSError) as error:
        raise BookError(f"HarfBuzz cannot subset this font file for the EPUB ({error})", path,
                        hint="reinstall the font package, or choose another face in book.toml [fonts]") from None


def _tag(name: str) -> int:
    """An OpenType tag (four ASCII characters, e.g. ``onum``) as the 32-bit number HarfBuzz takes (``HB_TAG``)."""
    return int.from_bytes(name.encode("ascii"), "big")
