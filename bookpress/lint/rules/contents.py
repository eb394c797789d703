"""L012 missing-chapter and L013 unlisted-file: ``[contents]`` in ``book.toml`` against the Markdown files → findings."""

from __future__ import annotations

from collections.abc import Iterator

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules.base import finding


def find_missing_chapters(book: Book) -> Iterator[Finding]:
    """Yield an L012 finding (in ``book.toml``, at the name) for every listed file that does not exist."""
    for item in book.listed:
        if not (book.source_dir / item.name).is_file():
            yield finding(book.config_path, item.line, item.col, "L012", "missing-chapter",
                          f"\"{item.name}\" is listed in [contents] but is not in the source folder: add the file or remove "
                          "it from the list")


def find_unlisted_files(book: Book) -> Iterator[Finding]:
    """Yield an L013 finding (line 1 of the file) for every Markdown file in ``source/`` not listed in ``[contents]``."""
    listed = {(book.source_dir / item.name).resolve() for item in book.listed}
    for document in book.documents:
        if document.path.resolve() not in listed:
            name = document.path.relative_to(book.source_dir).as_posix()
            yield finding(document.path, 1, 1, "L013", "unlisted-file",
                          f"{name} is not listed in {book.config_path.name} [contents]: add it to front_matter, "
                          "chapters, appendices or back_matter, or move it out of the source folder")
