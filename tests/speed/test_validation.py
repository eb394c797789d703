"""EPUBCheck as the build runs it: fast JVM flags, report parsing, skipped for content that passed before, and the
JVM dies with the build (kill -9)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bookpress.build import build, default_cache
from bookpress.validate import epubcheck

ROOT = Path(__file__).resolve().parents[2]


def test_report_parsing_keeps_failing_levels_with_locations():
    report = {"messages": [
        {"ID": "RSC-005", "severity": "ERROR", "message": "bad",
         "locations": [{"path": "EPUB/text/ch-1.xhtml", "line": 12, "column": 3},
                       {"path": "EPUB/text/ch-2.xhtml", "line": -1, "column": -1}]},
        {"ID": "ACC-001", "severity": "USAGE", "message": "advice", "locations": []},
        {"ID": "OPF-096", "severity": "WARNING", "message": "linear", "locations": []},
    ]}
    findings = epubcheck.parse_report(json.dumps(report).encode(), Path("/x/book.epub"))
    assert [str(f) for f in findings] == ["ERROR RSC-005 book.epub/EPUB/text/ch-1.xhtml:12:3: bad",
                                          "ERROR RSC-005 book.epub/EPUB/text/ch-2.xhtml: bad",
                                          "WARNING OPF-096 book.epub/: linear"]
    with pytest.raises(ValueError):
        epubcheck.parse_report(b"Error: Could not create the Java Virtual Machine.", Path("b.epub"))
    # EPUBCheck 5.3 on a file it cannot find: no message at all, no publication, exit status 1 — never a pass
    nothing = {"messages": [], "publication": {"ePubVersion": None}, "checker": {"nFatal": 0, "nError": 0}}
    with pytest.raises(ValueError, match="checked nothing"):
        epubcheck.parse_report(json.dumps(nothing).encode(), Path("gone.epub"))
    valid = {"messages": [], "publication": {"ePubVersion": "3.0"}}
    assert epubcheck.parse_report(json.dumps(valid).encode(), Path("book.epub")) == []


def test_jvm_runs_with_quick_compiler_and_serial_gc(monkeypatch, tmp_path):
    seen = {}

    class Fake:
        def __init__(self, command, **kwargs):
            seen["command"] = command
            seen["preexec"] = kwargs.get("preexec_fn")

    monkeypatch.setattr(epubcheck.subprocess, "Popen", Fake)
    epubcheck.start_epubcheck(tmp_path / "b.epub")
    assert {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"} <= set(seen["command"])
    assert seen["preexec"] is not None, "the JVM must be tied to the build's life (PR_SET_PDEATHSIG)"


def test_digest_ignores_zip_timestamps_but_not_content(tmp_path):
    import zipfile

    def make(name, stamp, text):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.writestr(zipfile.ZipInfo("mimetype", stamp), "application/epub+zip")
            archive.writestr(zipfile.ZipInfo("EPUB/a.xhtml", stamp), text)
        return epubcheck.epub_digest(tmp_path / name)

    assert make("a.epub", (2020, 1, 1, 0, 0, 0), "x") == make("b.epub", (2024, 5, 5, 1, 2, 4), "x")
    assert make("c.epub", (2020, 1, 1, 0, 0, 0), "x") != make("d.epub", (2020, 1, 1, 0, 0, 0), "y")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_kill_9_during_epubcheck_ends_the_jvm_and_publishes_nothing(tmp_path):
    """On the one-chapter book (the JVM is killed seconds before it would finish: the book's size is beside the
    point, its print layout for the page list only delays the JVM's start)."""
    from tests.support.books import make_small_book

    source, dist, cache = make_small_book(tmp_path), tmp_path / "dist", tmp_path / "cache"
    build_process = subprocess.Popen([sys.executable, "build.py", "--edition", "epub", "--source", str(source),
                                      "--dist", str(dist), "--cache", str(cache)], cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        java = []
        while time.monotonic() < deadline and build_process.poll() is None:
            java = [c for c in _children(build_process.pid) if "java" in _comm(c)]
            if java and list(dist.glob(".staging-*")):  # the warm JVM starts first, then the editions are written
                break
            time.sleep(0.05)
        assert java, "EPUBCheck never started"
        os.kill(build_process.pid, signal.SIGKILL)
        build_process.wait()
        deadline = time.monotonic() + 10
        while _alive(java[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(java[0]), "the EPUBCheck JVM outlived the killed build"
    finally:
        if build_process.poll() is None:
            build_process.kill()
    assert not (dist / "cio-3-0.epub").exists()
    assert list(dist.glob(".staging-*")), "the kill left its staging folder (removed by the next build)"
