"""L015 design: the book's own templates and styles (``source/templates/``, ``source/styles/``) → findings.

The same checks the build makes before rendering (:mod:`bookpress.render.overrides`), all at once: an override
file that replaces nothing, and a stylesheet (default or the book's) naming a font family other than the book's
role families "Book Text"/"Book Display".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding


def find_design_problems(book: Book) -> Iterator[Finding]:
    """Yield an L015 finding for every problem :func:`bookpress.render.overrides.design_problems` reports."""
    from bookpress.render.overrides import design_problems

    for problem in design_problems(book.source_dir):
        message = problem.message + (f": {problem.hint}" if problem.hint else "")
        yield finding(Path(problem.path), problem.line or 1, 1, "L015", "design", message)
