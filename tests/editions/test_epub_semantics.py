"""EPUB accessibility and structure: package language, a conformance claim derived from the book, structural
semantics (epub:type with the matching DPUB-ARIA role), callout boxes as asides with a heading, landmarks, and an
NCX as deep as the nav."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from bookpress.accessibility import CONFORMANCE, assess
from bookpress.config import load_config

from .conftest import NS, SOURCE

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: epub:type values with a DPUB-ARIA twin (https://www.w3.org/TR/dpub-aam-1.0/); Ace flags a missing role.
MATCHING_ROLE = {"chapter": "doc-chapter", "foreword": "doc-foreword", "introduction": "doc-introduction",
                 "preface": "doc-preface", "pagebreak": "doc-pagebreak", "toc": "doc-toc",
                 "page-list": "doc-pagelist"}
NCX = {"n": "http://www.daisy.org/z3986/2005/ncx/"}


def _meta(opf, prop):
    return [m.text for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == prop]


def test_package_has_language_and_accessibility_metadata(epub):
    assert epub.opf.get(XML_LANG) == "nl"
    for prop in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
                 "schema:accessibilityHazard", "schema:accessibilitySummary"):
        assert _meta(epub.opf, prop), prop


def test_conformance_claim_is_withheld_while_art_is_missing(epub, book, built):
    # The real book still has three placeholder figures: the claim must not be made, and the build says why.
    assert book.placeholders
    assert _meta(epub.opf, "dcterms:conformsTo") == []
    summary = _meta(epub.opf, "schema:accessibilitySummary")[0]
    assert "3 of 5 figures are still missing" in summary and "No conformance" in summary
    reasons = [w for w in built.warnings if "no accessibility conformance claim" in w]
    assert any("hoofdstuk-01.md:21" in r and "fig-revoluties" in r for r in reasons)


def test_conformance_claim_when_the_book_supports_it(book):
    config = load_config(SOURCE)
    config = replace(config, publisher="Uitgeverij Test")
    complete = replace(book, figures=tuple(f for f in book.figures if not f.placeholder))
    a11y = assess(complete, config, page_list=True)
    assert a11y.refusals == () and a11y.conforms_to == CONFORMANCE and a11y.certified_by == "Uitgeverij Test"
    assert ("schema:accessibilityFeature", "pageBreakMarkers") in a11y.properties
    assert ("schema:accessibilityFeature", "alternativeText") in a11y.properties
    no_alt = replace(complete, figures=(replace(complete.figures[0], alt=" "),))
    refused = assess(no_alt, config, page_list=True)
    assert refused.conforms_to == "" and "no text alternative" in refused.refusals[0]
    assert ("schema:accessibilityFeature", "alternativeText") not in refused.properties
    nobody = assess(complete, replace(config, publisher=""), page_list=True)
    assert nobody.conforms_to == "" and "vouches" in nobody.refusals[0]


def test_parts_carry_their_structural_role(epub):
    roles = {}
    for href in ("text/voorwoord.xhtml", "text/introductie.xhtml", "text/ch-1.xhtml"):
        section = epub.document(href).find(".//x:section", NS)
        roles[href] = (section.get(EPUB_TYPE), section.get("role"))
    assert roles == {"text/voorwoord.xhtml": ("foreword", "doc-foreword"),
                     "text/introductie.xhtml": ("introduction", "doc-introduction"),
                     "text/ch-1.xhtml": ("chapter", "doc-chapter")}


def test_every_epub_type_has_its_aria_role(epub):
    for href, root in epub.spine_documents():
        for element in root.iter():
            if etree.QName(element).localname == "a":  # landmarks links name a target's type, not their own
                continue
            for kind in (element.get(EPUB_TYPE) or "").split():
                if kind in MATCHING_ROLE:
                    assert element.get("role") == MATCHING_ROLE[kind], (href, kind)


def test_callouts_are_asides_with_a_heading_below_the_text_outline(epub):
    chapter = epub.document("text/ch-1.xhtml")
    asides = chapter.findall(".//x:aside", NS)
    assert len(asides) == 4
    levels = []
    for element in chapter.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname in ("h1", "h2", "h3", "h4", "h5", "h6"):
            in_aside = any(etree.QName(a).localname == "aside" for a in element.iterancestors())
            levels.append((int(etree.QName(element).localname[1]), element.get("class"), in_aside))
    for aside in asides:
        title = aside[0]
        assert etree.QName(title).localname in ("h3", "h4") and title.get("class") == "callout-title"
        assert aside.get("aria-labelledby") == title.get("id")
    # Box subheads ("Over Uber") sit below their box title, never at the level of the chapter's sections (h2).
    subheads = [level for level, cls, in_aside in levels if cls == "subhead" and in_aside]
    assert subheads and min(subheads) >= 4
    # The outline never skips a level going down.
    previous = 1
    for level, _, _ in levels:
        assert level <= previous + 1, levels
        previous = level


def test_landmarks_start_reading_at_the_foreword(epub):
    nav = epub.document("text/nav.xhtml")
    marks = {a.get(EPUB_TYPE): a.get("href") for a in nav.iterfind(".//x:nav[@epub:type='landmarks']//x:a", NS)}
    assert marks["bodymatter"] == "voorwoord.xhtml#voorwoord"
    assert marks["foreword"] == "voorwoord.xhtml#voorwoord"
    assert marks["introduction"] == "introductie.xhtml#introductie"
    assert marks["chapter"] == "ch-1.xhtml#ch-1"


def test_ncx_is_as_deep_as_the_nav(epub):
    ncx = etree.fromstring(epub.zip.read(epub.base + "toc.ncx"))
    nav = epub.document("text/nav.xhtml").find(".//x:nav[@epub:type='toc']", NS)
    nav_links = [(a.get("href"), " ".join("".join(a.itertext()).split())) for a in nav.iterfind(".//x:a", NS)]
    points = [(p.find("n:content", NCX).get("src").removeprefix("text/"), p.findtext("n:navLabel/n:text", namespaces=NCX))
              for p in ncx.iterfind(".//n:navPoint", NCX)]
    assert points == nav_links and len(points) == 7
    depth = {m.get("name"): m.get("content") for m in ncx.iterfind("n:head/n:meta", NCX)}["dtb:depth"]
    assert depth == "2"
    orders = [int(p.get("playOrder")) for p in ncx.iterfind(".//n:navPoint", NCX)]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)  # reading order (page targets interleave)


#: English phrases of the real book (WCAG 2.1 SC 3.1.2): each occurrence must carry lang="en" in the EPUB
ENGLISH = ("Internet of Things", "best practice", "High-Performance Computing", "tipping points", "smart device")


def test_english_phrases_are_marked_english(epub):
    """Every occurrence of the book's English phrases sits in an element with ``lang`` and ``xml:lang`` ``en``;
    loanwords Dutch has taken over (business, big data) are left Dutch."""
    def language(element):
        for e in [element, *element.iterancestors()]:
            if e.get("lang"):
                return e.get("lang"), e.get(XML_LANG)
        return None, None

    found = dict.fromkeys(ENGLISH, 0)
    for href, root in epub.spine_documents():
        for element in root.iter("{http://www.w3.org/1999/xhtml}*"):
            for text, owner in ((element.text, element), (element.tail, element.getparent())):
                for phrase in ENGLISH:
                    if text and owner is not None and phrase in text:
                        assert language(owner) == ("en", "en"), (href, phrase, text[:60])
                        found[phrase] += 1
    assert all(found.values()), found
