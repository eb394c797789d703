"""The book's typefaces: Source Serif Pro (text) and Source Sans Pro (display), OFL, installed by pip.

Files come from the PyPI packages ``font-source-serif-pro`` and ``font-source-sans-pro``; nothing depends on fonts
installed on the machine. TrueType (.ttf) files are used because WeasyPrint embeds OpenType-CFF (.otf) as
OpenType streams, which Acrobat Preflight rejects (see shared NOTES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro


@dataclass(frozen=True)
class Face:
    """One font file: CSS ``family``, ``weight`` (100–900) and ``style`` (normal/italic)."""

    family: str
    weight: int
    style: str
    path: Path

    @property
    def file_name(self) -> str:
        """The file's base name, e.g. ``SourceSerifPro-Regular.ttf``."""
        return self.path.name


def _face(module, family: str, stem: str, weight: int, style: str) -> Face:
    path = Path(module.font_directory) / f"{stem}.ttf"
    if not path.is_file():
        raise FileNotFoundError(f"font file {path} is missing; reinstall with: pip install -e .")
    return Face(family, weight, style, path)


def book_faces() -> tuple[Face, ...]:
    """Every face the styles use, in a stable order. Raises ``FileNotFoundError`` if a font package is damaged."""
    serif, sans = font_source_serif_pro, font_source_sans_pro
    return (
        _face(serif, "Source Serif Pro", "SourceSerifPro-Regular", 400, "normal"),
        _face(serif, "Source Serif Pro", "SourceSerifPro-It", 400, "italic"),
        _face(serif, "Source Serif Pro", "SourceSerifPro-Semibold", 600, "normal"),
        _face(serif, "Source Serif Pro", "SourceSerifPro-SemiboldIt", 600, "italic"),
        _face(sans, "Source Sans Pro", "SourceSansPro-Regular", 400, "normal"),
        _face(sans, "Source Sans Pro", "SourceSansPro-It", 400, "italic"),
        _face(sans, "Source Sans Pro", "SourceSansPro-Semibold", 600, "normal"),
        _face(sans, "Source Sans Pro", "SourceSansPro-Bold", 700, "normal"),
    )
