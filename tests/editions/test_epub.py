"""The EPUB edition, tested by structure: OPF metadata, nav, per-part XHTML, callouts, figures; EPUBCheck clean."""

from __future__ import annotations


from bookpress.model import Callout, Figure, plain_text
from .conftest import NS


def test_epubcheck_reports_nothing(built, epubcheck):
    """EPUBCheck on the real book's EPUB (the session's one JVM run): 0 fatal errors, 0 errors, 0 warnings."""
    findings = epubcheck.findings(built.outputs["epub"])
    assert findings == [], "\n".join(map(str, findings))


def test_the_session_epubcheck_reports_what_it_finds(flawed_epub, epubcheck):
    """The same JVM run on a copy with an element XHTML does not have: the finding comes back, with its place."""
    findings = epubcheck.findings(flawed_epub)
    assert [(f.level, f.id) for f in findings] == [("ERROR", "RSC-005")], findings
    assert "blink" in findings[0].message and "/EPUB/text/ch-1.xhtml:" in findings[0].location, findings


def test_package_metadata(epub):
    opf = epub.opf
    assert opf.get("version") == "3.0"
    assert opf.findtext("opf:metadata/dc:language", namespaces=NS) == "nl"
    titles = [t.text for t in opf.iterfind("opf:metadata/dc:title", NS)]
    assert titles[:2] == ["CIO 3.0", "Het verschil maken bij digitale transformatie"]
    creators = [c.text for c in opf.iterfind("opf:metadata/dc:creator", NS)]
    assert creators == ["M&I/Partners", "Rik Maes"]
    assert opf.findtext("opf:metadata/dc:identifier", namespaces=NS).startswith("urn:uuid:")
    props = {m.get("property") for m in opf.iterfind("opf:metadata/opf:meta", NS)}
    assert {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
            "dcterms:modified"} <= props


def test_manifest_has_nav_cover_fonts_and_art(epub):
    items = list(epub.opf.iterfind("opf:manifest/opf:item", NS))
    by_prop = {i.get("properties"): i.get("href") for i in items if i.get("properties")}
    assert by_prop["nav"] == "text/nav.xhtml"
    assert by_prop["cover-image"].endswith(".jpg")
    hrefs = {i.get("href") for i in items}
    assert not any(h.startswith("images/figures/") for h in hrefs)  # SVG art is inline, not a separate file
    svg_docs = {i.get("href") for i in items if "svg" in (i.get("properties") or "").split()}
    assert svg_docs == {"text/ch-1.xhtml"}
    assert sum(1 for i in items if i.get("media-type") == "font/ttf") >= 4


def test_spine_reading_order(epub, book):
    names = [href for href, _ in epub.spine_documents()]
    assert names[:3] == ["text/cover.xhtml", "text/titlepage.xhtml", "text/nav.xhtml"]
    assert names[3:] == [f"text/{part.id}.xhtml" for part in book.parts]


def test_every_document_is_dutch(epub):
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for href, root in epub.spine_documents():
        assert root.get("lang") == "nl" and root.get(xml_lang) == "nl", href


def test_nav_toc_and_landmarks(epub, book):
    nav = epub.document("text/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    top = ["".join(li.find("x:a", NS).itertext()) for li in toc.findall("x:ol/x:li", NS)]
    assert top == ["Voorwoord", "Introductie van dit boek", "1 Via crises naar een nieuwe economie"]
    sections = ["".join(a.itertext()) for a in toc.findall("x:ol/x:li/x:ol/x:li/x:a", NS)]
    assert sections == ["Leeswijzer", "1.1 Inleiding", "1.2 Kanteling van de samenleving",
                        "1.3 Technologie in de hoogste versnelling"]
    landmarks = {a.get("{http://www.idpf.org/2007/ops}type") for a in nav.iterfind(".//x:nav[@epub:type='landmarks']//x:a", NS)}
    assert {"cover", "toc", "bodymatter", "titlepage"} <= landmarks
    for a in nav.iterfind(".//x:a", NS):  # every link resolves to an existing id
        target, _, anchor = a.get("href").partition("#")
        doc = epub.document("text/" + target)
        assert not anchor or doc.find(f".//*[@id='{anchor}']") is not None, a.get("href")


def test_chapter_headings_callouts_and_figures(epub, book):
    chapter = epub.document("text/ch-1.xhtml")
    assert ["".join(h.itertext()) for h in chapter.iterfind(".//x:h2", NS)] == [
        "1.1 Inleiding", "1.2 Kanteling van de samenleving", "1.3 Technologie in de hoogste versnelling"]
    callouts = chapter.findall(".//x:aside[@class]", NS)
    expected = [plain_text(b.title) for p in book.parts for b in p.blocks if isinstance(b, Callout)]
    assert len(expected) == 4
    assert ["".join(a.find("x:*[@class='callout-title']", NS).itertext()) for a in callouts] == expected
    figures = chapter.findall(".//x:figure", NS)
    captions = [" ".join("".join(f.find("x:figcaption", NS).itertext()).split()) for f in figures]
    assert [c.split(" ", 2)[:2] for c in captions] == [["Figuur", f"1.{n}"] for n in range(1, 6)]
    model = [f for f in book.figures]
    for element, fig in zip(figures, model):
        assert element.get("id") == fig.id
        if fig.placeholder:
            assert element.find(".//x:div[@role='img']", NS).get("aria-label") == fig.alt
        else:
            # SVG art is inline (labels keep the book's fonts), with its viewBox and the text alternative
            svg = element.find(".//{http://www.w3.org/2000/svg}svg")
            assert svg.get("role") == "img" and svg.get("aria-label") == fig.alt and len(fig.alt) > 40
            assert svg.get("viewBox") and svg.find(".//{http://www.w3.org/2000/svg}text") is not None


def test_byline_signature_quote_and_lists(epub):
    voorwoord = epub.document("text/voorwoord.xhtml")
    assert voorwoord.findtext(".//x:p[@class='byline']", namespaces=NS) == "door Rik Maes"
    assert "Rik Maes" in "".join(voorwoord.find(".//x:p[@class='signature']", NS).itertext())
    chapter = epub.document("text/ch-1.xhtml")
    quote = "".join(chapter.find(".//x:blockquote", NS).itertext())
    assert "zodat die arbeid goedkoper wordt" in quote and "Alleen door een kanteling komen we hieruit" in quote
    assert len(chapter.findall(".//x:ol/x:li", NS)) == 3
    assert len(chapter.findall(".//x:ul/x:li", NS)) == 7
