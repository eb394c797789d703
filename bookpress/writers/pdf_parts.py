"""Print HTML → one PDF laid out part by part: each part its own WeasyPrint document (cached), merged with pikepdf.

The book's print HTML is cut into *units*: ``front`` (half-title, title page, colophon, contents) and one per
``<section class="part">``. Every unit starts on a recto, as in the whole book (``break-before: right``), so a unit
is laid out alone with its first folio given (:func:`bookpress.writers.pdf_layout.first_folio`) and gives the same
pages as the whole-book layout: same running heads (each part sets its own), folios, footnotes (numbered per part),
line and page breaks. After a unit with an odd page count a blank verso follows, as WeasyPrint inserts one before
the next recto (an empty page, like WeasyPrint's ``:blank`` pages here).

What a single document would resolve across parts is done here: the contents' page numbers (``target-counter``)
are written into the front unit as text once the parts are laid out (it is laid out again only when a number
changed); links to another unit's anchors get a named destination in the merged file (PDF 32000-1 §12.3.2.3), so
the contents and cross-references work; bookmarks (§12.3.3) are the units' outlines in order; the screen PDF's
structure trees (§14.7) are joined under one ``Document`` element with re-numbered ``StructParents``.

A unit's PDF is stored in the build cache (kind ``print-part``) under a key of everything it depends on: its HTML
(with the whole head: styles, fonts, page geometry), the bytes of every file it loads, the first folio, the edition
and the code; an edit re-lays out only the part it touches, and the parts whose first folio moved.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookpress import cache
from bookpress.memory import release_memory
from bookpress.writers.pdf_layout import first_folio, lay_out

_PART = re.compile(r'<section class="part[ "]')
_ID = re.compile(r'\bid="([^"]+)"')
_TOC = re.compile(r'<nav class="toc".*?</nav>', re.S)
_TOC_ENTRY = re.compile(r'<li\b[^>]*\bclass="([^"]*)"[^>]*><a href="#([^"]+)"')
_FILE_URL = re.compile(r'file://[^"\')\s]+')
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Unit:
    """One separately laid-out piece of the print HTML: ``name`` is ``"front"`` or the part's id; ``body`` its
    HTML (inside ``<body>``)."""

    name: str
    body: str


@dataclass
class _Laid:
    """A unit's PDF per edition (files: in the build cache, or in the build's scratch folder) and what the merge needs
    from it
    (``anchors``: name → page index in the unit); ``captured``: what the ``on_layout`` hook captured from its layout
    (JSON-able), if anything; ``continued``: :func:`bookpress.writers.pdf_tags.continuations` of its layout;
    ``languages``: :func:`bookpress.writers.pdf_tags.span_languages` of its layout."""

    pdfs: dict[str, Path]
    pages: int
    anchors: dict[str, int]
    warnings: list[str]
    captured: object = None
    continued: list = None
    languages: list = None


@dataclass(frozen=True)
class PartsResult:
    """The merged PDF's laid-out page count (blank versos between parts included, none after the last), the page
    index of every anchor, WeasyPrint's warnings (those of cached units included) and, for every page after the
    first, the tags of the HTML elements that continue from the page before
    (:func:`bookpress.writers.pdf_tags.continuations`; nothing continues into a part's first page) and, for every
    page, the language of each ``<span>`` box on it (:func:`bookpress.writers.pdf_tags.span_languages`; ``[]``
    for a blank verso between parts)."""

    pages: int
    places: dict[str, int]
    warnings: tuple[str, ...]
    continued: list[tuple[str, ...]]
    languages: list[list[str | None]]


def split_units(html: str) -> tuple[str, str, list[Unit]] | None:
    """Cut print HTML into (everything up to ``<body …>``, ``</body>`` to the end, units); ``None`` when it has
    no part sections."""
    body_open = html.find("<body")
    body_close = html.rfind("</body>")
    starts = [m.start() for m in _PART.finditer(html)]
    if body_open < 0 or body_close < 0 or not starts:
        return None
    head_end = html.index(">", body_open) + 1
    units = [Unit("front", html[head_end:starts[0]])]
    for start, end in zip(starts, starts[1:] + [body_close]):
        match = _ID.search(html, start, html.index(">", start))
        units.append(Unit(match.group(1) if match else f"part-{len(units)}", html[start:end]))
    return html[:head_end], html[body_close:], units


def folio(index: int, first_arabic: int | None, roman: bool) -> str:
    """The page counter's value on page ``index`` (0-based) as the folios print it: from 1 on the first page, and
    again from 1 on the first chapter's opener (``@page :nth(1 of first-chapter) { counter-reset: page 1 }``)."""
    value = index + 1 if first_arabic is None or index < first_arabic else index - first_arabic + 1
    if not roman:
        return str(value)
    out = ""
    for amount, letters in _ROMAN:
        while value >= amount:
            out, value = out + letters, value - amount
    return out


def write_parts(html: str, render: Callable[[str], object], targets: dict[str, Path | None],
                writers: dict[str, Callable[[object, Path], None]], first_chapter: str | None,
                collect_warnings: Callable[[], list[str]], on_layout=None,
                memo: dict | None = None, shared_css: str = "",
                draw: Callable[[object, dict[str, Path]], None] | None = None) -> PartsResult | None:
    """Lay out ``html`` unit by unit and write, per edition in ``targets``, the merged PDF to its path (WeasyPrint's
    PDF, before finishing; ``None``: that edition's units are written and cached, not merged); return ``None`` when
    the HTML has no parts (the caller lays it out whole).

    ``render(text)`` lays out one HTML document and returns WeasyPrint's ``Document``; ``writers[edition](document,
    path)`` writes one laid-out unit as that edition's PDF (every edition is drawn from the same layout);
    ``first_chapter`` is the id of the first chapter's section; ``collect_warnings()``
    returns and clears WeasyPrint's warnings logged since its last call. ``on_layout(document, first_page)`` (see
    :func:`bookpress.writers.pdf.write_pdf`) is called for every unit's final layout with the index of its first
    page; when it also has ``capture(document) -> JSON-able`` and ``replay(captured, first_page)``, what it
    captured is cached with the unit and replayed for a cached unit (otherwise every unit is laid out). ``memo``
    holds the total-fit breaker's paragraph decisions (see :func:`bookpress.writers.pdf.write_pdf`; default: one
    for this call). ``shared_css`` is the text of a style sheet ``render`` applies outside the HTML (part of every
    unit's cache key). ``draw(document, pdfs)``, when given, writes a laid-out unit's PDFs (edition → path) instead of
    calling ``writers`` one after the other. Raises what ``render`` and the writers raise.
    """
    split = split_units(html)
    if split is None:
        return None
    import tempfile

    folder = next((path.parent for path in targets.values() if path is not None), None)
    with tempfile.TemporaryDirectory(prefix=".parts-", dir=folder) as scratch:
        return _write_parts(split, Path(scratch), render, targets, writers, first_chapter, collect_warnings,
                            on_layout, {} if memo is None else memo, shared_css, draw)


def _write_parts(split, scratch: Path, render, targets, writers, first_chapter, collect_warnings,
                 on_layout, memo: dict, shared_css: str, draw=None) -> PartsResult:
    head, tail, units = split
    store = cache.active()
    files = _file_digests(shared_css + head + "".join(unit.body for unit in units) + tail)
    base = cache.key(cache.code_digest(), _weasyprint_version(), shared_css,
                     *(files[url] for url in sorted(set(_FILE_URL.findall(shared_css))) if url in files))
    editions = sorted(writers)

    capture, replay = getattr(on_layout, "capture", None), getattr(on_layout, "replay", None)
    replayable = capture is not None and replay is not None

    def lay(unit: Unit, start: int, numbers: dict[str, str], first_page: int) -> _Laid:
        page_head = head if not numbers else head.replace("</head>", _numbers_css(numbers) + "</head>", 1)
        text = page_head + unit.body + tail
        key = cache.key(base, text, start, *(files[url] for url in _FILE_URL.findall(text) if url in files))
        found = _load(store, key, editions)
        if found is not None and (on_layout is None or (replayable and found.captured is not None)):
            return found

        def hook(document) -> object:
            if replayable:
                return capture(document)
            if on_layout is not None:
                on_layout(document, first_page)
            return None

        laid = _lay_out_unit(unit, text, start, render, memo, writers, collect_warnings, hook,
                             {edition: scratch / f"{key}.{edition}.pdf" for edition in editions}, draw)
        _store(store, key, laid)
        return laid

    entries = _toc_entries(units[0].body)
    guess = {anchor: "0" for anchor, _ in entries}
    for _ in range(3):
        front = lay(units[0], 1, guess, 0)
        laid, starts, first_arabic, index = [front], [0], None, front.pages + front.pages % 2
        for unit in units[1:]:
            if unit.name == first_chapter:
                first_arabic = index
            start = folio(index, first_arabic, roman=False)
            laid.append(lay(unit, int(start) if unit.name != first_chapter else 1, {}, index))
            starts.append(index)
            index += laid[-1].pages + laid[-1].pages % 2
        places: dict[str, int] = {}
        for u, unit in enumerate(laid):
            for name, page in unit.anchors.items():
                places.setdefault(name, starts[u] + page)
        numbers = {anchor: folio(places.get(anchor, 0), first_arabic, roman) for anchor, roman in entries}
        if numbers == guess:
            break
        guess = numbers
        front = lay(units[0], 1, numbers, 0)
        if front.pages + front.pages % 2 == laid[0].pages + laid[0].pages % 2:
            laid[0] = front
            break  # the parts keep their places
    else:
        raise RuntimeError("the contents' page numbers did not settle in three layouts")
    warnings = [message for unit in laid for message in unit.warnings]
    if replayable:
        for unit, start in zip(laid, starts):
            replay(unit.captured, start)
    missing: set[str] = set()
    for edition, target in targets.items():
        if target is not None:
            release_memory()  # each merge starts without the layouts' or the previous merge's garbage
            missing.update(_merge([unit.pdfs[edition] for unit in laid], laid, starts, target))
    warnings += [f"No anchor #{name} for internal URI reference" for name in sorted(missing)]
    pages = index - (laid[-1].pages % 2)
    continued: list[tuple[str, ...]] = [()] * max(0, pages - 1)
    for unit, start in zip(laid, starts):
        for offset, tags in enumerate(unit.continued, start=1):  # entry k: page k of the unit continues page k-1
            continued[start + offset - 1] = tuple(tags)
    languages: list[list[str | None]] = [[] for _ in range(pages)]
    for unit, start in zip(laid, starts):
        for offset, langs in enumerate(unit.languages):  # entry k: the spans of page k of the unit
            languages[start + offset] = list(langs)
    return PartsResult(pages, places, tuple(warnings), continued, languages)


def _lay_out_unit(unit: Unit, text: str, start: int, render: Callable[[str], object], memo: dict, writers: dict,
                  collect_warnings: Callable[[], list[str]], hook: Callable[[object], object],
                  pdfs: dict[str, Path], draw=None) -> _Laid:
    """Lay out one unit's HTML ``text`` with its first folio ``start``, hand the layout to ``hook`` and write the
    unit's PDF of each edition to ``pdfs[edition]`` with ``writers[edition]`` (uncompressed, see
    :func:`bookpress.writers.pdf.write_pdfs`: the merged file's streams are compressed once, when it is saved)."""
    with first_folio(start):
        document = lay_out(lambda: render(text), memo)
    captured = hook(document)
    warnings = collect_warnings()
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)  # a box split over pages has its anchor on each: the first counts
    known = set(anchors)
    for page in document.pages:  # links to other units: a named destination, resolved after the merge
        for link_type, name, _, _ in page.links:
            if link_type == "internal" and name not in known:
                document.pages[0].anchors[name] = (0, 0, 0, 0)
                known.add(name)
    from bookpress.writers.pdf_tags import continuations, span_languages

    if draw is not None:
        draw(document, pdfs)
    else:
        for edition, pdf in pdfs.items():
            writers[edition](document, pdf)
    warnings += [m for m in collect_warnings() if m not in warnings]  # drawing may warn too (e.g. SVG art)
    return _Laid(pdfs, len(document.pages), anchors, warnings, captured,
                 [list(tags) for tags in continuations(document)], span_languages(document))


