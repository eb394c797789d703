"""Lines of the laid-out print PDF → the findings a corrector marks, per page.

Every check works on what is printed (positions from :mod:`bookpress.proof.lines`), not on the HTML: the text
block comes from ``book.toml [print]`` (trim, margins), a *justified* line is one that reaches a right edge shared by
at least three lines of the page (the text block or a callout box), a *paragraph end* is a line that stops short of
it. Kinds (Bringhurst §2.4, §4.2; Dutch: hoerenjong = widow, weeskind = orphan):

``widow``            the last line of a paragraph alone at the top of a page
``orphan``           the first line of a paragraph alone at the foot of a page
``runt``             a last line of one word shorter than 8 characters
``loose``            a justified line whose inter-word space exceeds 0.5 em (``severity`` "error" above 0.7 em)
``ladder``           more than two hyphenated lines in a row
``policy``           a line-end break the hyphenation policy does not allow
``page-turn-hyphen`` a word hyphenated from a recto to the next verso
``heading-at-foot``  a heading in the last two lines of a page
``split-callout``    a callout box that continues on the next page
``figure-far``       a figure more than one page turn away from its first reference
``facing-lines``     facing pages (both running on) whose last lines differ by more than one line
``overfull``         a line that sticks out of the text block by more than 0.1 mm
``running-head``     a running head cut with an ellipsis (or set on two lines): the heading needs a short title
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bookpress.proof.lines import Line, Page

MM = 72 / 25.4
LOOSE_EM = 0.5
VERY_LOOSE_EM = 0.7
RUNT_CHARS = 8
MAX_LADDER = 2
EDGE_PT = 0.6           # lines ending within this of a shared right edge are justified
OVERFULL_MM = 0.1
#: The running head's box is this share of the text block wide (styles/print.css); longer text is cut.
RUNNING_HEAD_SHARE = 0.76


@dataclass(frozen=True)
class Finding:
    """One problem: ``kind`` (see module doc), 1-based ``page``, the printed ``text``, ``box`` = (left, bottom,
    right, top) in pt from the TrimBox origin, a human ``detail``; ``severity`` "error" or "warning"."""

    kind: str
    page: int
    text: str
    box: tuple[float, float, float, float]
    detail: str = ""
    severity: str = "error"


@dataclass(frozen=True)
class Geometry:
    """Text block margins in mm (from ``book.toml [print]``); recto pages are odd."""

    margin_top_mm: float
    margin_bottom_mm: float
    margin_inside_mm: float
    margin_outside_mm: float
    body_size_pt: float
    line_height_pt: float


@dataclass
class _PageInfo:
    page: Page
    body: list[Line] = field(default_factory=list)
    edges: list[float] = field(default_factory=list)
    block: tuple[float, float, float, float] = (0, 0, 0, 0)


def check(pages: list[Page], geometry: Geometry, policy=None, figure_label: str = "Figuur",
          figure_ref: str = "figuur") -> list[Finding]:
    """All findings for ``pages``, in page order. ``policy`` (a :class:`bookpress.typography.policy.Policy`) enables
    the ``policy`` check."""
    infos = [_info(page, geometry) for page in pages]
    findings: list[Finding] = []
    for index, info in enumerate(infos):
        previous = infos[index - 1] if index else None
        following = infos[index + 1] if index + 1 < len(infos) else None
        findings += _lines(info, geometry)
        findings += _page_breaks(info, previous, following, geometry)
        if policy is not None:
            findings += _policy(info, following, policy)
    findings += _facing(infos, geometry)
    findings += _figures(infos, figure_label, figure_ref)
    return sorted(findings, key=lambda f: (f.page, -f.box[3]))


def _info(page: Page, g: Geometry) -> _PageInfo:
    recto = page.number % 2 == 1
    left = (g.margin_inside_mm if recto else g.margin_outside_mm) * MM
    right = page.width - (g.margin_outside_mm if recto else g.margin_inside_mm) * MM
    top = page.height - g.margin_top_mm * MM
    bottom = g.margin_bottom_mm * MM
    body = [line for line in page.lines if bottom - 2 < line.baseline < top + 2 and left - 20 < line.left < right]
    body = [line for line in body if ". . ." not in line.text and not re.search(r"\.\s?\.\s?\.\s?\d+$", line.text)]
    rights = [round(line.right, 1) for line in body]
    edges = sorted({r for r in rights if sum(abs(r - o) <= EDGE_PT for o in rights) >= 3})
    return _PageInfo(page, body, edges, (left, bottom, right, top))


def _justified(info: _PageInfo, line: Line) -> bool:
    return any(abs(line.right - edge) <= EDGE_PT for edge in info.edges)


def _box(line: Line) -> tuple[float, float, float, float]:
    return (line.left, line.bottom, line.right, line.top)


def _is_heading(line: Line, g: Geometry) -> bool:
    return line.size >= g.body_size_pt + 0.4 and len(line.words) <= 12


def _lines(info: _PageInfo, g: Geometry) -> list[Finding]:
    out = []
    number = info.page.number
    left, _, right, _ = info.block
    run: list[Line] = []
    for i, line in enumerate(info.body):
        following = info.body[i + 1] if i + 1 < len(info.body) else None
        if line.right > right + OVERFULL_MM * MM or line.left < left - OVERFULL_MM * MM:
            out.append(Finding("overfull", number, line.text, _box(line),
                               f"sticks out {max(line.right - right, left - line.left) / MM:.2f} mm"))
        justified = _justified(info, line)
        ends_paragraph = not justified
        if justified and following is not None and line.gaps and line.word_space > LOOSE_EM:
            severity = "error" if line.word_space > VERY_LOOSE_EM else "warning"
            out.append(Finding("loose", number, line.text, _box(line), f"word space {line.word_space:.2f} em",
                               severity))
        if line.hyphen and justified:
            run.append(line)
        else:
            if len(run) > MAX_LADDER:
                out.append(Finding("ladder", number, " / ".join(l.text[-12:] for l in run), _merge(run),
                                   f"{len(run)} hyphenated lines in a row"))
            run = []
        previous = info.body[i - 1] if i else None
        if ends_paragraph and previous is not None and _justified(info, previous) and \
                abs(previous.left - line.left) < 30 and len(line.words) == 1 and \
                len(line.text) < RUNT_CHARS and not _is_heading(line, g):
            out.append(Finding("runt", number, line.text, _box(line), "one short word on the last line"))
    if len(run) > MAX_LADDER:
        out.append(Finding("ladder", number, " / ".join(l.text[-12:] for l in run), _merge(run),
                           f"{len(run)} hyphenated lines in a row"))
    return out


def _merge(lines: list[Line]) -> tuple[float, float, float, float]:
    return (min(l.left for l in lines), min(l.bottom for l in lines), max(l.right for l in lines),
            max(l.top for l in lines))


def _starts_paragraph(info: _PageInfo, index: int, g: Geometry) -> bool:
    line = info.body[index]
    if index == 0:
        return False
    previous = info.body[index - 1]
    indent = line.left - min(l.left for l in info.body if abs(l.size - line.size) < 0.3)
    gap = previous.baseline - line.baseline
    return (indent > 0.5 * line.size or not _justified(info, previous) or _is_heading(previous, g)
            or gap > 1.35 * g.line_height_pt)


def _page_breaks(info: _PageInfo, previous: _PageInfo | None, following: _PageInfo | None,
                 g: Geometry) -> list[Finding]:
    out = []
    number = info.page.number
    head = [l for l in info.page.lines if l.baseline > info.block[3] + 2]
    room = RUNNING_HEAD_SHARE * (info.block[2] - info.block[0])
    if len({round(l.baseline) for l in head}) > 1 or any(right - left > room - 2 * l.size for l in head for left, right, text in l.runs if not text.isdigit()):
        out.append(Finding("running-head", number, " / ".join(l.text for l in head), _merge(head),
                           "running head cut or on two lines: give the heading a short title {short=\"…\"}"))
    body = [l for l in info.body if l.size > 7]
    if not body:
        return out
    first, last = body[0], body[-1]
    # widow: this page opens with the last line of a paragraph that ran on from the previous page
    if previous is not None and previous.body and _justified(previous, previous.body[-1]) and \
            not _justified(info, first) and not _is_heading(first, g) and len(body) > 1 and \
            not _is_heading(previous.body[-1], g):
        out.append(Finding("widow", number, first.text, _box(first), "last line of a paragraph at the top"))
    # orphan: this page ends with the first line of a paragraph that runs on to the next page
    if following is not None and following.body and _justified(info, last) and \
            _starts_paragraph(info, len(body) - 1, g) and not _is_heading(last, g):
        out.append(Finding("orphan", number, last.text, _box(last), "first line of a paragraph at the foot"))
    if number % 2 == 1 and last.hyphen and following is not None:
        out.append(Finding("page-turn-hyphen", number, last.text, _box(last), "word hyphenated across a page turn",
                           "warning"))
    text_lines = [l for l in body if abs(l.size - g.body_size_pt) < 0.3]
    for line in body[-2:] if len(text_lines) >= 3 else ():
        if _is_heading(line, g) and line is not body[0] and abs(line.left - info.block[0]) < 1.5:
            out.append(Finding("heading-at-foot", number, line.text, _box(line), "heading in the last two lines"))
    def boxed(line: Line) -> bool:  # callout text is set a size or so below the body size
        return g.body_size_pt - 1.6 < line.size < g.body_size_pt - 0.4

    if following is not None and following.body and boxed(last) and boxed(following.body[0]):
        out.append(Finding("split-callout", number, last.text, _box(last), "callout box continues on the next page",
                           "warning"))
    return out


def _policy(info: _PageInfo, following: _PageInfo | None, policy) -> list[Finding]:
    out = []
    body = info.body
    for i, line in enumerate(body):
        if not line.text.endswith("\u2010"):
            continue  # only line-end hyphens the renderer added; a typed hyphen is the author's
        if i + 1 < len(body):
            nxt = body[i + 1]
        elif following is not None and following.body:
            nxt = following.body[0]
        else:
            continue
        head = re.search(r"([^\W\d_]+)\u2010$", line.text)
        tail = re.match(r"([^\W\d_]+)", nxt.text)
        if not head or not tail:
            continue
        word = head.group(1) + tail.group(1)
        if len(head.group(1)) not in policy.points(word):
            out.append(Finding("policy", info.page.number, line.text, _box(line),
                               f"“{head.group(1)}-{tail.group(1)}” breaks where the policy does not allow"))
    return out


def _facing(infos: list[_PageInfo], g: Geometry) -> list[Finding]:
    out = []
    for index in range(1, len(infos) - 1, 2):  # verso (even number) with the recto after it
        verso, recto = infos[index], infos[index + 1]
        if not verso.body or not recto.body:
            continue
        if not (_justified(verso, verso.body[-1]) and _justified(recto, recto.body[-1])):
            continue  # a part ends on one of them: a short page is expected
        difference = abs(verso.body[-1].baseline - recto.body[-1].baseline)
        if difference > g.line_height_pt * 1.05:
            out.append(Finding("facing-lines", recto.page.number, recto.body[-1].text, _box(recto.body[-1]),
                               f"last lines of pages {verso.page.number}–{recto.page.number} differ by "
                               f"{difference / g.line_height_pt:.1f} lines", "warning"))
    return out


def _figures(infos: list[_PageInfo], label: str, reference: str) -> list[Finding]:
    captions: dict[str, tuple[int, Line]] = {}
    first_ref: dict[str, int] = {}
    for info in infos:
        for line in info.page.lines:
            text = " ".join(line.text.split())
            caption = re.match(rf"{re.escape(label)} (\d+(?:\.\d+)?)\b", text)
            if caption and caption.group(1) not in captions:
                captions[caption.group(1)] = (info.page.number, line)
            for found in re.finditer(rf"\b{re.escape(reference)} (\d+(?:\.\d+)?)\b", text):
                first_ref.setdefault(found.group(1), info.page.number)
    out = []
    for number, (page, line) in captions.items():
        ref = first_ref.get(number)
        if ref is None:
            continue
        spread = lambda n: n // 2  # noqa: E731 - pages 2k and 2k+1 face each other
        if abs(spread(page) - spread(ref)) > 1:
            out.append(Finding("figure-far", page, line.text, _box(line),
                               f"figure {number} on page {page}, first referred to on page {ref}", "warning"))
    return out
