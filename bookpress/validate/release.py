"""A built set of editions → the reasons it may not be released (``python build.py --release``).

The default build is a proof: placeholders and missing metadata are reported and the files are written. A release
build runs the same build and then these independent checks; any reason refuses the release, all reasons are
listed at once, and nothing is published:

- placeholder art (a figure whose file is still missing), with the source file and line;
- metadata a book trade needs: ISBN of each edition built, publisher;
- a fallback font in a PDF (any font that is not one of the book faces);
- every ``check`` finding (:func:`bookpress.lint.check.check`);
- every preflight finding of the press PDF (:mod:`bookpress.validate.preflight`), which includes images below
  300 ppi effective;
- every PDF/UA-1 finding of the screen PDF (:mod:`bookpress.validate.pdfua`).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from bookpress.assemble import figures_in
from bookpress.config import Config
from bookpress.fonts import faces_for
from bookpress.model import Book


def release_blockers(book: Book, config: Config, outputs: dict[str, Path], preflight_findings: list) -> list[str]:
    """Every reason the editions in ``outputs`` (edition → staged file) may not be released; empty = releasable.

    ``preflight_findings`` are the press PDF's findings from the build. Each reason is one line, naming the file
    and line or the page and object it concerns.
    """
    reasons: list[str] = []
    reasons += _placeholders(book, config)
    reasons += _metadata(config, outputs)
    for edition, path in outputs.items():
        if path.suffix == ".pdf":
            reasons += [f"{path.name}: {message}" for message in fallback_fonts(path, faces_for(config))]
    reasons += _check_findings(config)
    press = outputs.get("print")
    reasons += [f"preflight: {press.name if press else 'press PDF'}: {finding}" for finding in preflight_findings]
    screen = outputs.get("screen")
    if screen is not None:
        from bookpress.validate.pdfua import pdfua_findings

        reasons += [f"PDF/UA-1: {screen.name}: {finding}" for finding in pdfua_findings(screen)]
    return reasons


def _placeholders(book: Book, config: Config) -> list[str]:
    found = []
    for part in book.parts:
        for figure in figures_in(part.blocks):
            if figure.placeholder:
                where = _relative(part.source, config)
                found.append(f"{where}:{figure.line}: figure {figure.number} ({figure.id}) is placeholder art "
                             f"('{figure.src}' is missing)")
    return found


def _relative(path, config: Config) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(config.source_dir.resolve().parent))
    except ValueError:
        return str(path)


def _metadata(config: Config, outputs: dict[str, Path]) -> list[str]:
    found = []
    book_toml = _relative(config.source_dir / "book.toml", config)
    if not config.publisher.strip():
        found.append(f"{book_toml}: publisher is empty (the imprint on the title page and in the metadata)")
    if ("print" in outputs or "screen" in outputs) and not config.isbn.print.strip():
        found.append(f"{book_toml}: isbn.print is empty (the print edition needs its ISBN)")
    if "epub" in outputs and not config.isbn.epub.strip():
        found.append(f"{book_toml}: isbn.epub is empty (the EPUB needs its own ISBN)")
    return found


def fallback_fonts(path: Path, faces) -> list[str]:
    """Fonts in the PDF at ``path`` that are not among ``faces`` (the book's faces; Pango fell back to a system
    font): one message per font, naming the first page it is used on."""
    allowed = {_normal(face.path.stem) for face in faces} | {_normal(face.family) for face in faces}
    families = {_normal(face.family) for face in faces}
    found, seen = [], set()
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
                base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
                name = _normal(base)
                if name in seen or font.get("/Subtype") == "/Type3":
                    continue
                seen.add(name)
                if name not in allowed and not any(name.startswith(f) for f in families):
                    found.append(f"page {number}: fallback font {base} (not one of the book faces)")
    return found


def _normal(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _check_findings(config: Config) -> list[str]:
    from bookpress.lint.check import check

    return [f"check: {item.format()}" for item in check(config.source_dir)]
