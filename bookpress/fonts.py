"""``book.toml [fonts]`` → the book's font faces (files), from installed font packages; CSS → the families it names.

A font package is a Python distribution that registers its TrueType files under the ``fonts_ttf`` entry-point
group (the "Python Fonts" packaging used by ``font-source-serif-pro``, ``font-source-sans-pro``, ``font-lato`` …,
https://github.com/pimoroni/fonts-python); each file's family, weight and style are read from its ``name`` and
``OS/2`` tables with fontTools (OpenType spec: name IDs 1/16, ``usWeightClass``, ``fsSelection`` bit 0). Nothing
depends on fonts installed on the machine. TrueType (.ttf) files are used because WeasyPrint embeds OpenType-CFF
(.otf) as OpenType streams, which Acrobat Preflight rejects (see shared NOTES.md).

Styles never name a font: they use the role families ``"Book Text"`` and ``"Book Display"``, which the renderers
replace by the families chosen in ``book.toml`` (:func:`bookpress.render.overrides.edition_css`); the
``@font-face`` rules declare the chosen faces under their own names — the same faces for print and EPUB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

from bookpress.errors import BookError

#: Role → the CSS family name styles use for it.
ROLE_FAMILIES = {"text": "Book Text", "display": "Book Display"}
#: CSS generic families (CSS Fonts 4 §4.1.1): allowed after a role family in a ``font-family`` list.
GENERIC_FAMILIES = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji",
                    "fangsong", "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "inherit", "initial",
                    "unset", "revert"}


@dataclass(frozen=True)
class Face:
    """One font file: ``family`` as the font names itself, ``weight`` (100–900), ``style`` (normal/italic);
    ``role`` is ``text`` or ``display`` for a book face (empty for an installed face not chosen)."""

    family: str
    weight: int
    style: str
    path: Path
    role: str = ""

    @property
    def file_name(self) -> str:
        """The file's base name, e.g. ``SourceSerifPro-Regular.ttf``."""
        return self.path.name



@lru_cache(maxsize=1)
def installed_faces() -> tuple[Face, ...]:
    """Every TrueType face of every installed font package, sorted by family, weight, style.

    Raises ``OSError`` if a package lists a file that is missing (a damaged install: reinstall the package).
    """
    from fontTools.ttLib import TTFont

    faces = []
    for entry in entry_points(group="fonts_ttf"):
        files = entry.load()
        for path in sorted(set(files.values() if isinstance(files, dict) else files)):
            path = Path(path)
            if path.suffix.lower() != ".ttf":
                continue
            with TTFont(path, lazy=True) as font:
                family = font["name"].getBestFamilyName()
                weight = font["OS/2"].usWeightClass
                italic = bool(font["OS/2"].fsSelection & 1)
            faces.append(Face(family, weight, "italic" if italic else "normal", path))
    return tuple(sorted(set(faces), key=lambda f: (f.family, f.weight, f.style, f.path.name)))


_FACE = re.compile(r"^\s*([1-9]00)\s*(italic)?\s*$")


def parse_face(spec: str) -> tuple[int, str]:
    """``"600 italic"`` → ``(600, "italic")``; ``"400"`` → ``(400, "normal")``. Raises ``ValueError``."""
    match = _FACE.match(spec)
    if not match:
        raise ValueError(f"{spec!r} is not a face such as \"400\" or \"600 italic\"")
    return int(match.group(1)), match.group(2) or "normal"


class _FontChoiceError(Exception):
    def __init__(self, key: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.key, self.message, self.hint = key, message, hint


def _resolve(fonts) -> tuple[Face, ...]:
    installed = installed_faces()
    families = sorted({f.family for f in installed})
    chosen = []
    for role in ("text", "display"):
        family = getattr(fonts, role)
        own = [f for f in installed if f.family == family]
        if not own:
            near = [name for name in families if name.lower() == family.lower()]
            raise _FontChoiceError(f"fonts.{role}", f"font '{family}' is not in any installed font package", (
                f"did you mean '{near[0]}'? " if near else "") + f"installed: {', '.join(families)}; to use "
                "another, add its font package (a pip package with fonts_ttf entry points) to pyproject.toml")
        for spec in getattr(fonts, f"{role}_faces"):
            try:
                weight, style = parse_face(spec)
            except ValueError as error:
                raise _FontChoiceError(f"fonts.{role}_faces", str(error), 'write e.g. ["400", "400 italic", "600"]')
            face = next((f for f in own if f.weight == weight and f.style == style), None)
            if face is None:
                have = ", ".join(f'"{f.weight}{" italic" if f.style == "italic" else ""}"' for f in own)
                raise _FontChoiceError(f"fonts.{role}_faces", f"font '{family}' has no {weight} {style} face",
                                       f"{family} has: {have}")
            chosen.append(Face(face.family, weight, style, face.path, role))
    return tuple(chosen)


def book_faces(fonts=None) -> tuple[Face, ...]:
    """The faces of ``fonts`` (a :class:`bookpress.config.Fonts`; default: the built-in choice), text then display.

    Raises :class:`BookError` for a family that no installed font package has, or a face (weight/style) the family
    lacks — never a silent fallback font. :func:`faces_for` gives the same with ``book.toml:line``.
    """
    if fonts is None:
        from bookpress.config import Fonts

        fonts = Fonts()
    try:
        return _resolve(fonts)
    except _FontChoiceError as error:
        raise BookError(f"'{error.key}': {error.message}", hint=error.hint) from None


def faces_for(config) -> tuple[Face, ...]:
    """:func:`book_faces` for a :class:`bookpress.config.Config`; errors name ``book.toml`` and the key's line."""
    from bookpress.config import line_of

    try:
        return _resolve(config.fonts)
    except _FontChoiceError as error:
        raise BookError(f"'{error.key}': {error.message}", config.config_path, line_of(config, error.key),
                        hint=error.hint) from None
