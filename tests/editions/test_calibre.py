"""A real reading system in the loop: calibre's ebook-convert turns the EPUB into AZW3 (Kindle) without a warning.

calibre is installed by setup.sh (Debian ``calibre``); the test fails, never skips, when it is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess


def test_calibre_converts_to_azw3_without_warnings(built, tmp_path):
    convert = shutil.which("ebook-convert")
    assert convert, "calibre's ebook-convert is missing: run ./setup.sh"
    target = tmp_path / "book.azw3"
    done = subprocess.run([convert, str(built.outputs["epub"]), str(target)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)})
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-2000:]
    assert target.stat().st_size > 10_000
    problems = [line for line in log.splitlines() if re.search(r"warn|error|fail|traceback|could not|invalid", line, re.I)]
    assert problems == [], "\n".join(problems)
    assert "Generating in-line ToC" in log or "Creating indices" in log
