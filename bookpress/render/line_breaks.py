"""Print HTML + its first layout → print HTML whose justified paragraphs break where a total-fit breaker chose.

WeasyPrint 70 breaks lines greedily, one line at a time (issue #2264). To set paragraphs as a whole we lay the
document out once, read from WeasyPrint's box tree what each justified paragraph looks like (its measure, the
first-line indent, the computed style of every text run), measure every word fragment with the *same* Pango fonts
and features WeasyPrint uses, choose the breaks with :func:`bookpress.render.knuth_plass.break_lines`, and write
them back into the HTML: every space that is not a chosen break becomes a no-break space (WeasyPrint widens
U+00A0 like a space when justifying, ``count_expandable_spaces``), every soft hyphen that is not a chosen break is
removed. The second layout can then break only where the breaker decided. Words never change.

Paragraphs that cannot be handled (hard line breaks inside, block content in a list item, a footnote, a word wider
than the measure) keep WeasyPrint's own breaking.
"""

from __future__ import annotations

import functools
from html import unescape
import re
from dataclasses import dataclass, field

from bookpress.render.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Item, Settings, break_lines, paragraph_end

#: Attribute that numbers the paragraphs the breaker may set.
MARK = "data-lb"
#: Width kept free at every line end (CSS px) against rounding between our measurement and WeasyPrint's layout.
SAFETY_PX = 1.6
#: Inter-word space (em) at adjustment ratio 1; looser lines cost more (badness grows with the cube of the ratio).
SPACE_AT_RATIO_1_EM = 0.40
#: (word-spacing, letter-spacing) adjustments in em tried per paragraph: a slightly tighter natural space or a
#: hair of tracking often lets a paragraph set without loose lines. Each 0.01 em of word spacing costs
#: :data:`TIGHTENING_DEMERITS`, each 0.001 em of tracking :data:`TRACKING_DEMERITS`.
VARIANTS = ((0.0, 0.0), (-0.02, 0.0), (-0.04, 0.0), (0.0, 0.004), (-0.02, 0.004))
TIGHTENING_DEMERITS = 2000
TRACKING_DEMERITS = 800
#: Extra width kept free on tracked lines: WeasyPrint 70 draws letter-spaced justified lines up to ~0.8 px (0.2 mm)
#: wider than it lays them out (measured on this book).
TRACKING_SAFETY_PX = 1.2
SOFT_HYPHEN = "\u00ad"
NBSP = "\u00a0"
#: Characters after which Pango breaks a line by itself (UAX #14 classes HY, BA, B2, SY) when a letter follows.
TYPED_BREAKS = "-\u2010\u2013\u2014/"

_OPEN = re.compile(r"<(p|li)(?=[\s>/])([^>]*)>")
#: Content that keeps WeasyPrint's own breaking. A footnote (``<span class="footnote">``, moved to the page foot by
#: ``float: footnote``) would be measured as running text here, so paragraphs holding one are left alone.
_BLOCKY = re.compile(r"<(?:(?:p|li|ul|ol|div|figure|blockquote|aside|br|table|img)\b|span class=\"footnote\")")
_TAG = re.compile(r"(<[^>]*>)")


def mark_paragraphs(html: str) -> str:
    """Number every ``<p>`` and every list item without block content: ``<p data-lb="17">``."""
    counter = iter(range(1_000_000))
    out, last = [], 0
    for match in _OPEN.finditer(html):
        tag = match.group(1)
        close = html.find(f"</{tag}>", match.end())
        if close < 0 or _BLOCKY.search(html, match.end(), close):
            continue
        out.append(html[last:match.start()])
        out.append(f'<{tag} {MARK}="{next(counter)}"{match.group(2)}>')
        last = match.end()
    out.append(html[last:])
    return "".join(out)


@dataclass
class _Paragraph:
    """What the first layout tells about one marked paragraph (lengths in CSS px)."""

    width: float = 0.0
    indent: float = 0.0
    styles: dict[tuple, object] = field(default_factory=dict)
    justified: bool = False


