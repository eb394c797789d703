"""Evidence about words: the language's lexicon (wordfreq), the document's own vocabulary, language settings.

``Lexicon("nl").zipf("behoefte")`` → 4.62 (Zipf scale: log10 of occurrences per billion words; 0 = unknown).
wordfreq's lists contain ligature debris ("fi", "effi"), so a fragment being listed is never evidence by itself;
the passes only ask whether a *joined* word is known and whether *both* fragments are common words.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from bookpress.errors import BookError

#: Words that follow an elision hyphen ("woning- en arbeidsmarkt"), per language.
ELISION_WORDS = {
    "nl": frozenset({"en", "of", "tot", "noch", "als"}),
    "en": frozenset({"and", "or", "to", "nor"}),
    "de": frozenset({"und", "oder", "bis", "sowie", "wie"}),
}

#: The word that starts a figure caption ("Figuur 1.3 …"), per language.
FIGURE_WORDS = {"nl": ("Figuur", "Fig."), "en": ("Figure", "Fig."), "de": ("Abbildung", "Abb.")}

#: Dutch spelling (Woordenlijst, "klinkerbotsing"): a hyphen separates vowels that would read as one sound.
VOWEL_CLASHES = {
    "nl": frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ij", "oe", "oi", "oo", "ou", "ui", "uu", "ao",
                     "eo", "io", "ea", "oa"}),
    "en": frozenset(),
    "de": frozenset(),
}

#: Whether compounds are normally written closed ("verdienvermogen", "Schiffahrt") rather than hyphenated
#: ("well-known"): decides a line-end hyphen between two common words whose join is rare.
CLOSED_COMPOUNDS = {"nl": True, "en": False, "de": True}

LANGUAGES = tuple(ELISION_WORDS)

#: Zipf frequency from which a joined word counts as known.
KNOWN = 1.5
#: Zipf frequency from which a fragment counts as a common word in its own right.
COMMON = 3.0
#: Zipf frequency a join of two common words needs: wordfreq lists run-together junk ("offthe") near 1.5.
CONFIRMED = 2.5

WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")


def check_language(language: str) -> str:
    """Return ``language`` when supported ("nl", "en", "de"); raise :class:`BookError` otherwise."""
    if language not in LANGUAGES:
        raise BookError(f"language {language!r} is not supported by the importer",
                        hint=f"use --lang with one of: {', '.join(LANGUAGES)}")
    return language


@functools.lru_cache(maxsize=None)
def _frequencies(language: str) -> dict[str, float]:
    import wordfreq

    return wordfreq.get_frequency_dict(language, wordlist="best")


@dataclass(frozen=True)
class Lexicon:
    """wordfreq's word list for ``language`` (loaded once per process, about 0.2 s)."""

    language: str

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` as one list entry (case-insensitive); 0.0 when unknown."""
        frequency = _frequencies(self.language).get(word.lower(), 0.0)
        return round(math.log10(frequency * 1e9), 2) if frequency > 0 else 0.0

    def frequencies(self) -> dict[str, float]:
        """The whole list: lower-case word → frequency per word of text (Zipf = log10(frequency × 10⁹))."""
        return _frequencies(self.language)

    def known(self, word: str) -> bool:
        """True when ``word`` is listed with at least :data:`KNOWN` Zipf."""
        return self.zipf(word) >= KNOWN

    def common(self, word: str) -> bool:
        """True when ``word`` is a common word on its own (3+ letters, :data:`COMMON` Zipf)."""
        return len(word) >= 3 and self.zipf(word) >= COMMON


class Vocabulary:
    """How often each word (lower-cased, hyphenated compounds whole) occurs in the document itself."""

    def __init__(self, text: str) -> None:
        self._hyphenated: dict[str, str] | None = None
        self.counts: Counter[str] = Counter(WORD.findall(text.lower().replace("'", "’")))
        for token in [token for token in self.counts if "-" in token]:
            for part in token.split("-"):
                if part:
                    self.counts[part] += self.counts[token]

    def hyphenated(self) -> dict[str, str]:
        """Each hyphenated word of the document (one hyphen, letters on both sides), keyed by its form without the
        hyphen: ``{"socalled": "so-called"}``; computed once."""
        if self._hyphenated is None:
            self._hyphenated = {token.replace("-", ""): token for token in self.counts
                                if token.count("-") == 1 and not token.startswith("-") and not token.endswith("-")}
        return self._hyphenated

    def count(self, word: str) -> int:
        """Occurrences of ``word`` (case-insensitive) as a whole token in the document."""
        return self.counts.get(word.lower(), 0)
