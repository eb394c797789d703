"""WeasyPrint's PDF → the finished edition (pikepdf/qpdf): what WeasyPrint 70 does not write itself.

- Soft hyphens: line-end hyphens added by hyphenation (glyph ``hyphen.auto`` ← U+2010, see
  :mod:`bookpress.render.print_fonts`) get U+00AD in the ToUnicode CMaps, as PDF 32000-1 §14.8.2.2.3 asks for
  hyphens a layout process inserted; copy, search and word extraction then join the halves of the word.
- Spaces: the space glyph extracts as U+0020 even where the first use of it in a font subset was a no-break space
  (the total-fit breaker fixes its breaks with U+00A0, see :mod:`bookpress.render.line_breaks`): copied text has
  ordinary spaces, and a part laid out alone extracts like the whole book.
- Page labels (PDF 32000-1 §12.4.2): lower-case roman for the front matter, arabic from 1 on the first chapter's
  opener — the printed folios say the same.
- Press only: blank pages pad the page count to a multiple of ``[print] signature_pages``; BleedBox = TrimBox +
  bleed written on every page; the output intent names its registered condition (``output_condition``, registry
  http://www.color.org); crop marks, when asked for, 0.25 pt in registration colour (Separation /All) outside the
  bleed, the MediaBox grown to hold them.
- Press only: text in 100 % K overprints (ExtGState ``/OP /op /OPM 1``), so black text on a callout tint does not
  knock a hole in the tint.
- Screen only, tags that WeasyPrint 70 leaves short of PDF/UA-1: running heads and folios (margin boxes) become
  pagination artifacts, every link annotation is referenced from a ``/Link`` element, an element a page break
  splits stays one structure element, and a phrase in another language gets its ``/Lang``
  (:mod:`bookpress.writers.pdf_tags`).
- Dates, XMP and file identifier: creation/modification dates from the build date (``SOURCE_DATE_EPOCH``, else the
  date of the last source change),
  ``/Trapped /False`` (nobody trapped the file), XMP DocumentID/InstanceID derived from the book's identifier instead
  of WeasyPrint's random UUID, and a file ID computed from the content (qpdf ``deterministic_id``), so an unchanged
  book builds into the same bytes.
"""

from __future__ import annotations

import re
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from bookpress.config import Config
from bookpress.writers.pdf_tags import mark_languages, merge_continued

MM = 72 / 25.4
#: crop marks: distance from the bleed edge to the mark, mark length, line width (pt)
MARK_OFFSET_MM = 2.0
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
_AUTO_HYPHEN = re.compile(rb"(<[0-9A-Fa-f]{2,8}>\s*)<2010>")
_NO_BREAK_SPACE = re.compile(rb"(<[0-9A-Fa-f]{2,8}>\s*)<00[aA]0>")


def finish(source: Path, target: Path, config: Config, edition: str, first_arabic: int | None,
           date: time.struct_time, continued: list[tuple[str, ...]] | None = None,
           languages: list[list[str | None]] | None = None) -> int:
    """Read WeasyPrint's PDF at ``source`` and write the finished ``edition`` to ``target``; return the number of
    blank pages added. ``continued`` (screen edition: :func:`bookpress.writers.pdf_tags.continuations` of its
    layout) names the elements each page break splits, whose structure elements are joined; ``languages``
    (:func:`~bookpress.writers.pdf_tags.span_languages`) the language of each ``<span>`` box. Raises
    ``pikepdf.PdfError`` if ``source`` is not a readable PDF."""
    press = edition == "press"
    with pikepdf.open(source) as pdf:
        _mark_soft_hyphens(pdf)
        if press:
            _overprint_black_text(pdf)
        else:
            _margin_boxes_as_artifacts(pdf)
            mark_languages(pdf, languages or [])   # before the next two change the tree WeasyPrint wrote
            _links_in_link_elements(pdf)
            merge_continued(pdf, continued or [])
        padding = _pad(pdf, config.print.signature_pages) if press else 0
        _page_labels(pdf, first_arabic)
        if press:
            _boxes(pdf, config.print.bleed_mm * MM)
            _output_intent(pdf, config)
            if config.print.crop_marks:
                _crop_marks(pdf, config.print.bleed_mm * MM)
        _dates_and_ids(pdf, config, edition, date)
        pdf.save(target, deterministic_id=True, fix_metadata_version=False)
    return padding


