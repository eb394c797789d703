"""PDF/UA-1 validation of a long screen PDF in runs of pages (issue 12, memory): every page is still checked and the
findings are those of one validator run over the whole file.

The small page-tops book's screen PDF is validated in runs of 2 pages (the build uses runs of
``bookpress.validate.pdfua.PAGES_PER_RUN`` pages only for long books) after breaking it on purpose: untagged content
on one page, the same fault on an early and a late page, a figure without alternative text (structure tree), a link
annotation outside its /Link element, and the untagged press PDF. Each fault is caught, with the whole file's
findings."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from bookpress.validate import pdfua
from bookpress.validate.pdfua import pdfua_findings

RUN = 2  # pages per run in these tests
WHOLE = 10 ** 6


def _untagged_path(pdf: pikepdf.Pdf, index: int) -> None:
    """A line drawn on page ``index`` outside any marked content: neither an artifact nor tagged."""
    pdf.pages[index].contents_add(pdf.make_stream(b"q 0 0 m 50 50 l S Q"), prepend=False)


def _broken(screen: Path, folder: Path, name: str, breaking) -> Path:
    target = folder / f"{name}.pdf"
    with pikepdf.open(screen) as pdf:
        breaking(pdf)
        pdf.save(target)
    return target


def _figure_without_alt(pdf: pikepdf.Pdf) -> None:
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop()
        if element.get("/S") == "/Figure" and "/Alt" in element:
            del element["/Alt"]
            return
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                stack.append(kid)
    raise AssertionError("the small book has a figure with alternative text")


def _link_outside_link_element(pdf: pikepdf.Pdf) -> None:
    for page in reversed(pdf.pages):  # the last page with a link: in the last run
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link" and "/StructParent" in annotation:
                del annotation["/StructParent"]
                return
    raise AssertionError("the small book has link annotations")


@pytest.fixture(scope="module")
def screen(page_tops) -> Path:
    return page_tops.outputs["screen"]


def test_the_screen_pdf_is_checked_in_several_runs(screen, monkeypatch):
    """The small book takes more than two runs of 2 pages, and each run gets its own file."""
    runs = []
    validate = pdfua._validate
    monkeypatch.setattr(pdfua, "_validate", lambda path, name: runs.append(path) or validate(path, name))
    assert pdfua_findings(screen, RUN) == []
    with pikepdf.open(screen) as pdf:
        pages = len(pdf.pages)
    assert pages >= 6 and len(runs) == -(-pages // RUN), (pages, len(runs))


@pytest.mark.parametrize("name, breaking, rule", [
    ("last-page-untagged", lambda pdf: _untagged_path(pdf, len(pdf.pages) - 1), "PDFUA1-CONTENT-TAGGING-001"),
    ("early-and-late-page-untagged", lambda pdf: (_untagged_path(pdf, len(pdf.pages) - 2), _untagged_path(pdf, 1)),
     "PDFUA1-CONTENT-TAGGING-001"),
    ("figure-without-alt", _figure_without_alt, "PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"),
    ("link-outside-link-element", _link_outside_link_element, "PDFUA1-LINK-LINK-TAG-001"),
])
def test_a_broken_screen_pdf_is_caught_with_the_whole_files_findings(screen, tmp_path, name, breaking, rule):
    broken = _broken(screen, tmp_path, name, breaking)
    in_runs = pdfua_findings(broken, RUN)
    whole = pdfua_findings(broken, WHOLE)
    assert rule in {finding.rule for finding in in_runs}, in_runs
    assert set(in_runs) == set(whole), (in_runs, whole)


def test_the_first_failing_place_is_the_whole_files(screen, tmp_path):
    """The same fault on page 2 and on the second-last page: reported once, on page 2, as the whole file's run
    reports it."""
    broken = _broken(screen, tmp_path, "two", lambda pdf: (_untagged_path(pdf, len(pdf.pages) - 2),
                                                           _untagged_path(pdf, 1)))
    [finding] = [f for f in pdfua_findings(broken, RUN) if f.rule == "PDFUA1-CONTENT-TAGGING-001"]
    assert finding.message.startswith("page 2 "), finding


def test_an_untagged_pdf_in_runs(page_tops):
    """The press PDF (no structure tree at all) gives the same findings in runs as in one."""
    press = page_tops.outputs["print"]
    in_runs = pdfua_findings(press, RUN)
    assert {"PDFUA1-STRUCT-TREE-ROOT-001", "PDFUA1-CONTENT-TAGGING-001"} <= {f.rule for f in in_runs}, in_runs
    assert set(in_runs) == set(pdfua_findings(press, WHOLE))


def test_a_file_that_is_no_pdf_is_an_error(tmp_path):
    from bookpress.errors import BookError

    bad = tmp_path / "screen.pdf"
    bad.write_bytes(b"not a PDF")
    with pytest.raises(BookError, match="cannot read"):
        pdfua_findings(bad, RUN)
