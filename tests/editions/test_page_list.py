"""The EPUB's page list comes from the print edition of the same build: for every print page whose text is in a
part, a page-break marker sits at the page's first whole word, the page-list nav and the NCX link every marker,
and ``pageBreakSource`` names the print edition."""

from __future__ import annotations

import re

from lxml import etree

from .conftest import NS

EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NCX = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
HYPHENS = "-\u2010\u2011\u00ad"  # the PDF marks line-end hyphens it added as soft hyphens (U+00AD)


def _words(text: str) -> list[str]:
    return text.replace("\u00ad", "").lower().split()


def _pdf_page_words(page_text: str, previous_text: str) -> list[str]:
    """Words of a PDF page's body, line-end hyphens joined; a word continued from the previous page dropped."""
    text = re.sub(rf"(\w)[{HYPHENS}]\n(\w)", r"\1\2", page_text)
    words = _words(text)
    if previous_text.rstrip().endswith(tuple(HYPHENS)) and not previous_text.rstrip()[-2].isspace() and words:
        last = previous_text.rstrip().split()[-1]
        if not re.search(r"[A-Z]{2,}-$", last):  # "ICT-" + "managers": the next page starts a new word after all?
            words = words[1:]
    return words


def _after(marker, count: int) -> list[str]:
    """The first ``count`` words after ``marker`` in document order (its tail, then following text). The chapter
    number inside a part title is hidden by both stylesheets (``.part-title .number { display: none }``)."""
    for hidden in marker.getroottree().getroot().iterfind(".//x:h1/x:span[@class='number']", NS):
        hidden.text = ""
    texts = []
    node = marker
    texts.append(marker.tail or "")
    for element in marker.itersiblings():
        texts.append("".join(element.itertext()))
        texts.append(element.tail or "")
    parent = marker.getparent()
    while parent is not None and len(_words(" ".join(texts))) < count:
        texts.append(parent.tail or "")
        for element in parent.itersiblings():
            texts.append(" " + "".join(element.itertext()) + " ")
            texts.append(element.tail or "")
        parent = parent.getparent()
    return _words(" ".join(texts))[:count]


def _markers(epub):
    found = {}
    for href, root in epub.spine_documents():
        for span in root.iter("{http://www.w3.org/1999/xhtml}span"):
            if span.get(EPUB_TYPE) == "pagebreak":
                found[span.get("aria-label")] = (href, span)
    return found


def test_every_page_has_a_marker_at_its_first_word(epub, pdf, pdf_zones):
    """Page for page: the marker of the page labelled L in the PDF sits where that PDF page's text starts."""
    markers = _markers(epub)
    labels = list(pdf.page_labels)
    assert len(labels) == len(pdf_zones)
    first = next(i for i, label in enumerate(labels) if label in markers)
    assert set(markers) == set(labels[first:])  # every page from the first part page on, padding included
    front = [z["body"] for z in pdf_zones[:first]]
    assert any("Inhoud" in text for text in front)  # only print-only front matter (title pages, contents) before
    blank = 0
    for index in range(first, len(labels)):
        label = labels[index]
        href, span = markers[label]
        assert span.get("role") == "doc-pagebreak" and span.get("id") == f"page-{label}"
        zone = pdf_zones[index]
        if not zone["body"].strip():  # blank verso, art only, padding: marked right before the next page's marker
            following = span.getnext()
            assert not (span.tail or "").strip()
            assert following is None or following.get(EPUB_TYPE) == "pagebreak" or index == len(labels) - 1
            blank += 1
            continue
        previous = pdf_zones[index - 1]["body"] if index else ""
        expected = _pdf_page_words(zone["body"], previous)[:4]
        got = _after(span, 4)
        assert got == expected, (label, href, got, expected)
    assert blank < len(labels) - first


def test_labels_are_the_print_editions_page_labels(epub, pdf, pdf_zones):
    """Roman front matter, arabic from 1 at the first chapter (as printed in the folios and the PDF labels)."""
    labels = list(pdf.page_labels)
    markers = _markers(epub)
    assert any(not label.isdigit() for label in markers), "the front matter's pages are numbered in roman"
    assert "1" in markers
    for label in markers:
        zone = pdf_zones[labels.index(label)]
        folios = re.findall(r"\b[0-9ivxlc]+\b", zone["head"] + " " + zone["foot"])
        assert not folios or label in folios, (label, zone["head"], zone["foot"])


def test_page_list_nav_ncx_and_source(epub, pdf):
    markers = _markers(epub)
    labels = list(pdf.page_labels)
    nav = epub.document("text/nav.xhtml").find(".//x:nav[@epub:type='page-list']", NS)
    assert nav.get("role") == "doc-pagelist"
    entries = [(a.text, a.get("href")) for a in nav.iterfind(".//x:a", NS)]
    assert [label for label, _ in entries] == [label for label in labels if label in markers]
    for label, href in entries:
        assert href == f"{markers[label][0].removeprefix('text/')}#page-{label}"
    ncx = etree.fromstring(epub.zip.read(epub.base + "toc.ncx"))
    targets = [t.findtext("n:navLabel/n:text", namespaces=NCX) for t in ncx.iterfind(".//n:pageTarget", NCX)]
    assert targets == [label for label, _ in entries]
    orders = [int(e.get("playOrder")) for e in ncx.iter("{*}navPoint", "{*}pageTarget")]
    assert sorted(set(orders)) == list(range(1, len(set(orders)) + 1))
    source = [m.text for m in epub.opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == "pageBreakSource"]
    assert source and "CIO 3.0" in source[0]  # no print ISBN yet: named by title (and the build warns)
    features = [m.text for m in epub.opf.iterfind("opf:metadata/opf:meta", NS)
                if m.get("property") == "schema:accessibilityFeature"]
    assert "pageBreakMarkers" in features
