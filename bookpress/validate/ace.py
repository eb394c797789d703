"""EPUB file → DAISY Ace accessibility findings (https://daisy.github.io/ace/).

Ace 1.4.6 is a Node program (npm ``@daisy/ace-cli``) that opens every content document in a headless Chromium and
runs axe-core plus EPUB-specific checks (package ``xml:lang``, accessibility metadata, page list source,
``epub:type`` with its ARIA role). ``setup.sh`` installs it into ``tools/ace/node_modules`` with Puppeteer's own
browser download skipped, and Debian's ``chromium`` is used instead (``PUPPETEER_EXECUTABLE_PATH``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bookpress.errors import BookError

ACE = Path(__file__).resolve().parents[2] / "tools" / "ace" / "node_modules" / ".bin" / "ace-cli"


@dataclass(frozen=True)
class AceFinding:
    """One violation: ``rule`` (e.g. ``epub-lang``), ``impact`` (minor/moderate/serious/critical), the ``document``
    inside the EPUB and Ace's ``message``."""

    rule: str
    impact: str
    document: str
    message: str

    def __str__(self) -> str:
        return f"{self.document}: {self.impact} {self.rule}: {self.message}"


def chromium() -> str | None:
    """Path of the system Chromium (Debian ``chromium``), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_ace(epub: Path, timeout_s: float = 600) -> list[AceFinding]:
    """Run Ace on ``epub``; return every violation it reports (empty list: Ace's outcome is "pass").

    Raises :class:`BookError` when Ace or Chromium is not installed (run ``./setup.sh``) or Ace fails to run.
    """
    browser = chromium()
    if not ACE.exists() or browser is None:
        raise BookError("DAISY Ace is not installed (tools/ace/node_modules) or chromium is missing",
                        hint="run ./setup.sh")
    with tempfile.TemporaryDirectory(prefix="ace-") as out:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser, "HOME": out}
        done = subprocess.run([str(ACE), "--force", "--silent", "--outdir", out, str(epub)], env=env,
                              capture_output=True, text=True, timeout=timeout_s)
        report_path = Path(out) / "report.json"
        if not report_path.exists():
            raise BookError(f"Ace did not write a report (exit {done.returncode}): {done.stderr.strip()[-800:]}",
                            epub)
        report = json.loads(report_path.read_text(encoding="utf-8"))
    findings = []
    for subject in report.get("assertions", []):
        document = subject.get("earl:testSubject", {}).get("url", "")
        for assertion in subject.get("assertions", []):
            test = assertion.get("earl:test", {})
            findings.append(AceFinding(test.get("dct:title", "?"), test.get("earl:impact", "?"), document,
                                       assertion.get("earl:result", {}).get("dct:description", "")))
    if not findings and report.get("earl:result", {}).get("earl:outcome") != "pass":
        raise BookError(f"Ace reported outcome {report.get('earl:result')} without findings", epub)
    return findings
