"""Fonts from book.toml [fonts] (installed font packages only, never a fallback) and per-book overrides of templates
and styles in source/templates/ and source/styles/."""

from __future__ import annotations

import re
import shutil

import pytest

from bookpress.assemble import assemble
from bookpress.config import load_config
from bookpress.errors import BookError
from bookpress.fonts import book_faces, faces_for, installed_faces
from bookpress.render.epub_xhtml import render_epub_css, render_epub_documents
from bookpress.render.overrides import check_font_families
from bookpress.render.print_html import render_print_html

from ..editions.conftest import SOURCE
from .conftest import edit


@pytest.fixture
def source(tmp_path):
    copy = tmp_path / "source"
    shutil.copytree(SOURCE, copy)
    return copy


def _line(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_installed_font_packages_are_found_with_their_faces():
    families = {face.family for face in installed_faces()}
    assert {"Source Serif Pro", "Source Sans Pro"} <= families
    assert all(face.path.suffix == ".ttf" for face in installed_faces())


def test_default_faces_are_todays_set():
    faces = [(f.role, f.file_name) for f in book_faces()]
    assert faces == [("text", "SourceSerifPro-Regular.ttf"), ("text", "SourceSerifPro-It.ttf"),
                     ("text", "SourceSerifPro-Semibold.ttf"), ("text", "SourceSerifPro-SemiboldIt.ttf"),
                     ("display", "SourceSansPro-Regular.ttf"), ("display", "SourceSansPro-It.ttf"),
                     ("display", "SourceSansPro-Semibold.ttf"), ("display", "SourceSansPro-Bold.ttf")]


def test_unknown_font_is_an_error_with_its_book_toml_line(source):
    edit(source / "book.toml", 'text = "Source Serif Pro"', 'text = "Georgia"')
    with pytest.raises(BookError) as caught:
        faces_for(load_config(source))
    error = caught.value
    assert error.path == source / "book.toml" and error.line == _line(source / "book.toml", 'text = "Georgia"')
    assert "'Georgia' is not in any installed font package" in error.message
    assert "Source Sans Pro" in error.hint and "Source Serif Pro" in error.hint


def test_missing_face_of_a_known_family_is_an_error(source):
    edit(source / "book.toml", 'display = "Source Sans Pro"', 'display = "Source Sans Pro"\ndisplay_faces = ["400", "100 italic"]')
    with pytest.raises(BookError) as caught:
        faces_for(load_config(source))
    assert "no 100 italic face" in caught.value.message and caught.value.line == _line(source / "book.toml", "display_faces")


def test_another_installed_family_replaces_the_fonts_in_both_editions(source):
    edit(source / "book.toml", 'display = "Source Sans Pro"', 'display = "Source Serif Pro"\ndisplay_faces = ["400", "600"]')
    config = load_config(source)
    book = assemble(config)
    html = render_print_html(book, config)
    css = render_epub_css(config)
    for text in (html, css):
        assert "Source Sans Pro" not in text and "Book Display" not in text and "Book Text" not in text
        assert 'font-family: "Source Serif Pro"' in text


def test_a_stylesheet_naming_another_font_is_an_error_with_its_line(tmp_path):
    sheet = tmp_path / "print.css"
    sheet.write_text('p { color: red; }\n\nh1 {\n  font: 600 12pt/1.2 "DejaVu Serif", serif;\n}\n', encoding="utf-8")
    with pytest.raises(BookError) as caught:
        check_font_families(sheet.read_text(encoding="utf-8"), sheet)
    assert caught.value.line == 4 and "'DejaVu Serif'" in caught.value.message
    check_font_families('@page { @top-left { font: 8pt "Book Display"; } }\nh1 { font-family: "Book Text", serif; }'
                        '\n@font-face { font-family: "Anything"; }', sheet)
    with pytest.raises(BookError):
        check_font_families('@page { @top-left { font: 8pt Georgia; } }', sheet)


def test_default_styles_name_only_role_families():
    from bookpress.render.overrides import STYLES

    for sheet in STYLES.glob("*.css"):
        check_font_families(sheet.read_text(encoding="utf-8"), sheet)


def test_book_override_stylesheet_with_an_uninstalled_font_fails_the_build_input(source):
    (source / "styles").mkdir()
    (source / "styles" / "print.css").write_text("h2.section { font-family: 'Comic Sans MS'; }\n", encoding="utf-8")
    config = load_config(source)
    with pytest.raises(BookError) as caught:
        render_print_html(assemble(config), config)
    assert caught.value.path == source / "styles" / "print.css" and caught.value.line == 1


def test_override_template_and_styles_take_precedence_in_both_editions(source):
    (source / "templates").mkdir()
    (source / "templates" / "colophon.html.j2").write_text(
        '{% macro colophon(config, labels, own_isbn) %}<p class="own-colophon">Eigen colofon</p>{% endmacro %}\n',
        encoding="utf-8")
    (source / "styles").mkdir()
    (source / "styles" / "print.css").write_text(".own-colophon { color: #c00; }\n", encoding="utf-8")
    (source / "styles" / "epub.css").write_text(".own-colophon { color: #0c0; }\n", encoding="utf-8")
    config = load_config(source)
    book = assemble(config)
    html = render_print_html(book, config)
    assert re.search(r'<p [^>]*class="own-colophon"[^>]*>Eigen colofon</p>', html)
    assert html.index("/* print.css */\n/* Print edition design") < html.index(".own-colophon { color: #c00; }")
    titlepage = next(d for d in render_epub_documents(book, config, "images/cover.jpg") if d.name == "titlepage.xhtml")
    assert '<p class="own-colophon">Eigen colofon</p>' in titlepage.xhtml
    css = render_epub_css(config)
    assert css.index("EPUB edition design") < css.index(".own-colophon { color: #0c0; }")


def test_a_stray_override_file_is_an_error(source):
    (source / "templates" / "print").mkdir(parents=True)
    (source / "templates" / "print" / "boek.html.j2").write_text("x", encoding="utf-8")
    config = load_config(source)
    with pytest.raises(BookError) as caught:
        render_print_html(assemble(config), config)
    assert "replaces no template" in caught.value.message and "print/book.html.j2" in caught.value.hint
    shutil.rmtree(source / "templates")
    (source / "styles").mkdir()
    (source / "styles" / "extra.css").write_text("p {}", encoding="utf-8")
    with pytest.raises(BookError) as caught:
        render_print_html(assemble(config), config)
    assert "belongs to no edition" in caught.value.message


def test_a_fallback_font_in_the_pdf_fails_the_build(tmp_path):
    """An override template with an inline style naming an uninstalled font: the CSS check cannot see it, the PDF
    check must (WeasyPrint would set the text in a system font). On the one-chapter book (the colophon is in every
    book)."""
    from bookpress.build import build
    from tests.support.books import make_small_book

    source = make_small_book(tmp_path)

    (source / "templates").mkdir()
    (source / "templates" / "colophon.html.j2").write_text(
        '{% macro colophon(config, labels, own_isbn) %}<p style="font-family: \'DejaVu Serif\'">Colofon</p>'
        '{% endmacro %}\n', encoding="utf-8")
    with pytest.raises(BookError) as caught:
        build(source, tmp_path / "dist", editions=("print",), epubcheck=False)
    assert "not the book's" in caught.value.message  # whatever system font WeasyPrint fell back to
    assert not (tmp_path / "dist" / "cio-3-0.pdf").exists()
