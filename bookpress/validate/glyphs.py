"""Assembled book + the book's fonts → refusal of any character the fonts cannot draw, with file:line.

Without this check a renderer silently draws such a character with whatever system font the machine has (a ★, a
Hebrew word, ☺, CJK): the PDF then differs per machine and the EPUB shows a box or another face. Every character of
the book's text must be in the character map (``cmap``, OpenType spec "cmap — Character to Glyph Index Mapping
Table") of the regular face of every family the book uses; fontTools reads the tables.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from pathlib import Path

from bookpress.errors import BookError
from bookpress.model import Book, Figure, Text

#: Characters no glyph is drawn for: line breaks and spaces the renderer lays out itself, soft hyphen (a break
#: opportunity), zero-width space / non-joiner / joiner, word joiner.
NOT_DRAWN = frozenset("\n\t \u00ad\u200b\u200c\u200d\u2060")


@functools.lru_cache(maxsize=None)
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def covered_characters(faces) -> frozenset[int]:
    """Code points drawn by the regular (400, normal) face of every family in ``faces`` (a sequence of
    :class:`bookpress.fonts.Face`): the intersection over families."""
    regular = {}
    for face in faces:
        if face.style == "normal" and (face.family not in regular or face.weight == 400):
            regular[face.family] = face.path
    sets = [_cmap(path) for path in regular.values()]
    return frozenset.intersection(*sets) if sets else frozenset()


def _texts(node, line: int):
    """Yield ``(text, line)`` for every piece of book text under ``node`` (model dataclasses and tuples)."""
    if isinstance(node, tuple):
        for child in node:
            yield from _texts(child, line)
        return
    if not dataclasses.is_dataclass(node):
        return
    line = getattr(node, "line", line) or line
    if isinstance(node, Text):
        yield node.text, line
        return
    if isinstance(node, Figure) and node.alt:
        yield node.alt, line
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple) or dataclasses.is_dataclass(value):
            yield from _texts(value, line)


def describe(char: str) -> str:
    """``'★'`` → ``"'★' (U+2605 BLACK STAR)"``."""
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"


def check_glyphs(book: Book, faces, extra: dict[str, Path | str] | None = None) -> None:
    """Raise :class:`BookError` at the first character of ``book`` (or of ``extra``: text → file, e.g. metadata
    from book.toml) that the regular faces of ``faces`` do not cover, naming file, line and the character."""
    covered = covered_characters(faces)
    families = ", ".join(sorted({face.family for face in faces}))
    hint = (f"the book's fonts ({families}) have no glyph for it: type another character, or spell it out "
            "(e.g. 'ij' for 'ĳ')")
    for part in book.parts:
        for text, line in _texts((part.title, part.blocks), 1):
            for char in text:
                if char not in NOT_DRAWN and ord(char) not in covered:
                    raise BookError(f"character {describe(char)} cannot be drawn", part.source, line, hint=hint)
    for text, where in (extra or {}).items():
        for char in text:
            if char not in NOT_DRAWN and ord(char) not in covered:
                raise BookError(f"character {describe(char)} in {text[:40]!r} cannot be drawn", where, hint=hint)
