"""A laid-out unit → its press and screen PDFs drawn at the same time, on two cores, when that is safe.

Both PDF editions are drawn from one layout (:mod:`bookpress.writers.screen_pdf`); drawing is pure Python in
WeasyPrint, so two editions drawn one after the other cost twice. The screen PDF is drawn in a forked child
(:mod:`bookpress.forked`, which also says when forking is done) while this process draws the press PDF; the
warnings WeasyPrint logged in the child come back with its result. ``BOOKPRESS_PARALLEL=0`` turns it off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from bookpress import forked


def draw_editions(document, pdfs: dict[str, Path], writers: dict[str, Callable], messages: list[str],
                  pages: int) -> bool:
    """Write ``document``'s PDF of each edition (``pdfs``: edition → path) with ``writers[edition](document,
    path)``; the screen edition in a forked child when :func:`bookpress.forked.may_fork` (``pages``: the book's
    estimated print pages). ``messages`` is the list WeasyPrint's warnings are collected into (the child's are added
    to it). Returns True when the editions were drawn on two cores. Raises what a writer raises
    (:class:`~bookpress.errors.BookError`; ``RuntimeError`` for anything else that ended the child)."""
    if set(pdfs) != {"press", "screen"} or not forked.may_fork(pages):
        for edition, pdf in pdfs.items():
            writers[edition](document, pdf)
        return False

    def screen() -> list[str]:
        before = len(messages)
        writers["screen"](document, pdfs["screen"])
        return messages[before:]

    child = forked.Child(screen)
    try:
        writers["press"](document, pdfs["press"])
    finally:
        warnings = child.result()
    messages.extend(m for m in warnings if m not in messages)
    return True
