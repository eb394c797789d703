"""``build.py watch``: builds, rebuilds on a save with a change report and page previews, keeps watching after an
error, stops on Ctrl-C. Runs on a one-chapter book without EPUBCheck (validation in the background is covered by
the EPUBCheck tests)."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.support.books import make_small_book

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = "# Een kort hoofdstuk\n\nEen alinea met gewone tekst over digitale transformatie en de rol van de CIO.\n"


def small_book(tmp_path: Path) -> Path:
    return make_small_book(tmp_path, CHAPTER)


class Lines:
    def __init__(self, process: subprocess.Popen) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.queue.put(line) for line in process.stdout], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}; output:\n{''.join(self.seen)}")


def test_watch_rebuilds_reports_previews_and_survives_errors(tmp_path):
    source = small_book(tmp_path)
    dist = tmp_path / "dist"
    process = subprocess.Popen([sys.executable, "build.py", "watch", "--source", str(source), "--dist", str(dist),
                                "--cache", str(tmp_path / "cache"), "--no-epubcheck", "--debounce", "100"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = Lines(process)
    try:
        lines.wait_for("rebuilt")
        lines.wait_for("preview:")
        first_pdf = (dist / "cio-3-0.pdf").read_bytes()
        chapter = source / "hoofdstuk.md"
        chapter.write_text(CHAPTER.replace("gewone", "bijzondere"), encoding="utf-8")
        lines.wait_for("changed: hoofdstuk.md")
        lines.wait_for("rebuilt")
        report = lines.wait_for("print:")
        assert "changed p." in report
        lines.wait_for("preview: 1 page image(s)")
        pngs = list((dist / "preview").glob("page-*.png"))
        assert len(pngs) == 1 and (dist / "preview" / "book.html").is_file()
        assert (dist / "cio-3-0.pdf").read_bytes() != first_pdf
        chapter.write_text(CHAPTER + "\n::: {.callout-onbekend}\nx\n:::\n", encoding="utf-8")  # a bad edit
        lines.wait_for("error:")
        lines.wait_for("watching")
        chapter.write_text(CHAPTER, encoding="utf-8")  # fixed again: watching goes on
        lines.wait_for("rebuilt")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)  # a rebuild under way finishes first; a loaded machine needs the margin
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode == 130, "Ctrl-C did not stop watch within 60 s (killed)" if process.returncode == -9 else ""
