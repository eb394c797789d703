"""EPUBCheck inside the build: any finding it reports stops the build, the EPUB is validated in the staging folder,
and a failure in the EPUB stage leaves the previously published set in ``dist/`` exactly as it was.

The real EPUBCheck runs once per session (the session build, ``test_epub.py``). Here a fake validator stands in for
Java and a stub for the EPUB packager (the real one is tested on the session build), so these
tests check the build's order of work — write into staging, validate, publish or keep the previous set — in a
fraction of a second. Which severities count as findings is tested on EPUBCheck's report format in
``tests/speed/test_validation.py``.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

import bookpress.validate.epubcheck as epubcheck_module
from bookpress.build import build
from bookpress.errors import BookError
from bookpress.validate.epubcheck import Finding

from .conftest import SOURCE

NAMES = ("cio-3-0.pdf", "cio-3-0.epub")


def _visible(dist: Path) -> dict[str, bytes]:
    """What a reader of ``dist/`` sees under the edition names (links followed)."""
    return {name: (dist / name).read_bytes() for name in NAMES if (dist / name).is_file()}


def _previous_build(tmp_path: Path) -> Path:
    """A ``dist/`` holding a previous build's files (plain files, as an older bookpress wrote them)."""
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in NAMES:
        (dist / name).write_bytes(f"previous {name}".encode())
    return dist


class _FakeRun:
    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings

    def result(self) -> list[Finding]:
        return list(self.findings)

    def cancel(self) -> None:
        pass


class _FakeValidator:
    """Stands in for ``start_epubcheck``: records the file it was asked to check and its bytes, and reports
    ``findings``."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.checked: list[tuple[Path, str]] = []

    def __call__(self, epub: Path) -> _FakeRun:
        self.checked.append((Path(epub), hashlib.sha256(Path(epub).read_bytes()).hexdigest()))
        return _FakeRun(self.findings)


def _stub_epub(book, config, target, pages=()) -> list[str]:
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("EPUB/text/stub.xhtml", f"<p>{config.title}</p>")
    return []


@pytest.fixture
def fake_validator(monkeypatch):
    """Install a fake EPUBCheck that reports the findings given, and a stub EPUB writer (no packaging) that needs no
    page list, so the build does not lay out the print edition for one (``_stored_page_list`` answers ``()``, as
    for a book whose print layout is cached: ~6 CPU seconds saved per build)."""
    import bookpress.build
    import bookpress.writers.epub

    monkeypatch.setattr(bookpress.writers.epub, "write_epub", _stub_epub)
    monkeypatch.setattr(bookpress.build, "_stored_page_list", lambda config, active_cache: ())

    def install(findings: list[Finding]) -> _FakeValidator:
        fake = _FakeValidator(findings)
        monkeypatch.setattr(epubcheck_module, "start_epubcheck", fake)
        monkeypatch.setattr(epubcheck_module, "start_validator", lambda: None)  # no warm JVM for a fake check
        return fake
    return install


def test_an_epubcheck_finding_fails_the_build_and_keeps_the_previous_set(tmp_path, fake_validator):
    fake = fake_validator([Finding("WARNING", "OPF-096", "cio-3-0.epub/EPUB/text/cover.xhtml:3:1",
                                   "non-linear item not reachable")])
    dist = _previous_build(tmp_path)
    before = _visible(dist)
    with pytest.raises(BookError) as raised:
        build(SOURCE, dist, editions=("epub",), epubcheck=True, cache_dir=tmp_path / "cache")
    assert fake.checked, "the build did not run EPUBCheck"
    message = str(raised.value)
    assert "EPUBCheck" in message and "OPF-096" in message and "EPUB/text/cover.xhtml:3:1" in message
    assert _visible(dist) == before, "a failed EPUB stage changed what dist/ shows (written outside staging?)"
    assert not list(dist.glob(".staging-*")), "staging left behind"


def test_the_epub_is_validated_in_staging_then_published_unchanged(tmp_path, fake_validator):
    fake = fake_validator([])
    dist = _previous_build(tmp_path)
    result = build(SOURCE, dist, editions=("epub",), epubcheck=True, cache_dir=tmp_path / "cache")
    [(checked, digest)] = fake.checked
    assert checked.resolve().parent != dist.resolve(), "EPUBCheck ran on a file already in dist/ (no staging)"
    assert dist.resolve() in checked.resolve().parents, "staging must be inside dist/ (same file system: atomic rename)"
    published = result.outputs["epub"]
    assert published == dist / "cio-3-0.epub"
    assert hashlib.sha256(published.read_bytes()).hexdigest() == digest, "the published EPUB is not the validated one"
    assert _visible(dist)["cio-3-0.pdf"] == b"previous cio-3-0.pdf", "an edition not built must be carried over"
    assert not list(dist.glob(".staging-*")), "staging left behind"


def test_without_epubcheck_the_validator_is_not_run(tmp_path, fake_validator):
    fake = fake_validator([Finding("ERROR", "RSC-005", "x", "y")])
    build(SOURCE, _previous_build(tmp_path), editions=("epub",), epubcheck=False, cache_dir=tmp_path / "cache")
    assert fake.checked == []
