"""Book + config → the EPUB's accessibility metadata, with a conformance claim only when the book supports it.

EPUB Accessibility 1.1 (https://www.w3.org/TR/epub-a11y-11/) §2 asks for schema.org metadata (accessMode,
accessModeSufficient, accessibilityFeature, accessibilityHazard, accessibilitySummary) and, for a conformant
publication, ``dcterms:conformsTo`` "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" refined by ``a11y:certifiedBy``
(§2.1, https://www.w3.org/TR/epub-a11y-11/#sec-conf-reporting). The claim is derived from the book, never assumed:
missing art (placeholders), a figure without a text alternative, a missing language or a missing certifier each
withhold it, and :attr:`Accessibility.refusals` says why (file:line where there is one).
"""

from __future__ import annotations

from dataclasses import dataclass

from bookpress.config import Config
from bookpress.model import Book

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"


@dataclass(frozen=True)
class Accessibility:
    """The metadata to write: ``(property, value)`` pairs, plus the claim (or why it is withheld)."""

    properties: tuple[tuple[str, str], ...]
    conforms_to: str  # CONFORMANCE, or "" when refused
    certified_by: str
    refusals: tuple[str, ...]


def assess(book: Book, config: Config, page_list: bool) -> Accessibility:
    """Derive the accessibility metadata of the EPUB built from ``book``.

    ``page_list``: the EPUB carries page-break markers and a page-list nav from the print edition. Returns an
    :class:`Accessibility`; never raises (a refused claim is reported by the caller as a warning, and a release
    build refuses to publish).
    """
    refusals: list[str] = []
    for fig in book.figures:
        where = f"{_source_of(book, fig.id)}:{fig.line}"
        if fig.placeholder:
            refusals.append(f"{where}: figure {fig.number} ({fig.id}) is a placeholder: the art is missing")
        elif not fig.alt.strip():
            refusals.append(f"{where}: figure {fig.number} ({fig.id}) has no text alternative")
    if not config.language.strip():
        refusals.append("book.toml: no language set")
    certifier = config.epub.accessibility_certified_by or config.publisher
    if not certifier:
        refusals.append("book.toml: nobody vouches for the claim (set publisher or epub.accessibility_certified_by)")
    art = [f for f in book.figures if not f.placeholder]
    all_alt = all(f.alt.strip() for f in book.figures)
    props: list[tuple[str, str]] = [("schema:accessMode", "textual")]
    if book.figures:
        props.append(("schema:accessMode", "visual"))
    if all_alt:
        props.append(("schema:accessModeSufficient", "textual"))
    if book.figures:
        props.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if art and all_alt:
        features.insert(0, "alternativeText")
    if page_list:
        features += ["pageBreakMarkers", "pageNavigation"]
    props += [("schema:accessibilityFeature", f) for f in features]
    props.append(("schema:accessibilityHazard", "none"))
    props.append(("schema:accessibilitySummary", _summary(book, page_list, not refusals)))
    return Accessibility(tuple(props), "" if refusals else CONFORMANCE, "" if refusals else certifier,
                         tuple(refusals))


def _summary(book: Book, page_list: bool, conforms: bool) -> str:
    """A true, human-readable summary (EPUB A11y 1.1 §2.2). English, written with ``xml:lang="en"``, so no
    book-language text lives in code."""
    missing = sum(1 for f in book.figures if f.placeholder)
    parts = ["Headings, table of contents and reading order are navigable; text can be resized and recoloured."]
    if book.figures:
        if missing:
            parts.append(f"{missing} of {len(book.figures)} figures are still missing (a marked placeholder "
                         "describes each); the others have a text alternative.")
        else:
            parts.append("Every figure has a text alternative.")
    if page_list:
        parts.append("Page numbers of the print edition are included.")
    parts.append("Meets WCAG 2.1 Level AA." if conforms else "No conformance to WCAG 2.1 AA is claimed yet.")
    return " ".join(parts)


def _source_of(book: Book, figure_id: str) -> str:
    from bookpress.assemble import figures_in

    for part in book.parts:
        if any(f.id == figure_id for f in figures_in(part.blocks)):
            return part.source.name
    return "source"
