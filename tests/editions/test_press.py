"""The press PDF (PDF/X-4, CMYK) and the screen PDF (PDF/UA-1): output intent, colours, preflight, boxes, page
count, dates and identifiers, crop marks, separations (Ghostscript ``tiffsep``), tagging, links, page labels, and
the release gate."""

from __future__ import annotations

import collections
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from bookpress.config import load_config
from bookpress.validate.preflight import Finding, preflight

from .conftest import SOURCE

MM = 72 / 25.4


@pytest.fixture(scope="module")
def press(built):
    with pikepdf.open(built.outputs["print"]) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def screen(built):
    with pikepdf.open(built.outputs["screen"]) as pdf:
        yield pdf


def _colour_operators(pdf) -> collections.Counter:
    """(operator, operands) of every colour operator in the pages and the forms they draw."""
    found = collections.Counter()

    def walk(stream, resources, depth=0):
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op in ("rg", "RG", "k", "K", "g", "G", "sc", "scn", "SC", "SCN", "cs", "CS"):
                found[(op, tuple(str(v) for v in operands))] += 1
            elif op == "Do" and depth < 8:
                xobject = resources.get("/XObject", {}).get(operands[0])
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    walk(xobject, xobject.get("/Resources", resources), depth + 1)
    for page in pdf.pages:
        walk(page, page.obj.get("/Resources", {}))
    return found


def test_press_pdf_is_pdf_x4_with_a_cmyk_output_intent(press):
    xmp = press.Root.Metadata.read_bytes().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    (intent,) = press.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == load_config(SOURCE).print.output_condition == "FOGRA39"
    profile = intent.DestOutputProfile.read_bytes()
    assert profile[16:20] == b"CMYK" and profile[12:16] == b"prtr", "an ICC output (printer) profile in CMYK"
    assert press.docinfo["/Trapped"] == pikepdf.Name("/False")
    assert "/ID" in press.trailer


def test_press_pdf_has_no_rgb_and_body_text_is_k_only(press):
    operators = _colour_operators(press)
    assert not [op for op in operators if op[0] in ("rg", "RG")], "DeviceRGB colour operators"
    assert not [op for op in operators if op[0] in ("cs", "CS") and op[1] != ("/DeviceCMYK",)]
    fills = collections.Counter({op[1]: n for op, n in operators.items() if op[0] == "scn" and len(op[1]) == 4})
    assert fills.most_common(1)[0][0] == ("0", "0", "0", "1"), "the commonest fill (body text) must be 100 % K"


def test_preflight_passes_the_press_pdf_and_catches_the_screen_pdf(built):
    bleed = load_config(SOURCE).print.bleed_mm
    assert preflight(built.outputs["print"], bleed) == []
    assert built.preflight == []
    findings = preflight(built.outputs["screen"], bleed)
    kinds = {f.object.split(" ")[0] for f in findings}
    assert any("DeviceRGB" in f.message and f.page for f in findings), "the screen PDF is RGB"
    assert any(f.object == "/OutputIntents" and f.page is None for f in findings)
    assert any(f.object == "/BleedBox" for f in findings)
    assert all(str(f).startswith(("page ", "file, ")) for f in findings), kinds


