"""L037 letterspacing, L038 typed-number: page layout that PDF extraction turned into text → findings.

- L037: a letter-spaced line ("J A A R V E R S L A G  2 0 2 5"): a running head or a spaced-out title left in the
  text; five or more tokens of which at least 80 % are single characters.
- L038: a number typed in a heading ("## 4.2. Resultaten") or a caption label typed in a figure's caption
  ("![Figuur 4.3: Verloop …]") that is not the number the build generates there (a matching one is accepted and
  printed once, docs/source-format.md "Typed numbers"). The build's own rule
  (:func:`bookpress.assemble.typed_number_problems`), every mismatch, not only the first; L014 does not repeat them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bookpress.errors import BookError
from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding

def _letterspaced(text: str) -> bool:
    tokens = text.split()
    return len(tokens) >= 5 and sum(len(token) == 1 for token in tokens) >= 0.8 * len(tokens) \
        and sum(token.isalpha() for token in tokens) >= 3


def find_letterspacing(book: Book) -> Iterator[Finding]:
    """Yield an L037 finding for every letter-spaced line in the prose of ``book``."""
    for document in book.documents:
        for number, line in enumerate(document.prose, start=1):
            stripped = line.lstrip("#>-*+ ").replace("\0", " ")
            if len(stripped) <= 400 and _letterspaced(stripped):
                closed = " ".join("".join(group.split()) for group in re.split(r"\s{2,}", stripped.strip()))
                yield finding(document.path, number, 1, "L037", "letterspacing",
                              f"letter-spaced text \"{closed}\": a running head left in the text (delete it) or a "
                              "spaced title (type the word)")


def find_typed_numbers(book: Book) -> Iterator[Finding]:
    """Yield an L038 finding for every typed heading number or caption label that differs from the generated one."""
    from bookpress.assemble import typed_number_problems
    from bookpress.config import load_config

    try:
        problems = typed_number_problems(load_config(book.source_dir))
    except BookError:  # book.toml or its [contents] cannot be read: L014 reports it
        return
    for problem in problems:
        message = problem.message + (f": {problem.hint}" if problem.hint else "")
        yield finding(Path(problem.path or book.config_path), problem.line or 1, problem.col or 1, "L038",
                      "typed-number", message)
