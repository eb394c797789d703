"""A written PDF + the book's faces → an error for any font in the PDF that is not one of the book's faces.

A style or a template that names a font the book does not embed, a character the book's fonts lack, or SVG art
whose text names another family: WeasyPrint then quietly takes a system font (DejaVu Serif on Debian) and the
printed book mixes typefaces. The fonts are read from every page's resources, form XObjects included, with pypdf
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
    from pypdf import PdfReader

    names: set[str] = set()
    seen: set[int] = set()

    def visit(resources) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            ref = getattr(xobject, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
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
