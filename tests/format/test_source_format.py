"""A book using every construct of docs/source-format.md (tests/format/everything/source) builds both editions with
EPUBCheck 0/0, and nothing is printed as typed: no Markdown punctuation survives into the PDF or the EPUB text.
Footnotes sit at the page foot in print and are noteref → aside pairs in the EPUB; tables, references, language
spans, short titles and figure widths are checked in the laid-out result."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bookpress.assemble import assemble
from bookpress.build import build
from bookpress.config import load_config
from bookpress.model import Figure, Table, notes_in
from bookpress.render.print_html import render_print_html

HERE = Path(__file__).parent
SOURCE = HERE / "everything" / "source"
ROOT = HERE.parents[1]
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Markdown punctuation that must never reach a reader (issue 9): footnotes, attributes, references, tables, links.
LITERAL = re.compile(r"\[\^|\^\[|\]\{|\{#|\{\.|@(?:fig|tbl|sec|kader|box)-|\|\s*-{3}|\]\(|~~|!\[", re.I)


@pytest.fixture(scope="module")
def built(everything_built):
    """Every edition of the every-construct book (the session fixture ``everything_built``)."""
    return everything_built


def test_epubcheck_reports_nothing(everything_built, epubcheck) -> None:
    findings = epubcheck.findings(everything_built.outputs["epub"])  # in the session's one EPUBCheck run
    assert findings == [], "\n".join(map(str, findings))


@pytest.fixture(scope="module")
def pdf_pages(built) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(built.outputs["print"]).pages]


@pytest.fixture(scope="module")
def epub_docs(built) -> dict[str, etree._Element]:
    archive = zipfile.ZipFile(built.outputs["epub"])
    return {name: etree.fromstring(archive.read(name)) for name in archive.namelist() if name.endswith(".xhtml")}


@pytest.fixture(scope="module")
def chapter(epub_docs) -> etree._Element:
    return next(doc for name, doc in epub_docs.items() if name.endswith("ch-1.xhtml"))


def test_no_markdown_punctuation_in_either_edition(pdf_pages, epub_docs) -> None:
    pdf_text = "\n".join(pdf_pages)
    assert "Kosten per post" in pdf_text and "De eerste voetnoot" in pdf_text  # the text is there …
    assert not LITERAL.findall(pdf_text)  # … and no markup
    for name, doc in epub_docs.items():
        text = "".join(doc.itertext())
        assert not LITERAL.findall(text), name


def test_footnotes_sit_at_the_page_foot_in_print(built) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built.outputs["print"])
    config = load_config(SOURCE).print
    bottom_margin = config.margin_bottom_mm * 72 / 25.4
    found = 0
    for page in reader.pages:
        runs: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip() and cm[3] < 0:
                runs.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))
        page.extract_text(visitor_text=visit)
        notes = [y for y, text in runs if text.startswith(("De eerste voetnoot", "Een voetnoot in een kader",
                                                            "De voetnoot van het voorwoord"))]
        if not notes:
            continue
        found += len(notes)
        body = [y for y, text in runs if y > bottom_margin + 1 and len(text) > 3 and not any(abs(y - n) < 1 for n in notes)
                and not text.startswith(("Een inline voetnoot",))]
        assert max(notes) < min(body), "a note must sit below the running text of its page"
        assert min(notes) > bottom_margin - 1, "and inside the text block (above the foot margin)"
    assert found == 3


def test_notes_are_numbered_per_part() -> None:
    book = assemble(load_config(SOURCE))
    numbers = {part.id: [n.number for n in notes_in(part.blocks)] for part in book.parts}
    assert numbers == {"voorwoord": [1], "ch-1": [1, 2, 3]}


def test_epub_notes_are_noterefs_to_asides_with_back_links(chapter) -> None:
    refs = chapter.findall(".//x:a[@epub:type='noteref']", NS)
    assert [r.get("href") for r in refs] == ["#ch-1-fn-1", "#ch-1-fn-2", "#ch-1-fn-3"]
    for ref in refs:
        aside = chapter.find(f".//x:aside[@id='{ref.get('href')[1:]}']", NS)
        assert aside is not None and aside.get(f"{{{NS['epub']}}}type") == "footnote"
        assert aside.get("role") == "doc-footnote" and ref.get("role") == "doc-noteref"
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert back is not None and back.get("href") == f"#{ref.get('id')}"


def test_tables_have_numbered_captions_and_header_cells(chapter, pdf_pages) -> None:
    tables = chapter.findall(".//x:table", NS)
    captions = ["".join(t.find("x:caption", NS).itertext()).strip() for t in tables]
    assert captions == ["Tabel 1.1 Kosten per post", "Tabel 1.2 Afkortingen"]
    for table in tables:
        headers = table.findall("x:thead/x:tr/x:th", NS)
        assert headers and all(th.get("scope") == "col" for th in headers)
    assert chapter.find(".//x:table[@id='tbl-kosten']//x:td[@class='align-right']", NS) is not None
    grid_cells = ["".join(td.itertext()) for td in tables[1].findall("x:tbody/x:tr/x:td", NS)]
    assert grid_cells == ["CIO", "Chief Information Officer", "CDO", "Chief Digital Officer"]
    assert any(re.search(r"Tabel 1\.1\s+Kosten per post", text) for text in pdf_pages)


def test_table_header_repeats_across_a_page_break(tmp_path) -> None:
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    rows = "".join(f"| Rij {n} | {n} | tekst |\n" for n in range(1, 121))
    chapter = source / "hoofdstuk.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n| Naam | Getal | Opmerking |\n|---|--:|---|\n" + rows
                       + "\n: Lange tabel {#tbl-lang}\n", encoding="utf-8")
    from pypdf import PdfReader

    result = build(source, tmp_path / "dist", editions=("print",))
    pages = [p.extract_text() for p in PdfReader(result.outputs["print"]).pages]
    holding = [text for text in pages if "Rij " in text]
    assert len(holding) >= 2
    assert all("Naam" in text and "Opmerking" in text for text in holding)


def test_references_are_labelled_and_capitalised(chapter) -> None:
    text = " ".join("".join(p.itertext()) for p in chapter.findall(".//x:p", NS))
    assert "Zie tabel\u00a01.1 en figuur\u00a01.1." in text
    assert "Paragraaf\u00a01.1 beschrijft de aanpak" in text  # at a sentence start
    assert "kader ‘Een voorbeeld’ en Figuur\u00a01.2." in text  # written @Fig-…
    hrefs = {a.get("href").split("ch-1.xhtml")[-1] for a in chapter.findall(".//x:a[@class='xref']", NS)}
    assert {"#tbl-kosten", "#fig-kaart", "#sec-werkwijze", "#kader-voorbeeld", "#fig-raster"} <= hrefs


def test_spans_and_inline_styles_in_both_editions(chapter) -> None:
    span = chapter.find(".//x:span[@lang='en']", NS)
    assert span is not None and span.get(XML_LANG) == "en" and span.text == "best practice"
    assert chapter.find(".//x:span[@class='smallcaps']", NS).text == "kleine kapitalen"
    assert [e.text for e in chapter.findall(".//x:sub", NS)] == ["2"]
    assert [e.text for e in chapter.findall(".//x:del", NS)] == ["Oud"]
    html = render_print_html(assemble(load_config(SOURCE)), load_config(SOURCE)).replace("\u00ad", "")
    assert '<span lang="en">best practice</span>' in html and "<sup>3</sup>" in html


def test_lists_definition_lists_and_lettered_lists(chapter) -> None:
    lettered = chapter.find(".//x:ol[@type='a']", NS)
    assert [li.text for li in lettered.findall("x:li", NS)] == ["optie a", "optie b"]
    terms = [dt.text for dt in chapter.findall(".//x:dl/x:dt", NS)]
    assert terms == ["Term", "Ander begrip"]


def test_short_titles_feed_toc_and_running_heads(built, epub_docs, pdf_pages) -> None:
    nav = next(doc for name, doc in epub_docs.items() if name.endswith("nav.xhtml"))
    entries = ["".join(a.itertext()) for a in nav.findall(".//x:nav[@id='toc']//x:a", NS)]
    assert "1 Constructies" in entries and "1.1 Werkwijze kort" in entries
    assert "Inleiding" not in " ".join(e for e in entries if e[:1].isdigit())  # .unnumbered: no number
    toc = next(i for i, text in enumerate(pdf_pages) if text.startswith("Inhoud"))
    assert "1 Constructies" in pdf_pages[toc]
    assert any("Constructies" in text for text in pdf_pages[toc + 1:])  # the recto running head


def test_figure_widths_from_ppi_and_width_attribute(built) -> None:
    book = assemble(load_config(SOURCE))
    widths = {f.id: f.width_mm for f in book.figures}
    assert widths["fig-raster"] == pytest.approx(295 / 300 * 25.4, abs=0.01)  # 300 ppi: 24.98 mm, not 78 mm
    assert widths["fig-kaart"] == pytest.approx(0.6 * 130, abs=0.01)  # 60 % of the 130 mm text width
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(built.outputs["print"]))
    image_widths = []
    for page in pdf:
        for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]):
            left, bottom, right, top = obj.get_bounds()
            image_widths.append((right - left) * 25.4 / 72)
    assert any(abs(w - 24.98) < 0.3 for w in image_widths), image_widths


def test_figure_file_name_with_a_space_builds_when_bracketed(built) -> None:
    """shared/cases/format/figure-filename-space: `<figures/kaart nederland.svg>` goes into the EPUB (inline SVG;
    no file name with a space; EPUBCheck ran inside the build and found nothing)."""
    archive = zipfile.ZipFile(built.outputs["epub"])
    names = archive.namelist()
    assert not any(" " in name for name in names)
    # SVG art is inline in the EPUB text (labels keep the book's fonts), so the file itself is not packaged
    assert any(b"<svg" in archive.read(name) for name in names if name.endswith(".xhtml"))


def _run_build(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(source), "--dist",
                           str(source.parent / "dist"), "--no-epubcheck"], capture_output=True, text=True,
                          timeout=600)


@pytest.mark.parametrize("written, message, offset", [
    ("![Kaart](figures/kaart nederland.svg){#fig-x fig-alt=\"x\"}", "an image the reader could not parse", 0),
    ("![Kaart](file:///etc/hostname){#fig-x fig-alt=\"x\"}", "an image the reader could not parse", 0),
    ("Een [link](javascript:alert(1)) hier.", "a link the reader could not parse", 0),
    ("- 1\n  - 2\n    - 3\n      - 4\n        - 5\n          - 6\n", "a list nested more than 4 levels deep", 4),
    ("> " * 25 + "diep\n", "quotations nested more than 3 levels deep", 0),
])
def test_unparsed_input_fails_check_and_build_at_its_line(tmp_path, written, message, offset) -> None:
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    chapter = source / "hoofdstuk.md"
    text = chapter.read_text(encoding="utf-8")
    line = text.count("\n") + 2 + offset
    chapter.write_text(text + "\n" + written + "\n", encoding="utf-8")
    result = _run_build(source)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"hoofdstuk.md:{line}:" in result.stderr and message in result.stderr
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())
    from bookpress.lint.check import check

    findings = [f for f in check(source) if f.code == "L014"]
    assert [(f.line, message in f.message) for f in findings] == [(line, True)]


def test_paragraphs_with_a_footnote_keep_weasyprints_line_breaking() -> None:
    """The total-fit breaker measures inline text; a footnote's text leaves the line (float: footnote), so a paragraph
    holding one is not handed to it (it once broke such a line after a few words, with huge gaps)."""
    from bookpress.render.line_breaks import MARK, mark_paragraphs

    html = ('<p>Een noot.<span class="footnote" id="ch-1-fn-1">De noot.</span> En verder.</p>'
            "<p>Een gewone alinea.</p>")
    marked = mark_paragraphs(html)
    assert marked.count(MARK) == 1 and marked.startswith("<p>Een noot.")


def test_typed_numbers_as_generated_are_printed_once(chapter, pdf_pages) -> None:
    """The book types "# 1. …", "## 1.1. Werkwijze" and "![Figuur 1.2: …]" (docs: "Typed numbers"): the build
    accepts them because they are the generated numbers, and prints each number once, in both editions."""
    def flat(element) -> str:
        return " ".join("".join(element.itertext()).split())

    assert "1.1 Werkwijze" in [flat(h) for h in chapter.findall(".//x:h2", NS)]
    assert "Figuur 1.2 Een rasterafbeelding van 300 ppi" in [flat(c) for c in chapter.findall(".//x:figcaption", NS)]
    title = flat(chapter.find(".//x:h1", NS))
    assert title.endswith("Alle constructies van het bronformaat") and "1." not in title
    text = " ".join(" ".join(page.split()) for page in pdf_pages)
    assert "1.1 Werkwijze" in text and "Figuur 1.2 Een rasterafbeelding" in text
    assert not re.search(r"1\.1\.? 1\.1|1\.1\. Werkwijze|Figuur 1\.2:|1\. Alle constructies", text)


@pytest.mark.parametrize("typed, message", [
    ("## 2.1. Werkwijze", "typed number '2.1' in a heading, but the build numbers this section 1.1"),
    ("::: {.callout-note}\n## 3.1 Kader\n\nTekst.\n:::\n\n## Werkwijze", "typed number '3.1' in a callout box title"),
])
def test_a_typed_number_that_is_not_the_generated_one_stops_the_build(tmp_path, typed, message) -> None:
    from bookpress.errors import BookError

    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    chapter = source / "hoofdstuk.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("## 1.1. Werkwijze", typed, 1), encoding="utf-8")
    with pytest.raises(BookError, match=re.escape(message)) as raised:
        assemble(load_config(source))
    assert raised.value.path == chapter and raised.value.line in (3, 4)
