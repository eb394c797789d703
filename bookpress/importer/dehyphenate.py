"""Line-end hyphens → joined words, kept hyphens or elision hyphens ("be-|langen" → "belangen",
"ICT-ma-|nagers" → "ICT-managers", "woning-|en" → "woning- en").

Evidence, strongest first: a capital or digit before the hyphen or a capital after it (ICT-, 3D-, Noord-Holland:
keep); an elision word after it ("en", "of" …: keep with a space); the document itself (the joined or the
hyphenated form occurring elsewhere); the lexicon knowing the joined word; a Dutch vowel clash ("zee-egel",
"mee-ontwikkelen": keep, see the Woordenlijst rule on klinkerbotsing); two common words whose join is rare
(join at a pattern break point in languages with closed compounds, nl/de; keep in English: "well-known";
uncertain either way); the language's hyphenation patterns allowing a break there (join). Otherwise join, marked uncertain.
"""

from __future__ import annotations

import re

from bookpress.hyphenation import break_points
from bookpress.importer.changes import Edit
from bookpress.importer.lexicon import (CLOSED_COMPOUNDS, CONFIRMED, ELISION_WORDS, KNOWN, VOWEL_CLASHES, Lexicon,
                                        Vocabulary)

BREAK = re.compile(r"(?<=\w)-\n(?=\S)")
#: A line-end hyphen flattened into the line with its space: "organi- satie" (an extractor that joins lines).
FLATTENED = re.compile(r"(?<=[^\W\d_])- +(?=[^\W\d_])")
#: A hyphen inside a word: "informa-tie" (line end lost, hyphen kept) or a real one ("e-mail", "ICT-afdeling").
INLINE = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)(?![\w-])")
#: Letters looked at on each side of a hyphen: a longer run is no word (and would make every look-up slow).
MAX_WORD = 64
RIGHT = re.compile(r"[^\W\d_]{1,%d}" % MAX_WORD)


def _left_word(text: str, end: int) -> str:
    """The letters/digits right before ``end`` (at most :data:`MAX_WORD`)."""
    start = end
    while start > 0 and end - start < MAX_WORD and text[start - 1].isalnum():
        start -= 1
    return text[start:end]


def _right_word(text: str, start: int) -> str:
    """The letters right after ``start`` (at most :data:`MAX_WORD`)."""
    match = RIGHT.match(text, start)
    return match.group() if match else ""


def decide(left: str, right: str, after: str, language: str, vocabulary: Vocabulary) -> tuple[str, str, bool]:
    """Decide a line-end hyphen between ``left`` (letters/digits before it) and ``right`` (letters after it).

    ``after`` is the character following ``right`` ("" at the end). Returns ``(replacement for "-\\n", rule,
    certain)`` where the replacement is "" (join), "-" (keep) or "- " (elision).
    """
    if not right:
        return "-", "hyphen-kept", True
    if left[-1].isupper() or left[-1].isdigit() or right[0].isupper():
        return "-", "hyphen-kept", True
    if right.lower() in ELISION_WORDS[language] and (after == "" or not after.isalpha()) and len(left) >= 3:
        return "- ", "hyphen-elision", True
    joined, hyphenated = left + right, f"{left}-{right}"
    in_doc_joined, in_doc_hyphenated = vocabulary.count(joined), vocabulary.count(hyphenated)
    if in_doc_joined > in_doc_hyphenated:
        return "", "hyphen-joined", True
    if in_doc_hyphenated > in_doc_joined:
        return "-", "hyphen-kept", True
    lexicon = Lexicon(language)
    both_words = lexicon.common(left) and lexicon.common(right)
    if lexicon.zipf(joined) >= (CONFIRMED if both_words else KNOWN):
        return "", "hyphen-joined", True
    if (left[-1] + right[0]).lower() in VOWEL_CLASHES[language]:
        return "-", "hyphen-kept", False
    at_break = len(left) in break_points(joined.lower(), language)
    if both_words:
        joins = at_break and CLOSED_COMPOUNDS[language]
        return ("", "hyphen-joined", False) if joins else ("-", "hyphen-kept", False)
    if at_break:
        return "", "hyphen-joined", True
    return "", "hyphen-joined", False


def inline_join(left: str, right: str, language: str, vocabulary: Vocabulary) -> bool:
    """True when the hyphen in ``left-right`` (inside a line) is a line-end hyphen whose line break was lost.

    Needs strong evidence, since real hyphenated words look the same: both pieces of 3/2+ lower-case letters, the
    joined word known (in the document more often than the hyphenated form, or in the lexicon with the hyphenated
    form unknown), not both pieces common words, no Dutch vowel clash, and a hyphenation-pattern break point at
    the hyphen ("informa-tie", "rappor-tage"; never "e-mail", "zee-egel", "ICT-afdeling").
    """
    if len(left) < 3 or len(right) < 2 or not (left.islower() and right.islower()):
        return False
    joined, hyphenated = left + right, f"{left}-{right}"
    if vocabulary.count(hyphenated) > max(vocabulary.count(joined), 1):
        return False
    lexicon = Lexicon(language)
    if lexicon.zipf(hyphenated) >= lexicon.zipf(joined) or lexicon.zipf(joined) < CONFIRMED and not vocabulary.count(joined):
        return False
    if lexicon.common(left) and lexicon.common(right):
        return False
    if (left[-1] + right[0]) in VOWEL_CLASHES[language]:
        return False
    return len(left) in break_points(joined, language)


def inline_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits for hyphens flattened into a line: "organi- satie" (decided like a line-end hyphen) and
    "informa-tie" (joined only on the evidence of :func:`inline_join`)."""
    edits = []
    for match in FLATTENED.finditer(text):
        left, right = _left_word(text, match.start()), _right_word(text, match.end())
        if len(left) >= MAX_WORD or len(right) >= MAX_WORD:
            continue
        after_index = match.end() + len(right)
        after = text[after_index] if after_index < len(text) else ""
        replacement, rule, certain = decide(left, right, after, language, vocabulary)
        edits.append(Edit(match.start(), match.end(), replacement, rule.replace("hyphen", "hyphen-inline"), certain))
    for match in INLINE.finditer(text):
        left, right = match.groups()
        if len(left) < MAX_WORD and len(right) < MAX_WORD and inline_join(left, right, language, vocabulary):
            edits.append(Edit(match.start() + len(left), match.start() + len(left) + 1, "", "hyphen-inline-joined"))
    return edits


def hyphen_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits for every ``letter-\\n`` in ``text`` (raw line boundaries are ``\\n``)."""
    edits = []
    for match in BREAK.finditer(text):
        left, right = _left_word(text, match.start()), _right_word(text, match.end())
        if len(left) >= MAX_WORD or len(right) >= MAX_WORD:  # no word: keep the hyphen, say so
            edits.append(Edit(match.start(), match.end(), "-", "hyphen-kept", False))
            continue
        after_index = match.end() + len(right)
        after = text[after_index] if after_index < len(text) else ""
        replacement, rule, certain = decide(left, right, after, language, vocabulary)
        edits.append(Edit(match.start(), match.end(), replacement, rule, certain))
    return edits
