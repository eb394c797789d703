"""EPUB fonts: only the faces the text uses, subset to the characters it shows; the whole EPUB stays small."""

from __future__ import annotations

import io
import re

from fontTools.ttLib import TTFont
from lxml import etree

from bookpress.fonts import book_faces
from bookpress.writers.font_subset import match_face

from .conftest import NS


def _text_of(epub) -> str:
    chars = []
    for _, root in epub.spine_documents():
        body = root.find("x:body", NS)
        chars.append("".join(body.itertext()))
    return "".join(chars)


def test_fonts_are_subset_and_cover_every_character(epub):
    fonts = {i.get("href"): epub.zip.read(epub.base + i.get("href"))
             for i in epub.opf.iterfind("opf:manifest/opf:item", NS) if i.get("media-type") == "font/ttf"}
    originals = {f"fonts/{face.file_name}": face.path.stat().st_size for face in book_faces()}
    assert 0 < len(fonts) < len(originals)  # unused faces are dropped
    text = {c for c in _text_of(epub) if not c.isspace()}
    for href, data in fonts.items():
        assert len(data) < originals[href] / 2, href
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        assert {ord(c) for c in text} <= set(cmap), (href, sorted(c for c in text if ord(c) not in cmap))
        original = TTFont(next(f.path for f in book_faces() if f"fonts/{f.file_name}" == href)).getBestCmap()
        # a reading system's own hyphens and no-break space, where the face has them
        assert {c for c in (0x2D, 0x2010, 0xAD, 0xA0) if c in original} <= set(cmap)
    css = epub.zip.read(epub.base + "styles/epub.css").decode()
    declared = set(re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css))
    assert declared == set(fonts)  # every @font-face has its file and the other way round


def test_uppercased_labels_keep_their_glyphs(epub):
    # .chapter-label is text-transform: uppercase; the capitals must be in the Sans subset.
    sans = TTFont(io.BytesIO(epub.zip.read(epub.base + "fonts/SourceSansPro-Regular.ttf"))).getBestCmap()
    assert all(ord(c) in sans for c in "HOOFDSTUK")


def test_css_font_matching():
    faces = book_faces()
    pick = lambda family, weight, style: match_face(faces, family, weight, style).path.stem  # noqa: E731
    assert pick("Source Serif Pro", 700, "normal") == "SourceSerifPro-Semibold"  # bold → nearest heavier-or-lighter
    assert pick("Source Serif Pro", 700, "italic") == "SourceSerifPro-SemiboldIt"
    assert pick("Source Sans Pro", 700, "normal") == "SourceSansPro-Bold"
    assert pick("Source Sans Pro", 300, "normal") == "SourceSansPro-Regular"
    assert pick("Source Sans Pro", 500, "normal") == "SourceSansPro-Regular"  # 400–500: lighter before heavier
    assert pick("Source Sans Pro", 550, "normal") == "SourceSansPro-Semibold"
    assert pick("Source Sans Pro", 600, "italic") == "SourceSansPro-It"
    assert match_face(faces, "Comic Sans", 400, "normal") is None


def test_epub_is_small_and_has_apple_display_options(built, epub):
    assert built.outputs["epub"].stat().st_size < 0.40 * 788_321  # the EPUB before subsetting (issue 10)
    options = etree.fromstring(epub.zip.read("META-INF/com.apple.ibooks.display-options.xml"))
    assert options.findtext(".//option[@name='specified-fonts']") == "true"


def test_face_usage_without_layout_equals_the_laid_out_answer(book):
    """The EPUB learns which faces its documents use from WeasyPrint's styled boxes, before layout (issue 12: a
    one-word edit must not pay a layout). On every document of the real book that gives the faces a full layout
    gives, and the same characters up to those every face carries anyway — plus list markers, which the layout
    answer missed (an outside ``::marker`` is an absolutely placed box it did not walk)."""
    from bookpress.config import load_config
    from bookpress.render.epub_xhtml import image_name, render_epub_css, render_epub_documents
    from bookpress.writers.epub import COVER_HREF
    from bookpress.writers.font_subset import ALWAYS, used_text

    from .conftest import SOURCE

    config = load_config(SOURCE)
    package = {"styles/epub.css": render_epub_css(config, ()).encode("utf-8")}
    package.update({image_name(f): (config.source_dir / f.src).read_bytes() for f in book.figures if not f.placeholder})
    cover = io.BytesIO()
    __import__("PIL.Image").Image.new("RGB", (16, 24), "white").save(cover, "JPEG")
    package[COVER_HREF] = cover.getvalue()
    markers = set("•◦▪")
    documents = render_epub_documents(book, config, COVER_HREF)
    assert any("<ul" in d.xhtml for d in documents)
    for document in documents:
        styled = used_text([document.xhtml], package.__getitem__)
        laid_out = used_text([document.xhtml], package.__getitem__, layout=True)
        assert set(styled) == set(laid_out), document.name
        for face, chars in laid_out.items():
            assert chars - ALWAYS <= styled[face], (document.name, face)
            assert styled[face] - chars - ALWAYS <= markers, (document.name, face, styled[face] - chars - ALWAYS)
    all_styled = set().union(*used_text([d.xhtml for d in documents], package.__getitem__).values())
    assert "•" in all_styled  # the book's bulleted lists draw their markers in the book face
