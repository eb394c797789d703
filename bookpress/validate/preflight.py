"""Press PDF → preflight findings (our own checks, with pikepdf/qpdf), each naming the page and the object.

What a printer's preflight (PDF/X-4, ISO 15930-7) rejects or warns about, for the things this pipeline can get
wrong:

- file: ``GTS_PDFXVersion`` "PDF/X-4" in the XMP metadata; an output intent ``/GTS_PDFX`` whose profile is CMYK
  (ICC header colour space ``CMYK``); ``/Trapped`` ``/True`` or ``/False`` (ISO 15930-7 §6.7.2 forbids ``/Unknown``);
  a file identifier (``/ID``);
- every page: a TrimBox and a BleedBox, BleedBox = TrimBox + ``[print] bleed_mm`` on each side, inside the MediaBox;
- colour: no DeviceRGB anywhere — content operators ``rg``/``RG``, ``cs``/``CS`` with DeviceRGB, images, shadings
  and colour space resources, in pages and in the form XObjects they draw;
- text colours: total ink (C+M+Y+K) at most :data:`MAX_TEXT_INK` %, and dark text (K ≥ 50 %) in K only — a four-
  colour black or grey shows every misregistration in small type;
- fonts: every font embedded (``FontFile``/``FontFile2``/``FontFile3``; Type 3 fonts are drawn in the file);
- images: effective resolution (pixels ÷ drawn size in inches, from the current transformation matrix) at least
  :data:`MIN_PPI`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pikepdf

MM = 72 / 25.4
#: the lowest effective image resolution accepted for print (pixels per inch)
MIN_PPI = 300
#: the highest total ink of a text colour (%): well below FOGRA39's 330 % area limit, because small type shows
#: every misregistration and ink build-up
MAX_TEXT_INK = 240
_TEXT_SHOW = {"Tj", "TJ", "'", '"'}


@dataclass(frozen=True)
class Finding:
    """One preflight problem: ``page`` (1-based, ``None`` for the whole file), the ``object`` it concerns (a PDF
    name, operator or key) and what is wrong."""

    page: int | None
    object: str
    message: str

    def __str__(self) -> str:
        where = f"page {self.page}" if self.page else "file"
        return f"{where}, {self.object}: {self.message}"


def preflight(path: Path, bleed_mm: float) -> list[Finding]:
    """Check the press PDF at ``path`` (expected bleed ``bleed_mm`` mm); return the findings, empty when it passes.

    Raises ``pikepdf.PdfError`` if the file is not a readable PDF.
    """
    findings: list[Finding] = []
    with pikepdf.open(path) as pdf:
        findings += _file_checks(pdf)
        for number, page in enumerate(pdf.pages, 1):
            findings += _boxes(number, page.obj, bleed_mm * MM)
            findings += _resources(number, page.obj.get("/Resources", pikepdf.Dictionary()), "page", set())
            findings += _Painter(number, page.obj).run()
    return _unique(findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, result = set(), []
    for finding in findings:
        if finding not in seen:
            seen.add(finding)
            result.append(finding)
    return result


def _file_checks(pdf: pikepdf.Pdf) -> list[Finding]:
    found = []
    xmp = pdf.Root.get("/Metadata")
    xmp_text = xmp.read_bytes().decode("utf-8", "replace") if xmp is not None else ""
    if "GTS_PDFXVersion" not in xmp_text or "PDF/X-4" not in xmp_text:
        found.append(Finding(None, "/Metadata", "no GTS_PDFXVersion PDF/X-4 in the XMP metadata"))
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        found.append(Finding(None, "/OutputIntents", "no PDF/X output intent"))
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        data = profile.read_bytes() if profile is not None else b""
        if data[16:20] != b"CMYK":
            found.append(Finding(None, "/OutputIntents/DestOutputProfile",
                                 "the output profile is missing or not a CMYK profile"))
        if not str(intent.get("/OutputConditionIdentifier", "")).strip():
            found.append(Finding(None, "/OutputIntents", "no OutputConditionIdentifier"))
    trapped = pdf.docinfo.get("/Trapped")
    if trapped not in (pikepdf.Name("/True"), pikepdf.Name("/False")):
        found.append(Finding(None, "/Info/Trapped", f"must be /True or /False, not {trapped}"))
    if "/ID" not in pdf.trailer:
        found.append(Finding(None, "/ID", "the file has no identifier"))
    return found


def _boxes(number: int, page, bleed: float) -> list[Finding]:
    found = []
    for box in ("/TrimBox", "/BleedBox"):
        if box not in page:
            found.append(Finding(number, box, "missing"))
    if found:
        return found
    trim = [float(v) for v in page.TrimBox]
    bleed_box = [float(v) for v in page.BleedBox]
    expected = [trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed]
    if any(abs(a - b) > 0.01 for a, b in zip(bleed_box, expected)):
        found.append(Finding(number, "/BleedBox", f"{_mm(bleed_box)} is not TrimBox + {bleed / MM:g} mm "
                                                  f"({_mm(expected)})"))
    media = [float(v) for v in page.MediaBox]
    if bleed_box[0] < media[0] - 0.01 or bleed_box[1] < media[1] - 0.01 or bleed_box[2] > media[2] + 0.01 \
            or bleed_box[3] > media[3] + 0.01:
        found.append(Finding(number, "/BleedBox", "extends beyond the MediaBox"))
    return found


def _mm(box) -> str:
    return "[" + " ".join(f"{v / MM:.2f}" for v in box) + "] mm"


def _is_rgb(space) -> bool:
    if isinstance(space, pikepdf.Name):
        return space == "/DeviceRGB" or space == "/RGB"
    if isinstance(space, pikepdf.Array) and len(space):
        kind = space[0]
        if kind in ("/Indexed", "/I"):
            return _is_rgb(space[1])
        if kind in ("/Separation", "/DeviceN"):
            return _is_rgb(space[2])
        if kind == "/Pattern" and len(space) > 1:
            return _is_rgb(space[1])
    return False


def _resources(number: int, resources, where: str, visited: set) -> list[Finding]:
    """DeviceRGB colour spaces, images and shadings, and unembedded fonts, in ``resources`` and the form XObjects
    it holds."""
    found = []
    for name, space in resources.get("/ColorSpace", {}).items():
        if _is_rgb(space):
            found.append(Finding(number, f"{where} colour space {name}", "DeviceRGB"))
    for name, shading in resources.get("/Shading", {}).items():
        if _is_rgb(shading.get("/ColorSpace")):
            found.append(Finding(number, f"{where} shading {name}", "DeviceRGB"))
    for name, pattern in resources.get("/Pattern", {}).items():
        shading = pattern.get("/Shading")
        if shading is not None and _is_rgb(shading.get("/ColorSpace")):
            found.append(Finding(number, f"{where} pattern {name}", "DeviceRGB shading"))
        if "/Resources" in pattern and pattern.objgen not in visited:
            visited.add(pattern.objgen)
            found += _resources(number, pattern.Resources, f"pattern {name}", visited)
    for name, font in resources.get("/Font", {}).items():
        if not _embedded(font):
            found.append(Finding(number, f"font {name} ({font.get('/BaseFont', '?')})", "not embedded"))
    for name, xobject in resources.get("/XObject", {}).items():
        if xobject.objgen in visited and xobject.objgen != (0, 0):
            continue
        visited.add(xobject.objgen)
        if xobject.get("/Subtype") == "/Image":
            if _is_rgb(xobject.get("/ColorSpace")):
                found.append(Finding(number, f"image {name}", "DeviceRGB"))
        elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += _resources(number, xobject.Resources, f"form {name}", visited)
    return found


def _embedded(font) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


class _Painter:
    """Walks a page's content (and the forms it draws) tracking the graphics state: current transformation
    matrix, fill colour space and colour; reports RGB operators, text colours and image resolutions."""

    def __init__(self, number: int, page) -> None:
        self.number = number
        self.page = page
        self.found: list[Finding] = []
        self.text_colours: set[tuple] = set()

    def run(self) -> list[Finding]:
        self._walk(pikepdf.parse_content_stream(pikepdf.Page(self.page)), self.page.get("/Resources", {}),
                   [1, 0, 0, 1, 0, 0], "page", 0)
        for colour in sorted(self.text_colours):
            self._check_text_colour(colour)
        return self.found

    def _walk(self, instructions, resources, ctm, where: str, depth: int) -> None:
        stack = []
        fill_space, fill = "/DeviceGray", (0.0,)
        spaces = resources.get("/ColorSpace", {})
        for operands, operator in instructions:
            op = str(operator)
            if op == "q":
                stack.append((ctm, fill_space, fill))
            elif op == "Q" and stack:
                ctm, fill_space, fill = stack.pop()
            elif op == "cm":
                ctm = _multiply([float(v) for v in operands], ctm)
            elif op in ("rg", "RG"):
                self.found.append(Finding(self.number, f"{where} operator {op}", "DeviceRGB colour "
                                          + " ".join(f"{float(v):g}" for v in operands)))
                if op == "rg":
                    fill_space, fill = "/DeviceRGB", tuple(float(v) for v in operands)
            elif op in ("cs", "CS"):
                name = operands[0]
                space = spaces.get(name, name) if isinstance(name, pikepdf.Name) else name
                if _is_rgb(space):
                    self.found.append(Finding(self.number, f"{where} operator {op} {name}", "DeviceRGB colour space"))
                if op == "cs":
                    fill_space = _space_kind(space)
                    fill = (0.0,) * {"/DeviceCMYK": 4, "/DeviceRGB": 3}.get(fill_space, 1)
            elif op in ("sc", "scn"):
                if all(isinstance(v, (int, float)) or hasattr(v, "__float__") for v in operands):
                    fill = tuple(float(v) for v in operands)
            elif op == "k":
                fill_space, fill = "/DeviceCMYK", tuple(float(v) for v in operands)
            elif op == "g":
                fill_space, fill = "/DeviceGray", (float(operands[0]),)
            elif op in _TEXT_SHOW:
                self.text_colours.add((fill_space, tuple(round(v, 3) for v in fill)))
            elif op == "Do":
                self._draw(operands[0], resources, ctm, depth)

    def _draw(self, name, resources, ctm, depth: int) -> None:
        xobject = resources.get("/XObject", {}).get(name)
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Image":
            width_in = math.hypot(ctm[0], ctm[1]) / 72
            height_in = math.hypot(ctm[2], ctm[3]) / 72
            if width_in > 0 and height_in > 0:
                ppi = min(int(xobject.Width) / width_in, int(xobject.Height) / height_in)
                if ppi < MIN_PPI - 0.5:
                    self.found.append(Finding(self.number, f"image {name}",
                                              f"{ppi:.0f} ppi effective ({int(xobject.Width)}×{int(xobject.Height)} px "
                                              f"drawn {width_in * 25.4:.1f}×{height_in * 25.4:.1f} mm); "
                                              f"print needs ≥ {MIN_PPI} ppi"))
        elif xobject.get("/Subtype") == "/Form" and depth < 12:
            matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
            self._walk(pikepdf.parse_content_stream(xobject), xobject.get("/Resources", resources),
                       _multiply(matrix, ctm), f"form {name}", depth + 1)

    def _check_text_colour(self, colour: tuple) -> None:
        space, values = colour
        if space == "/DeviceRGB":
            return   # already reported as an RGB operator
        if space != "/DeviceCMYK" or len(values) != 4:
            return   # gray and spot colours print on one plate
        c, m, y, k = values
        total = round((c + m + y + k) * 100)
        label = f"C{c * 100:.0f} M{m * 100:.0f} Y{y * 100:.0f} K{k * 100:.0f}"
        if total > MAX_TEXT_INK:
            self.found.append(Finding(self.number, f"text colour {label}",
                                      f"{total} % ink; text may carry at most {MAX_TEXT_INK} %"))
        if k >= 0.5 and c + m + y > 0:
            self.found.append(Finding(self.number, f"text colour {label}",
                                      "dark text in four colours; set black and grey text in K only"))


def _space_kind(space) -> str:
    if isinstance(space, pikepdf.Name):
        return str(space)
    if isinstance(space, pikepdf.Array) and len(space) and space[0] == "/ICCBased":
        n = int(space[1].get("/N", 0))
        return {1: "/DeviceGray", 3: "/DeviceRGB", 4: "/DeviceCMYK"}.get(n, "/ICCBased")
    return str(space[0]) if isinstance(space, pikepdf.Array) and len(space) else "?"


def _multiply(m, n) -> list[float]:
    """PDF matrix product ``m × n`` (``m`` applied first), matrices as [a b c d e f]."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]
