"""Book → one HTML string for the print edition (``templates/print/book.html.j2`` + ``styles/print.css``).

Figures and fonts are addressed by ``file://`` URL, so WeasyPrint loads them from ``source/`` and the font packages
only; cross-references are in-document anchors (``#fig-…``).
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from bookpress.config import Config
from bookpress.fonts import Face, faces_for
from bookpress.model import Book, Figure
from bookpress.render.environment import environment
from bookpress.render.overrides import STYLES, edition_css, template_overrides
from bookpress.render.page_furniture import furniture
from bookpress.render.print_fonts import print_faces
from bookpress.render.line_breaks import mark_paragraphs
from bookpress.typography.apply import typeset

__all__ = ["STYLES", "font_face_css", "render_print_html"]


def font_face_css(faces: tuple[Face, ...], url_for=lambda face: face.path.as_uri()) -> str:
    """``@font-face`` rules for ``faces`` under their own family names; ``url_for(face)`` gives the ``src`` URL
    (file URI by default)."""
    rules = []
    for face in faces:
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; font-style: {face.style}; '
            f'src: url("{url_for(face)}"); }}'
        )
    return "\n".join(rules)


def render_print_html(book: Book, config: Config) -> str:
    """Return the complete print HTML document (UTF-8 text) for WeasyPrint.

    The book gets the print edition's typography first (:func:`bookpress.typography.apply.typeset`: Dutch
    micro-typography, the hyphenation policy's breaks as soft hyphens); paragraphs are numbered for the total-fit
    line breaker (:func:`bookpress.render.line_breaks.mark_paragraphs`). Raises :class:`BookError` for a bad
    hyphenation exceptions file.
    """
    book = typeset(book, config, soft_hyphens=True)
    env = environment(href=lambda part_id, anchor: f"#{anchor}", overrides=template_overrides(config.source_dir))
    source = config.source_dir.resolve()
    env.globals["figure_src"] = lambda fig: (source / fig.src).as_uri()
    env.globals["figure_style"] = lambda fig: f"width: {fig.width_mm}mm"
    faces = faces_for(config)
    page_css = env.get_template("print/page.css.j2").render(p=config.print, f=furniture(config.print, faces))
    return mark_paragraphs(env.get_template("print/book.html.j2").render(
        book=book, config=config, labels=config.labels,
        font_css=Markup(font_face_css(print_faces(faces))), page_css=Markup(page_css),
        style_css=Markup(edition_css(config.source_dir, config.fonts, "print")),
    ))
