"""L033 spaced-ligature, L034 missing-ligature, L035 lost-hyphen, L036 split-drop-cap: words that PDF extraction
broke apart or robbed of letters → findings.

- L033: a ligature fragment with a space on both sides, "veri fi catie", "e ff ect": reported when the three
  pieces joined are a word of the book's language.
- L034: a word that is unknown, but becomes a common word when a ligature's letters (ff, fi, fl, ffi, ffl, ft) are
  put back somewhere in it: "eect" → "effect", "proteert" → "profiteert" (the extractor dropped the glyph).
- L035: a word split by a lost line-end hyphen, "voorzienin gen": the two pieces joined are a word, the join falls
  on a hyphenation point of the language's patterns, and at least one piece is not a word by itself ("gemeen te"
  is left alone: two real words join into another word too often).
- L036: a drop cap left apart from its word at the start of a paragraph, "D e gemeente".

Word knowledge is wordfreq's list for the book's language (offline); "a word" means at least :data:`WORD` Zipf.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator

import wordfreq

from bookpress.hyphenation import break_points
from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding

#: Zipf from which a joined or restored form counts as a word of the language.
WORD = 3.0
#: Zipf below which a piece is not a word by itself (wordfreq lists debris such as "strate" near 1.7).
PIECE = 3.0
#: Longest word looked at (longer runs are no words, and trying every insertion would cost quadratic time).
MAX_WORD = 30
LIGATURES = ("ffi", "ffl", "ff", "fi", "fl", "ft")

_SPACED = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,30}) (ffi|ffl|ff|fi|fl|ft) ([^\W\d_]{1,30})(?![^\W\d_])")
_WORD = re.compile(r"(?<![\w\-’'])[^\W\d_]+(?![\w\-’'])")
_PAIR = re.compile(r"(?<![\w\-’'])([^\W\d_]{2,30}) ([^\W\d_]{1,30})(?![\w\-’'])")
_DROP_CAP = re.compile(r"^([^\W\d_a-zß-ÿ]) ([^\W\d_A-ZÀ-Þ][^\W\d_]{0,29})(?![\w-])")


@functools.lru_cache(maxsize=None)
def _frequencies(language: str) -> dict[str, float]:
    return wordfreq.get_frequency_dict(language, wordlist="best")


def zipf(word: str, language: str) -> float:
    """Zipf frequency of ``word`` (case-insensitive) in ``language``; 0.0 when unknown."""
    frequency = _frequencies(language).get(word.lower(), 0.0)
    return math.log10(frequency * 1e9) if frequency > 0 else 0.0


def _prose(book: Book) -> Iterator[tuple[object, int, str]]:
    for document in book.documents:
        for number, line in enumerate(document.prose, start=1):
            yield document, number, line


def find_spaced_ligatures(book: Book) -> Iterator[Finding]:
    """Yield an L033 finding for every "left LIG right" whose joined form is a word."""
    for document, line, text in _prose(book):
        for match in _SPACED.finditer(text):
            left, ligature, right = match.groups()
            if right[0].islower() and zipf(left + ligature + right, book.language) >= WORD:
                yield finding(document.path, line, match.start() + 1, "L033", "spaced-ligature",
                              f"ligature split off on both sides \"{match.group()}\": write \"{left}{ligature}{right}\"")


@functools.lru_cache(maxsize=65536)
def restored(word: str, language: str) -> str | None:
    """The common word that ``word`` becomes with a ligature's letters put back ("eect" → "effect"), or None when
    ``word`` is itself known, too short or long, or no single insertion gives a word of at least :data:`WORD` Zipf."""
    if not 3 <= len(word) <= MAX_WORD or zipf(word, language) > 0:
        return None
    best, best_zipf = None, WORD
    for position in range(1, len(word)):
        for ligature in LIGATURES:
            candidate = word[:position] + ligature + word[position:]
            if (found := zipf(candidate, language)) >= best_zipf:
                best, best_zipf = candidate, found
    return best


def find_missing_ligatures(book: Book) -> Iterator[Finding]:
    """Yield an L034 finding for every unknown word that a restored ligature makes a common word."""
    for document, line, text in _prose(book):
        for match in _WORD.finditer(text):
            word = match.group()
            if word[1:].islower() and (fixed := restored(word, book.language)):
                yield finding(document.path, line, match.start() + 1, "L034", "missing-ligature",
                              f"\"{word}\" is no word, \"{fixed}\" is: the PDF's ligature glyph was lost; "
                              "check the original and retype the word")


def find_lost_hyphens(book: Book) -> Iterator[Finding]:
    """Yield an L035 finding for every pair of pieces split by a lost line-end hyphen."""
    language = book.language
    for document, line, text in _prose(book):
        position = 0
        while match := _PAIR.search(text, position):
            position = match.start(2)
            left, right = match.groups()
            if not right[0].islower() or not (left.islower() or left[1:].islower()):
                continue
            joined = left + right
            if zipf(joined, language) < WORD or min(zipf(left, language), zipf(right, language)) >= PIECE:
                continue
            if left.lower() in LIGATURES or right in LIGATURES:
                continue  # L001/L033 report ligature fragments
            if len(left) in break_points(joined.lower(), language):
                yield finding(document.path, line, match.start() + 1, "L035", "lost-hyphen",
                              f"word split by a lost line-end hyphen \"{match.group()}\": write \"{joined}\"")


def find_split_drop_caps(book: Book) -> Iterator[Finding]:
    """Yield an L036 finding for a paragraph that starts with a letter split off its word ("D e gemeente")."""
    for document, line, text in _prose(book):
        previous = document.prose[line - 2] if line > 1 else ""
        if previous.strip() and not previous.lstrip().startswith(("#", "{", ":::")):
            continue  # not the first line of a paragraph
        match = _DROP_CAP.match(text)
        if match and zipf(match.group(1) + match.group(2), book.language) > zipf(match.group(2), book.language) \
                and zipf(match.group(1) + match.group(2), book.language) >= WORD:
            yield finding(document.path, line, 1, "L036", "split-drop-cap",
                          f"drop cap split from its word \"{match.group()}\": write "
                          f"\"{match.group(1)}{match.group(2)}\"")
