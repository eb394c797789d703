"""Property tests: the importer never crashes, is idempotent and never loses a letter of running text.

"No letter lost": the letters of the output (NFKC-normalised and case-folded, as a multiset: the importer writes
"ij" for the digraph "ĳ" and "fi" for "ﬁ") include every letter of the input, except those of lines removed as page
furniture (running heads, folios — each reported as a change); caption labels ("Figuur 1.3") are kept. The strategy
mixes PDF-extraction artefacts on purpose so that the passes (ligatures, hyphens, page breaks, labels, lists,
captions) actually fire. Inputs that random runs (``HYPOTHESIS_EXPLORE=1``) once found failing are fixed
``@example``s.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bookpress.importer.lexicon import FIGURE_WORDS
from bookpress.importer.pipeline import import_text

TOKENS = ["de", "het", "een", "organisatie", "Uber", "ICT-ma-", "nagers", "be-", "langen", "fl", "exibele", "effi",
          "ciency", "heeft", "daarom", "lift", "en", "behoeft", "e", "Chauff", "eurs", "woning-", "zee-", "egel",
          "euroʼs", "ʻtipping", "pointsʼ", "Peter's", "(via", "3D-", "2014).", "wordt.", "is:", "leren", "Th", "ey",
          "Kanteling", "Centraal", "1960", "2020", "transformatie2", "…", "–", "‘", "’", "-", ",", ".", "?"]
PREFIXES = ["", "", "", " ", "■ ", "1. ", "2. ", "Figuur 1.3 ", "1.1 ", "1 ", "# ", "- ", "<!-- ", "12"]
SUFFIXES = ["", "", " ", "  ", "-", ".", " -->"]

line = st.builds(lambda prefix, words, suffix: prefix + " ".join(words) + suffix,
                 st.sampled_from(PREFIXES), st.lists(st.sampled_from(TOKENS), max_size=14), st.sampled_from(SUFFIXES))
pdf_text = st.lists(st.one_of(line, line, st.just(""), st.text(max_size=30)), max_size=25).map("\n".join)
languages = st.sampled_from(["nl", "en", "de"])
relaxed = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def letters(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return Counter(char for char in text if char.isalpha() and char not in "ʻʼ")  # quote look-alikes


@relaxed
@given(st.text(max_size=400), languages)
def test_no_crash_on_arbitrary_text(raw: str, language: str):
    result = import_text(raw, language)
    assert isinstance(result.markdown, str)


#: Inputs that random runs found (importer run twice changed the text): fixed examples from now on.
FOUND = ["A\n0\n0", "0\n:\n0\r0\x850\nde", "-\nFiguur 1.3 \n■ de", "Ĳ\nzer ĳs", "de ﬁets en het ĳs",
         "woning- en-\nde", "0\na\r0\x850\r0", "a\n\n{\n de.\n\nde",
         "■ (via\n2014).", "■ de\n\x1b\n\nde", "de\n\n(\nde", "■ (via\n…\n2014).",
         "de\n\n)\n\n(via", "a\n\n0\n\nde.\n\nde",
         "de.\n:\n12de.\n:"]


def found(test):
    for raw in FOUND:
        for language in ("nl", "en", "de"):
            test = example(raw, language)(test)
    return test


@relaxed
@given(pdf_text, languages)
@found
def test_idempotent(raw: str, language: str):
    once = import_text(raw, language).markdown
    assert import_text(once, language).markdown == once


@relaxed
@given(st.one_of(pdf_text, st.text(max_size=300)), languages)
@found
def test_no_letter_lost(raw: str, language: str):
    result = import_text(raw, language)
    expected = letters(raw)
    for change in result.changes:
        if change.rule in ("running-head", "folio"):
            expected -= letters(change.before)
    missing = expected - letters(result.markdown)
    assert not missing, f"letters lost: {dict(missing)}"


def test_no_letter_lost_detects_a_dropped_letter():
    """The property is meaningful: dropping one letter from an output is caught by the same comparison."""
    raw = "De fl exibele aanpak van de be-\nlangen.\n"
    output = import_text(raw).markdown
    assert not letters(raw) - letters(output)
    assert letters(raw) - letters(output.replace("flexibele", "fexibele"))


def test_figure_words_are_known_for_every_language():
    assert set(FIGURE_WORDS) == {"nl", "en", "de"}