def _mark_soft_hyphens(pdf: pikepdf.Pdf) -> None:
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = cmap.read_bytes()
            changed = _NO_BREAK_SPACE.sub(rb"\1<0020>", _AUTO_HYPHEN.sub(rb"\1<00AD>", data))
            if changed != data:
                cmap.write(changed)


def _pad(pdf: pikepdf.Pdf, multiple: int) -> int:
    missing = -len(pdf.pages) % max(1, multiple)
    last = pdf.pages[-1].obj
    for _ in range(missing):
        blank = Dictionary(Type=Name.Page, MediaBox=last.MediaBox, Resources=Dictionary(),
                           Contents=pdf.make_stream(b""))
        for box in ("/TrimBox", "/BleedBox"):
            if box in last:
                blank[box] = last[box]
        pdf.pages.append(pikepdf.Page(blank))
    return missing


def _page_labels(pdf: pikepdf.Pdf, first_arabic: int | None) -> None:
    if first_arabic is None:
        nums = [0, Dictionary(S=Name.D)]
    elif first_arabic == 0:
        nums = [0, Dictionary(S=Name.D)]
    else:
        nums = [0, Dictionary(S=Name.r), first_arabic, Dictionary(S=Name.D)]
    pdf.Root.PageLabels = Dictionary(Nums=Array(nums))


def _boxes(pdf: pikepdf.Pdf, bleed: float) -> None:
    for page in pdf.pages:
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        page.obj.TrimBox = Array(trim)
        page.obj.BleedBox = Array([trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed])


def _output_intent(pdf: pikepdf.Pdf, config: Config) -> None:
    for intent in pdf.Root.get("/OutputIntents", []):
        info = str(intent.get("/Info", ""))
        intent.OutputConditionIdentifier = pikepdf.String(config.print.output_condition)
        intent.RegistryName = pikepdf.String("http://www.color.org")
        intent.Info = pikepdf.String(info or config.print.output_condition)


def _crop_marks(pdf: pikepdf.Pdf, bleed: float) -> None:
    offset, length = MARK_OFFSET_MM * MM, MARK_LENGTH_MM * MM
    reach = bleed + offset + length
    registration = Array([Name.Separation, Name.All, Name.DeviceCMYK,
                          Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)])
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
        page.obj.MediaBox = Array([x0 - reach, y0 - reach, x1 + reach, y1 + reach])
        if "/Resources" not in page.obj:
            page.obj.Resources = Dictionary()
        if "/ColorSpace" not in page.obj.Resources:
            page.obj.Resources.ColorSpace = Dictionary()
        page.obj.Resources.ColorSpace["/BookpressRegistration"] = registration
        near, far = bleed + offset, bleed + offset + length
        lines = []
        for x, sign_x in ((x0, -1), (x1, 1)):
            for y, sign_y in ((y0, -1), (y1, 1)):
                lines.append((x + sign_x * near, y, x + sign_x * far, y))   # horizontal, on the trim line y
                lines.append((x, y + sign_y * near, x, y + sign_y * far))   # vertical, on the trim line x
        path = "".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S\n" for a, b, c, d in lines)
        marks = f"q {MARK_WIDTH_PT} w 0 J /BookpressRegistration CS 1 SCN\n{path}Q\n"
        page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
        page.contents_add(pdf.make_stream(b"Q\n" + marks.encode("ascii")), prepend=False)


