"""Contents and running heads with titles too long for one line (a copy of source/ with longer titles)."""

from __future__ import annotations

import ctypes
import re
import shutil

import pytest

from bookpress.build import build
from bookpress.config import load_config
from bookpress.proof.checks import check
from bookpress.proof.lines import read_pages
from bookpress.proof.report import geometry

from tests.support.books import make_small_book

from .conftest import SOURCE

LONG_SECTION = "Inleiding: een bijzonder lange sectietitel die zeker over twee regels in de inhoudsopgave loopt"
LONG_CHAPTER = " en wat er daarna allemaal gebeurt met de organisaties in Nederland"


@pytest.fixture(scope="module")
def long_book(tmp_path_factory):
    """A one-chapter book whose chapter is the real chapter's first two sections (three pages: running heads on the
    later ones) under a long chapter title and a long first section title; print edition only."""
    folder = tmp_path_factory.mktemp("long")
    text = (SOURCE / "hoofdstuk-01.md").read_text(encoding="utf-8")
    text = text[:text.index("\n::: ", text.index("## Kanteling"))] + "\n"  # up to the first callout box
    text = re.sub(r"^# (.*)$", lambda m: "# " + m.group(1) + LONG_CHAPTER, text, count=1, flags=re.M)
    text = re.sub(r"^## Inleiding$", "## " + LONG_SECTION, text, count=1, flags=re.M)
    source = make_small_book(folder, text)
    shutil.rmtree(source / "figures")
    shutil.copytree(SOURCE / "figures", source / "figures")
    result = build(source, folder / "dist", ("print",), epubcheck=False)
    return source, result.outputs["print"]


def toc_chars(pdf):
    """(char, left, right, baseline rounded, font name) of the contents page, in pt."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(pdf))
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        if textpage.get_text_range().lstrip().startswith("Inhoud"):
            out = []
            buffer = ctypes.create_string_buffer(128)
            flags = ctypes.c_int()
            x, y = ctypes.c_double(), ctypes.c_double()
            for i in range(textpage.count_chars()):
                if raw.FPDFText_IsGenerated(textpage.raw, i):
                    continue
                box = textpage.get_charbox(i, loose=True)
                raw.FPDFText_GetFontInfo(textpage.raw, i, buffer, 128, flags)
                raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                out.append((textpage.get_text_range(i, 1), box[0], box[2], round(y.value),
                            buffer.value.decode("latin-1")))
            return out
    raise AssertionError("no contents page")


def test_long_entry_wraps_ragged_with_a_hanging_indent(long_book):
    chars = toc_chars(long_book[1])
    lines: dict[float, list] = {}
    for char in chars:
        lines.setdefault(char[3], []).append(char)
    texts = {y: "".join(c[0] for c in line) for y, line in lines.items()}
    first = next(y for y, t in texts.items() if t.startswith("1.1Inleiding") or t.startswith("1.1 Inleiding"))
    second = max(y for y in texts if y < first)
    assert "inhoudsopgave" in texts[second]            # the entry wraps onto a second line …
    text_left = next(c[1] for c in lines[first] if c[0] == "I")
    assert min(c[1] for c in lines[second]) == pytest.approx(text_left, abs=0.5)  # … aligned past the number
    ends = [max(c[2] for c in line) for y, line in lines.items() if re.search(r"\d$", texts[y].strip())
            and ". ." in texts[y]]
    assert max(ends) - min(ends) < 0.6, "page numbers are not flush right"


def test_leaders_and_page_numbers_in_one_face(long_book):
    chars = toc_chars(long_book[1])
    fonts = set()
    lines: dict[float, list] = {}
    for char in chars:
        lines.setdefault(char[3], []).append(char)
    for line in lines.values():
        text = "".join(c[0] for c in line)
        if ". ." not in text:
            continue
        tail = line[text.index(". .") + 1:]
        fonts |= {c[4] for c in tail if c[0].strip()}
    assert len(fonts) == 1, fonts


def test_long_running_head_stays_on_one_line_and_is_reported(long_book):
    source, pdf = long_book
    config = load_config(source)
    pages = read_pages(pdf)
    findings = [f for f in check(pages, geometry(config)) if f.kind == "running-head"]
    assert findings, "a cut running head must be reported"
    top = (config.print.trim_height_mm - config.print.margin_top_mm) * 72 / 25.4
    for page in pages:
        assert len({round(l.baseline) for l in page.lines if l.baseline > top + 2}) <= 1, page.number
