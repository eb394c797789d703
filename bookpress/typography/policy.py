"""The book's hyphenation policy: a word → the offsets where a line may end in a hyphen; text → text with U+00AD.

One policy serves both editions (the print edition always gets its breaks as soft hyphens; the EPUB when
``book.toml [epub] hyphenation = "soft-hyphens"``). Layers, strongest first:

1. **Exceptions** (``source/hyphenation.txt``, TeX's ``\\hyphenation`` habit): a word written with hyphens at its
   allowed points breaks only there; a word written without hyphens never breaks. Case-insensitive, exact word.
   Soft hyphens (U+00AD) typed in the source count the same way for that one occurrence.
2. **Minimum letters** (``book.toml [hyphenation]``): no break in words shorter than ``min_word`` letters, at least
   ``min_before`` letters before and ``min_after`` after a break; at least 3 letters beside a typed hyphen.
3. **Rules on evidence** (Dutch):
   - no break right before a vowel with a diaeresis: Dutch spelling drops the trema at such a break
     ("financi-ele", Woordenlijst/Leidraad §9), which a renderer cannot do, so it must not break there;
   - compound seams found with a lexicon (wordfreq's Dutch list): the seam is a break point, points one or two
     letters beside it are dropped ("medewerkers-tevredenheid", never "medewerker-stevredenheid");
   - no break before a consonant cluster that starts no Dutch word ("bench-marking", never "ben-chmarking");
   - no break inside an f-ligature pair (f|f, f|i, f|l): WeasyPrint 70 loses the text of a ligature drawn across
     a soft hyphen (shared NOTES.md), and a ligature split by a break looks wrong anyway.
4. **Patterns**: LibreOffice's ``hyph_nl_NL.dic`` (OpenTaal) through PyHyphen (:mod:`bookpress.hyphenation`);
   phrases in another language use that language's patterns and only layers 1, 2 and the ligature rule.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from bookpress.errors import BookError
from bookpress.hyphenation import break_points

SOFT_HYPHEN = "\u00ad"
#: Letters that carry a diaeresis (trema) in Dutch.
DIAERESIS = set("äëïöüÄËÏÖÜ")
VOWELS = set("aeiouyáéíóúàèìòùâêîôûäëïöü")
#: A seam must leave parts of at least this many letters to be found by the lexicon.
SEAM_PART_MIN = 4
#: Lexicon words count from this Zipf frequency (3.0 = once per million words) upwards.
LEXICON_ZIPF = 3.0
#: Letter runs the transformation hyphenates: letters with an optional inner apostrophe are separate runs.
WORD = re.compile(r"[^\W\d_]+(?:\u00ad[^\W\d_]+)*")


@dataclass(frozen=True)
class Policy:
    """Where words of the book may break.

    ``language`` is the book's primary language subtag ("nl"); ``exceptions`` maps a lower-case word to its
    allowed break offsets (empty tuple: never break). Offsets count characters from the word's start:
    ``points("organisatie") == (2, 4, 6, 8)`` means "or-ga-ni-sa-tie".
    """

    language: str = "nl"
    min_word: int = 6
    min_before: int = 2
    min_after: int = 3
    exceptions: dict[str, tuple[int, ...]] = field(default_factory=dict, hash=False, compare=False)

    def points(self, word: str, language: str | None = None) -> tuple[int, ...]:
        """Allowed break offsets in ``word`` (letters only, no spaces), strongest layer first (see module doc)."""
        language = _primary(language or self.language)
        known = self.exceptions.get(word.lower())
        if known is not None:
            return known
        return _points(word, language, self.min_word, self.min_before, self.min_after)

    def hyphenate(self, text: str, language: str | None = None) -> str:
        """Return ``text`` with a soft hyphen (U+00AD) at every allowed break of every word; nothing else changes.

        Words with digits, all-capital words (acronyms) and words that already contain a soft hyphen are left as
        they are. A letter run next to a typed hyphen keeps at least 3 letters on that side of any break.
        """
        out, last = [], 0
        for match in WORD.finditer(text):
            word = match.group()
            start, end = match.span()
            out.append(text[last:start])
            last = end
            if SOFT_HYPHEN in word or word.isupper() or _touches_digit(text, start, end):
                out.append(word)
                continue
            points = self.points(word, language)
            before_hyphen = start > 0 and text[start - 1] in "-\u2010\u2011"
            after_hyphen = end < len(text) and text[end] in "-\u2010\u2011"
            points = tuple(p for p in points if (not before_hyphen or p >= 3) and
                           (not after_hyphen or len(word) - p >= 3))
            out.append(insert_soft_hyphens(word, points))
        out.append(text[last:])
        return "".join(out)


def insert_soft_hyphens(word: str, points: tuple[int, ...]) -> str:
    """``insert_soft_hyphens("organisatie", (2, 4))`` → ``"or\\xadga\\xadnisatie"``."""
    pieces, last = [], 0
    for point in sorted(points):
        pieces.append(word[last:point])
        last = point
    pieces.append(word[last:])
    return SOFT_HYPHEN.join(pieces)


def _touches_digit(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _primary(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=65536)
def _points(word: str, language: str, min_word: int, min_before: int, min_after: int) -> tuple[int, ...]:
    if len(word) < min_word:
        return ()
    try:
        points = set(break_points(word, language))
    except LookupError:
        return ()
    lower = word.lower()
    if language == "nl":
        for seam in seams(lower):
            points = {p for p in points if abs(p - seam) > 2}
            points.add(seam)
        points = {p for p in points if word[p] not in DIAERESIS and _onset_ok(lower[p:])}
    points = {p for p in points if not (lower[p - 1] == "f" and lower[p] in "fil")}
    return tuple(sorted(p for p in points if min_before <= p <= len(word) - min_after))


# --- lexicon: compound seams and syllable onsets --------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Dutch words (lower case, letters only, ≥ 4 letters) with Zipf frequency ≥ :data:`LEXICON_ZIPF` (wordfreq)."""
    from importlib.metadata import version

    from bookpress.cache import derived_file

    def make() -> bytes:
        from wordfreq import get_frequency_dict

        threshold = 10 ** (LEXICON_ZIPF - 9)
        words = (w for w, f in get_frequency_dict("nl").items()
                 if f >= threshold and len(w) >= SEAM_PART_MIN and w.isalpha() and w.islower())
        return "\n".join(sorted(words)).encode("utf-8")

    # wordfreq unpacks its whole frequency list (~0.4 s); the few thousand words kept are stored once per machine
    name = f"lexicon/nl-wordfreq-{version('wordfreq')}-zipf{LEXICON_ZIPF}-min{SEAM_PART_MIN}-v1.txt"
    return frozenset(derived_file(name, make).decode("utf-8").split("\n")) - {""}


