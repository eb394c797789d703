"""Hyphenation points from LibreOffice's patterns through PyHyphen, offline.

PyHyphen downloads dictionaries on first use by default. We never let it: :func:`hyphenator` registers the
``hyph_<locale>.dic`` pattern file that pyphen ships (the same patterns WeasyPrint hyphenates with) in a private
PyHyphen dictionary directory, so ``hyphen.Hyphenator`` finds it installed and makes no network request.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path

import pyphen
from hyphen import Hyphenator

#: Language code (BCP 47, as in book.toml) → pattern locale in pyphen's dictionary folder.
LOCALES = {"nl": "nl_NL", "en": "en_US", "de": "de_DE"}


def pattern_file(language: str) -> Path:
    """Return the path of pyphen's pattern file for ``language`` ("nl", "en", "de" or a locale such as "nl_NL").

    Raises ``LookupError`` when pyphen ships no patterns for it.
    """
    locale = LOCALES.get(language, language)
    found = pyphen.LANGUAGES.get(locale)
    if not found or not Path(str(found)).exists():
        raise LookupError(f"no hyphenation patterns for {language!r}; pyphen ships e.g. nl_NL, en_US, de_DE")
    path = Path(str(found))
    return path


@functools.lru_cache(maxsize=None)
def hyphenator(language: str = "nl") -> Hyphenator:
    """Return a PyHyphen ``Hyphenator`` for ``language`` that uses pyphen's local pattern file (no download).

    Shape: ``hyphenator("nl").syllables("organisatie")`` → ``['or', 'ga', 'ni', 'sa', 'tie']``.
    Raises ``LookupError`` for a language without patterns.
    """
    locale = LOCALES.get(language, language)
    source = pattern_file(language)
    with tempfile.TemporaryDirectory(prefix="bookpress-hyphen-") as directory:
        # dictools joins the directory with "file"; an absolute path wins, so the pattern file is used in place.
        # The patterns are loaded when the Hyphenator is made, so the registry folder can go right after.
        (Path(directory) / "dictionaries.json").write_text(
            json.dumps({locale: {"file": str(source), "url": "local:pyphen"}}), encoding="utf-8"
        )
        return Hyphenator(locale, directory=directory)


#: Longest word PyHyphen hyphenates (it raises ``ValueError`` beyond 100 characters).
MAX_WORD = 100


def break_points(word: str, language: str = "nl") -> list[int]:
    """Return the character offsets inside ``word`` where the patterns allow a line-end hyphen.

    ``break_points("organisatie")`` → ``[2, 4, 6, 8]``. Words shorter than 4 letters have none, and so have words
    longer than :data:`MAX_WORD` characters (PyHyphen refuses them with ``ValueError``; such a "word" — a URL, a hash —
    is broken at the line end by ``overflow-wrap`` instead).
    """
    if len(word) > MAX_WORD:
        return []
    syllables = hyphenator(language).syllables(word)
    if "".join(syllables).lower() != word.lower():
        return []
    points, offset = [], 0
    for part in syllables[:-1]:
        offset += len(part)
        points.append(offset)
    return points