def test_preflight_measures_text_ink_and_image_resolution(tmp_path):
    """A hand-made page: four-colour black text, an over-inked colour and a 72 ppi image are each reported."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, b"\xff" * 30 * 30 * 4, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                           Width=30, Height=30, ColorSpace=pikepdf.Name.DeviceCMYK, BitsPerComponent=8)
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    content = (b"q 0.7 0.6 0.6 0.9 k BT /F1 10 Tf 10 10 Td (rich) Tj ET Q "
               b"q 1 1 1 0 k BT /F1 10 Tf 10 30 Td (heavy) Tj ET Q q 30 0 0 30 50 50 cm /Im1 Do Q")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 200, 200],
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im1=image),
                                                           Font=pikepdf.Dictionary(F1=font)),
                              Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(tmp_path / "bad.pdf")
    messages = [str(f) for f in preflight(tmp_path / "bad.pdf", 3)]
    assert any("C70 M60 Y60 K90" in m and "K only" in m for m in messages), messages
    assert any("C100 M100 Y100 K0" in m and "300 % ink" in m for m in messages), messages
    assert any("image /Im1" in m and "72 ppi" in m for m in messages), messages
    assert any("font /F1" in m and "not embedded" in m for m in messages), messages
    assert any(m.startswith("page 1, /TrimBox: missing") for m in messages), messages
    assert Finding(None, "/ID", "x") != Finding(1, "/ID", "x")


def test_boxes_and_page_count(press):
    p = load_config(SOURCE).print
    assert len(press.pages) % p.signature_pages == 0
    for page in press.pages:
        trim = [float(v) for v in page.obj.TrimBox]
        bleed = [float(v) for v in page.obj.BleedBox]
        assert trim[2] - trim[0] == pytest.approx(p.trim_width_mm * MM, abs=0.01)
        assert bleed == pytest.approx([trim[0] - p.bleed_mm * MM, trim[1] - p.bleed_mm * MM,
                                       trim[2] + p.bleed_mm * MM, trim[3] + p.bleed_mm * MM], abs=0.01)
        assert [float(v) for v in page.obj.MediaBox] == pytest.approx(bleed, abs=0.01), "no crop marks by default"


def test_padding_to_a_signature_adds_blank_pages(built, tmp_path):
    from bookpress.writers.pdf_finish import finish

    config = load_config(SOURCE)
    config = replace(config, print=replace(config.print, signature_pages=16))
    target = tmp_path / "padded.pdf"
    with pikepdf.open(built.outputs["print"]) as before:
        count = len(before.pages)
    added = finish(built.outputs["print"], target, config, "press", None, time.gmtime(0))
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) % 16 == 0 and added == len(pdf.pages) - count > 0
        assert all(not page.obj.Contents.read_bytes().strip() for page in pdf.pages[count:])
        assert all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in pdf.pages[count:])


def test_crop_marks_when_asked_for_are_thin_registration_lines_outside_the_bleed(built, tmp_path):
    from bookpress.writers.pdf_finish import finish

    config = load_config(SOURCE)
    config = replace(config, print=replace(config.print, crop_marks=True))
    target = tmp_path / "marks.pdf"
    finish(built.outputs["print"], target, config, "press", None, time.gmtime(0))
    with pikepdf.open(target) as pdf:
        page = pdf.pages[0]
        bleed = [float(v) for v in page.obj.BleedBox]
        media = [float(v) for v in page.obj.MediaBox]
        assert media[0] < bleed[0] - 5 * MM and media[2] > bleed[2] + 5 * MM
        space = page.obj.Resources.ColorSpace["/BookpressRegistration"]
        assert space[0] == "/Separation" and space[1] == "/All"
        instructions = list(pikepdf.parse_content_stream(page))
        widths = [float(o[0]) for o, op in instructions if str(op) == "w"]
        assert MARK_WIDTH in widths
        points = [(float(o[0]), float(o[1])) for o, op in instructions[-40:] if str(op) in ("m", "l")]
        assert len(points) == 16
        for x, y in points:
            outside = x <= bleed[0] or x >= bleed[2] or y <= bleed[1] or y >= bleed[3]
            assert outside, f"mark point {x:.1f},{y:.1f} inside the bleed"
        assert preflight(target, config.print.bleed_mm) == []


MARK_WIDTH = 0.25


def test_dates_and_identifiers_are_reproducible(tmp_path, monkeypatch):
    """With SOURCE_DATE_EPOCH set, two builds of the press PDF are byte-identical and carry that date (on the
    one-chapter book: same writer, fonts, art and finishing as the real book, a fifth of the layout time)."""
    from bookpress.assemble import assemble
    from bookpress.writers.pdf import write_pdf
    from tests.support.books import make_small_book

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    config = load_config(make_small_book(tmp_path))
    book = assemble(config)
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_pdf(book, config, first, "press")
    write_pdf(book, config, second, "press")
    assert first.read_bytes() == second.read_bytes()
    with pikepdf.open(first) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20231114221320")
        assert str(pdf.docinfo["/ModDate"]) == str(pdf.docinfo["/CreationDate"])
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "2023-11-14T22:13:20" in xmp and "xmpMM:DocumentID" in xmp and "uuid:" in xmp


def test_separations_black_text_on_the_k_plate_only(built, tmp_path):
    """Ghostscript's tiffsep separates a text-only page: ink on the black plate, none on cyan, magenta, yellow."""
    gs = shutil.which("gs")
    assert gs, "Ghostscript (gs) is missing: run ./setup.sh (SYSTEM_PACKAGES has ghostscript)"
    with pikepdf.open(built.outputs["print"]) as pdf:
        number = next(n for n, page in enumerate(pdf.pages, 1) if n > 6 and _text_only(page))
    subprocess.run([gs, "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", "-r50",
                    f"-dFirstPage={number}", f"-dLastPage={number}", f"-sOutputFile={tmp_path}/sep.tif",
                    str(built.outputs["print"])], check=True, capture_output=True, timeout=120)
    ink = {}
    for plate in ("Cyan", "Magenta", "Yellow", "Black"):
        image = Image.open(tmp_path / f"sep({plate}).tif").convert("L")
        ink[plate] = sum(image.histogram()[:250])
    assert ink["Black"] > 1000, ink
    assert ink["Cyan"] == ink["Magenta"] == ink["Yellow"] == 0, f"page {number}: {ink}"


