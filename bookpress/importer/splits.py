"""Words split by a space the extractor invented → whole words, and the reverse: a ligature fragment standing alone between two
spaces ("veri fi catie" → "verificatie", "e ff ect" → "effect") and a line-end hyphen lost with its line break
("voorzienin gen" → "voorzieningen", "strate gie" → "strategie").

Evidence (the rules are general; nothing is listed per word):

- *ligature alone*: a token that is exactly a ligature (ff, fi, fl, ffi, ffl, ft) with letters on both sides;
  joined when the three pieces make a word known to the document or the lexicon (wordfreq lists "fi" and "ff"
  as words, so the fragment itself is no evidence).
- *lost hyphen*: two adjacent lower-case-continued pieces whose join is a known word (in the document or at
  least :data:`~bookpress.importer.lexicon.CONFIRMED` Zipf in the lexicon) with a hyphenation-pattern break point
  where the space was, and at least one piece that is not a common word ("voorzienin"). When both pieces are common
  words ("gemeen te") the text stays as it is and the pair is listed as uncertain: concatenating two real words gives
  another "word" too often for a join without a trigger.
- *hyphen dropped*: an extractor that joins a line-end hyphen itself also removes typed hyphens there
  ("so-called" → "socalled"). An unknown word whose hyphenated form occurs elsewhere in the document gets its
  hyphen back.
- *hyphen swallowed before a capital*: poppler's pdftotext (default mode) removes a line-end hyphen, also a typed
  one before a capitalised word ("Phishing-Angriff" → "PhishingAngriff", "IT-Fachleute" → "ITFachleute"). A word
  not known to the lexicon and found only once in the document, with a capital after a lower-case letter (or after
  an acronym of two or more capitals) inside it, gets the hyphen back there when the part after it is a known word
  and the part before is a known word or the acronym (reported as uncertain).
- *space dropped*: a justified line can lose a space ("siteand"): an unknown word, not found elsewhere in the
  document, that is a known word followed or preceded by one of the language's most frequent words of three or
  more letters ("and", "the", "und", "het" …, Zipf ≥ :data:`FUNCTION_WORD`) is split there.
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate

from bookpress.hyphenation import break_points
from bookpress.importer.changes import Edit
from bookpress.importer.lexicon import CLOSED_COMPOUNDS, COMMON, CONFIRMED, KNOWN, Lexicon, Vocabulary

LIGATURES = frozenset({"ff", "fi", "fl", "ffi", "ffl", "ft"})

#: Longest piece considered (longer runs of letters are not words, and pattern look-ups on them are slow).
MAX_WORD = 40

ALONE = re.compile(r" (?:ffi|ffl|ff|fi|fl|ft) ")
LIGATURE_ALONE = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,%d}) (ffi|ffl|ff|fi|fl|ft) ([^\W\d_]{1,%d})(?![^\W\d_])"
                            % (MAX_WORD, MAX_WORD))


def _known(word: str, lexicon: Lexicon, vocabulary: Vocabulary, bar: float = KNOWN) -> bool:
    return vocabulary.count(word) > 0 or lexicon.zipf(word) >= bar


def ligature_alone_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits joining "left LIG right" into one word where that word is known."""
    if not ALONE.search(text):
        return []
    lexicon = Lexicon(language)
    edits = []
    for match in LIGATURE_ALONE.finditer(text):
        left, ligature, right = match.groups()
        if not right[0].islower():
            continue
        if _known(left + ligature + right, lexicon, vocabulary):
            edits.append(Edit(match.start(1) + len(left), match.start(3), ligature, "ligature-alone"))
    return edits


def lost_hyphen_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits joining two pieces of a word split by a lost line-end hyphen; uncertain pairs are listed, not joined.

    Linear time: the text is split at single spaces, and only neighbours whose join is a known word (one set
    look-up each) are looked at further.
    """
    lexicon = Lexicon(language)
    known, counts = _known_words(language), vocabulary.counts
    parts = text.split(" ")
    candidates = [index for index, (left, right) in enumerate(zip(parts, parts[1:]))
                  if left and right and ((joined := (left + right.rstrip(TRAILING)).lower()) in known or joined in counts)]
    if not candidates:
        return []
    starts = [0, *accumulate(len(part) + 1 for part in parts)]
    edits = []
    joined_last = -2
    for index in candidates:
        left, right_part = parts[index], parts[index + 1]
        right_match = RIGHT.match(right_part)
        if index == joined_last + 1 or right_match is None:
            continue
        right = right_match.group()
        if not _letters(left, right) or right_part[len(right):len(right) + 1] in ("-", "’", "'") and \
                len(right_part) > len(right) + 1:
            continue
        joined = left + right
        if lexicon.zipf(joined) < max(lexicon.zipf(left), lexicon.zipf(right)) - 1 and not vocabulary.count(joined):
            continue
        if left.lower() in LIGATURES or right in LIGATURES:
            continue  # a ligature fragment: the ligature passes decide
        if len(left) not in break_points(joined.lower(), language):
            continue
        space = starts[index + 1] - 1
        if lexicon.zipf(left) >= COMMON and lexicon.zipf(right) >= COMMON:
            edits.append(Edit(space, space + 1, " ", "lost-hyphen-kept", False))
        else:
            edits.append(Edit(space, space + 1, "", "lost-hyphen"))
            joined_last = index
    return edits


#: Punctuation that may follow the right-hand piece ("strate gie.").
TRAILING = ".,;:!?)]’”'\"…"
RIGHT = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=None)
def _known_words(language: str) -> frozenset[str]:
    """The lexicon's words of at least :data:`~bookpress.importer.lexicon.CONFIRMED` Zipf (built once)."""
    bar = 10 ** (CONFIRMED - 9)  # Zipf → frequency per word
    return frozenset(word for word, frequency in Lexicon(language).frequencies().items() if frequency >= bar)


