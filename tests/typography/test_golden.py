"""Golden tests per typography rule: ``tests/typography/<transformation>/<case>/in.txt`` → ``golden.txt``.

``hyphenation`` cases run :meth:`Policy.hyphenate` line by line (a case folder may hold ``settings.toml`` with
``min_word``/``min_before``/``min_after`` and an exceptions file ``hyphenation.txt``; a folder named ``en-…`` is
English); ``microtype`` cases run :func:`microtype`. Golden files show a soft hyphen as ``·`` and a no-break
space as ``⍽``. ``pytest --update-golden`` rewrites them (review the diff before committing).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bookpress.typography.microtype import microtype
from bookpress.typography.policy import Policy, read_exceptions

HERE = Path(__file__).parent
CASES = sorted(path.parent for path in HERE.glob("*/*/in.txt"))


def visible(text: str) -> str:
    """Soft hyphen → ``·``, no-break space → ``⍽`` (so golden files can be read and reviewed)."""
    return text.replace("\u00ad", "·").replace("\u00a0", "⍽")


def policy_for(case: Path) -> Policy:
    settings = tomllib.loads((case / "settings.toml").read_text()) if (case / "settings.toml").exists() else {}
    exceptions = read_exceptions(case / "hyphenation.txt") if (case / "hyphenation.txt").exists() else {}
    return Policy(language="nl", exceptions=exceptions, **settings)


def transform(case: Path, text: str) -> str:
    if case.parent.name == "microtype":
        return microtype(text)
    language = case.name.split("-", 1)[0] if case.name.startswith(("en-", "de-")) else None
    return policy_for(case).hyphenate(text, language)


def test_there_are_golden_cases_for_every_rule():
    names = {f"{case.parent.name}/{case.name}" for case in CASES}
    for rule in ("diaeresis", "compound-seams", "onsets", "ligatures", "min-letters", "exceptions",
                 "en-other-language"):
        assert f"hyphenation/{rule}" in names
    for rule in ("number-noun", "ranges", "labels", "initials", "ellipsis"):
        assert f"microtype/{rule}" in names


@pytest.mark.parametrize("case", CASES, ids=[f"{case.parent.name}/{case.name}" for case in CASES])
def test_golden(case: Path, update_golden: bool):
    lines = (case / "in.txt").read_text(encoding="utf-8").splitlines()
    result = "".join(visible(transform(case, line)) + "\n" for line in lines)
    golden = case / "golden.txt"
    if update_golden or not golden.exists():
        golden.write_text(result, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{golden} did not exist; written from the current output, review it")
    assert result == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[f"{case.parent.name}/{case.name}" for case in CASES])
def test_words_never_change(case: Path):
    """Only soft hyphens, no-break spaces, en dashes between numbers and the ellipsis may differ."""
    for line in (case / "in.txt").read_text(encoding="utf-8").splitlines():
        out = transform(case, line).replace("\u00ad", "").replace("\u00a0", " ").replace("\u2026", "...")
        assert out.replace("\u2013", "-") == line
        assert transform(case, transform(case, line)) == transform(case, line), "must be idempotent"