def _dates_and_ids(pdf: pikepdf.Pdf, config: Config, edition: str, date: time.struct_time) -> None:
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", date)
    iso = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", date)
    pdf.docinfo["/CreationDate"] = pikepdf.String(stamp)
    pdf.docinfo["/ModDate"] = pikepdf.String(stamp)
    pdf.docinfo["/Trapped"] = Name("/False")
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{config.identifier}#{edition}")
    instance_id = uuid.uuid5(document_id, iso)
    if "/Metadata" not in pdf.Root:
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["xmpMM:DocumentID"] = f"uuid:{document_id}"
        meta["xmpMM:InstanceID"] = f"uuid:{instance_id}"
        meta["xmp:MetadataDate"] = iso
        meta["xmp:CreateDate"] = iso
        meta["xmp:ModifyDate"] = iso
        if edition == "press":
            meta["pdf:Trapped"] = "False"


#: colour operators, graphics-state changes and Type 3 glyph operators: a text object holding any of them is left
#: as it is by :func:`_overprint_black_text` (wrapping it in q/Q would undo their effect after ET)
_STATE_OPERATORS = {"cs", "CS", "sc", "scn", "SC", "SCN", "g", "G", "rg", "RG", "k", "K", "gs", "q", "Q", "cm",
                    "d0", "d1"}
_BLACK = (0.0, 0.0, 0.0, 1.0)


def _overprint_black_text(pdf: pikepdf.Pdf) -> int:
    """Text objects set in 100 % K (DeviceCMYK 0 0 0 1) overprint: wrapped in ``q /BookpressOverprint gs … Q``,
    an ExtGState with ``/OP true /op true /OPM 1`` (PDF 32000-1 §8.6.7: with OPM 1 the zero C, M and Y components
    leave the plates below untouched). Black text on a callout tint then prints on the tint instead of knocking a
    white hole in it that misregistration would show; on white paper nothing changes. Grey and coloured text still
    knocks out. Returns the number of text objects changed."""
    state = pdf.make_indirect(Dictionary(Type=Name.ExtGState, OP=True, op=True, OPM=1))
    changed = 0
    for page in pdf.pages:
        instructions = pikepdf.parse_content_stream(page)
        out, stack, touched = [], [], False
        space, fill = "/DeviceGray", (0.0,)
        index = 0
        while index < len(instructions):
            operands, operator = instructions[index]
            op = str(operator)
            if op == "BT":
                end = next((j for j in range(index + 1, len(instructions)) if str(instructions[j][1]) == "ET"), None)
                block = instructions[index:end + 1] if end is not None else []
                if block and space == "/DeviceCMYK" and fill == _BLACK \
                        and not any(str(o) in _STATE_OPERATORS for _, o in block):
                    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")))
                    out.append(pikepdf.ContentStreamInstruction([Name.BookpressOverprint], pikepdf.Operator("gs")))
                    out.extend(block)
                    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")))
                    index = end + 1
                    changed += 1
                    touched = True
                    continue
            elif op == "q":
                stack.append((space, fill))
            elif op == "Q" and stack:
                space, fill = stack.pop()
            elif op == "cs":
                space = str(operands[0])
                fill = {"/DeviceCMYK": _BLACK, "/DeviceRGB": (0.0,) * 3}.get(space, (0.0,))
            elif op in ("sc", "scn"):
                fill = tuple(float(v) for v in operands) if all(isinstance(v, (int, float, Decimal))
                                                                for v in operands) else ()
            elif op == "k":
                space, fill = "/DeviceCMYK", tuple(float(v) for v in operands)
            elif op in ("g", "rg"):
                space, fill = ("/DeviceGray" if op == "g" else "/DeviceRGB"), tuple(float(v) for v in operands)
            out.append(pikepdf.ContentStreamInstruction(operands, operator))
            index += 1
        if touched:
            if "/Resources" not in page.obj:
                page.obj.Resources = Dictionary()
            if "/ExtGState" not in page.obj.Resources:
                page.obj.Resources.ExtGState = Dictionary()
            page.obj.Resources.ExtGState["/BookpressOverprint"] = state
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
    return changed