def _toc_entries(front: str) -> list[tuple[str, bool]]:
    """The contents' links in the front unit: (anchor, printed in roman numerals)."""
    toc = _TOC.search(front)
    if toc is None:
        return []
    return [(anchor, "toc-front" in classes.split()) for classes, anchor in _TOC_ENTRY.findall(toc.group(0))]


def _numbers_css(numbers: dict[str, str]) -> str:
    """CSS that prints each contents entry's page number as text (what ``target-counter`` gives in one document)."""
    rules = []
    for anchor, number in numbers.items():
        selector = anchor.replace("\\", "\\\\").replace('"', '\\"')
        rules.append(f'nav.toc li a[href="#{selector}"]::after {{ content: leader(". ") "{number}"; }}')
    return "<style>\n" + "\n".join(rules) + "\n</style>\n"


def _file_digests(html: str) -> dict[str, str]:
    """Digest of every local file the HTML loads (fonts, figures, the output profile), by ``file://`` URL."""
    out = {}
    for url in set(_FILE_URL.findall(html)):
        path = Path(unquote(url[len("file://"):]))
        try:
            out[url] = cache.file_digest(path)
        except OSError:
            out[url] = "missing"
    return out


def _weasyprint_version() -> str:
    import weasyprint

    return weasyprint.__version__


