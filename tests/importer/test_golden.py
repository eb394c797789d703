"""Golden tests: ``tests/importer/<rule>/<case>/in.txt`` imported must equal ``golden.md`` next to it.

A case folder named ``en-…`` or ``de-…`` is imported with that language, any other in Dutch.
``pytest --update-golden`` rewrites the golden files from the current output (review the diff before committing).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.importer.pipeline import import_text

HERE = Path(__file__).parent
CASES = sorted(path.parent for path in HERE.glob("*/*/in.txt"))


def language_of(case: Path) -> str:
    """``en-ligatures`` → "en"; anything else → "nl"."""
    prefix = case.name.split("-", 1)[0]
    return prefix if prefix in ("en", "de") else "nl"


def test_there_are_golden_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES, ids=[f"{case.parent.name}/{case.name}" for case in CASES])
def test_golden(case: Path, update_golden: bool):
    raw = (case / "in.txt").read_text(encoding="utf-8")
    result = import_text(raw, language_of(case))
    golden = case / "golden.md"
    if update_golden or not golden.exists():
        golden.write_text(result.markdown, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden} did not exist; written from the current output, review it")
    assert result.markdown == golden.read_text(encoding="utf-8")
    again = import_text(result.markdown, language_of(case)).markdown
    assert again == result.markdown, "importing the output again must change nothing"
