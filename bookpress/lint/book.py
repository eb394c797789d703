"""``source/`` (``book.toml`` + Markdown files) → a :class:`Book`: what the lint rules look at.

``book.toml`` is read with ``tomllib`` for just what linting needs: ``language`` and ``[contents]``
(``front_matter`` and ``chapters``, file names relative to ``source/``). Full validation is the build's job.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bookpress.errors import BookError
from bookpress.files import read_regular_text
from bookpress.lint.document import Document, load_document
from bookpress.lint.words import zipf

CONFIG_NAME = "book.toml"


@dataclass(frozen=True)
class Listed:
    """A chapter file named in ``book.toml``: its ``name`` as written and where (1-based ``line``, ``col``)."""

    name: str
    line: int
    col: int


@dataclass(frozen=True)
class Book:
    """What ``check`` lints.

    ``source_dir`` is the folder, ``config_path`` its ``book.toml``, ``language`` the BCP 47 code (``"nl"``),
    ``listed`` the chapter files in ``[contents]`` order, ``documents`` every Markdown file that exists — the
    listed ones first, in order, then any others found under ``source_dir`` (sorted).
    """

    source_dir: Path
    config_path: Path
    language: str
    listed: tuple[Listed, ...]
    documents: tuple[Document, ...]


def load_book(source_dir: Path) -> Book:
    """Read ``source_dir/book.toml`` and every ``*.md`` under ``source_dir`` into a :class:`Book`.

    Raises :class:`BookError` when the folder or ``book.toml`` is missing, the TOML is malformed, ``language`` or
    ``[contents]`` has the wrong shape, wordfreq knows no words for the language, or a Markdown file is not UTF-8.
    """
    config_path = source_dir / CONFIG_NAME
    if not source_dir.is_dir():
        raise BookError(f"source folder {source_dir} does not exist", hint="pass the book's folder with --source")
    if not config_path.exists():
        raise BookError(f"{CONFIG_NAME} is missing", config_path, hint=f"every source folder needs a {CONFIG_NAME}")
    try:
        text = read_regular_text(config_path, "utf-8-sig")
    except UnicodeDecodeError:
        raise BookError("book.toml is not UTF-8 text", config_path, hint="save the file as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BookError(f"not valid TOML: {error}", config_path, hint="see https://toml.io/en/v1.0.0") from None
    language = data.get("language", "nl")
    if not isinstance(language, str):
        raise BookError("language must be a string such as \"nl\"", config_path)
    try:
        zipf("de", language)
    except (LookupError, ValueError):  # langcodes raises a ValueError subclass for a malformed tag
        raise BookError(f"no word list for language {language!r}", config_path,
                        hint="use a language code wordfreq knows, such as \"nl\" or \"en\"") from None
    listed = tuple(_listed(data, text, config_path))
    names = [item.name for item in listed]
    paths = [source_dir / name for name in dict.fromkeys(names) if (source_dir / name).is_file()]
    listed_resolved = {path.resolve() for path in paths}
    others = sorted(path for path in source_dir.rglob("*.md")
                    if path.resolve() not in listed_resolved and not _hidden(path, source_dir))
    documents = []
    for path in [*paths, *others]:
        try:
            documents.append(load_document(path))
        except IsADirectoryError:
            raise BookError(f"{path.name} is a folder, not a Markdown file", config_path,
                            hint="list only .md files in [contents]") from None
        except UnicodeDecodeError as error:
            raise BookError(f"not UTF-8 text (byte {error.start})", path, hint="save the file as UTF-8") from None
    return Book(source_dir, config_path, language, listed, tuple(documents))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _listed(data: dict, text: str, config_path: Path) -> list[Listed]:
    """The ``[contents]`` file names with their position in ``text``; raises :class:`BookError` on a bad shape."""
    contents = data.get("contents", {})
    if not isinstance(contents, dict):
        raise BookError("[contents] must be a table", config_path)
    found: list[Listed] = []
    lines = text.splitlines()
    for key in ("front_matter", "chapters", "appendices", "back_matter"):
        names = contents.get(key, [])
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise BookError(f"contents.{key} must be a list of file names", config_path,
                            hint=f'write e.g. {key} = ["hoofdstuk-01.md"]')
        for name in names:
            found.append(Listed(name, *_position(lines, f'"{name}"', key)))
    return found


def _position(lines: list[str], needle: str, key: str) -> tuple[int, int]:
    """1-based (line, col) of ``needle`` in the ``key = [...]`` array (col of the name, after the quote); (1, 1)."""
    start = next((number for number, line in enumerate(lines) if line.strip().startswith(key)), 0)
    for number in range(start, len(lines)):
        col = lines[number].find(needle)
        if col >= 0:
            return number + 1, col + 2
    return 1, 1
