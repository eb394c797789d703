"""Print HTML → a laid-out WeasyPrint ``Document``: total-fit paragraphs, the page-turn rule and the first folio.

One layout per document: marked paragraphs are set while WeasyPrint lays them out
(:func:`bookpress.render.line_breaks.total_fit`); when a hyphenated word would turn a recto, the pages from that
paragraph on are made again with the break forbidden. A document that holds
one part of the book starts its page counter at that part's first folio (:func:`first_folio`), so its running
heads and folios are those of the whole book. WeasyPrint API:
https://doc.courtbouillon.org/weasyprint/stable/api_reference.html
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable

from bookpress.render.line_breaks import total_fit

_START: int | None = None
_ORIGINAL = None


def lay_out(render: Callable[[], object], memo: dict | None = None) -> object:
    """Call ``render()`` (which lays out one print HTML document with WeasyPrint and returns the ``Document``) with
    total-fit paragraphs and the page-turn rule; return the ``Document``.

    ``memo`` keeps paragraph decisions between calls for the same fonts (see
    :func:`~bookpress.render.line_breaks.total_fit`).
    """
    with total_fit(memo={} if memo is None else memo):
        return render()


@contextmanager
def first_folio(value: int | None):
    """Within this context WeasyPrint starts the ``page`` counter of each document at ``value`` (CSS Paged Media
    §4.3.1 page-based counters; ``None``: at 1, as WeasyPrint does). ``@page`` rules that reset the counter still
    apply. Wraps WeasyPrint 70's ``weasyprint.layout.initialize_page_maker``."""
    global _START, _ORIGINAL
    if _ORIGINAL is None:
        import weasyprint.layout as layout

        _ORIGINAL = layout.initialize_page_maker

        def initialize_page_maker(context, root_box):
            _ORIGINAL(context, root_box)
            if _START is not None:
                counters, scopes = context.page_maker[0][3][1], context.page_maker[0][3][2]
                counters["page"] = [_START - 1]  # the first page's automatic increment makes it _START
                scopes[-1].add("page")

        layout.initialize_page_maker = initialize_page_maker
    previous, _START = _START, value
    try:
        yield
    finally:
        _START = previous
