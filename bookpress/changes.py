"""Previous and new outputs → a change report: which print pages changed or moved, the page count, which EPUB
documents changed. Written after every build as a short text (build output) and as JSON (``<name>-changes.json``);
the list a publisher sends the printer with a corrected reprint.

Print pages are compared by two signatures per page: the **text** (PDFium's text extraction, pypdfium2) and the
**rendering** (SHA-256 over the page's content stream, the data of the images and forms it draws, and the names of
its fonts without the subset tag; pikepdf). A page whose text *or* rendering differs from the page with the same
number is *changed*; a changed page whose text block (the page without its head and foot margins, i.e. without
running head and folio) equals that of a previous page with another number is *moved* (text pushed on by an edit
earlier in the book). Page signatures of each PDF are kept in the build cache, so the previous PDF is not read again.
EPUB documents are compared by the SHA-256 of each zip entry.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bookpress import cache

MM = 72 / 25.4
#: Raised when the page signatures change meaning (cached signatures of older builds are then read again).
_SIGNATURE_VERSION = "2"


@dataclass(frozen=True)
class PageSignature:
    """One print page: its ``label`` (the folio as the PDF's page labels give it, else the page number), and the
    SHA-256 digests of its whole text, of its text block (no running head, no folio) and of its rendering."""

    label: str
    text: str
    body: str
    rendering: str


@dataclass(frozen=True)
class PageChange:
    """A page that differs from the previous build: ``page`` (1-based position in the PDF), its ``label``, ``what``
    changed (``"text"``, ``"rendering"``, ``"added"``) and, for a moved page, the previous position ``moved_from``."""

    page: int
    label: str
    what: str
    moved_from: int | None = None


@dataclass(frozen=True)
class PrintChanges:
    """The print edition's changes: page counts before (``None``: no previous build) and now, changed pages
    (moved pages have ``moved_from``) and the previous page numbers that no longer exist."""

    file: str
    previous_pages: int | None
    pages: int
    changed: tuple[PageChange, ...] = ()
    removed: tuple[int, ...] = ()

    @property
    def page_count_changed(self) -> bool:
        return self.previous_pages is not None and self.previous_pages != self.pages


@dataclass(frozen=True)
class EpubChanges:
    """The EPUB's changes: zip entry names (e.g. ``EPUB/text/ch-1.xhtml``) changed, added and removed."""

    file: str
    first_build: bool
    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChangeReport:
    """What changed since the previous published set; ``None`` for an edition this build did not make."""

    print: PrintChanges | None = None
    epub: EpubChanges | None = None
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> str:
        """The report as JSON (UTF-8 text, stable key order)."""
        data = {"print": None, "epub": None, "notes": list(self.notes)}
        if self.print is not None:
            data["print"] = asdict(self.print) | {"page_count_changed": self.print.page_count_changed}
        if self.epub is not None:
            data["epub"] = asdict(self.epub)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def text(self) -> str:
        """A few lines for the build output."""
        lines = []
        if self.print is not None:
            p = self.print
            if p.previous_pages is None:
                lines.append(f"print: {p.pages} pages (first build, nothing to compare)")
            else:
                count = f"{p.previous_pages} → {p.pages} pages" if p.page_count_changed else f"{p.pages} pages"
                edited = [c for c in p.changed if c.moved_from is None]
                moved = [c for c in p.changed if c.moved_from is not None]
                if not p.changed and not p.removed:
                    lines.append(f"print: {count}, no page changed")
                else:
                    parts = []
                    if edited:
                        parts.append(f"changed p. {_ranges([c.label for c in edited], [c.page for c in edited])}")
                    if moved:
                        parts.append(f"moved p. {_ranges([str(c.moved_from) for c in moved], [c.moved_from for c in moved])}"
                                     f" → {_ranges([c.label for c in moved], [c.page for c in moved])}")
                    if p.removed:
                        parts.append(f"gone p. {_ranges([str(n) for n in p.removed], list(p.removed))}")
                    lines.append(f"print: {count}; " + "; ".join(parts))
        if self.epub is not None:
            e = self.epub
            if e.first_build:
                lines.append("EPUB: first build, nothing to compare")
            elif not (e.changed or e.added or e.removed):
                lines.append("EPUB: no document changed")
            else:
                parts = [f"{label} {', '.join(_short(n) for n in names)}" for label, names in
                         (("changed", e.changed), ("added", e.added), ("removed", e.removed)) if names]
                lines.append("EPUB: " + "; ".join(parts))
        return "\n".join(lines + list(self.notes))


def _short(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def _ranges(labels: list[str], numbers: list[int]) -> str:
    """``["3","4","5","9"]`` at positions 3,4,5,9 → ``"3–5, 9"`` (runs of consecutive positions)."""
    out, start = [], 0
    for i in range(1, len(numbers) + 1):
        if i == len(numbers) or numbers[i] != numbers[i - 1] + 1:
            out.append(labels[start] if i - 1 == start else f"{labels[start]}–{labels[i - 1]}")
            start = i
    return ", ".join(out)


def _digest(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _rendering(page) -> str:
    """SHA-256 over what draws the page (a ``pikepdf.Page``): content stream, image/form XObject data, font names
    without subset tag."""
    import pikepdf

    digest = hashlib.sha256()
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    for stream in streams:
        digest.update(stream.read_bytes())
    seen: set[tuple[int, int]] = set()

    def resources(res, depth=0):
        if not isinstance(res, pikepdf.Dictionary) or depth > 8:
            return
        for name, font in sorted(res.get("/Font", pikepdf.Dictionary()).items()):
            base = str(font.get("/BaseFont", ""))
            digest.update(f"{name}={base.split('+', 1)[-1]}".encode())
        for name, obj in sorted(res.get("/XObject", pikepdf.Dictionary()).items()):
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            digest.update(name.encode())
            digest.update(obj.read_raw_bytes())  # as stored: JPEG (DCTDecode) data cannot be decoded by qpdf
            if obj.get("/Subtype") == "/Form":
                resources(obj.get("/Resources"), depth + 1)

    resources(page.obj.get("/Resources"))
    return digest.hexdigest()


def page_signatures(pdf: Path, margin_top_mm: float, margin_bottom_mm: float) -> list[PageSignature]:
    """Every page's :class:`PageSignature`; from the active build cache when this exact PDF was read before.

    ``margin_top_mm``/``margin_bottom_mm`` bound the text block (running heads and folios live outside it).
    """
    entry = cache.key("pages", _SIGNATURE_VERSION, cache.file_digest(Path(pdf)), margin_top_mm, margin_bottom_mm)
    stored = cache.active().get("pages", entry)
    if stored is not None:
        return [PageSignature(**page) for page in json.loads(stored)]
    import pikepdf
    import pypdfium2

    reader = pikepdf.open(pdf)
    labels = [page.label for page in reader.pages]
    document = pypdfium2.PdfDocument(str(pdf))
    signatures = []
    try:
        for index, page in enumerate(reader.pages):
            pdfium_page = document[index]
            textpage = pdfium_page.get_textpage()
            left, bottom, right, top = pdfium_page.get_trimbox()
            whole = textpage.get_text_range()
            body = textpage.get_text_bounded(left, bottom + margin_bottom_mm * MM, right, top - margin_top_mm * MM)
            signatures.append(PageSignature(labels[index] if index < len(labels) else str(index + 1),
                                            _digest(whole), _digest(body), _rendering(page)))
    finally:
        document.close()
        reader.close()
    cache.active().put("pages", entry, json.dumps([asdict(s) for s in signatures]).encode())
    return signatures


def compare_print(previous: Path | None, new: Path, margin_top_mm: float, margin_bottom_mm: float) -> PrintChanges:
    """Compare two print PDFs page by page (see the module docstring); ``previous=None`` for a first build."""
    now = page_signatures(new, margin_top_mm, margin_bottom_mm)
    if previous is None:
        return PrintChanges(Path(new).name, None, len(now))
    before = page_signatures(previous, margin_top_mm, margin_bottom_mm)
    bodies: dict[str, list[int]] = {}
    for number, page in enumerate(before, 1):
        bodies.setdefault(page.body, []).append(number)
    changed = []
    for number, page in enumerate(now, 1):
        old = before[number - 1] if number <= len(before) else None
        if old is not None and old.text == page.text and old.rendering == page.rendering:
            continue
        candidates = [n for n in bodies.get(page.body, []) if n != number]
        if candidates and page.body != _digest(""):
            changed.append(PageChange(number, page.label, "moved", min(candidates, key=lambda n: abs(n - number))))
        elif old is None:
            changed.append(PageChange(number, page.label, "added"))
        else:
            changed.append(PageChange(number, page.label, "text" if old.text != page.text else "rendering"))
    removed = tuple(range(len(now) + 1, len(before) + 1))
    return PrintChanges(Path(new).name, len(before), len(now), tuple(changed), removed)


def _entries(epub: Path) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {info.filename: _digest(archive.read(info)) for info in archive.infolist() if not info.is_dir()}


def compare_epub(previous: Path | None, new: Path) -> EpubChanges:
    """Compare two EPUBs entry by entry; ``previous=None`` for a first build."""
    if previous is None:
        return EpubChanges(Path(new).name, True)
    before, now = _entries(previous), _entries(new)
    return EpubChanges(Path(new).name, False,
                       changed=tuple(n for n in now if n in before and before[n] != now[n]),
                       added=tuple(n for n in now if n not in before),
                       removed=tuple(n for n in before if n not in now))