def _load(store: cache.Cache, key: str, editions: list[str]) -> _Laid | None:
    """The cached unit under ``key`` with a PDF of every one of ``editions``, or ``None``."""
    manifest = store.get("print-part", key + ".json")
    folder = store.path("print-part")
    if manifest is None or folder is None:
        return None
    pdfs = {edition: folder / f"{key}.{edition}.pdf" for edition in editions}
    if not all(pdf.is_file() for pdf in pdfs.values()):
        return None
    for pdf in pdfs.values():
        with contextlib.suppress(OSError):
            os.utime(pdf)  # recently used: kept by the cache's pruning
    data = json.loads(manifest)
    return _Laid(pdfs, data["pages"], data["anchors"], data["warnings"], data.get("captured"), data["continued"],
                 data.get("languages", []))


def _store(store: cache.Cache, key: str, laid: _Laid) -> None:
    if store.path("print-part") is not None:
        for edition, pdf in laid.pdfs.items():
            store.put("print-part", f"{key}.{edition}.pdf", pdf.read_bytes())
    store.put("print-part", key + ".json", json.dumps(
        {"pages": laid.pages, "anchors": laid.anchors, "warnings": laid.warnings, "captured": laid.captured,
         "continued": laid.continued, "languages": laid.languages}).encode())


