"""A word → how common it is in the book's language (wordfreq's Zipf scale), cached; offline.

Zipf scale: 0 = unknown, 3 = about once per million words, 6 = once per thousand. wordfreq ships its word lists
inside the package, so no download happens.
"""

from __future__ import annotations

import functools

from wordfreq import zipf_frequency

#: At or above this a word counts as known (a real word of the language, not a fragment).
KNOWN = 3.0


@functools.lru_cache(maxsize=65536)
def zipf(word: str, language: str) -> float:
    """Return the Zipf frequency (0–8, 0 = unknown) of ``word`` (matched case-insensitively) in ``language``.

    ``language`` is a BCP 47 code as in ``book.toml`` (``"nl"``). Raises ``LookupError`` when wordfreq has no
    list for the language.
    """
    return zipf_frequency(word.lower(), language)

