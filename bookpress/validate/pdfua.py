"""Screen PDF → PDF/UA-1 findings from an independent validator: ``page`` (PyPI ``page-validation``, a Rust
implementation of veraPDF's PDF/UA-1 rules that passes the veraPDF and Isartor test corpora; veraPDF itself is not
installable from a package registry).

It checks what a machine can check of ISO 14289-1 (the Matterhorn Protocol's machine-checkable conditions): the
structure tree and ``/MarkInfo``, every piece of content tagged or an artifact, ``/Lang``, the title and
``DisplayDocTitle``, the PDF/UA identification in XMP, figures with alternative text, heading nesting, link
annotations inside ``/Link`` elements with a description, ``/Tabs /S`` on pages with annotations, tables, fonts.
What it cannot judge (whether alt texts and the reading order make sense) stays a human check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class UaFinding:
    """One failed PDF/UA-1 rule: its ``rule`` id (e.g. ``PDFUA1-LINK-LINK-TAG-001``) and the validator's message
    for its first failing place (page, annotation or object)."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def pdfua_findings(path: Path) -> list[UaFinding]:
    """Validate the PDF at ``path`` against PDF/UA-1 (ISO 14289-1); return one finding per failed rule, empty when
    it conforms. Raises :class:`bookpress.errors.BookError` when the validator cannot read the file."""
    import page

    from bookpress.errors import BookError

    try:
        report = page.validate_pdf(str(path), profile="ua1")
    except page.PageError as error:
        raise BookError(f"{Path(path).name}: the PDF/UA validator cannot read the file: {error}") from None
    findings = []
    for failure in report.failures:
        finding = UaFinding(failure.rule_id, failure.message)
        if finding not in findings:
            findings.append(finding)
    return findings
