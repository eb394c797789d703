"""Build steps run in a forked child on the second core (bookpress/forked.py: both PDF editions of a unit drawn at
once, the EPUB written while the PDFs are checked) give the same files and warnings as one after the other; a
child's failure is the build's failure."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.errors import BookError
from bookpress import forked
from bookpress.writers import parallel_draw
from tests.support.books import make_small_book

ROOT = Path(__file__).resolve().parents[2]


def _build(source: Path, dist: Path, parallel: bool) -> tuple[dict[str, str], str]:
    """Build every edition (no EPUBCheck) in a child process; return the files' digests and the build's summary."""
    env = {**os.environ, "BOOKPRESS_PARALLEL": "1" if parallel else "0", "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--source", str(source), "--dist",
                           str(dist), "--cache", str(dist.parent / f"cache-{dist.name}"), "--no-epubcheck"],
                          check=True, env=env, capture_output=True, text=True)
    assert ("drawn on two cores" in done.stderr) == parallel, done.stderr
    files = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(dist.glob("*.*"))
             if path.suffix in (".pdf", ".epub")}
    return files, done.stdout.replace(str(dist), "DIST")


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="parallel drawing needs fork and two cores")
def test_parallel_steps_give_the_same_files_and_warnings(tmp_path):
    source = make_small_book(tmp_path)
    parallel, serial = _build(source, tmp_path / "parallel", True), _build(source, tmp_path / "serial", False)
    assert len(parallel[0]) == 3 and parallel == serial


def test_a_failure_in_the_child_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "may_fork", lambda pages: hasattr(os, "fork"))
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    drawn = []

    def press(document, path):
        drawn.append("press")

    def screen(document, path):
        raise BookError("screen PDF: a colour that cannot be shown", hint="fix it")

    messages: list[str] = []
    with pytest.raises(BookError, match="cannot be shown") as raised:
        parallel_draw.draw_editions(object(), {"press": tmp_path / "p.pdf", "screen": tmp_path / "s.pdf"},
                                    {"press": press, "screen": screen}, messages, 10)
    assert raised.value.hint == "fix it" and drawn == ["press"]


def test_warnings_of_the_child_reach_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(forked, "may_fork", lambda pages: hasattr(os, "fork"))
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    messages: list[str] = ["earlier"]

    def screen(document, path):
        messages.append("WeasyPrint: an SVG could not be drawn")

    parallel_draw.draw_editions(object(), {"press": tmp_path / "p.pdf", "screen": tmp_path / "s.pdf"},
                                {"press": lambda d, p: None, "screen": screen}, messages, 10)
    assert messages == ["earlier", "WeasyPrint: an SVG could not be drawn"]


def test_a_large_book_keeps_to_one_process(monkeypatch):
    monkeypatch.setenv("BOOKPRESS_PARALLEL", "1")
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(forked, "_resident_mib", lambda: 100.0)
    assert forked.may_fork(26) == hasattr(os, "fork")
    assert not forked.may_fork(forked.SMALL_BOOK_PAGES + 1)
    monkeypatch.setattr(forked, "_resident_mib", lambda: forked.MAX_RSS_MIB + 1.0)
    assert not forked.may_fork(26)
