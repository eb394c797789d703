"""Print HTML → PDF with WeasyPrint (https://doc.courtbouillon.org/weasyprint/stable/).

Only files from the book's ``source/`` folder, ``styles/`` and the font packages may be loaded (a restrictive
``url_fetcher``; WeasyPrint's default would read any ``file://`` path or URL). Warnings that WeasyPrint logs are
collected and returned so the build can report them, and the tests fail on them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from urllib.parse import unquote

import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from bookpress.errors import BookError
from bookpress.fonts import installed_faces
from bookpress.render import print_fonts
from bookpress.render.line_breaks import fix_line_breaks, page_turn_breaks


#: Layouts spent at most on moving hyphenated words away from the foot of a recto (each costs one more layout).
PAGE_TURN_ROUNDS = 2


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


def write_pdf(html: str, target: Path, allowed_dirs: list[Path], metadata: dict | None = None) -> list[str]:
    """Lay out ``html`` and write the PDF to ``target`` (a file in the build's staging folder). Returns WeasyPrint's warning messages.

    ``allowed_dirs`` are folders whose files the document may load; anything else raises :class:`BookError`.
    The trim size, bleed and crop marks come from the document's ``@page`` rules (MediaBox = trim + bleed,
    TrimBox = trim, per WeasyPrint's CSS Paged Media support). Paragraphs marked by
    :func:`bookpress.render.line_breaks.mark_paragraphs` are broken into lines as a whole
    (:func:`~bookpress.render.line_breaks.fix_line_breaks`): the document is laid out twice.
    """
    allowed = [Path(d).resolve() for d in allowed_dirs] + sorted({f.path.parent.resolve() for f in installed_faces()}) + \
        [print_fonts.cache_dir().resolve()]

    fetcher = _SourceOnlyFetcher(allowed)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        def render(text: str):
            try:
                return weasyprint.HTML(string=text, url_fetcher=fetcher, base_url=str(allowed[0])).render()
            except FatalURLFetchingError as error:
                raise fetcher.refused or BookError(str(error)) from None

        first = render(html)
        fixed, report = fix_line_breaks(html, first)  # total-fit paragraphs: the first layout gives measures, styles
        document = first
        if fixed != html:
            collector.messages.clear()  # the final layout's warnings only (the first one repeats them)
            document = render(fixed)
            forbidden: dict[int, set[int]] = {}
            for _ in range(PAGE_TURN_ROUNDS):  # no word hyphenated from a recto to the next verso
                turns = page_turn_breaks(document, report)
                if not turns:
                    break
                for number, indices in turns.items():
                    forbidden.setdefault(number, set()).update(indices)
                fixed, report = fix_line_breaks(html, first, forbidden=forbidden)
                collector.messages.clear()
                document = render(fixed)
        document.write_pdf(target)
    finally:
        logger.removeHandler(collector)
    return collector.messages
