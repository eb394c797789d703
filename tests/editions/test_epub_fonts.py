"""EPUB fonts: only the faces the text uses, subset to the characters it shows; the whole EPUB stays small."""

from __future__ import annotations

import functools
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


#: CSS Fonts 4 §7.1 (https://www.w3.org/TR/css-fonts-4/#default-features): features a reading system turns on by
#: itself for horizontal Latin text, and what each ``font-variant-*`` keyword the EPUB stylesheet may use asks for
#: (§6.2–6.6).
DEFAULT_FEATURES = {"rlig", "liga", "clig", "calt", "locl", "ccmp", "mark", "mkmk", "kern"}
VARIANT_FEATURES = {"small-caps": {"smcp"}, "all-small-caps": {"smcp", "c2sc"}, "oldstyle-nums": {"onum"},
                    "lining-nums": {"lnum"}, "tabular-nums": {"tnum"}, "proportional-nums": {"pnum"},
                    "common-ligatures": {"liga", "clig"}, "discretionary-ligatures": {"dlig"},
                    "contextual": {"calt"}, "diagonal-fractions": {"frac"}, "slashed-zero": {"zero"},
                    "ordinal": {"ordn"}, "titling-caps": {"titl"}, "unicase": {"unic"}}


def _stylesheet_features(css: str) -> set[str]:
    """The OpenType features the ``font-variant*`` and ``font-feature-settings`` declarations of ``css`` ask for."""
    import tinycss2

    asked = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        for declaration in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True):
            if declaration.type != "declaration":
                continue
            if declaration.lower_name.startswith("font-variant"):
                for token in declaration.value:
                    if token.type == "ident":
                        assert token.lower_value in VARIANT_FEATURES or token.lower_value == "normal", token.value
                        asked |= VARIANT_FEATURES.get(token.lower_value, set())
            elif declaration.lower_name == "font-feature-settings":
                asked |= {t.value for t in declaration.value if t.type == "string"}
    return asked


def _features(font: TTFont) -> set[str]:
    """The feature tags of a font's GSUB and GPOS tables, as fontTools reads them."""
    return {record.FeatureTag for tag in ("GSUB", "GPOS") if tag in font
            for record in font[tag].table.FeatureList.FeatureRecord}


def _original_features(face) -> set[str]:
    """The feature tags of a face's GSUB and GPOS tables, every script and language system (HarfBuzz; fontTools
    takes ~0.4 s per face to decompile them)."""
    return {feature for table in ("GSUB", "GPOS")
            for script, _ in enumerate(face.get_table_script_tags(table))
            for language in [0xFFFF, *range(len(face.get_script_language_tags(table, script)))]
            for feature in face.get_language_feature_tags(table, script, language)}


def _shaped(font, text: str, features: dict[str, bool]) -> list[tuple]:
    """HarfBuzz's shaping of ``text`` in ``font`` (a ``uharfbuzz.Font``): per glyph its advance, offsets and outline
    extents (glyph ids differ between a face and its subset; what is drawn where must not)."""
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, features)
    return [(p.x_advance, p.x_offset, p.y_offset, _extents(font, i.codepoint), i.cluster)
            for i, p in zip(buffer.glyph_infos, buffer.glyph_positions)]


@functools.lru_cache(maxsize=None)
def _extents(font, glyph: int) -> tuple:
    extents = font.get_glyph_extents(glyph)
    return (extents.x_bearing, extents.y_bearing, extents.width, extents.height) if extents else ()


def test_subsets_keep_the_layout_features_the_stylesheet_uses(epub):
    """Every kept face keeps, where the original has them, kerning, ligatures and the features the EPUB stylesheet
    asks for (small caps), plus :data:`FEATURES` (figure styles, case forms); read back with fontTools. And they work:
    every paragraph of the book shapes in the subset exactly as in the original face (same advances, offsets and
    glyph outlines) with a reading system's default features, and with each of the others turned on."""
    import uharfbuzz as hb

    from bookpress.writers.font_subset import FEATURES

    css = epub.zip.read(epub.base + "styles/epub.css").decode()
    asked = _stylesheet_features(css)
    assert "smcp" in asked  # .smallcaps
    wanted = DEFAULT_FEATURES | asked | set(FEATURES)
    paragraphs = [" ".join("".join(element.itertext()).split()) for _, root in epub.spine_documents()
                  for element in root.iter(f"{{{NS['x']}}}p", f"{{{NS['x']}}}li", f"{{{NS['x']}}}h1",
                                           f"{{{NS['x']}}}h2", f"{{{NS['x']}}}figcaption")]
    paragraphs = [p for p in paragraphs if p] + ["fi fl ffi ffl (1/2) 0123456789 H-O-O-F-D"]
    words = sorted({word for paragraph in paragraphs for word in paragraph.split()})
    lines = [" ".join(words[i:i + 20]) for i in range(0, len(words), 20)]  # each word once, for the other features
    ligatures = 0
    for face in book_faces():
        href = f"fonts/{face.file_name}"
        if epub.base + href not in epub.zip.namelist():
            continue
        data = epub.zip.read(epub.base + href)
        subset_font, original_font = hb.Font(hb.Face(data)), hb.Font(hb.Face(face.path.read_bytes()))
        kept, had = _features(TTFont(io.BytesIO(data))), _original_features(original_font.face)
        # ccmp, mark, mkmk … go where no kept glyph needs them (no combining marks); the shaping below covers them
        assert (asked | set(FEATURES) | {"kern", "liga"}) & had <= kept, (href, sorted(wanted & had - kept))
        for features in [{}, *({tag: True} for tag in sorted(wanted & had - DEFAULT_FEATURES))]:
            for paragraph in paragraphs if not features else lines:
                subset, full = _shaped(subset_font, paragraph, features), _shaped(original_font, paragraph, features)
                assert subset == full, (href, features, paragraph)
                ligatures += not features and len(full) < len(paragraph)
    assert ligatures  # the book's text does meet ligatures (fi, fl) in the kept faces


def test_subsetting_is_deterministic_and_keeps_names_and_notdef():
    """Two subsets of one face are byte-identical (the cache is keyed by input, not output, and EPUBs are built
    reproducibly); the face's own ``head.modified``, its name records (IDs < 256, every language) and the
    ``.notdef`` outline are kept, the hinting programs dropped."""
    from bookpress.writers import font_subset

    face = next(f for f in book_faces() if f.file_name == "SourceSansPro-Regular.ttf")  # the hinted one
    text = "".join(sorted(font_subset.ALWAYS | set("Hoofdstuk één: ‘digitale’ transformatie — 2024")))
    first = font_subset._subset.__wrapped__(str(face.path), 0, text)
    assert font_subset._subset.__wrapped__(str(face.path), 0, text) == first
    subset, original = TTFont(io.BytesIO(first)), TTFont(face.path)
    assert subset["head"].modified == original["head"].modified
    assert not {"fpgm", "prep", "cvt "} & set(subset.keys()) and "fpgm" in original
    names = lambda font: {(n.nameID, n.platformID, n.langID, n.toUnicode())  # noqa: E731
                          for n in font["name"].names if n.platformID == 3 and n.nameID < 256}
    assert names(subset) == names(original)
    assert subset["glyf"][subset.getGlyphOrder()[0]].numberOfContours > 0
    assert {ord(c) for c in text if ord(c) in original.getBestCmap()} <= set(subset.getBestCmap())
