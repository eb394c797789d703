"""What only the real book can show about bad input and good builds (the damage cases themselves are the bad-input
catalogue, ``tests/badinput/test_catalogue.py``, on a one-chapter book): an unclosed callout box is reported at its
opening line in a real chapter, and a good build of the real book writes nothing into ``source/``."""

from __future__ import annotations

import shutil

from bookpress.cli import main
from tests.conftest import snapshot

from .conftest import SOURCE


def test_unclosed_callout_names_the_opening_line(tmp_path, capsys):
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    path = source / "hoofdstuk-01.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    opening = next(i for i, line in enumerate(lines, 1) if line.startswith("::: {.callout") and "g1000" in line)
    assert "aldus Harm van Dijk.\n\n:::" in text, "test setup: the callout's closing fence moved"
    path.write_text(text.replace("aldus Harm van Dijk.\n\n:::", "aldus Harm van Dijk.\n\n", 1), encoding="utf-8")
    status = main(["--source", str(source), "--dist", str(tmp_path / "dist"), "--no-epubcheck"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err, err
    assert f"hoofdstuk-01.md:{opening}:" in err and "never closed" in err and "hint:" in err, err
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_a_good_build_leaves_source_alone_and_reports_placeholder_art(real_build):
    """The session's build of the real book: every file of ``source/`` as it was before, the missing art reported
    (it is reported on every build)."""
    assert snapshot(SOURCE) == real_build.source_before
    assert any("placeholder" in warning for warning in real_build.result.warnings), real_build.result.warnings
    for edition in ("print", "screen"):
        assert real_build.result.outputs[edition].read_bytes().startswith(b"%PDF-")
    assert real_build.result.outputs["epub"].read_bytes().startswith(b"PK")
