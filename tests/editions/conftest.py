"""Build the real book once per test session (into a temporary dist/) and share the results.

Speed (issue 12 item 7): the book is built once, in process, without EPUBCheck; EPUBCheck then runs once per
session on that EPUB, in a background thread (Java works while the other tests run), and the tests that read its
findings are moved to the end of the run. That a finding fails the build is tested with a fake validator
(``test_validation.py``), so no test needs a second Java run.
"""

from __future__ import annotations

import concurrent.futures
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from bookpress.assemble import assemble
from bookpress.build import BuildResult, build
from bookpress.config import load_config
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


_EPUBCHECK: dict[str, concurrent.futures.Future | bool] = {"wanted": False}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests that wait for EPUBCheck last, and start EPUBCheck only when such a test was collected."""
    waiting = [item for item in items if "epubcheck_findings" in getattr(item, "fixturenames", ())]
    _EPUBCHECK["wanted"] = bool(waiting)
    items[:] = [item for item in items if item not in waiting] + waiting


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuildResult:
    """The result of ``build(source/, tmp dist/)``, both editions, EPUBCheck off (see :func:`epubcheck_findings`)."""
    result = build(SOURCE, tmp_path_factory.mktemp("dist"), epubcheck=False)
    if _EPUBCHECK["wanted"]:
        from bookpress.validate.epubcheck import run_epubcheck

        pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="epubcheck")
        _EPUBCHECK["future"] = pool.submit(run_epubcheck, result.outputs["epub"])
        pool.shutdown(wait=False)
    return result


@pytest.fixture(scope="session")
def epubcheck_findings(built) -> list:
    """EPUBCheck's failing findings (FATAL, ERROR, WARNING) for the session's EPUB: the one EPUBCheck run."""
    future = _EPUBCHECK.get("future")
    if future is None:  # collected after the session build started (e.g. a plugin re-ordered the tests)
        from bookpress.validate.epubcheck import run_epubcheck

        return run_epubcheck(built.outputs["epub"])
    return future.result()


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
