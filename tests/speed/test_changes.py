"""The change report (bookpress.changes): pages changed in text or rendering, moved pages, page count, EPUB entries.
PDFs are laid out by WeasyPrint from tiny HTML books whose pages are known."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from bookpress import cache
from bookpress.changes import compare_epub, compare_print

PAGE_CSS = ("@page { size: 100mm 100mm; margin: 20mm; @bottom-center { content: counter(page) } "
            "@top-center { content: 'Running head' } } section { break-after: page }")


def book(tmp_path: Path, name: str, pages: list[str], style: str = "") -> Path:
    import weasyprint

    html = f"<html><head><style>{PAGE_CSS}{style}</style></head><body>" + "".join(
        f"<section><p>{text}</p></section>" for text in pages) + "</body></html>"
    target = tmp_path / f"{name}.pdf"
    weasyprint.HTML(string=html).write_pdf(target)
    return target


PAGES = [f"Pagina {word} met eigen tekst." for word in ("een", "twee", "drie", "vier", "vijf")]


def compare(old, new):
    return compare_print(old, new, margin_top_mm=20, margin_bottom_mm=20)


def test_same_book_has_no_changes(tmp_path):
    report = compare(book(tmp_path, "a", PAGES), book(tmp_path, "b", PAGES))
    assert report.changed == () and report.pages == report.previous_pages == 5
    assert not report.page_count_changed


def test_edited_page_is_changed_in_text(tmp_path):
    edited = PAGES[:1] + ["Pagina twee, verbeterd."] + PAGES[2:]
    report = compare(book(tmp_path, "a", PAGES), book(tmp_path, "b", edited))
    assert [(c.page, c.what) for c in report.changed] == [(2, "text")]


def test_restyled_page_is_changed_in_rendering(tmp_path):
    report = compare(book(tmp_path, "a", PAGES),
                     book(tmp_path, "b", PAGES, style="section:nth-child(3) p { color: #c00 }"))
    assert [(c.page, c.what) for c in report.changed] == [(3, "rendering")]


def test_inserted_page_moves_the_following_pages(tmp_path):
    longer = PAGES[:1] + ["Een nieuwe pagina."] + PAGES[1:]
    report = compare(book(tmp_path, "a", PAGES), book(tmp_path, "b", longer))
    assert report.page_count_changed and (report.previous_pages, report.pages) == (5, 6)
    assert [(c.page, c.what, c.moved_from) for c in report.changed] == [
        (2, "text", None), (3, "moved", 2), (4, "moved", 3), (5, "moved", 4), (6, "moved", 5)]


def test_removed_pages_are_listed(tmp_path):
    report = compare(book(tmp_path, "a", PAGES), book(tmp_path, "b", PAGES[:3]))
    assert report.removed == (4, 5) and report.changed == ()


def test_first_build_has_nothing_to_compare(tmp_path):
    report = compare(None, book(tmp_path, "a", PAGES))
    assert report.previous_pages is None and report.pages == 5


def test_report_text_and_json(tmp_path):
    from bookpress.changes import ChangeReport

    longer = PAGES[:1] + ["Een nieuwe pagina."] + PAGES[1:]
    report = ChangeReport(print=compare(book(tmp_path, "a", PAGES), book(tmp_path, "b", longer)))
    assert report.text() == "print: 5 → 6 pages; changed p. 2; moved p. 2–5 → 3–6"
    data = json.loads(report.to_json())
    assert data["print"]["page_count_changed"] is True and data["epub"] is None
    assert data["print"]["changed"][1] == {"page": 3, "label": "3", "what": "moved", "moved_from": 2}


def test_signatures_come_from_the_cache_the_second_time(tmp_path, monkeypatch):
    old, new = book(tmp_path, "a", PAGES), book(tmp_path, "b", PAGES)
    with cache.activate(cache.Cache(tmp_path / "cache")) as active:
        compare(old, new)
        import pypdf

        monkeypatch.setattr(pypdf, "PdfReader", None)  # reading a PDF again would fail
        assert compare(old, new).changed == ()
        assert "pages" in active.hits


def epub(tmp_path: Path, name: str, entries: dict[str, str]) -> Path:
    target = tmp_path / name
    with zipfile.ZipFile(target, "w") as archive:
        for entry, text in entries.items():
            archive.writestr(entry, text)
    return target


def test_epub_documents_changed_added_removed(tmp_path):
    old = epub(tmp_path, "a.epub", {"mimetype": "application/epub+zip", "EPUB/text/ch-1.xhtml": "een",
                                    "EPUB/text/ch-2.xhtml": "twee", "EPUB/text/old.xhtml": "weg"})
    new = epub(tmp_path, "b.epub", {"mimetype": "application/epub+zip", "EPUB/text/ch-1.xhtml": "een",
                                    "EPUB/text/ch-2.xhtml": "twee!", "EPUB/text/ch-3.xhtml": "drie"})
    report = compare_epub(old, new)
    assert (report.changed, report.added, report.removed) == (
        ("EPUB/text/ch-2.xhtml",), ("EPUB/text/ch-3.xhtml",), ("EPUB/text/old.xhtml",))

