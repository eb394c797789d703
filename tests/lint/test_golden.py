"""Golden tests: each ``tests/lint/<ID-name>/<case>/source/`` is linted with rule ID only; the printed findings
(paths relative to the case folder) must equal ``<case>/expected.txt``. ``planted`` cases hold the artefact,
``clean`` cases the look-alikes that must not be reported. Rewrite with ``pytest --update-golden``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.lint.check import check
from bookpress.lint.rules import RULES

HERE = Path(__file__).parent
CASES = sorted(path.parent for path in HERE.glob("L*/*/source"))


def _render(case: Path) -> str:
    code = case.parent.name.split("-", 1)[0]
    return "".join(f"{finding.format(relative_to=case)}\n" for finding in check(case / "source", [code]))


def test_every_rule_has_a_planted_and_a_clean_case() -> None:
    folders = {path.name.split("-", 1)[0]: path for path in HERE.glob("L*") if path.is_dir()}
    assert sorted(folders) == sorted(RULES)
    for code, folder in folders.items():
        assert folder.name == f"{code}-{RULES[code].name}"
        assert (folder / "planted" / "source").is_dir() and (folder / "clean" / "source").is_dir()


@pytest.mark.parametrize("case", CASES, ids=[f"{case.parent.name}/{case.name}" for case in CASES])
def test_golden(case: Path, update_golden: bool) -> None:
    expected_path = case / "expected.txt"
    actual = _render(case)
    if update_golden:
        expected_path.write_text(actual, encoding="utf-8")
    expected = expected_path.read_text(encoding="utf-8")
    assert actual == expected
    if case.name == "clean":
        assert expected == "", "a clean case must give no findings"
    else:
        assert expected, "a planted case must give findings"
