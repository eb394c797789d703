"""The screen PDF's tags (issue 7 item 5) checked by an independent PDF/UA-1 validator (``page``, PyPI
``page-validation``) and measured: running heads and folios are pagination artifacts, everything in the type area
is tagged content, links sit in /Link elements, figures carry their alternative text."""

from __future__ import annotations

import collections
import ctypes
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as raw

from bookpress.assemble import assemble
from bookpress.config import load_config
from bookpress.render.print_html import render_print_html
from bookpress.validate.pdfua import pdfua_findings

MM = 72 / 25.4


def text_objects(path: Path) -> list[list[tuple[str, float, tuple[str, ...]]]]:
    """Per page: (text, top in mm from the trim's top, names of the marked-content sequences it lies in) of every
    text object drawn by the page itself (pdfium; text inside form XObjects, i.e. SVG art, is left out: pdfium
    gives it in form space)."""
    document = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            top_edge = page.get_trimbox()[3]
            found = []
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=0):  # forms (SVG art) excluded
                size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
                buffer = ctypes.create_string_buffer(size * 2 + 2)
                raw.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)),
                                        size * 2 + 2)
                marks = []
                for m in range(raw.FPDFPageObj_CountMarks(obj.raw)):
                    mark = raw.FPDFPageObj_GetMark(obj.raw, m)
                    length = ctypes.c_ulong()
                    raw.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(length))
                    name = ctypes.create_string_buffer(length.value)
                    raw.FPDFPageObjMark_GetName(mark, ctypes.cast(name, ctypes.POINTER(ctypes.c_ushort)), length.value,
                                                ctypes.byref(length))
                    marks.append(name.raw.decode("utf-16-le").rstrip("\x00"))
                top = obj.get_bounds()[3]
                found.append((buffer.raw.decode("utf-16-le", "replace").rstrip("\x00"), (top_edge - top) / MM,
                              tuple(marks)))
            pages.append(found)
    finally:
        document.close()
    return pages


def structure_counts(path: Path) -> collections.Counter:
    """How many structure elements of each type the tagged PDF at ``path`` has."""
    counts: collections.Counter = collections.Counter()
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            counts[str(element.get("/S"))] += 1
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
    return counts


def check_one_element_per_html_element(path: Path, source: Path) -> None:
    """Sections, paragraphs, quotations, lists and list items a page break splits are one structure element each:
    as many as the screen edition's HTML has (WeasyPrint 70 alone makes one per page fragment)."""
    config = load_config(source)
    html = render_print_html(assemble(config), config, "screen")
    elements = collections.Counter(re.findall(r"<(p|section|blockquote|ul|ol|li)[\s>]", html))
    counts = structure_counts(path)
    assert {"/P": counts["/P"], "/Sect": counts["/Sect"], "/BlockQuote": counts["/BlockQuote"], "/L": counts["/L"],
            "/LI": counts["/LI"]} == {"/P": elements["p"], "/Sect": elements["section"],
                                      "/BlockQuote": elements["blockquote"], "/L": elements["ul"] + elements["ol"],
                                      "/LI": elements["li"]}


def check_screen_tags(path: Path, config) -> None:
    """The assertions shared by the small test book and the real book (``tests/editions/test_press.py``)."""
    findings = pdfua_findings(path)
    assert not findings, "PDF/UA-1:\n" + "\n".join(map(str, findings))
    heads = body = 0
    for number, page in enumerate(text_objects(path), 1):
        for text, top, marks in page:
            if not text.strip():
                continue
            outside = top < config.margin_top_mm - 2 or top > config.trim_height_mm - config.margin_bottom_mm + 2
            if outside:
                assert marks[:1] == ("Artifact",), f"page {number}: running head/folio {text!r} is not an artifact"
                heads += 1
            elif "Artifact" not in marks:
                body += 1
            else:
                raise AssertionError(f"page {number}: {text[:40]!r} in the type area is an artifact")
    assert heads >= 8 and body >= 50, (heads, body)
    with pikepdf.open(path) as pdf:
        figures = []
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if element.get("/S") == "/Figure":
                figures.append(str(element.get("/Alt", "")))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
        assert figures and all(figures), f"figures and their alternative texts: {figures}"


def test_small_book_screen_pdf(page_tops):
    check_screen_tags(page_tops.outputs["screen"], load_config(page_tops.source).print)


def test_elements_split_by_page_breaks_stay_one_element(page_tops):
    """The small book's chapter runs over eight pages with boxes, lists and a quote split by page breaks: one
    /Sect, one /BlockQuote, one /L per list, in source order."""
    check_one_element_per_html_element(page_tops.outputs["screen"], page_tops.source)
    with pikepdf.open(page_tops.outputs["screen"]) as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        chapter = [e for e in document.K if e.get("/S") == "/Sect"][-1]
        kinds = [str(k.S) for k in chapter.K if isinstance(k, pikepdf.Dictionary) and "/S" in k]
        assert kinds == ["/NonStruct", "/H2", "/P", "/NonStruct", "/P", "/NonStruct", "/P", "/NonStruct", "/P",
                         "/BlockQuote", "/P", "/NonStruct", "/NonStruct", "/P", "/P"], kinds


def test_phrases_in_another_language_carry_their_language(page_tops):
    """``[…]{lang="en"}`` spans: their structure elements have /Lang en (WeasyPrint 70 writes only the document's
    /Lang); the span broken over two lines has it on both fragments; nothing else gets a /Lang."""
    langs = []
    with pikepdf.open(page_tops.outputs["screen"]) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if "/Lang" in element and element is not pdf.Root:
                langs.append((str(element.get("/S")), str(element.Lang)))
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    stack.append(kid)
    assert langs and all(lang == ("/Span", "en") for lang in langs), langs
    assert len(langs) >= 3, langs   # "best practice" and the two line fragments of the sentence


def test_the_validator_finds_an_untagged_pdf(page_tops):
    """The validator can fail: the press PDF is not tagged."""
    rules = {finding.rule for finding in pdfua_findings(page_tops.outputs["print"])}
    assert {"PDFUA1-STRUCT-TREE-ROOT-001", "PDFUA1-ID-SCHEMA-001"} <= rules, rules


def test_release_refuses_a_screen_pdf_that_is_not_pdf_ua(page_tops):
    """``--release`` lists the validator's findings (here: an untagged file given as the screen PDF) and none for
    the real screen PDF."""
    from bookpress.assemble import assemble
    from bookpress.validate.release import release_blockers

    config = load_config(page_tops.source)
    book = assemble(config)
    bad = release_blockers(book, config, {"screen": page_tops.outputs["print"]}, [])
    good = release_blockers(book, config, {"screen": page_tops.outputs["screen"]}, [])
    assert any(r.startswith("PDF/UA-1: ") and "PDFUA1-STRUCT-TREE-ROOT-001" in r for r in bad), bad
    assert not [r for r in good if r.startswith("PDF/UA-1")], good
