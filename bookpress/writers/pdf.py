"""Book → a PDF edition: render (``render/print_html.py``) then lay out and write with WeasyPrint, then finish.

Two editions, one layout (the pages are laid out once, from the press HTML, and drawn twice:
:func:`write_pdfs`, :mod:`bookpress.writers.screen_pdf`):

- ``press`` → PDF/X-4 (ISO 15930-7): CMYK colours, the output profile as output intent, TrimBox/BleedBox, then
  :func:`bookpress.writers.pdf_finish.finish` (soft hyphens, page labels, padding, output condition, marks, XMP).
- ``screen`` → PDF/UA-1 (ISO 14289-1) as WeasyPrint 70 tags it (``pdf_variant="pdf/ua-1"``: structure tree,
  document language, title shown in the window), sRGB colours, trim size only, then the same finishing (no marks,
  no padding).

Only files from the book's ``source/`` folder, ``styles/``, the output profile and the fonts may be loaded (a
restrictive ``url_fetcher``; WeasyPrint's default would read any ``file://`` path or URL). Warnings that WeasyPrint
logs are collected and returned so the build can report them, and the tests fail on them.
WeasyPrint API: https://doc.courtbouillon.org/weasyprint/stable/api_reference.html
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from bookpress.config import Config
from bookpress.errors import BookError
from bookpress.fonts import installed_faces
from bookpress.memory import release_memory
from bookpress.model import Book
from bookpress.render import print_fonts
from bookpress.writers.pdf_layout import lay_out
from bookpress.writers.pdf_parts import write_parts



log = logging.getLogger("bookpress")

#: WeasyPrint PDF variant per edition
VARIANTS = {"press": "pdf/x-4", "screen": "pdf/ua-1"}

#: ``on_layout(document, first_page)``: a laid-out WeasyPrint ``Document`` and the 0-based index, in the finished
#: edition, of its first page (see :func:`write_pdf`).
LayoutHook = Callable[[weasyprint.Document, int], None]


class _SourceOnlyFetcher(URLFetcher):
    """Loads ``file://`` URLs inside the allowed folders and ``data:`` URLs; refuses everything else."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(fail_on_errors=True, allowed_protocols=("file", "data"))
        self.allowed = allowed
        self.refused: BookError | None = None

    def fetch(self, url, headers=None):
        if url.startswith("file://"):
            path = Path(unquote(url[len("file://"):])).resolve()
            if not any(path == d or d in path.parents for d in self.allowed):
                self.refused = BookError(f"the print edition may not load {path}", hint="keep figures in source/")
                raise self.refused
        elif not url.startswith("data:"):
            self.refused = BookError(f"the print edition may not load {url} (no network at build time)",
                                     hint="copy the file into source/figures/")
            raise self.refused
        return super().fetch(url, headers)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class PdfResult:
    """What writing a PDF edition produced: WeasyPrint's ``warnings``, the laid-out page count (before padding),
    the index of the first arabic-numbered page (the first chapter's opener; ``None`` without chapters) and the
    number of blank pages added for the signature; ``html`` is the document that was laid out (for previews)."""

    warnings: tuple[str, ...]
    pages: int
    first_arabic: int | None
    padding: int
    html: str = ""


