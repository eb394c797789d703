"""The real book in ``source/`` must lint clean (skipped while its chapter files are not there yet)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bookpress.lint.check import check

SOURCE = Path(__file__).resolve().parents[2] / "source"


def _chapter_files() -> list[Path]:
    try:
        contents = tomllib.loads((SOURCE / "book.toml").read_text(encoding="utf-8")).get("contents", {})
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [SOURCE / name for name in [*contents.get("front_matter", []), *contents.get("chapters", [])]]


@pytest.mark.skipif(not _chapter_files() or not all(path.is_file() for path in _chapter_files()),
                    reason="the chapter files of source/ are not written yet")
def test_real_source_is_clean() -> None:
    findings = check(SOURCE)
    assert [finding.format() for finding in findings] == []