def _merge(pdfs: list[Path], laid: list[_Laid], starts: list[int], target: Path) -> list[str]:
    """Join the units' PDFs ``pdfs`` (one edition's, in unit order) into ``target`` (blank versos between, named
    destinations, outline, structure tree); return the link targets no unit holds."""
    sources = [pikepdf.open(pdf) for pdf in pdfs]  # read from their files as the merge needs them
    try:
        merged = sources[0]
        dests: dict[str, Array] = {}
        outlines = []
        structure = _Structure(merged)
        for number, (unit, source, start) in enumerate(zip(laid, sources, starts)):
            index = {page.obj.objgen: i for i, page in enumerate(source.pages)}  # before the copy
            items = _outline(source)
            names = _named_destinations(source)
            if number:
                while len(merged.pages) < start:
                    _blank(merged)
                with warnings.catch_warnings():  # named destinations are rebuilt below, from every unit
                    warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
                    merged.pages.extend(source.pages)
                structure.join(source, start, len(source.pages))
            for name, array in names:
                page = index.get(array[0].objgen) if len(array) else None
                if name in unit.anchors and name not in dests and page is not None:
                    dests[name] = Array([merged.pages[start + page].obj, *list(array)[1:]])
            outlines.append((items, index, start))
        if "/Names" in merged.Root and "/Dests" in merged.Root.Names:
            del merged.Root.Names["/Dests"]
        tree = pikepdf.NameTree.new(merged)
        for name in sorted(dests):
            tree[name] = dests[name]
        if "/Names" not in merged.Root:
            merged.Root.Names = Dictionary()
        merged.Root.Names.Dests = tree.obj
        _write_outline(merged, outlines)
        structure.finish()
        _share_profiles(merged)
        links = _link_targets(merged)
        merged.save(target, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                    static_id=True)  # finishing computes the file ID from the content
        return sorted(links - set(dests))
    finally:
        for source in sources:
            source.close()


def _share_profiles(pdf: pikepdf.Pdf) -> None:
    """Point every ``ICCBased`` colour space at one copy of each profile (each unit's PDF embeds its own)."""
    import hashlib

    seen: dict[bytes, pikepdf.Object] = {}
    done: set[tuple[int, int]] = set()

    def visit(resources) -> None:
        if not isinstance(resources, Dictionary) or (resources.is_indirect and resources.objgen in done):
            return
        if resources.is_indirect:
            done.add(resources.objgen)
        for space in resources.get("/ColorSpace", Dictionary()).values():
            if isinstance(space, Array) and len(space) == 2 and space[0] == Name.ICCBased:
                digest = hashlib.sha256(space[1].read_raw_bytes() + repr(dict(space[1].items())).encode()).digest()
                space[1] = seen.setdefault(digest, space[1])
        for xobject in resources.get("/XObject", Dictionary()).values():
            if isinstance(xobject, pikepdf.Stream) and "/Resources" in xobject:
                visit(xobject.Resources)

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))