def _structure_elements(root) -> set:
    """Object ids of every structure element reachable from ``root`` through ``/K``."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        kids = node.get("/K")
        if isinstance(kids, Array):
            stack.extend(kids)
        elif isinstance(kids, Dictionary):
            stack.append(kids)
    return seen


def _margin_boxes_as_artifacts(pdf: pikepdf.Pdf) -> int:
    """Running heads and folios → pagination artifacts (PDF 32000-1 §14.8.2.2; PDF/UA-1 §7.8).

    WeasyPrint 70 marks the text of margin boxes with MCIDs and builds structure elements for it, but links them
    into nothing (``weasyprint/pdf/tags.py``: artifacts in the tree are PDF 2.0 only): content that is neither real
    content in the tree nor an artifact. Every marked-content sequence whose element is not reachable from the
    structure tree root becomes ``/Artifact <</Type /Pagination>> BDC``; its parent-tree entry is cleared. Returns
    the number of sequences changed."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return 0
    reachable = _structure_elements(tree)
    nums = tree.ParentTree.get("/Nums", Array())
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    changed = 0
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        mapping = entries.get(int(key)) if key is not None else None
        if not isinstance(mapping, Array):
            continue
        orphans = {mcid for mcid, element in enumerate(mapping)
                   if isinstance(element, Dictionary) and element.objgen not in reachable}
        if not orphans:
            continue
        out = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary) \
                    and int(operands[1].get("/MCID", -1)) in orphans:
                operands = [Name.Artifact, Dictionary(Type=Name.Pagination)]
                changed += 1
            out.append(pikepdf.ContentStreamInstruction(operands, operator))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))
        for mcid in orphans:
            mapping[mcid] = None
    return changed


def _links_in_link_elements(pdf: pikepdf.Pdf) -> int:
    """Every link annotation inside a ``/Link`` structure element (PDF/UA-1 §7.18.5).

    WeasyPrint 70 gives a ``<span>`` inside an ``<a>`` (the contents' number and title) its own link annotation,
    referenced from a ``/Span`` element. Such a reference moves to the nearest ``/Link`` ancestor and the
    annotation's parent-tree entry follows; without a ``/Link`` ancestor the holding element becomes the ``/Link``.
    Returns the number of annotations moved."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or "/ParentTree" not in tree:
        return 0
    nums = tree.ParentTree.get("/Nums", Array())
    entry = {int(nums[i]): i + 1 for i in range(0, len(nums) - 1, 2)}
    moved = 0
    stack = [(tree, ())]
    while stack:
        element, ancestors = stack.pop()
        kids = element.get("/K")
        if not isinstance(kids, Array):
            continue
        for kid in list(kids):
            if not isinstance(kid, Dictionary):
                continue
            if kid.get("/Type") == Name.OBJR:
                annotation = kid.get("/Obj")
                if annotation is None or annotation.get("/Subtype") != Name.Link or element.get("/S") == Name.Link:
                    continue
                link = next((a for a in reversed(ancestors) if a.get("/S") == Name.Link), None)
                if link is None:
                    element.S = Name.Link
                else:
                    position = next(i for i, k in enumerate(kids) if isinstance(k, Dictionary) and k.objgen == kid.objgen)
                    del kids[position]
                    if not isinstance(link.get("/K"), Array):
                        link.K = Array([link.K] if "/K" in link else [])
                    link.K.append(kid)
                    if "/StructParent" in annotation and int(annotation.StructParent) in entry:
                        nums[entry[int(annotation.StructParent)]] = link
                moved += 1
            elif "/S" in kid:
                stack.append((kid, ancestors + (element,)))
    return moved