def _letters(left: str, right: str) -> bool:
    """Both pieces are plain words a lost hyphen can split: letters only, the right one lower case, the left one
    not all capitals, neither longer than :data:`MAX_WORD`."""
    return (2 <= len(left) <= MAX_WORD and 1 <= len(right) <= MAX_WORD and left.isalpha() and right.isalpha()
            and right[0].islower() and (left.islower() or left[1:].islower()))


#: Zipf from which a word of three or more letters counts as a function word for :func:`lost_space_edits`.
FUNCTION_WORD = 5.5
#: Longest function word in a language with closed compounds (see :func:`_function_words`).
CLOSED_FUNCTION_LENGTH = 4


@functools.lru_cache(maxsize=None)
def _function_words(language: str) -> frozenset[str]:
    """Frequent words a lost space may have glued to a neighbour. In a language that writes compounds closed (Dutch,
    German) only short ones (articles, conjunctions, short prepositions: at most :data:`CLOSED_FUNCTION_LENGTH`
    letters): longer frequent words are compound parts ("Deutschland" + "ticket", "wachtwoord" + "gebruik")."""
    bar = 10 ** (FUNCTION_WORD - 9)
    longest = CLOSED_FUNCTION_LENGTH if CLOSED_COMPOUNDS[language] else MAX_WORD
    return frozenset(word for word, frequency in Lexicon(language).frequencies().items()
                     if frequency >= bar and 3 <= len(word) <= longest and word.isalpha())


def dropped_hyphen_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits that give an unknown word back the hyphen it has elsewhere in the document ("socalled" → "so-called")."""
    hyphenated = vocabulary.hyphenated()
    if not hyphenated:
        return []
    lexicon = Lexicon(language)
    edits = []
    for match in WORD_TOKEN.finditer(text):
        word = match.group()
        found = hyphenated.get(word.lower())
        if found and lexicon.zipf(word) < CONFIRMED and len(found) == len(word) + 1:
            position = found.index("-")
            edits.append(Edit(match.start() + position, match.start() + position, "-", "hyphen-restored"))
    return edits


def lost_space_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits that split an unknown word into a known word and a function word ("siteand" → "site and")."""
    lexicon = Lexicon(language)
    function_words = _function_words(language)
    frequencies = lexicon.frequencies()
    edits = []
    for match in WORD_TOKEN.finditer(text):
        word = match.group()
        lower = word.lower()
        if len(word) < 6 or len(word) > MAX_WORD or lower in frequencies or vocabulary.count(word) > 1 \
                or not word[1:].islower():
            continue
        splits = [cut for cut in range(3, len(word) - 2)
                  if (lower[:cut] in function_words and lexicon.zipf(lower[cut:]) >= COMMON)
                  or (lower[cut:] in function_words and lexicon.zipf(lower[:cut]) >= COMMON)]
        if len(splits) == 1:
            edits.append(Edit(match.start() + splits[0], match.start() + splits[0], " ", "space-restored"))
    return edits


#: A capital inside a word after a lower-case letter ("PhishingAngriff") or after an acronym ("ITFachleute").
INNER_CAPITAL = re.compile(r"(?<=[^\W\d_])(?=[A-ZÀ-ÞĀ-Ž][a-zß-ÿā-ž])")


def swallowed_hyphen_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits that put back a hyphen swallowed before a capital inside an unknown word ("ITFachleute" →
    "IT-Fachleute"; see the module docstring)."""
    lexicon = Lexicon(language)
    hyphenated = vocabulary.hyphenated()  # those get their hyphen from :func:`dropped_hyphen_edits`
    edits = []
    for match in WORD_TOKEN.finditer(text):
        word = match.group()
        if len(word) < 5 or len(word) > MAX_WORD or word.lower() in lexicon.frequencies() \
                or vocabulary.count(word) > 1 or word.lower() in hyphenated:
            continue
        cuts = [cut.start() for cut in INNER_CAPITAL.finditer(word) if 2 <= cut.start() <= len(word) - 3]
        if len(cuts) != 1:
            continue
        left, right = word[:cuts[0]], word[cuts[0]:]
        acronym = left.isupper() and len(left) <= 5
        if not (acronym or left[1:].islower()) or (left.isupper() and not acronym):
            continue
        if lexicon.zipf(right) >= KNOWN and (acronym or lexicon.zipf(left) >= KNOWN):
            edits.append(Edit(match.start() + cuts[0], match.start() + cuts[0], "-", "hyphen-restored", False))
    return edits


WORD_TOKEN = re.compile(r"(?<![\w\-’'])[^\W\d_]+(?![\w\-’'])")
