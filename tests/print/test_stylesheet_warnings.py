"""What WeasyPrint says about the print edition's style sheets reaches the build's warnings (never silent): a book's
``source/styles/print.css`` with a property WeasyPrint does not know. The head's sheets are parsed once per build
(bookpress/writers/pdf._shared_stylesheet), so WeasyPrint says it once, while parsing, not in every layout."""

from __future__ import annotations

import pytest

from tests.support.books import make_small_book


@pytest.mark.weasyprint_warning(r"colr")
@pytest.mark.parametrize("per_part", [True, False])
def test_an_unknown_property_in_the_books_print_css_is_a_warning(tmp_path, per_part):
    from bookpress.assemble import assemble
    from bookpress.config import load_config
    from bookpress.writers.pdf import write_pdfs

    source = make_small_book(tmp_path)
    (source / "styles").mkdir()
    (source / "styles" / "print.css").write_text("/* the book's own */\np { colr: red; }\n", encoding="utf-8")
    config = load_config(source)
    result = write_pdfs(assemble(config), config, {"press": tmp_path / "press.pdf"}, per_part=per_part)
    assert [w for w in result["press"].warnings if "colr" in w and "unknown property" in w], result["press"].warnings
    if per_part:  # the shared sheet's warnings name the book's file and line (a whole-book layout: the HTML's)
        assert [w for w in result["press"].warnings if f"{source / 'styles' / 'print.css'}:2:5" in w], \
            result["press"].warnings