def build_date(config: Config) -> time.struct_time:
    """The PDF's creation/modification date, UTC: ``SOURCE_DATE_EPOCH`` when set, else the date of the book's last
    source change (:func:`bookpress.sourcedate.source_date`, the same date the EPUB's ``dcterms:modified`` carries),
    so two builds of one commit are byte-identical (https://reproducible-builds.org/specs/source-date-epoch/).

    Raises :class:`BookError` when ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    from bookpress.sourcedate import source_date

    return source_date(config.source_dir).timetuple()


def write_pdf(book: Book, config: Config, target: Path | None, edition: str = "press",
              allowed_dirs: list[Path] | None = None, on_layout: LayoutHook | None = None,
              per_part: bool = True) -> PdfResult:
    """Render ``book`` as the PDF ``edition`` (``"press"`` or ``"screen"``) and write it to ``target`` (a file in
    the build's staging folder); with ``target`` ``None`` the edition is only laid out (no PDF is written; the
    result's ``padding`` is the number of blank pages finishing would add). One edition of :func:`write_pdfs`."""
    return write_pdfs(book, config, {edition: target}, allowed_dirs, on_layout, per_part)[edition]


def write_pdfs(book: Book, config: Config, targets: dict[str, Path | None],
               allowed_dirs: list[Path] | None = None, on_layout: LayoutHook | None = None,
               per_part: bool = True) -> dict[str, PdfResult]:
    """Lay out ``book``'s print HTML once and write each PDF edition in ``targets`` (``"press"``, ``"screen"`` →
    a file in the build's staging folder, or ``None``: that edition is not written) from that one layout; return a
    :class:`PdfResult` per edition (``padding``: for an edition not written, the blank pages finishing would add).

    The layout is the press edition's HTML (trim + bleed, CMYK colours, converted art); the screen edition draws the
    same pages at trim size with sRGB colours and the original art (:mod:`bookpress.writers.screen_pdf`), so both
    editions have the same pages, lines and folios by construction, and the pages are laid out once.
    ``allowed_dirs`` are extra folders whose files the document may load (``source/`` and ``styles/`` always may);
    anything else raises :class:`BookError`. Page geometry comes from the ``@page`` rules (MediaBox = BleedBox =
    trim + bleed, TrimBox = trim, per WeasyPrint's CSS Paged Media support); the finishing step adds the rest.
    Paragraphs marked by :func:`bookpress.render.line_breaks.mark_paragraphs` are broken into lines as a whole
    while WeasyPrint lays them out (:func:`bookpress.writers.pdf_layout.lay_out`: one layout). With ``per_part``
    (the default) each part is laid out as its own document and the PDFs are merged
    (:mod:`bookpress.writers.pdf_parts`; a part unchanged since a build with the same cache is not laid out again);
    ``per_part=False`` lays out the whole book as one document (the reference the per-part output is tested
    against).

    ``on_layout(document, first_page)``, when given, is called once for every WeasyPrint ``Document`` that becomes
    pages of the editions, with the *final* layout of that document (after the line-break and page-turn passes,
    before the PDF is written) and ``first_page``, the 0-based index in the finished edition of the document's first
    page (``0`` for a whole-book render; a per-part render passes each part's offset; a hook with ``capture`` and
    ``replay`` methods lets a per-part render reuse cached parts, see :func:`~bookpress.writers.pdf_parts.write_parts`).
    Page labels and padding are applied later, by the finishing step, so the hook sees WeasyPrint's page boxes
    (``document.pages[i]``) only; the EPUB's page list is read from them (:mod:`bookpress.pagelist`). The hook must
    not change the document.
    """
    from bookpress.render import press_raster
    from bookpress.render.print_html import STYLES, output_profile, render_print_html
    from bookpress.writers.pdf_finish import finish
    from bookpress.writers.pdf_tags import continuations, span_languages
    from bookpress.writers.screen_pdf import UnknownPressColour, drawn_for_screen

    for edition in targets:
        if edition not in VARIANTS:
            raise ValueError(f"unknown PDF edition {edition!r}")
    source = config.source_dir.resolve()
    profile = output_profile(config)
    allowed = [source, STYLES.resolve(), profile.parent, press_raster.folder().resolve()] + \
        [Path(d).resolve() for d in allowed_dirs or ()] + \
        sorted({f.path.parent.resolve() for f in installed_faces()}) + [print_fonts.cache_dir().resolve()]
    art: dict[str, Path] = {}
    html = render_print_html(book, config, "press", art=art)

    fetcher = _SourceOnlyFetcher(allowed)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    date = build_date(config)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", date)
    scratches = {edition: target.with_name(target.name + ".weasyprint") if target is not None else None
                 for edition, target in targets.items()}
    fonts = FontConfiguration()  # one for the layouts: the @font-face files are registered once for all of them

    def writer(edition: str):
        options = {"pdf_variant": VARIANTS[edition], "pdf_identifier": False, "uncompressed_pdf": True}
        if edition == "screen":
            options["pdf_tags"] = True

        def write(document, path: Path) -> None:
            if edition != "screen":
                document.write_pdf(path, **options)
                return
            try:
                with drawn_for_screen(document, art, profile):
                    document.write_pdf(path, **options)
            except UnknownPressColour as error:
                raise BookError(f"screen PDF: {error}", hint="give every colour of styles/print.css a palette "
                                "entry (var(--name)) with an sRGB and a CMYK value") from None

        return write

    # an edition that is only laid out (for the EPUB's page list) is not drawn: its units are cached without PDFs
    writers = {edition: writer(edition) for edition, target in targets.items() if target is not None}
    from bookpress.fonts import faces_for
    from bookpress.writers import paragraph_memo

    # the total-fit breaker's paragraph decisions: kept between the layouts of this call and for the next build
    memo_name = paragraph_memo.entry([face.path for face in faces_for(config)])
    memo = paragraph_memo.Recorder(paragraph_memo.load(memo_name))
    try:
        html, stylesheet, shared_css = _shared_stylesheet(html, source, fetcher, fonts)
        # what WeasyPrint says about the style sheets (a book's print.css with an unknown property …) is said once,
        # while they are parsed, not by every layout: keep it for the result (a unit's first layout, which would
        # collect it, may be replaced by a later one)
        sheet_warnings = [_sheet_location(message, shared_css, config)
                          for message in dict.fromkeys(collector.messages)]
        collector.messages.clear()

        def render(text: str):
            try:
                document = weasyprint.HTML(string=text, url_fetcher=fetcher, base_url=str(source)).render(
                    font_config=fonts, **stylesheet)
            except FatalURLFetchingError as error:
                raise fetcher.refused or BookError(str(error)) from None
            document.metadata.created = document.metadata.modified = stamp
            return document

        def collect() -> list[str]:
            messages = list(dict.fromkeys(collector.messages))  # another layout repeats the first one's warnings
            collector.messages.clear()
            return messages

        chapter = next((part.id for part in book.parts if part.kind == "chapter"), None)
        from bookpress.forked import PRINT_HTML_CHARS_PER_PAGE
        from bookpress.writers.parallel_draw import draw_editions

        on_two_cores = []

        def draw(document, pdfs) -> None:  # both editions at once on two cores, when memory allows
            if draw_editions(document, pdfs, writers, collector.messages, len(html) // PRINT_HTML_CHARS_PER_PAGE):
                on_two_cores.append(1)

        parts = write_parts(html, render, scratches, writers, chapter, collect, on_layout, memo, shared_css,
                            draw) if per_part else None
        if parts is not None:
            pages, warnings, places, continued = parts.pages, list(parts.warnings), parts.places, parts.continued
            warnings = sheet_warnings + [m for m in warnings if m not in sheet_warnings]
            languages = parts.languages
        else:
            document = lay_out(lambda: render(html), memo)
            if on_layout is not None:
                on_layout(document, 0)
            places = {}
            pages = len(document.pages)
            for index, page in enumerate(document.pages):
                for name in page.anchors:
                    places.setdefault(name, index)  # a box split over pages has its anchor on each
            continued = continuations(document)
            languages = span_languages(document, config.language)
            for edition, scratch in scratches.items():
                if scratch is not None:
                    writers[edition](document, scratch)
            warnings = sheet_warnings + [m for m in collect() if m not in sheet_warnings]
            del document
        paragraph_memo.save(memo_name, memo, html.count(' data-lb="'))
        if on_two_cores:
            log.info("press and screen PDFs drawn on two cores (%d part(s))", len(on_two_cores))
        first_arabic = _first_arabic(places, book)
        results = {}
        for edition, target in targets.items():
            if target is None:
                padding = -pages % max(1, config.print.signature_pages) if edition == "press" else 0
            else:
                screen = edition == "screen"
                padding = finish(scratches[edition], target, config, edition, first_arabic, date,
                                 continued if screen else None, languages if screen else None)
            results[edition] = PdfResult(tuple(warnings), pages, first_arabic, padding, html)
    finally:
        logger.removeHandler(collector)
        for scratch in scratches.values():
            if scratch is not None:
                scratch.unlink(missing_ok=True)
        release_memory()  # the layouts' garbage: the EPUB and the checks start from a small process
    return results


_HEAD_STYLE = re.compile(r"<style>(.*?)</style>\n?", re.S)


_AT_LINE = re.compile(r" at (\d+):(\d+)\b")


def _sheet_location(message: str, css_text: str, config: Config) -> str:
    """A WeasyPrint message about the shared style sheet (``… at 247:5, …``, a line of ``css_text``) with the
    stylesheet file and its own line instead (``… at /book/source/styles/print.css:1:5, …``), when the line is in
    one of the edition's stylesheets (:func:`bookpress.render.overrides.edition_css`); else unchanged."""
    found = _AT_LINE.search(message)
    if found is None or not css_text:
        return message
    from bookpress.render.overrides import edition_css, edition_css_lines

    start = css_text.find(edition_css(config.source_dir, config.fonts, "print"))
    if start < 0:
        return message
    line = int(found.group(1)) - css_text.count("\n", 0, start)  # 1-based line within the edition's CSS
    for sheet, first, count in edition_css_lines(config.source_dir, config.fonts, "print"):
        if first <= line < first + count:
            where = f" at {sheet}:{line - first + 1}:{found.group(2)}"
            return message[:found.start()] + where + message[found.end():]
    return message


def _shared_stylesheet(html: str, source: Path, fetcher, fonts) -> tuple[str, dict, str]:
    """Take the ``<style>`` blocks out of the print HTML's head and parse them once, for every layout of the call:
    WeasyPrint parses a document's stylesheets on every render (the print CSS, fonts and page rules: ~0.1 s a
    unit). Returns (the HTML without them, the ``render`` keywords that give the parsed sheet, the CSS text).

    The parsed sheet enters the cascade as a user style sheet (CSS Cascade 4 §6.1): with no author sheet left in
    the head, it wins over the user-agent sheet as before, and ``style`` attributes and the contents' page numbers
    (a ``<style>`` added per layout) still win over it. A sheet with ``@counter-style`` rules keeps its place in the
    head (WeasyPrint re-adds its built-in counter styles on every render, over any parsed earlier). Raises
    :class:`BookError` when the sheet loads a file it may not.
    """
    head_end = html.find("</head>")
    blocks = _HEAD_STYLE.findall(html, 0, head_end)
    css_text = "\n".join(blocks)
    if not blocks or "@counter-style" in css_text:
        return html, {}, ""
    from weasyprint.css.counters import CounterStyle

    counters, profiles = CounterStyle(), {}
    try:
        sheet = weasyprint.CSS(string=css_text, base_url=str(source), url_fetcher=fetcher, font_config=fonts,
                               counter_style=counters, color_profiles=profiles)
    except FatalURLFetchingError as error:
        raise fetcher.refused or BookError(str(error)) from None
    stripped = _HEAD_STYLE.sub("", html[:head_end]) + html[head_end:]
    return stripped, {"stylesheets": [sheet], "counter_style": counters, "color_profiles": profiles}, css_text


def write_html_pdf(html: str, target: Path, allowed_dirs: list[Path]) -> list[str]:
    """Lay out a finished HTML document (one that needs no finishing, e.g. the cover) and write it to ``target``;
    return WeasyPrint's warnings. Only files in ``allowed_dirs`` and the font folders may be loaded (else
    :class:`BookError`)."""
    allowed = [Path(d).resolve() for d in allowed_dirs] + \
        sorted({f.path.parent.resolve() for f in installed_faces()}) + [print_fonts.cache_dir().resolve()]
    fetcher = _SourceOnlyFetcher(allowed)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        try:
            document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(allowed[0])).render()
        except FatalURLFetchingError as error:
            raise fetcher.refused or BookError(str(error)) from None
        document.write_pdf(target)
    finally:
        logger.removeHandler(collector)
    return collector.messages


def _first_arabic(places: dict[str, int], book: Book) -> int | None:
    """Index of the page that holds the first chapter's opener (its ``part.id`` anchor), or ``None``;
    ``places`` maps anchors to page indices."""
    first = next((part for part in book.parts if part.number), None)
    if first is None:
        return None
    return places.get(first.id)
