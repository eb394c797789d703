"""Screen PDF → PDF/UA-1 findings from an independent validator: ``page`` (PyPI ``page-validation``, a Rust
implementation of veraPDF's PDF/UA-1 rules that passes the veraPDF and Isartor test corpora; veraPDF itself is not
installable from a package registry).

It checks what a machine can check of ISO 14289-1 (the Matterhorn Protocol's machine-checkable conditions): the
structure tree and ``/MarkInfo``, every piece of content tagged or an artifact, ``/Lang``, the title and
``DisplayDocTitle``, the PDF/UA identification in XMP, figures with alternative text, heading nesting, link
annotations inside ``/Link`` elements with a description, ``/Tabs /S`` on pages with annotations, tables, fonts.
What it cannot judge (whether alt texts and the reading order make sense) stays a human check.

Memory: the validator holds the whole document at once — the structure tree (~135 MiB for an 816-page book's
39,000 elements) and every page's parsed content (~0.13 MiB a page). A long PDF is therefore checked in runs of at
most :data:`PAGES_PER_RUN` pages (:func:`pdfua_findings`): each run sees the whole file — catalogue, metadata,
structure tree, outline, every page object with its resources and annotations — but only its own pages' content
streams; every other page's content is empty. Every page's content is checked in exactly one run, everything else
in every run; a failed rule is reported as the earliest run that fails it reports it (the validator gives a rule's
first failing place, in page order, as it does for the whole file). The runs' files are written by pikepdf (qpdf),
as the screen PDF itself is, so file-structure rules (header, encryption) judge the same writer's output.
``tests/print/test_pdfua_runs.py`` shows the runs give the whole file's findings for broken screen PDFs.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

#: the most pages one validator run checks the content of (see the module's docstring): an 816-page screen PDF is
#: checked in 5 runs (~170 MiB each, against ~250 MiB for one run over the whole file; ~2.5 CPU s more)
PAGES_PER_RUN = 200


@dataclass(frozen=True)
class UaFinding:
    """One failed PDF/UA-1 rule: its ``rule`` id (e.g. ``PDFUA1-LINK-LINK-TAG-001``) and the validator's message
    for its first failing place (page, annotation or object)."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def pdfua_findings(path: Path, pages_per_run: int = PAGES_PER_RUN) -> list[UaFinding]:
    """Validate the PDF at ``path`` against PDF/UA-1 (ISO 14289-1); return one finding per failed rule, empty when
    it conforms. A PDF of more than ``pages_per_run`` pages is validated in runs of at most that many pages' content
    each (see the module's docstring); the findings are those of one run over the whole file. Raises
    :class:`bookpress.errors.BookError` when the validator (or, for a long PDF, pikepdf) cannot read the file."""
    from bookpress.memory import release_memory

    release_memory()  # the validator's peak comes on top of what the build left: start from a trimmed heap
    path = Path(path)
    try:
        ranges = _page_ranges(path, pages_per_run)
        if len(ranges) <= 1:
            return _findings(_validate(path, path.name))
        with tempfile.TemporaryDirectory(prefix="bookpress-pdfua-") as scratch:
            runs = _write_runs(path, ranges, Path(scratch))
            release_memory()  # pikepdf's copy of the document is gone before the first run
            findings = []
            for run in runs:
                findings.append(_findings(_validate(run, path.name)))
                run.unlink()
                release_memory(collect=False)  # each run starts from the heap the first one found
        return _merged(findings)
    finally:
        release_memory(collect=False)  # what comes next (the change report) starts without the validator's heap


def _page_ranges(path: Path, pages_per_run: int) -> list[range]:
    """The page index ranges of the runs: as few as ``pages_per_run`` allows, of equal length (± 1)."""
    import pikepdf

    if pages_per_run < 1:
        raise ValueError(f"pages_per_run must be at least 1, not {pages_per_run}")
    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
    except pikepdf.PdfError as error:
        from bookpress.errors import BookError

        raise BookError(f"{path.name}: the PDF/UA validator cannot read the file: {error}") from None
    runs = max(1, -(-count // pages_per_run))
    size = -(-count // runs)
    return [range(start, min(start + size, count)) for start in range(0, count, size)] or [range(0)]


def _write_runs(path: Path, ranges: list[range], folder: Path) -> list[Path]:
    """One file per run in ``folder``: the PDF at ``path`` with an empty content stream on every page outside the
    run's range (same objects otherwise; XMP metadata kept as it is)."""
    import pikepdf

    files = []
    with pikepdf.open(path) as pdf:
        empty = pdf.make_stream(b"")
        contents = [page.obj.get("/Contents") for page in pdf.pages]
        for number, pages in enumerate(ranges):
            for index, page in enumerate(pdf.pages):
                inside = index in pages and contents[index] is not None
                if inside:
                    page.obj.Contents = contents[index]
                elif contents[index] is not None:
                    page.obj.Contents = empty
            files.append(folder / f"run-{number}.pdf")
            pdf.save(files[-1], fix_metadata_version=False)
    return files


def _validate(path: Path, name: str):
    """The validator's report on the file at ``path`` (``name``: the screen PDF's file name, for errors)."""
    import page

    from bookpress.errors import BookError

    try:
        return page.validate_pdf(str(path), profile="ua1")
    except page.PageError as error:
        raise BookError(f"{name}: the PDF/UA validator cannot read the file: {error}") from None


def _findings(report) -> list[UaFinding]:
    """The findings in the validator's ``report`` on one file, without repeats."""
    findings: list[UaFinding] = []
    for failure in report.failures:
        finding = UaFinding(failure.rule_id, failure.message)
        if finding not in findings:
            findings.append(finding)
    return findings


def _merged(runs: list[list[UaFinding]]) -> list[UaFinding]:
    """The findings of the ``runs`` (in page order) as one run over the whole file gives them: each failed rule's
    findings from the first run that has the rule."""
    merged: list[UaFinding] = []
    for findings in runs:
        known = {finding.rule for finding in merged}
        merged += [finding for finding in findings if finding.rule not in known]
    return merged
