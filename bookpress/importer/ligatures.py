"""Split ligatures → whole words ("fl exibele" → "flexibele", "effi  ciency" → "efficiency", "Th ey" → "They").

PDF extractors often emit a space after a ligature glyph (fi, fl, ff, ffi, ffl, ft, Th); where the word really
ends there a second space follows ("heeft  daarom"). A join is only considered at such a trigger: a fragment
ending in a ligature, one or two spaces, and a lower-case continuation. Evidence:

- the joined word is known (in the document itself or in the lexicon; with a higher bar when both fragments
  are common words, since wordfreq lists run-together junk like "offthe") → join; when both fragments are common
  words as well ("lift en" / "liften") the join is uncertain, and with two spaces (the word-end signature) the
  text is left untouched and reported for review;
- the joined word is unknown and neither fragment is a common word → join, uncertain (both are debris);
- otherwise the fragments are separate words: two spaces become one.

wordfreq lists ligature debris ("fi", "effi") as words, so a fragment being listed is never evidence for a split.
"""

from __future__ import annotations

import re

from bookpress.importer.changes import Edit
from bookpress.importer.lexicon import COMMON, CONFIRMED, KNOWN, Lexicon, Vocabulary

TRIGGER = re.compile(r"(?<![^\W\d_])([^\W\d_]*(?:ffi|ffl|ff|fi|fl|ft)|Th)( {1,2})([^\W\d_A-ZÀ-ÖØ-Þ][^\W\d_]*)")


def decide(left: str, spaces: str, right: str, language: str, vocabulary: Vocabulary) -> tuple[str, str, bool]:
    """Decide one trigger: ``left`` + ``spaces`` + ``right`` → ``(replacement for the spaces, rule, certain)``."""
    lexicon = Lexicon(language)
    joined = left + right
    both_words = lexicon.common(left) and lexicon.zipf(right) >= COMMON
    known = vocabulary.count(joined) > 0 or lexicon.zipf(joined) >= (CONFIRMED if both_words else KNOWN)
    if known:
        if not both_words:
            return "", "ligature", True
        if len(spaces) == 1:
            return "", "ligature", False
        return spaces, "ligature-kept", False
    if not lexicon.common(left) and lexicon.zipf(right) < COMMON:
        return "", "ligature", False
    return " ", "ligature-space", True


def ligature_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits for every ligature trigger in ``text``."""
    edits = []
    for match in TRIGGER.finditer(text):
        left, spaces, right = match.groups()
        replacement, rule, certain = decide(left, spaces, right, language, vocabulary)
        if replacement != spaces or not certain:
            edits.append(Edit(match.start(2), match.end(2), replacement, rule, certain))
    return edits


def kept_spaces(text: str, language: str, vocabulary: Vocabulary) -> set[int]:
    """Offsets of double spaces that :func:`ligature_edits` deliberately leaves for review."""
    return {match.start(2) for match in TRIGGER.finditer(text)
            if decide(*match.groups(), language, vocabulary)[1] == "ligature-kept"}