def _named_destinations(pdf: pikepdf.Pdf):
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return []
    return list(pikepdf.NameTree(names.Dests).items())


def _blank(pdf: pikepdf.Pdf) -> None:
    """Append an empty verso with the last page's boxes (WeasyPrint's ``:blank`` pages carry nothing here)."""
    last = pdf.pages[-1].obj
    blank = Dictionary(Type=Name.Page, MediaBox=last.MediaBox, Resources=Dictionary(), Contents=pdf.make_stream(b""))
    for box in ("/TrimBox", "/BleedBox"):
        if box in last:
            blank[box] = last[box]
    pdf.pages.append(pikepdf.Page(blank))


def _link_targets(pdf: pikepdf.Pdf) -> set[str]:
    out = set()
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            dest = annotation.get("/Dest")
            if isinstance(dest, pikepdf.String):
                out.add(str(dest))
    return out


def _outline(pdf: pikepdf.Pdf) -> list:
    """The unit's bookmarks as (title, destination array, closed, children) trees."""
    with pdf.open_outline() as outline:
        def walk(items):
            return [(item.title, item.destination, item.is_closed, walk(item.children)) for item in items]

        return walk(outline.root)


def _write_outline(merged: pikepdf.Pdf, units: list) -> None:
    """Replace the merged file's outline by the units' outlines in order, each destination moved to its page."""

    def build(items, index: dict, start: int):
        out = []
        for title, destination, closed, children in items:
            target = None
            if isinstance(destination, pikepdf.Array) and len(destination):
                page = index.get(destination[0].objgen)
                if page is not None:
                    target = Array([merged.pages[start + page].obj, *list(destination)[1:]])
            item = pikepdf.OutlineItem(title, destination=target)
            item.is_closed = closed
            item.children.extend(build(children, index, start))
            out.append(item)
        return out

    with merged.open_outline() as outline:
        outline.root.clear()
        for items, index, start in units:
            outline.root.extend(build(items, index, start))


class _Structure:
    """Joins tagged units' structure trees (PDF 32000-1 §14.7): one ``Document`` element whose kids are every
    unit's, ``StructParents``/``StructParent`` keys shifted past the ones already used, one parent tree."""

    def __init__(self, merged: pikepdf.Pdf) -> None:
        self.merged = merged
        root = merged.Root.get("/StructTreeRoot")
        self.root = root
        if root is None:
            return
        self.document = _document_element(root)
        self.parents: dict[int, object] = {int(key): value for key, value in pikepdf.NumberTree(root.ParentTree).items()}
        self.next = int(root.get("/ParentTreeNextKey", max(self.parents, default=-1) + 1))

    def join(self, source: pikepdf.Pdf, offset: int, count: int) -> None:
        if self.root is None or "/StructTreeRoot" not in source.Root:
            return
        copied = self.merged.copy_foreign(source.Root.StructTreeRoot)
        shift = self.next
        for i in range(offset, offset + count):
            page = self.merged.pages[i].obj
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + shift
            for annotation in page.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + shift
        parents = {int(key): value for key, value in pikepdf.NumberTree(copied.ParentTree).items()}
        for key, value in parents.items():
            self.parents[key + shift] = value
        self.next = shift + int(copied.get("/ParentTreeNextKey", max(parents, default=-1) + 1))
        document = _document_element(copied)
        kids = document.K if isinstance(document.K, pikepdf.Array) else Array([document.K])
        if not isinstance(self.document.K, pikepdf.Array):
            self.document.K = Array([self.document.K])
        for kid in kids:
            if isinstance(kid, Dictionary) and "/P" in kid:
                kid.P = self.document
            self.document.K.append(kid)

    def finish(self) -> None:
        """Write the parent tree as one flat ``/Nums`` array in key order (as WeasyPrint writes it)."""
        if self.root is not None:
            nums = Array()
            for key in sorted(self.parents):
                nums.append(key)
                nums.append(self.parents[key])
            self.root.ParentTree = self.merged.make_indirect(Dictionary(Nums=nums))
            self.root.ParentTreeNextKey = self.next


def _document_element(root):
    kids = root.K
    return kids[0] if isinstance(kids, pikepdf.Array) else kids