@functools.lru_cache(maxsize=1)
def _onsets() -> frozenset[str]:
    """Consonant clusters that start a Dutch word in the lexicon ("str", "sch", "kn" …)."""
    found = set()
    for word in _lexicon():
        cluster = _leading_consonants(word)
        if cluster and len(cluster) < len(word):
            found.add(cluster)
    return frozenset(found)


def _leading_consonants(text: str) -> str:
    n = 0
    while n < len(text) and text[n].isalpha() and text[n] not in VOWELS:
        n += 1
    return text[:n]


def _onset_ok(rest: str) -> bool:
    cluster = _leading_consonants(rest)
    return len(cluster) < 2 or cluster == rest or cluster in _onsets()


def _is_part(text: str) -> bool:
    return len(text) >= SEAM_PART_MIN and (text in _lexicon())


@functools.lru_cache(maxsize=65536)
def seams(word: str) -> tuple[int, ...]:
    """Compound seams of a lower-case ``word``: offsets where one lexicon word ends and the next begins.

    The split with the fewest parts wins (each part ≥ 4 letters; a linking "s" stays with the left part, as
    in Dutch "medewerkers|tevredenheid"); a word with no such split has no seams. ``seams("thuiszorgorganisatie")``
    → ``(9,)``.
    """
    n = len(word)
    if n < 2 * SEAM_PART_MIN:
        return ()
    # best[i] = (parts, -min part length, cuts) for word[:i] split into lexicon parts
    best: list[tuple[int, int, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0, -n, ())
    for end in range(SEAM_PART_MIN, n + 1):
        for start in range(0, end - SEAM_PART_MIN + 1):
            if best[start] is None:
                continue
            piece = word[start:end]
            if not (_is_part(piece) or (piece.endswith("s") and _is_part(piece[:-1]))):
                continue
            parts, neg_min, cuts = best[start]
            candidate = (parts + 1, max(neg_min, -len(piece)), cuts + ((start,) if start else ()))
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    found = best[n]
    if found is None or found[0] < 2:
        return ()
    return found[2]


# --- the exceptions file ----------------------------------------------------------------------------------------------


def read_exceptions(path: Path) -> dict[str, tuple[int, ...]]:
    """Read an exceptions file: words separated by white space, hyphens at the allowed points, ``%`` comments.

    ``bench-mar-king`` → ``{"benchmarking": (5, 8)}``; ``CIO`` (no hyphen) → ``{"cio": ()}`` (never breaks).
    Raises :class:`BookError` (file, line) for a word with characters other than letters and hyphens, a hyphen at a
    word's edge or doubled, and a word listed twice with different breaks.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BookError("the hyphenation exceptions file is not UTF-8 text", path, hint="save it as UTF-8") from None
    except OSError as error:
        raise BookError(f"cannot read the hyphenation exceptions file: {error.strerror}", path) from None
    found: dict[str, tuple[int, ...]] = {}
    where: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        for entry in line.split("%", 1)[0].split():
            entry = unicodedata.normalize("NFC", entry)
            if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", entry):
                raise BookError(f"'{entry}' is not a word with hyphens at its break points", path, number,
                                hint="write e.g. bench-mar-king (letters and single hyphens only); % starts a comment")
            word = entry.replace("-", "").lower()
            points, offset = [], 0
            for piece in entry.split("-")[:-1]:
                offset += len(piece)
                points.append(offset)
            if word in found and found[word] != tuple(points):
                raise BookError(f"'{word}' is listed twice with different breaks (first on line {where[word]})",
                                path, number, hint="keep one entry per word")
            found[word], where[word] = tuple(points), number
    return found

