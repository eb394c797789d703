"""EPUB files → EPUBCheck findings per file, from **one** JVM for the whole test session (issue 12 item 7).

A JVM start plus EPUBCheck's schema loading costs ~5 CPU seconds; a further EPUB in the same JVM ~0.2 s. The suite
therefore registers every EPUB it wants validated (the real book, the full-matter book, the PNG-cover book, the
every-construct book …) with :class:`SessionEpubCheck`, and the first test asking for findings validates all of
them in one run of the build's own warm validator (:class:`bookpress.validate.epubcheck_jvm.WarmValidator`: the
JVM a build starts before its print layout and ``watch`` keeps, with the build's flags, report parser and error
handling), so the session's one JVM run also tests the validator the build uses. ``tests/conftest.py`` runs the
tests that ask for findings last, so every book built for the session is registered by then.
"""

from __future__ import annotations

from pathlib import Path

from bookpress.validate.epubcheck import Finding


def epubcheck_batch(epubs: list[Path], reports: Path | None = None) -> dict[Path, list[Finding]]:
    """Validate every EPUB in ``epubs`` in one warm JVM; return, per EPUB, its FATAL/ERROR/WARNING findings (empty
    list = valid). (``reports`` is not used: the validator keeps its reports in its own folder.) Raises
    ``RuntimeError`` when this machine cannot run the warm validator, :class:`bookpress.errors.BookError` when the
    JVM ends without a report."""
    from bookpress.validate import epubcheck_jvm

    prepared = epubcheck_jvm.prepare()
    if prepared is None:
        raise RuntimeError("EPUBCheck's warm validator cannot run here (no Java, or no jdk.compiler module in it): "
                           "run setup.sh")
    validator = epubcheck_jvm.WarmValidator(prepared)
    try:
        runs = [(Path(epub), validator.submit(epub)) for epub in epubs]
        return {epub: run.result() for epub, run in runs}
    finally:
        validator.close()


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
