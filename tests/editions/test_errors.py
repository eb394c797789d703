"""Bad input → a clear message with file and line, exit status 1, no traceback, previous dist/ intact,
nothing written into source/."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SOURCE


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def book_copy(tmp_path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(SOURCE, source)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "cio-3-0.pdf").write_bytes(b"previous pdf")
    (dist / "cio-3-0.epub").write_bytes(b"previous epub")
    return source


def _build(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--source", str(source),
                           "--dist", str(source.parent / "dist"), "--no-epubcheck"],
                          capture_output=True, text=True, cwd=source.parent, timeout=600)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = {
    "missing chapter file": (lambda s: (s / "introductie.md").unlink(), "introductie.md", "chapter file not found"),
    "bad TOML": (lambda s: _edit(s / "book.toml", 'language = "nl"', "language = nl"), "book.toml:", "not valid TOML"),
    "unknown key": (lambda s: _edit(s / "book.toml", "year = 2016", "year = 2016\ncolour = 1"), "book.toml:",
                    "unknown key 'colour'"),
    "wrong type": (lambda s: _edit(s / "book.toml", "trim_width_mm = 170", 'trim_width_mm = "170"'), "book.toml:",
                   "'print.trim_width_mm' must be float"),
    "missing figure file": (lambda s: (s / "figures" / "fig-kanteling.svg").unlink(), "hoofdstuk-01.md:",
                            "figure file 'figures/fig-kanteling.svg' not found"),
    "unclosed callout": (lambda s: _edit(s / "hoofdstuk-01.md", "ingevoerd.\n\n:::", "ingevoerd.\n\n"),
                         "hoofdstuk-01.md:", "never closed"),
    "unknown callout type": (lambda s: _edit(s / "hoofdstuk-01.md", "{.callout-case", "{.callout-kader"),
                             "hoofdstuk-01.md:", "unknown callout box type"),
    "corrupt figure file": (lambda s: (s / "figures" / "fig-kanteling.svg").write_text("<svg><broken", "utf-8"),
                            "hoofdstuk-01.md:", "not well-formed SVG"),
    "text hidden behind a comment": (lambda s: _edit(s / "voorwoord.md", "\nStellen dat", "\n<!-- nb --> Stellen dat"),
                                     "voorwoord.md:", "raw HTML"),
    "control character": (lambda s: _edit(s / "voorwoord.md", "Stellen dat", "Stellen\x0c dat"), "voorwoord.md:",
                          "control character"),
    "bad language tag": (lambda s: _edit(s / "book.toml", 'language = "nl"', 'language = "Dutch!"'), "book.toml:",
                         "BCP 47"),
    "front-matter role of an unlisted file": (
        lambda s: _edit(s / "book.toml", 'foreword = "voorwoord.md"', 'foreword = "voorwoord-oud.md"'),
        "book.toml:", "not listed in contents.front_matter"),
    "impossible page geometry": (lambda s: _edit(s / "book.toml", "trim_height_mm = 240", "trim_height_mm = 0"),
                                 "book.toml:", "positive number"),
    "reserved part name": (lambda s: (_edit(s / "book.toml", 'front_matter = ["voorwoord.md"', 'front_matter = ["nav.md"'),
                                      _edit(s / "book.toml", 'foreword = "voorwoord.md"', 'foreword = "nav.md"')),
                           "book.toml", "clashes"),
    "unknown reference": (lambda s: _edit(s / "hoofdstuk-01.md", "(zie kader)", "(zie @fig-nergens)"),
                          "hoofdstuk-01.md:", "unknown figure '@fig-nergens'"),
}


#: Cases that feed WeasyPrint broken input on purpose: the warning it logs is what the build turns into an error.
WEASYPRINT_WARNS = {"corrupt figure file": r"Failed to load image"}


@pytest.mark.parametrize("case", [
    pytest.param(case, marks=[pytest.mark.weasyprint_warning(WEASYPRINT_WARNS[case])] if case in WEASYPRINT_WARNS else [])
    for case in sorted(CASES)])
def test_bad_input_is_reported_not_crashed(case, book_copy):
    damage, where, message = CASES[case]
    damage(book_copy)
    before = _snapshot(book_copy)
    result = _build(book_copy)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert where in result.stderr and message in result.stderr, result.stderr
    assert "hint:" in result.stderr
    dist = book_copy.parent / "dist"
    assert (dist / "cio-3-0.pdf").read_bytes() == b"previous pdf"
    assert (dist / "cio-3-0.epub").read_bytes() == b"previous epub"
    assert sorted(p.name for p in dist.iterdir()) == ["cio-3-0.epub", "cio-3-0.pdf"]  # no partial files left
    assert _snapshot(book_copy) == before  # nothing written into source/


def test_unclosed_callout_names_the_opening_line(book_copy):
    path = book_copy / "hoofdstuk-01.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    opening = next(i for i, l in enumerate(lines, 1) if l.startswith("::: {.callout") and "g1000" in l)
    _edit(path, "aldus Harm van Dijk.\n\n:::", "aldus Harm van Dijk.\n\n")
    result = _build(book_copy)
    assert f"hoofdstuk-01.md:{opening}:" in result.stderr, result.stderr


def test_a_good_build_replaces_dist_and_leaves_source_alone(book_copy):
    before = _snapshot(book_copy)
    result = _build(book_copy)
    assert result.returncode == 0, result.stderr
    dist = book_copy.parent / "dist"
    assert (dist / "cio-3-0.pdf").read_bytes().startswith(b"%PDF-")
    assert (dist / "cio-3-0.epub").read_bytes().startswith(b"PK")
    assert _snapshot(book_copy) == before
    assert "placeholder" in result.stdout  # missing art is reported on every build
