"""A word longer than the measure is broken inside the text block, never set past the page edge."""

from __future__ import annotations

import pypdfium2

from bookpress.cli import main

from .test_catalogue import _text, small_book  # noqa: F401  (fixture)

MM = 72 / 25.4


def test_an_unbreakable_word_stays_inside_the_trim(small_book, capsys):
    word = "x" * 600
    _text(small_book, "gewone tekst", f"gewone {word} tekst")
    status = main(["--source", str(small_book), "--dist", str(small_book.parent / "dist"), "--no-epubcheck",
                   "--edition", "print"])
    assert status == 0, capsys.readouterr().err
    pdf = pypdfium2.PdfDocument(small_book.parent / "dist" / "cio-3-0.pdf")
    seen = 0
    for page in pdf:
        left, bottom, right, top = page.get_trimbox()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1) != "x":
                continue
            x0, y0, x1, y1 = text.get_charbox(index)
            assert left - 0.1 <= x0 and x1 <= right + 0.1, f"'x' at {x0 / MM:.1f}–{x1 / MM:.1f} mm runs off the trim"
            seen += 1
    assert seen >= 600