@dataclass
class BreakReport:
    """What :func:`fix_line_breaks` did: ``paragraphs`` set by the breaker, ``kept`` left to WeasyPrint, and per
    paragraph number the item indices of the chosen line ends (``chosen``) and which of them are hyphens."""

    paragraphs: int = 0
    kept: int = 0
    chosen: dict[int, list[int]] = field(default_factory=dict)
    hyphens: dict[int, list[bool]] = field(default_factory=dict)


def fix_line_breaks(html: str, document, settings: Settings = Settings(),
                    forbidden: dict[int, set[int]] | None = None) -> tuple[str, BreakReport]:
    """Return the HTML with total-fit breaks fixed in every justified marked paragraph, and a :class:`BreakReport`.

    ``html`` must come from :func:`mark_paragraphs`; ``document`` is WeasyPrint's ``Document`` rendered from it.
    ``forbidden`` maps a paragraph number to item indices that must not end a line (see :func:`page_turn_breaks`).
    """
    _forget_styles()  # measurements are keyed by style identity: never reuse them across documents
    try:
        return _fix(html, _read_layout(document), settings, forbidden or {})
    finally:
        _forget_styles()


def page_turn_breaks(document, report: BreakReport) -> dict[int, set[int]]:
    """Hyphenated line ends that fall at the foot of a recto (the word continues overleaf), found in the layout of
    the fixed HTML: paragraph number → item indices to forbid in a new :func:`fix_line_breaks` run."""
    from weasyprint.formatting_structure import boxes

    seen: dict[int, int] = {}
    found: dict[int, set[int]] = {}

    def lines(box, number):
        if isinstance(box, boxes.MarginBox):
            return  # running heads and folios
        element = getattr(box, "element", None)
        if isinstance(box, boxes.BlockBox) and element is not None and element.get(MARK) is not None:
            number = int(element.get(MARK))
        if isinstance(box, boxes.LineBox):
            yield box, number
            return
        for child in getattr(box, "children", ()):
            yield from lines(child, number)

    for index, page in enumerate(document.pages):
        last = None
        for line, number in lines(page._page_box, None):
            if number is not None:
                seen[number] = seen.get(number, 0) + 1
            last = (line, number)
        if index % 2 or last is None or last[1] is None:
            continue  # only a recto's foot is a page turn
        number = last[1]
        done = seen[number]
        chosen, hyphens = report.chosen.get(number, []), report.hyphens.get(number, [])
        if done <= len(chosen) and hyphens[done - 1]:
            found.setdefault(number, set()).add(chosen[done - 1])
    return found


def _forget_styles() -> None:
    _STYLES.clear()
    _ADJUSTED.clear()
    _measure.cache_clear()


def _fix(html: str, found: dict[int, "_Paragraph"], settings: Settings,
         forbidden: dict[int, set[int]]) -> tuple[str, BreakReport]:
    out, last = [], 0
    report = BreakReport()
    for match in re.finditer(rf'<(p|li) {MARK}="(\d+)"[^>]*>', html):
        tag, number = match.group(1), int(match.group(2))
        close = html.find(f"</{tag}>", match.end())
        info = found.get(number)
        if info is None or not info.justified or not info.styles:
            continue
        inner = html[match.end():close]
        result = _set_paragraph(inner, info, settings, forbidden.get(number, set()))
        if result is None:
            report.kept += 1
            continue
        fixed, breaks, items = result
        report.chosen[number] = breaks
        report.hyphens[number] = [items[b].kind == PENALTY for b in breaks]
        out.append(html[last:match.end()])
        out.append(fixed)
        last = close
        report.paragraphs += 1
    out.append(html[last:])
    return "".join(out), report


