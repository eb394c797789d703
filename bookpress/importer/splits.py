"""Words split by a space the extractor invented → whole words: a ligature fragment standing alone between two
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
"""

from __future__ import annotations

import re

from bookpress.hyphenation import break_points
from bookpress.importer.changes import Edit
from bookpress.importer.lexicon import COMMON, CONFIRMED, KNOWN, Lexicon, Vocabulary

LIGATURES = frozenset({"ff", "fi", "fl", "ffi", "ffl", "ft"})

#: Longest piece considered (longer runs of letters are not words, and pattern look-ups on them are slow).
MAX_WORD = 40

LIGATURE_ALONE = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,%d}) (ffi|ffl|ff|fi|fl|ft) ([^\W\d_]{1,%d})(?![^\W\d_])"
                            % (MAX_WORD, MAX_WORD))
PAIR = re.compile(r"(?<![\w\-’'])([^\W\d_]{2,%d}) ([^\W\d_A-ZÀ-Þ][^\W\d_]{0,%d})(?![\w\-’'])" % (MAX_WORD, MAX_WORD))


def _known(word: str, lexicon: Lexicon, vocabulary: Vocabulary, bar: float = KNOWN) -> bool:
    return vocabulary.count(word) > 0 or lexicon.zipf(word) >= bar


def ligature_alone_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits joining "left LIG right" into one word where that word is known."""
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
    """Edits joining two pieces of a word split by a lost line-end hyphen; uncertain pairs are listed, not joined."""
    lexicon = Lexicon(language)
    edits = []
    position = 0
    while match := PAIR.search(text, position):
        left, right = match.groups()
        position = match.start(2)  # pairs overlap: "a b c" → (a b), (b c)
        if not (left.islower() or left[1:].islower()):
            continue
        joined = left + right
        if not (vocabulary.count(joined) > 0 or lexicon.zipf(joined) >= CONFIRMED):
            continue
        if lexicon.zipf(joined) < max(lexicon.zipf(left), lexicon.zipf(right)) - 1 and not vocabulary.count(joined):
            continue
        if len(left) not in break_points(joined.lower(), language):
            continue
        space = match.start(2) - 1
        if left.lower() in LIGATURES or right in LIGATURES:
            continue  # a ligature fragment: the ligature passes decide
        if lexicon.zipf(left) >= COMMON and lexicon.zipf(right) >= COMMON:
            edits.append(Edit(space, space + 1, " ", "lost-hyphen-kept", False))
        else:
            edits.append(Edit(space, space + 1, "", "lost-hyphen"))
            position = match.end()
    return edits
