"""A written PDF + the book's faces → an error for any font in the PDF that is not one of the book's faces.

A style or a template that names a font the book does not embed, a character the book's fonts lack, or SVG art
whose text names another family: WeasyPrint then quietly takes a system font (DejaVu Serif on Debian) and the
printed book mixes typefaces. The fonts are read from every page's resources, form XObjects included, with pikepdf
(PDF 32000-1 §9.6–9.7: ``/BaseFont``, with a six-letter subset tag ``ABCDEF+``).
"""

from __future__ import annotations

from pathlib import Path

from bookpress.errors import BookError
from bookpress.fonts import Face


def _squash(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def pdf_font_names(path: Path) -> set[str]:
    """The ``/BaseFont`` names (subset tag removed) of every font used on any page of the PDF at ``path``."""
    import pikepdf

    names: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def visit(resources) -> None:
        if not isinstance(resources, pikepdf.Dictionary):
            return
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            base = str(font.get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
            if xobject.is_indirect:
                if xobject.objgen in seen:
                    continue
                seen.add(xobject.objgen)
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            visit(page.obj.get("/Resources"))
    return names


def check_pdf_fonts(path: Path, faces: tuple[Face, ...], edition: str = "print") -> None:
    """Raise :class:`BookError` when the PDF at ``path`` uses a font whose name is not one of the families of
    ``faces`` (WeasyPrint names a font ``Family-Style``, e.g. ``Source-Serif-Pro-Italic``)."""
    families = {_squash(face.family) for face in faces}
    foreign = sorted(name for name in pdf_font_names(path) if not any(_squash(name).startswith(f) for f in families))
    if foreign:
        raise BookError(f"the {edition} PDF uses font(s) that are not the book's: {', '.join(foreign)}", path.name,
                        hint="a style, template or SVG figure names a font that book.toml [fonts] does not choose, "
                             "or a character is missing from the book's fonts; use \"Book Text\"/\"Book Display\" "
                             "in styles and the book's families in art")
