"""EPUB XHTML documents → the fonts they need, remembered in the build cache so only changed documents are laid out.

:func:`bookpress.writers.font_subset.used_text` lays every document out with WeasyPrint to learn which characters
are set in which face — seconds per book. Its answer for one document depends only on that document, the package
files it loads (stylesheet, art) and the code, so it is cached per document under a key of exactly those: after a
one-word edit only the edited document is laid out again, and WeasyPrint is not even imported when no document
changed. The subset fonts depend only on the faces and the characters per face; they are cached under a key of those,
so an edit that brings no new character reuses them.
"""

from __future__ import annotations

import json
import pickle
from typing import Callable

from bookpress import cache
from bookpress.fonts import Face


def used_text_cached(documents: list[str], package: dict[str, bytes],
                     used_text: Callable) -> dict[tuple[str, int, str], set[str]]:
    """Like ``used_text(documents, fetch)`` (same result), laying out only documents not in the active cache.

    ``package`` maps package paths (``styles/epub.css``, ``images/…``) to bytes: all a document may load.
    """
    store = cache.active()
    common = cache.key(cache.code_digest(), *sorted((name, cache.key(data)) for name, data in package.items()))
    keys = [cache.key("used-text", common, document) for document in documents]
    found: dict[tuple[str, int, str], set[str]] = {}
    missing = []
    per_document = {}
    for document, entry in zip(documents, keys):
        stored = store.get("used-text", entry)
        if stored is None:
            missing.append((document, entry))
        else:
            per_document[entry] = stored
    for document, entry in missing:
        used = used_text([document], lambda path: package[path])
        data = json.dumps(sorted([family, weight, style, "".join(sorted(chars))]
                                 for (family, weight, style), chars in used.items())).encode("utf-8")
        store.put("used-text", entry, data)
        per_document[entry] = data
    for entry in keys:
        for family, weight, style, chars in json.loads(per_document[entry]):
            found.setdefault((family, weight, style), set()).update(chars)
    return found


def _subsetter_version() -> str:
    """The HarfBuzz subsetter's version: a new one may write other bytes for the same faces and characters."""
    from importlib.metadata import version

    return version("uharfbuzz")


def subset_faces_cached(faces: tuple[Face, ...], used: dict[tuple[str, int, str], set[str]],
                        subset_faces: Callable) -> list[tuple[Face, bytes]]:
    """Like ``subset_faces(faces, used)`` (same result), from the active cache when faces and characters match."""
    entry = cache.key("subsets", cache.code_digest(), _subsetter_version(),
                      *[(face.family, face.weight, face.style, face.file_name, cache.file_digest(face.path))
                        for face in faces],
                      *sorted((key, "".join(sorted(chars))) for key, chars in used.items()))
    store = cache.active()
    stored = store.get("font-subsets", entry)
    if stored is not None:
        by_name = {face.file_name: face for face in faces}
        return [(by_name[name], data) for name, data in pickle.loads(stored)]
    subsets = subset_faces(faces, used)
    store.put("font-subsets", entry, pickle.dumps([(face.file_name, data) for face, data in subsets]))
    return subsets
