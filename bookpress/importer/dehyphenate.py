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
LEFT = re.compile(r"(\w+)$")
RIGHT = re.compile(r"^([^\W\d_]+)")


def decide(left: str, right: str, after: str, language: str, vocabulary: Vocabulary) -> tuple[str, str, bool]:
    """Decide a line-end hyphen between ``left`` (letters/digits before it) and ``right`` (letters after it).

    ``after`` is the character following ``right`` ("" at the end). Returns ``(replacement for "-\\n", rule,
    certain)`` where the replacement is "" (join), "-" (keep) or "- " (elision).
    """
    if not right:
        return "-", "hyphen-kept", True
    if left[-1].isupper() or left[-1].isdigit() or right[0].isupper():
        return "-", "hyphen-kept", True
    if right.lower() in ELISION_WORDS[language] and (after == "" or not after.isalpha()):
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


def hyphen_edits(text: str, language: str, vocabulary: Vocabulary) -> list[Edit]:
    """Edits for every ``letter-\\n`` in ``text`` (raw line boundaries are ``\\n``)."""
    edits = []
    for match in BREAK.finditer(text):
        left_match = LEFT.search(text, 0, match.start())
        right_match = RIGHT.match(text[match.end():])
        left = left_match.group(1) if left_match else ""
        right = right_match.group(1) if right_match else ""
        after_index = match.end() + len(right)
        after = text[after_index] if after_index < len(text) else ""
        replacement, rule, certain = decide(left, right, after, language, vocabulary)
        edits.append(Edit(match.start(), match.end(), replacement, rule, certain))
    return edits
