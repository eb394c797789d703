"""Book → one HTML string for a PDF edition (``templates/print/book.html.j2`` + ``styles/print.css``).

Two PDF editions share this layout, so their pages, folios and page labels are the same:

- ``press``: for the printer — trim + bleed, every colour CMYK (``device-cmyk()``; SVG art converted, see
  :mod:`bookpress.render.press_art`; raster art as CMYK JPEG, :mod:`bookpress.render.press_raster`), the
  output profile as ``@color-profile device-cmyk`` (WeasyPrint's source of the PDF/X output intent);
- ``screen``: for reading on screens — trim size only, sRGB colours (tagged as PDF/UA by the writer).

Figures and fonts are addressed by ``file://`` (or, for converted SVG press art, ``data:``) URL, so WeasyPrint
loads them from ``source/``, the converted-art folder and the font folders only; cross-references are in-document
anchors (``#fig-…``).
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
from bookpress.render.palette import palette_css
from bookpress.typography.apply import typeset

__all__ = ["DEFAULT_PROFILE", "PDF_EDITIONS", "STYLES", "font_face_css", "output_profile", "render_print_html"]

PROFILES = Path(__file__).resolve().parents[1] / "profiles"
#: the bundled press profile (see bookpress/profiles/README.md for how it was made)
DEFAULT_PROFILE = PROFILES / "FOGRA39L-coated.icc"
PDF_EDITIONS = ("press", "screen")


def output_profile(config: Config) -> Path:
    """The CMYK output profile for the press: ``[print] output_profile`` in ``source/``, else the bundled FOGRA39."""
    if config.print.output_profile:
        return (config.source_dir / config.print.output_profile).resolve()
    return DEFAULT_PROFILE


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


def render_print_html(book: Book, config: Config, edition: str = "press", art: dict | None = None) -> str:
    """Return the complete HTML document (text) of the PDF ``edition`` (``"press"`` or ``"screen"``) for WeasyPrint.

    The book gets the print edition's typography first (:func:`bookpress.typography.apply.typeset`: Dutch
    micro-typography, the hyphenation policy's breaks as soft hyphens); paragraphs are numbered for the total-fit
    line breaker (:func:`bookpress.render.line_breaks.mark_paragraphs`). ``art``, when given, receives the press
    edition's converted-art URLs → the original files in ``source/`` (for drawing the screen edition from the press
    layout, :mod:`bookpress.writers.screen_pdf`). Raises :class:`BookError` for a bad
    hyphenation exceptions file, ``ValueError`` for an unknown edition.
    """
    if edition not in PDF_EDITIONS:
        raise ValueError(f"unknown PDF edition {edition!r}; expected one of {PDF_EDITIONS}")
    press = edition == "press"
    book = typeset(book, config, soft_hyphens=True)
    env = environment(href=lambda part_id, anchor: f"#{anchor}", overrides=template_overrides(config.source_dir))
    source = config.source_dir.resolve()
    widths: dict[str, float] = {}

    def figure_style(fig: Figure) -> str:
        if fig.id and _FIGURE_WIDTHS in page_css:  # a rule in the head (see figure_width_css), else inline
            widths[fig.id] = fig.width_mm
            return ""
        return f"width: {fig.width_mm}mm"

    env.globals["figure_style"] = figure_style
    profile = output_profile(config)
    faces = faces_for(config)

    def figure_src(fig: Figure) -> str:
        path = source / fig.src
        if press and path.suffix.lower() == ".svg" and path.is_file():
            from bookpress.render.press_art import press_svg_url

            url = press_svg_url(path, profile)
        elif press and path.is_file():
            from bookpress.render.press_raster import press_raster

            url = press_raster(path, profile).as_uri()
        else:
            return path.as_uri()
        if art is not None:
            art[url] = path
        return url

    env.globals["figure_src"] = figure_src
    page_css = env.get_template("print/page.css.j2").render(
        p=config.print, f=furniture(config.print, faces), press=press, profile_url=profile.as_uri(),
        palette=Markup(palette_css(press))) + "\n" + _FIGURE_WIDTHS

    def render() -> str:
        return env.get_template("print/book.html.j2").render(
            book=book, config=config, labels=config.labels,
            font_css=Markup(font_face_css(print_faces(faces))), page_css=Markup(page_css),
            style_css=Markup(edition_css(config.source_dir, config.fonts, "print")))

    html = render()
    if _FIGURE_WIDTHS not in html:  # a book's own template without page_css: the widths go inline
        page_css = page_css.replace(_FIGURE_WIDTHS, "")
        html = render()
    return mark_paragraphs(html.replace(_FIGURE_WIDTHS, figure_width_css(widths), 1))


#: Where the figures' widths go in the head's first style sheet (replaced after the body is rendered).
_FIGURE_WIDTHS = "/* bookpress: figure widths */"


def figure_width_css(widths: dict[str, float]) -> str:
    """Figure id → printed width (mm) as CSS rules ``#id :where(img) { width: …mm }``, for the head's first style
    sheet, before the design's and the book's style sheets.

    Not an inline ``style`` attribute: the print layout gives the head's style sheets to WeasyPrint as a parsed
    *user* sheet (:func:`bookpress.writers.pdf._shared_stylesheet`), and an author ``style`` attribute beats every
    normal user declaration (CSS Cascade 4 §6.1), so a book's ``source/styles/print.css`` rule such as
    ``#fig-kaart img { width: 40mm }`` would be ignored. The specificity (1,0,0) is what WeasyPrint 70 gives a
    ``style`` attribute, and the rules come first: a later rule of equal or higher specificity wins, as it did over
    the attribute when the sheets were the document's own (author) sheets."""
    rules = []
    for figure_id, width in widths.items():
        rules.append(f"#{_css_identifier(figure_id)} :where(img) {{ width: {width}mm; }}")  # any depth: a book's
        # own blocks.html.j2 may wrap the image
    return "\n".join(rules)


def _css_identifier(name: str) -> str:
    """``name`` as a CSS identifier (CSSOM ``CSS.escape``: code-point escapes for anything but ``[A-Za-z0-9_-]``
    and non-ASCII, and for a leading digit)."""
    out = []
    for index, char in enumerate(name):
        if char.isascii() and not (char.isalnum() or char in "-_") or (index == 0 and char.isdigit()) \
                or (index == 1 and char.isdigit() and name[0] == "-"):
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return "".join(out)
