"""The real book in ``source/`` must lint clean."""

from __future__ import annotations

from pathlib import Path

from bookpress.lint.check import check

SOURCE = Path(__file__).resolve().parents[2] / "source"


def test_real_source_is_clean() -> None:
    findings = check(SOURCE)
    assert [finding.format() for finding in findings] == []