def _read_layout(document) -> dict[int, _Paragraph]:
    from weasyprint.formatting_structure import boxes

    found: dict[int, _Paragraph] = {}

    def visit(box, paragraph: _Paragraph | None, key: tuple) -> None:
        element = getattr(box, "element", None)
        if isinstance(box, boxes.BlockBox) and element is not None and element.get(MARK) is not None \
                and getattr(box, "element_tag", "") in ("p", "li") and box.style["text_align_all"] == "justify":
            number = int(element.get(MARK))
            first = number not in found
            paragraph = found.setdefault(number, _Paragraph())
            paragraph.width = box.width
            paragraph.justified = True
            if first:
                indent = box.style["text_indent"]
                paragraph.indent = indent.value * box.width / 100 if indent.unit == "%" else indent.value
            key = ()
        elif paragraph is not None and isinstance(box, boxes.InlineBox) and element is not None:
            key = key + ((box.element_tag, element.get("class") or ""),)
        if paragraph is not None and isinstance(box, boxes.TextBox):
            paragraph.styles.setdefault(key, box.style)
        for child in getattr(box, "children", ()):
            visit(child, paragraph, key)

    for page in document.pages:
        visit(page._page_box, None, ())
    return found


def _set_paragraph(inner: str, info: _Paragraph, settings: Settings,
                   forbidden: set[int]) -> tuple[str, list[int], list[Item]] | None:
    pieces = _TAG.split(inner)
    best = None
    for variant in VARIANTS:
        items, spots = _items(pieces, info, variant)
        if items is None:
            return None
        for index in _whole_words(items, forbidden):
            items[index] = Item(PENALTY, 0, penalty=INFINITY)
        safety = SAFETY_PX + (TRACKING_SAFETY_PX if variant[1] else 0.0)
        widths = (info.width - info.indent - safety, info.width - safety)
        found = break_lines(items, widths, settings)
        if found is None:
            return None
        cost = TIGHTENING_DEMERITS * abs(variant[0]) / 0.01 + TRACKING_DEMERITS * abs(variant[1]) / 0.001
        score = (found.tolerance, found.demerits + cost)
        if best is None or score < best[0]:
            best = (score, found.indices, spots, items, variant)
    _, breaks, spots, items, variant = best
    chosen = set(breaks)
    edits: dict[tuple[int, int], str] = {}
    for index, places in spots.items():
        if index in chosen:
            continue
        kind = items[index].kind
        if kind == GLUE:
            edits[places[0]] = NBSP
            for place in places[1:]:
                edits[place] = ""
        else:
            edits[places[0]] = ""
    out = []
    for p, piece in enumerate(pieces):
        if p % 2:
            out.append(piece)
            continue
        out.append("".join(edits.get((p, c), ch) for c, ch in enumerate(piece)))
    text = "".join(out)
    if variant != (0.0, 0.0):
        text = (f'<span class="lb-adjust" style="word-spacing: {variant[0]:.3f}em; letter-spacing: {variant[1]:.3f}em">'
                f'{text}</span>')
    return text, breaks, items


def _whole_words(items: list[Item], forbidden: set[int]) -> set[int]:
    """Every hyphenation point of the words that hold a forbidden one (the word must not break at all)."""
    out = set()
    for index in forbidden:
        start = index
        while start > 0 and items[start - 1].kind != GLUE:
            start -= 1
        end = index
        while end + 1 < len(items) and items[end + 1].kind != GLUE:
            end += 1
        out.update(i for i in range(start, end + 1) if items[i].kind == PENALTY and items[i].penalty < INFINITY)
    return out


