"""The total-fit breaker's paragraph decisions → kept between builds (in the build cache and in a ``watch`` process).

:func:`bookpress.render.line_breaks.total_fit` remembers each paragraph's decision (chosen breaks, the texts with
the breaks written in, the spacing variant) under a key of the paragraph's texts, computed font styles, measure,
first-line indent and forbidden breaks. A decision depends on nothing else but the breaker's code and the font files
that measure the words, so the decisions of one build serve the next: after a one-word edit only the edited
paragraph is measured and broken again when its part is laid out.

The memo is stored in the build cache under a key of bookpress's code, WeasyPrint's version and the digests of the
book's font files (a changed font or breaker is a fresh memo), and kept in the process for ``watch``. It grows by
the paragraphs an edit creates; when it holds more than :data:`GROWTH` times the book's paragraphs, it starts
again from this build's decisions.
"""

from __future__ import annotations

import logging
import pickle

from bookpress import cache

log = logging.getLogger("bookpress")

KIND = "paragraphs"
#: The memo is rebuilt from one build's decisions when it holds more than this many times the book's paragraphs.
GROWTH = 3

#: The last memo of this process: (cache entry, memo) — ``watch`` reuses it without reading the cache.
_LAST: tuple[str, dict] | None = None


def entry(font_files: list) -> str:
    """The cache entry name for a book whose fonts are ``font_files`` (paths)."""
    import weasyprint

    fonts = sorted((str(path), cache.file_digest(path)) for path in font_files)
    return cache.key(KIND, cache.code_digest(), weasyprint.__version__, fonts) + ".pickle"


def load(name: str) -> dict:
    """The memo stored under ``name`` (from this process, else the active build cache), or an empty one. A memo
    that cannot be read costs time, never a build."""
    if _LAST is not None and _LAST[0] == name:
        return _LAST[1]
    data = cache.active().get(KIND, name)
    if data is None:
        return {}
    try:
        memo = pickle.loads(data)
    except Exception:  # a damaged entry  # noqa: BLE001
        log.info("paragraph memo in the build cache unreadable; setting every paragraph again")
        return {}
    return memo if isinstance(memo, dict) else {}


def save(name: str, memo: "Recorder", paragraphs: int) -> None:
    """Keep the build's ``memo`` for the next build (stored when it set decisions the stored one lacks, or was cut
    back to the decisions this build used because it held more than :data:`GROWTH` × ``paragraphs``, the book's
    paragraph count)."""
    global _LAST
    kept, changed = dict(memo), memo.changed  # a plain dict (not a Recorder with its bookkeeping)
    if len(kept) > GROWTH * max(paragraphs, 1):
        kept = {key: kept[key] for key in memo.used if key in kept}
        changed = True
    _LAST = (name, kept)
    if changed:
        cache.active().put(KIND, name, pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


class Recorder(dict):
    """The memo a build works with: records the keys it reads or sets (:attr:`used`) and whether it set any."""

    def __init__(self, stored: dict) -> None:
        super().__init__(stored)
        self.used: set = set()
        self.changed = False

    def __contains__(self, key) -> bool:
        found = super().__contains__(key)
        if found:
            self.used.add(key)
        return found

    def __setitem__(self, key, value) -> None:
        self.used.add(key)
        self.changed = True
        super().__setitem__(key, value)
