"""``book.toml`` validation: an unknown key is an error naming the key and its line in every table, not only at the
top level (a misspelt ``[print]`` key would otherwise be ignored and the book printed with the default)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bookpress.config import load_config
from bookpress.errors import BookError

SOURCE = Path(__file__).resolve().parents[1] / "source"


def _book_toml_with(tmp_path: Path, header: str, line: str) -> tuple[Path, int]:
    """Copy the real ``book.toml`` into ``tmp_path`` with ``line`` added as the first key under ``header``;
    return the folder and the 1-based line number of the added line."""
    lines = (SOURCE / "book.toml").read_text(encoding="utf-8").splitlines()
    at = next(i for i, text in enumerate(lines) if text.split("#")[0].strip() == header) + 1
    lines.insert(at, line)
    (tmp_path / "book.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path, at + 1


def test_the_real_book_toml_loads():
    assert load_config(SOURCE).print.trim_width_mm > 0


@pytest.mark.parametrize("header, key, name", [
    ("[print]", "trim_widht_mm", "print.trim_widht_mm"), ("[print]", "crop_mark", "print.crop_mark"),
    ("[epub]", "cover", "epub.cover"), ("[isbn]", "ebook", "isbn.ebook"), ("[labels]", "chapters", "labels.chapters"),
    ("[contents]", "appendix", "contents.appendix"), ("[[creators]]", "rol", "creators[0].rol")])
def test_an_unknown_key_in_a_table_is_an_error_with_its_line(tmp_path, header, key, name):
    folder, line = _book_toml_with(tmp_path, header, f"{key} = 1")
    with pytest.raises(BookError) as raised:
        load_config(folder)
    error = raised.value
    assert f"unknown key '{name}'" in str(error)
    assert f"book.toml:{line}" in str(error), str(error)


def test_an_unknown_top_level_key_is_an_error(tmp_path):
    folder, line = _book_toml_with(tmp_path, 'language = "nl"', "colour = 1")
    with pytest.raises(BookError, match="unknown key 'colour'"):
        load_config(folder)
