"""Fidelity: the text extracted from the PDF (pypdf) and from the EPUB is the text of source/ — every word, in order,
each as often as in the source: nothing lost, nothing added or repeated (a callout title printed twice fails) — and
none of the raw extract's artefacts.

Generated text is allowed in addition: numbers (chapter, section, figure and page numbers) and the book's own labels
for chapters, figures and missing art (``book.toml [labels]``). Anything else the editions show must come from the
model (:func:`source_text`): a new block type adds its text there.
"""

from __future__ import annotations

import difflib
import re

import pytest

from bookpress.config import load_config
from bookpress.model import Callout, Figure, Heading, ListBlock, Paragraph, Quote, plain_text

from .conftest import NS, SOURCE

ARTEFACTS = ["fl exib", "fi nanc", "effi  c", "heeft  ", "■", "ʼ", "ʻ", "transformatie2",
             "Het verschil maken bij digitale transformatie2"]


def words(text: str) -> list[str]:
    """Comparable words, case kept: a line-end hyphen added by hyphenation (extracted as U+00AD) joins the halves
    and disappears; a typed hyphen (U+002D) stays inside its word ("ICT-managers"), also at a line end; soft hyphens
    inside EPUB words go. Any other hyphen character (U+2010 …) stays in the text and breaks the comparison, so
    a typed hyphen extracting as U+2010, or a hyphenation hyphen extracting as a typed one, fails the tests."""
    text = re.sub(r"\u00ad\s*\n\s*", "", text)        # hyphenation break: halves join, the hyphen goes
    text = re.sub(r"-\s*\n\s*", "-", text)             # typed hyphen at a line end: the word keeps it
    text = re.sub(r"(?<=\d)[-\u2013](?=\d)", "", text)   # "2008-2010" becomes "2008–2010" (micro-typography)
    text = text.replace("\u00ad", "")
    return re.findall(r"\w+(?:[-\u2010\u2011]\w+)*", text)


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
                if block.placeholder:  # the missing-art box shows the description
                    yield block.alt
                yield plain_text(block.caption)
    return "\n".join(plain_text(p.title) + "\n" + "\n".join(blocks(p.blocks)) for p in book.parts)


def generated_words(labels) -> set[str]:
    """Words the editions may add to the source text: the labels for chapters, figures and missing art."""
    return {w.casefold() for label in (labels.chapter, labels.figure, labels.placeholder) for w in words(label)}


def assert_same_text(expected: list[str], actual: list[str], edition: str, generated: set[str]) -> None:
    """``actual`` must be ``expected`` word for word (case-insensitive), in order and with the same counts, except
    for inserted numbers and ``generated`` words. Raises AssertionError listing what was lost and what was added."""
    exp, act = [w.casefold() for w in expected], [w.casefold() for w in actual]
    problems = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, exp, act, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        lost = expected[i1:i2]
        added = [w for w in actual[j1:j2] if not (w.isdigit() or w.casefold() in generated)]
        if lost or added:
            context = " ".join(expected[max(0, i1 - 6):i1])
            problems.append(f"after …{context}…: " + "; ".join(
                part for part in (f"lost {' '.join(lost)!r}" if lost else "",
                                  f"added {' '.join(added)!r}" if added else "") if part))
    assert not problems, f"{edition} text differs from source/ in {len(problems)} place(s):\n  " + "\n  ".join(
        problems[:15])


@pytest.fixture(scope="module")
def pdf_text(pdf_zones, book) -> str:
    """The text blocks of the pages from the first part opener on (not the title pages and the TOC), without
    running heads and folios (they interrupt words split over pages)."""
    bodies = [" ".join(zone["body"].split()) for zone in pdf_zones]
    first_title = " ".join(words(plain_text(book.parts[0].title)))
    toc = next(i for i, body in enumerate(bodies) if body.startswith(book_labels(book).contents))
    start = next(i for i in range(toc + 1, len(bodies)) if " ".join(words(bodies[i])).startswith(first_title))
    return "\n".join(zone["body"] for zone in pdf_zones[start:])


def book_labels(book):
    """The labels of ``book.toml`` (chapter, figure, placeholder …) the editions print."""
    return load_config(SOURCE).labels


@pytest.fixture(scope="module")
def epub_text(epub, book) -> str:
    """The text of the part documents (not the cover, title page and navigation), in reading order."""
    bodies = [epub.document(f"text/{part.id}.xhtml").find("x:body", NS) for part in book.parts]
    for body in bodies:  # inline SVG art carries its own labels (the print edition's art is an image)
        for svg in body.findall(".//{http://www.w3.org/2000/svg}svg"):
            svg.clear(keep_tail=True)
    return "\n".join("".join(body.itertext()) for body in bodies)


def test_pdf_text_is_the_source_text(book, pdf_text):
    assert_same_text(words(source_text(book)), words(pdf_text), "PDF", generated_words(book_labels(book)))


def test_epub_text_is_the_source_text(book, epub_text):
    assert_same_text(words(source_text(book)), words(epub_text), "EPUB", generated_words(book_labels(book)))


@pytest.mark.parametrize("pattern", ARTEFACTS)
def test_no_artefacts_in_either_edition(pattern, pdf_text, epub_text):
    assert pattern not in epub_text
    if "  " not in pattern:  # a PDF has no space characters to double: pypdf writes wide justified gaps as "  "
        assert pattern not in pdf_text


def test_typed_and_hyphenation_hyphens_extract_differently(pdf_text):
    """A typed hyphen extracts as U+002D (searching for "ICT-managers" finds it); a hyphen added by hyphenation
    extracts as U+00AD at a line end only (PDF 32000-1 §14.8.2.2.3), never as U+2010 or a typed hyphen."""
    flat = re.sub(r"\s+", " ", pdf_text)
    assert "ICT-managers" in flat.replace("-\n", "-")
    assert "\u2010" not in pdf_text
    soft = re.findall(r"\u00ad([\s\S])", pdf_text + " ")
    assert len(soft) > 20, "hyphenation seems off"
    assert set(soft) == {"\n"}, "a hyphenation hyphen in mid-line"


def test_words_keep_typed_hyphens_and_drop_hyphenation():
    assert words("ICT-\nmanagers ver\u00ad\nschuiven") == ["ICT-managers", "verschuiven"]
    assert words("ICT\u2010managers") != words("ICT-managers")


@pytest.mark.parametrize("damage", ["drop", "add", "repeat", "swap"])
def test_the_comparison_fails_on_lost_added_repeated_or_moved_words(book, damage):
    expected = words(source_text(book))
    generated = generated_words(book_labels(book))
    actual = {"drop": expected[:100] + expected[101:],
              "add": expected[:100] + ["ongevraagd"] + expected[100:],
              "repeat": expected[:100] + expected[95:100] + expected[100:],
              "swap": expected[:100] + [expected[101], expected[100]] + expected[102:]}[damage]
    with pytest.raises(AssertionError):
        assert_same_text(expected, actual, "test", generated)


def test_the_comparison_allows_numbers_and_labels(book):
    expected = words(source_text(book))
    actual = ["Hoofdstuk", "1"] + expected[:50] + ["Figuur", "1", "2"] + expected[50:]
    assert_same_text(expected, actual, "test", generated_words(book_labels(book)))