def _text_only(page) -> bool:
    """A page whose text is set in body type only (no callout tint, accent rule or figure)."""
    operators = [(str(op), [str(v) for v in o]) for o, op in pikepdf.parse_content_stream(page)]
    colours = {tuple(o) for op, o in operators if op == "scn"}
    return bool(colours) and all(c[:3] == ("0", "0", "0") for c in colours) and any(op == "TJ" for op, _ in operators)


def test_screen_pdf_is_tagged_rgb_with_language_title_and_links(screen, press):
    assert "/StructTreeRoot" in screen.Root and screen.Root.MarkInfo.Marked
    assert str(screen.Root.Lang) == "nl"
    assert screen.Root.ViewerPreferences.DisplayDocTitle
    assert str(screen.docinfo["/Title"]).startswith("CIO 3.0")
    assert "pdfuaid:part" in screen.Root.Metadata.read_bytes().decode()
    operators = _colour_operators(screen)
    assert not [op for op in operators if op[0] in ("k", "K") or op[1] == ("/DeviceCMYK",)], "screen PDF in RGB"
    links = [a for page in screen.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    assert len(internal) >= 8, "TOC entries and cross-references link inside the document"
    roles = collections.Counter()

    def walk(element, depth=0):
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            roles[str(element.S)] += 1
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        if isinstance(kids, pikepdf.Array):
            for kid in kids:
                walk(kid, depth + 1)
        elif isinstance(kids, pikepdf.Dictionary):
            walk(kids, depth + 1)
    walk(screen.Root.StructTreeRoot)
    assert roles["/H1"] >= 3 and roles["/P"] > 50 and roles["/Figure"] >= 2, roles
    assert len(screen.pages) <= len(press.pages)
    assert [str(v) for v in screen.Root.PageLabels.Nums] == [str(v) for v in press.Root.PageLabels.Nums]


def test_release_refuses_todays_book_naming_every_reason(book, built):
    from bookpress.validate.release import release_blockers

    reasons = release_blockers(book, load_config(SOURCE), built.outputs, built.preflight)
    text = "\n".join(reasons)
    for figure in ("1.1", "1.4", "1.5"):
        assert f"figure {figure} " in text and "placeholder art" in text
    assert "publisher is empty" in text and "isbn.print is empty" in text and "isbn.epub is empty" in text
    assert all(":" in r for r in reasons)


def test_print_styles_use_only_palette_colours():
    """Every colour in styles/print.css is a var(--…) from bookpress/render/palette.py, so both PDF editions get it
    in their colour space (a literal #hex would reach the press PDF as DeviceRGB)."""
    import re

    from bookpress.render.overrides import STYLES

    css = (STYLES / "print.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.findall(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(", css)


def test_screen_pdf_conforms_to_pdf_ua_1(built):
    """An independent PDF/UA-1 validator finds nothing; running heads and folios are artifacts, type-area text is
    tagged content, every figure has its alternative text (helper shared with the small test book)."""
    from ..print.test_screen_tags import check_one_element_per_html_element, check_screen_tags

    check_screen_tags(built.outputs["screen"], load_config(SOURCE).print)
    check_one_element_per_html_element(built.outputs["screen"], SOURCE)
