"""L014 reader: whatever the build itself would refuse → findings, so ``check`` and the build cannot disagree.

Runs the build's own front half on the sources: ``book.toml`` through :func:`bookpress.config.load_config`, every
Markdown file through :func:`bookpress.reader.markdown.part_problems` (unsupported or unparsed Markdown, footnotes,
tables, attributes, nesting limits — every problem, with line and column), and, when those read cleanly, the whole
book through :func:`bookpress.assemble.assemble` (references, ids, figure files; the first problem). Problems that
L009–L011 and L038 (typed numbers) already report at the same line are not repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from bookpress.errors import BookError
from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding

CODE, NAME = "L014", "reader"


def _finding(error: BookError, default: Path) -> Finding:
    message = error.message + (f": {error.hint}" if error.hint else "")
    return finding(Path(error.path) if error.path else default, error.line or 1, error.col or 1, CODE, NAME, message)


def find_reader_problems(book: Book) -> Iterator[Finding]:
    """Yield an L014 finding for every problem the build's config loader, reader and assembler report."""
    from bookpress.assemble import assemble
    from bookpress.config import load_config
    from bookpress.lint.rules import figures, ids, layout, references
    from bookpress.reader.markdown import part_problems

    try:
        config = load_config(book.source_dir)
    except BookError as error:
        yield _finding(error, book.config_path)
        config = None
    clean = config is not None
    for document in book.documents:
        for error in part_problems(document.path):
            clean = False
            yield _finding(error, document.path)
    if not clean:
        return
    quiet = logging.getLogger("bookpress.assemble")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # placeholder warnings belong to the build, not to check
    try:
        assemble(config)
    except BookError as error:
        seen = {(f.path.resolve(), f.line) for rule in (figures.find_missing_figures, references.find_unknown_references,
                                                        ids.find_duplicate_ids, layout.find_typed_numbers)
                for f in rule(book)}
        if error.path is None or (Path(error.path).resolve(), error.line) not in seen:
            yield _finding(error, book.config_path)
    finally:
        quiet.setLevel(level)
