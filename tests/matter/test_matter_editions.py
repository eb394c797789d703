"""The full-matter book in both editions, tested by structure: OPF identifiers and relator roles, the colophon,
lettered appendices (titles, sections, TOC, nav, EPUB semantics) and the literature list."""

from __future__ import annotations

import pytest

from ..editions.conftest import NS

OPF = "{http://www.idpf.org/2007/opf}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def test_full_matter_epub_is_epubcheck_clean(matter_built, epubcheck):
    findings = epubcheck.findings(matter_built.outputs["epub"])
    assert findings == [], "\n".join(map(str, findings))


def test_isbn_is_the_unique_identifier_and_the_uuid_is_kept(matter_epub):
    opf = matter_epub.opf
    unique = opf.get("unique-identifier")
    identifiers = {i.get("id"): i.text for i in opf.iterfind("opf:metadata/dc:identifier", NS)}
    assert identifiers[unique] == "urn:isbn:9789012345682"
    assert "urn:uuid:6f1c2b4e-3a8d-4c55-9e0b-2d7a1f9c8e31" in identifiers.values()
    types = [m for m in opf.iterfind("opf:metadata/opf:meta[@property='identifier-type']", NS)]
    assert [(m.get("refines"), m.get("scheme"), m.text) for m in types] == [(f"#{unique}", "onix:codelist5", "15")]
    assert opf.findtext("opf:metadata/dc:source", namespaces=NS) == "urn:isbn:9789012345675"
    assert opf.findtext("opf:metadata/dc:publisher", namespaces=NS) == "Uitgeverij Voorbeeld"


def test_creators_and_contributors_carry_their_marc_roles(matter_epub):
    metadata = matter_epub.opf.find("opf:metadata", NS)
    refinements = {}
    for meta in metadata.iterfind("opf:meta[@refines]", NS):
        refinements.setdefault(meta.get("refines")[1:], {})[meta.get("property")] = (meta.text, meta.get("scheme"))

    def people(element):
        return [(e.text, refinements[e.get("id")]["role"]) for e in metadata.iterfind(f"dc:{element}", NS)]

    assert people("creator") == [("M&I/Partners", ("aut", "marc:relators")), ("Rik Maes", ("aui", "marc:relators"))]
    assert people("contributor") == [("Anna de Vries", ("trl", "marc:relators")),
                                     ("Studio Omslag", ("cov", "marc:relators")),
                                     ("Piet Beeld", ("ill", "marc:relators"))]
    file_as = [r["file-as"] for r in refinements.values() if "file-as" in r]
    assert ("Vries, Anna de", None) in file_as and all(scheme is None for _, scheme in file_as)


COLOPHON_LINES = ["Tekst: M&I/Partners", "Voorwoord: Rik Maes", "Vertaling: Anna de Vries",
                  "Omslagontwerp: Studio Omslag", "Illustraties: Piet Beeld", "Foto omslag: Beeldbank Voorbeeld",
                  "Eerste druk, 2016", "Uitgeverij Voorbeeld", "Druk: Drukkerij Voorbeeld, Zwolle"]


def test_epub_colophon_has_every_field_e_book_isbn_first(matter_epub):
    page = matter_epub.document("text/titlepage.xhtml")
    colophon = page.find(".//x:section[@epub:type='copyright-page']", NS)
    lines = [" ".join("".join(p.itertext()).split()) for p in colophon.iterfind(".//x:p", NS)]
    for expected in COLOPHON_LINES:
        assert expected in lines
    numbers = [line for line in lines if line.startswith(("ISBN", "NUR"))]
    assert numbers == ["ISBN e-book 978-90-12-34568-2", "ISBN 978-90-12-34567-5", "NUR 801"]
    assert lines[-1] == "© 2016 M&I/Partners. Alle rechten voorbehouden."


def test_print_colophon_has_every_field_print_isbn_first(matter_pdf_pages):
    page = next(p for p in matter_pdf_pages[:6] if "Alle rechten voorbehouden" in p)
    for expected in COLOPHON_LINES:
        assert expected in page
    assert page.index("ISBN 978-90-12-34567-5") < page.index("ISBN e-book 978-90-12-34568-2") < page.index("NUR 801")


def test_appendices_are_lettered_in_the_print_edition(matter_pdf_pages):
    toc = next(p for p in matter_pdf_pages[:8] if p.startswith("Inhoud"))
    for entry in ("A Begrippenlijst", "A.1 Afkortingen", "A.2 Termen", "B Vragenlijst", "B.1 Vragen voor de CIO",
                  "Literatuur"):
        assert entry in toc, entry
    assert toc.index("Via crises") < toc.index("A Begrippenlijst") < toc.index("B Vragenlijst") < toc.index("Literatuur")
    openers = [p for p in matter_pdf_pages if p.startswith("BIJLAGE ")]  # the label is set in small capitals
    assert [p.split()[:3] for p in openers] == [["BIJLAGE", "A", "Begrippenlijst"], ["BIJLAGE", "B", "Vragenlijst"]]
    assert "A.1 Afkortingen" in openers[0] and "B.1 Vragen voor de CIO" in openers[1]


def test_appendices_are_lettered_in_the_epub_with_back_matter_semantics(matter_epub):
    nav = matter_epub.document("text/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    top = [" ".join("".join(li.find("x:a", NS).itertext()).split()) for li in toc.findall("x:ol/x:li", NS)]
    assert top[-3:] == ["A Begrippenlijst", "B Vragenlijst", "Literatuur"]
    names = [href for href, _ in matter_epub.spine_documents()]
    assert names[-3:] == ["text/app-a.xhtml", "text/app-b.xhtml", "text/literatuur.xhtml"]
    appendix = matter_epub.document("text/app-a.xhtml")
    assert appendix.find("x:body", NS).get(EPUB_TYPE) == "backmatter"
    section = appendix.find(".//x:section", NS)
    assert (section.get(EPUB_TYPE), section.get("role")) == ("appendix", "doc-appendix")
    assert "".join(appendix.find(".//x:p[@class='chapter-label']", NS).itertext()) == "Bijlage A"
    assert [" ".join("".join(h.itertext()).split()) for h in appendix.iterfind(".//x:h2", NS)] == [
        "A.1 Afkortingen", "A.2 Termen"]
    literature = matter_epub.document("text/literatuur.xhtml").find(".//x:section", NS)
    assert (literature.get(EPUB_TYPE), literature.get("role")) == ("bibliography", "doc-bibliography")


def test_literature_list_hangs_its_continuation_lines(matter_built):
    """The literature list is set without bullets, with a 6 mm hanging indent (measured in the PDF)."""
    from ..editions.layout import measure

    page = next(p for p in measure(matter_built.outputs["print"]) if p.runs and p.runs[0].text == "Literatuur")
    entries = [r for r in page.runs if r.text.startswith(("Maes", "Schwab"))]
    continuation = next(r for r in page.runs if r.text.startswith("Forum"))
    assert len(entries) == 2 and entries[0].left == pytest.approx(entries[1].left, abs=0.05)
    assert continuation.left - entries[0].left == pytest.approx(6, abs=0.2)


def test_literature_list_is_marked_as_bibliography_in_the_epub(matter_epub):
    css = matter_epub.zip.read(matter_epub.base + "styles/epub.css").decode("utf-8")
    assert ".bibliography ul > li" in css
    section = matter_epub.document("text/literatuur.xhtml").find(".//x:section", NS)
    assert "bibliography" in section.get("class").split() and len(section.findall(".//x:li", NS)) == 2
