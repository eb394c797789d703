"""Both PDF editions of a unit drawn at once in a forked child (bookpress/writers/parallel_draw.py) give the same
bytes as drawn one after the other; a child's failure is the build's failure."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.errors import BookError
from bookpress.writers import parallel_draw
from tests.support.books import make_small_book

ROOT = Path(__file__).resolve().parents[2]


def _build(source: Path, dist: Path, parallel: bool) -> dict[str, str]:
    env = {**os.environ, "BOOKPRESS_PARALLEL_DRAW": "1" if parallel else "0", "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--source", str(source), "--dist",
                           str(dist), "--cache", str(dist.parent / f"cache-{dist.name}"), "--edition", "print",
                           "--edition", "screen"], check=True, env=env, capture_output=True, text=True)
    assert ("drawn on two cores" in done.stderr) == parallel, done.stderr
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(dist.glob("*.pdf"))}


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="parallel drawing needs fork and two cores")
def test_parallel_drawing_gives_the_same_pdfs(tmp_path):
    source = make_small_book(tmp_path)
    assert _build(source, tmp_path / "parallel", True) == _build(source, tmp_path / "serial", False)


def test_a_failure_in_the_child_fails_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_draw, "may_fork", lambda: hasattr(os, "fork"))
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
                                    {"press": press, "screen": screen}, messages)
    assert raised.value.hint == "fix it" and drawn == ["press"]


def test_warnings_of_the_child_reach_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel_draw, "may_fork", lambda: hasattr(os, "fork"))
    if not hasattr(os, "fork"):
        pytest.skip("no fork")
    messages: list[str] = ["earlier"]

    def screen(document, path):
        messages.append("WeasyPrint: an SVG could not be drawn")

    parallel_draw.draw_editions(object(), {"press": tmp_path / "p.pdf", "screen": tmp_path / "s.pdf"},
                                {"press": lambda d, p: None, "screen": screen}, messages)
    assert messages == ["earlier", "WeasyPrint: an SVG could not be drawn"]
