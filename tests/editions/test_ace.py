"""DAISY Ace on the built EPUB: no accessibility violation at all (installed by setup.sh; never skipped)."""

from __future__ import annotations

from bookpress.validate.ace import run_ace


def test_ace_reports_no_violation(built):
    findings = run_ace(built.outputs["epub"])
    assert findings == [], "\n".join(map(str, findings))
