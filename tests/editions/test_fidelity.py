"""Fidelity: the text extracted from the PDF (pypdf) and from the EPUB contains every word of source/, in order,
and none of the raw extract's artefacts."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from bookpress.model import Callout, Figure, Heading, ListBlock, Paragraph, Quote, plain_text

ARTEFACTS = ["fl exib", "fi nanc", "effi  c", "heeft  ", "■", "ʼ", "ʻ", "transformatie2",
             "Het verschil maken bij digitale transformatie2"]


def words(text: str) -> list[str]:
    """Comparable words: line-end hyphenation undone, hyphens and punctuation dropped, case kept."""
    text = re.sub(r"[-\u2010]\s*\n\s*", "", text)   # a break after a hyphen (auto U+2010 or real) joins halves
    text = re.sub(r"(?<=\d)\u2013(?=\d)", "", text)   # "2008–2010": micro-typography's en dash for a typed range
    text = re.sub(r"[\u00ad\u2010\u2011-]", "", text)
    return re.findall(r"\w+", text)


def source_text(book) -> str:
    def blocks(items):
        for block in items:
            if isinstance(block, (Paragraph, Heading)):
                yield plain_text(block.inlines)
            elif isinstance(block, Callout):
                yield plain_text(block.title)
                yield from blocks(block.blocks)
            elif isinstance(block, Quote):
                yield from blocks(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    yield from blocks(item)
            elif isinstance(block, Figure):
                yield plain_text(block.caption)
    return "\n".join(plain_text(p.title) + "\n" + "\n".join(blocks(p.blocks)) for p in book.parts)


def assert_in_order(expected: list[str], actual: list[str], edition: str) -> None:
    position = 0
    for index, word in enumerate(expected):
        try:
            position = actual.index(word, position) + 1
        except ValueError:
            context = " ".join(expected[max(0, index - 8):index + 3])
            raise AssertionError(f"{edition}: word {word!r} missing or out of order near: …{context}…") from None


@pytest.fixture(scope="module")
def pdf_text(pdf_zones) -> str:
    """The text blocks of all pages, without running heads and folios (they interrupt words split over pages)."""
    return "\n".join(zone["body"] for zone in pdf_zones)


@pytest.fixture(scope="module")
def epub_text(epub) -> str:
    return "\n".join("".join(root.itertext()) for _, root in epub.spine_documents())


def test_pdf_contains_every_source_word_in_order(book, pdf_text):
    assert_in_order(words(source_text(book)), words(pdf_text), "PDF")


def test_epub_contains_every_source_word_in_order(book, epub_text):
    assert_in_order(words(source_text(book)), words(epub_text), "EPUB")


@pytest.mark.parametrize("pattern", ARTEFACTS)
def test_no_artefacts_in_either_edition(pattern, pdf_text, epub_text):
    assert pattern not in epub_text
    if "  " not in pattern:  # a PDF has no space characters to double: pypdf writes wide justified gaps as "  "
        assert pattern not in pdf_text


def test_the_order_check_can_fail(book):
    expected = words(source_text(book))
    damaged = expected[:100] + expected[101:]
    with pytest.raises(AssertionError):
        assert_in_order(expected, damaged, "test")