def _items(pieces: list[str], info: _Paragraph, variant: tuple[float, float] = (0.0, 0.0)) -> tuple[list[Item] | None, dict[int, list[tuple[int, int]]]]:
    """Tokenise the paragraph's inner HTML into K–P items; ``spots`` maps a break item to its HTML positions."""
    items: list[Item] = []
    spots: dict[int, list[tuple[int, int]]] = {}
    stack: list[tuple[str, str]] = []
    run: list[tuple[tuple, str]] = []   # the current box as (style key, text) runs
    space: list[tuple[int, int]] = []   # positions of the current whitespace run
    space_key: tuple = ()

    def style(key: tuple):
        while key not in info.styles and key:
            key = key[:-1]
        found = info.styles.get(key)
        return None if found is None else _adjusted(found, variant)

    def flush_box() -> bool:
        if not run:
            return True
        width = 0.0
        for key, text in run:
            s = style(key)
            if s is None:
                return False
            width += _width(s, unescape(text))
        items.append(Item(BOX, width, text=unescape("".join(t for _, t in run))))
        run.clear()
        return True

    def flush_space() -> None:
        nonlocal space
        if space and items:
            s = style(space_key)
            em = s["font_size"]
            natural = _space_width(s)
            items.append(Item(GLUE, natural, stretch=max(0.01, SPACE_AT_RATIO_1_EM * em - natural)))
            spots[len(items) - 1] = space
        space = []

    for p, piece in enumerate(pieces):
        if p % 2:
            tag = re.match(r"<\s*(/?)\s*([a-zA-Z0-9]+)([^>]*)>", piece)
            if not tag:
                continue
            closing, name, attrs = tag.groups()
            if closing:
                while stack and stack[-1][0] != name.lower():
                    stack.pop()
                if stack:
                    stack.pop()
            elif not attrs.rstrip().endswith("/"):
                cls = re.search(r'class="([^"]*)"', attrs)
                stack.append((name.lower(), cls.group(1) if cls else ""))
            continue
        key = tuple(stack)
        for c, ch in enumerate(piece):
            if ch in " \n\t\r":
                if not flush_box():
                    return None, {}
                if not space:
                    space_key = key
                space.append((p, c))
            elif ch == SOFT_HYPHEN:
                flush_space()
                if not flush_box():
                    return None, {}
                s = style(key)
                items.append(Item(PENALTY, _width(s, s["hyphenate_character"]), penalty=50, flagged=True))
                spots[len(items) - 1] = [(p, c)]
            elif ch == NBSP:
                flush_space()
                if not flush_box():
                    return None, {}
                s = style(key)
                natural = _space_width(s)
                items.append(Item(PENALTY, 0, penalty=INFINITY))
                items.append(Item(GLUE, natural, stretch=max(0.01, SPACE_AT_RATIO_1_EM * s["font_size"] - natural)))
            else:
                flush_space()
                if run and run[-1][0] == key:
                    run[-1] = (key, run[-1][1] + ch)
                else:
                    run.append((key, ch))
                if ch in TYPED_BREAKS and c + 1 < len(piece) and piece[c + 1].isalnum():
                    if not flush_box():
                        return None, {}
                    items.append(Item(PENALTY, 0, penalty=0, flagged=ch != "/", typed=True))
    if not flush_box():
        return None, {}
    if not items:
        return None, {}
    # a trailing whitespace run collapses away; it is not a break
    return items + paragraph_end(), spots


_ADJUSTED: dict[tuple[int, tuple[float, float]], object] = {}


def _adjusted(style, variant: tuple[float, float]):
    """``style`` with ``variant`` = (word-spacing, letter-spacing) in em added, as WeasyPrint would compute it."""
    if variant == (0.0, 0.0):
        return style
    key = (id(style), variant)
    if key not in _ADJUSTED:
        copy = style.copy()
        em = style["font_size"]
        copy["word_spacing"] = style["word_spacing"] + variant[0] * em
        base = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
        copy["letter_spacing"] = base + variant[1] * em
        _ADJUSTED[key] = copy
    return _ADJUSTED[key]


@functools.lru_cache(maxsize=200_000)
def _measure(style_id: int, text: str) -> float:
    from weasyprint.text.line_break import Layout, line_size

    style = _STYLES[style_id]
    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    return line_size(line, style)[0]


_STYLES: dict[int, object] = {}


def _width(style, text: str) -> float:
    """Width in CSS px of ``text`` set in ``style`` (one Pango layout, as WeasyPrint shapes a text box)."""
    _STYLES[id(style)] = style
    return _measure(id(style), text)


def _space_width(style) -> float:
    """Width of one inter-word space, word and letter spacing included."""
    return _width(style, "n n") - _width(style, "nn")
