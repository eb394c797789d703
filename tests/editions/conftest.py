"""Build the real book once per test session (into a temporary dist/) and share the results.

Speed (issue 12 item 7): the book is built once per session, in process, with EPUBCheck — the suite's one
EPUBCheck run. That a finding fails the build is tested with a fake validator (``test_validation.py``), so no test
needs a second Java run.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from bookpress.assemble import assemble
from bookpress.build import BuildResult, build
from bookpress.config import load_config
from bookpress.errors import BookError
from bookpress.model import Book

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}


@dataclass
class Epub:
    """The EPUB opened for inspection: ``opf`` tree, its folder inside the zip, and parsed XHTML by zip path."""

    zip: zipfile.ZipFile
    opf: etree._Element
    base: str

    def document(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(self.base + href))

    def spine_documents(self) -> list[tuple[str, etree._Element]]:
        manifest = {i.get("id"): i.get("href") for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [(manifest[r.get("idref")], self.document(manifest[r.get("idref")]))
                for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]


_EPUBCHECK_FAILURE: list[BookError] = []


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildResult:
    """The result of ``build(source/, tmp dist/)``: both editions, EPUBCheck on (it runs in the background while the
    print edition is laid out). Should EPUBCheck fail the build, the book is built again without it, so only
    ``test_epubcheck_reports_nothing`` fails (with the findings) and the other tests still inspect the editions."""
    dist = tmp_path_factory.mktemp("dist")
    try:
        return build(SOURCE, dist / "dist")
    except BookError as error:
        if "EPUBCheck" not in error.message:
            raise
        _EPUBCHECK_FAILURE.append(error)
        return build(SOURCE, dist / "dist", epubcheck=False)


@pytest.fixture(scope="session")
def epubcheck_failure(built) -> BookError | None:
    """The session build's EPUBCheck failure (its findings), or ``None``: the suite's one EPUBCheck run."""
    return _EPUBCHECK_FAILURE[0] if _EPUBCHECK_FAILURE else None


@pytest.fixture(scope="session")
def book() -> Book:
    """The assembled model of the real sources."""
    return assemble(load_config(SOURCE))


@pytest.fixture(scope="session")
def epub(built) -> Epub:
    archive = zipfile.ZipFile(built.outputs["epub"])
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    return Epub(archive, etree.fromstring(archive.read(opf_path)), base)


@pytest.fixture(scope="session")
def pdf(built):
    from pypdf import PdfReader

    return PdfReader(built.outputs["pdf"] if "pdf" in built.outputs else built.outputs["print"])


@pytest.fixture(scope="session")
def pdf_page_texts(pdf) -> list[str]:
    """Per page, pypdf's plain text extraction (lines as laid out), extracted once per session."""
    return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="session")
def pdf_zones(pdf) -> list[dict[str, str]]:
    """Per page: text in the head margin (running head, folio), the text block, the foot margin, and figure art."""
    config = load_config(SOURCE).print
    mm = 72 / 25.4
    result = []
    for page in pdf.pages:
        top = float(page.trimbox.top) - config.margin_top_mm * mm
        bottom = float(page.trimbox.bottom) + config.margin_bottom_mm * mm
        runs: dict[str, list[str]] = {"head": [], "body": [], "foot": [], "art": []}

        def visit(text, cm, tm, font, size, runs=runs):
            if not text.strip():
                return
            if cm[3] > 0:
                # WeasyPrint draws the HTML flow in a y-down system (cm d < 0); SVG figures bring their own
                # transform (pypdf does not follow it, so their positions are unusable): keep their text apart.
                runs["art"].append(text)
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs["head" if y > top else "foot" if y < bottom else "body"].append(text)
        page.extract_text(visitor_text=visit)
        result.append({"body": "\n".join(t.strip("\n") for t in runs["body"]).strip(),
                       "art": "\n".join(t.strip() for t in runs["art"]),
                       "head": " ".join(t.strip() for t in runs["head"]),
                       "foot": " ".join(t.strip() for t in runs["foot"])})
    return result
