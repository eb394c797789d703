"""Marked print HTML + WeasyPrint's layout → justified paragraphs broken where a total-fit breaker chose, in one layout.

WeasyPrint 70 breaks lines greedily, one line at a time (issue #2264). To set paragraphs as a whole we step into
WeasyPrint's layout (:func:`total_fit`): when it starts laying out a marked justified paragraph, its measure and
first-line indent are known and its text boxes carry their computed styles. We measure every word fragment with
the *same* Pango fonts and features WeasyPrint uses, choose the breaks with
:func:`bookpress.render.knuth_plass.break_lines`, and write them into the text boxes before WeasyPrint breaks them:
every space that is not a chosen break becomes a no-break space (WeasyPrint widens U+00A0 like a space when
justifying, ``count_expandable_spaces``), every soft hyphen that is not a chosen break is removed. WeasyPrint then
can break only where the breaker decided. Words never change; the document is laid out once.

Paragraphs that cannot be handled (hard line breaks inside, block content in a list item, a footnote, a word wider
than the measure) keep WeasyPrint's own breaking.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from bookpress.render.knuth_plass import BOX, GLUE, INFINITY, PENALTY, TOLERANCES, Paragraph, Settings

#: Attribute that numbers the paragraphs the breaker may set.
MARK = "data-lb"
#: Times at most the pages from a paragraph with a hyphenated word at the foot of a recto onwards are made again
#: with that break forbidden (no word is hyphenated from a recto to the next verso).
PAGE_TURN_ROUNDS = 2
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
class BreakReport:
    """What :func:`total_fit` did: ``paragraphs`` set by the breaker, ``kept`` left to WeasyPrint, and per
    paragraph number the item indices of the chosen line ends (``chosen``), which of them are hyphens and the
    (word-spacing, letter-spacing) adjustment in em it was set with (``variants``, one of :data:`VARIANTS`)."""

    paragraphs: int = 0
    kept: int = 0
    chosen: dict[int, list[int]] = field(default_factory=dict)
    hyphens: dict[int, list[bool]] = field(default_factory=dict)
    variants: dict[int, tuple[float, float]] = field(default_factory=dict)


@contextmanager
def total_fit(settings: Settings = Settings(), forbidden: dict[int, set[int]] | None = None,
              memo: dict | None = None):
    """Within this context every WeasyPrint render sets its marked justified paragraphs as a whole, while it lays
    them out, and keeps hyphenated words from turning a recto: when the last line of a recto ends in a hyphen, that
    break is forbidden and WeasyPrint makes the pages again from the paragraph's first page on (at most
    :data:`PAGE_TURN_ROUNDS` times; the pages before it are kept). Yields the :class:`BreakReport` that fills as
    paragraphs are set.

    ``forbidden`` maps a paragraph number to item indices that must not end a line (see :func:`page_turn_breaks`).
    ``memo`` (a dict the caller keeps) remembers each paragraph's decision by its text, styles, measure and
    forbidden breaks: pass the same one to renders of the same document with the same fonts (another layout for the
    page-turn rule) and only paragraphs whose inputs changed are measured and broken again.
    The hooks wrap WeasyPrint 70's ``weasyprint.layout.block.block_container_layout`` (the function that lays out a
    block's lines once its width is known) and ``weasyprint.layout.make_all_pages`` (pagination, which re-makes the
    pages whose starting state changed); outside this context they do nothing. Not thread-safe: one render at a
    time per process.
    """
    global _ACTIVE
    _install()
    if _ACTIVE is not None:
        raise RuntimeError("total_fit() contexts do not nest")
    setter = _Setter(settings, forbidden or {}, {} if memo is None else memo)
    _ACTIVE = setter
    try:
        yield setter.report
    finally:
        _ACTIVE = None


def page_turn_breaks(pages, report: BreakReport) -> dict[int, tuple[int, int]]:
    """Hyphenated line ends that fall at the foot of a recto (the word continues overleaf) in laid-out ``pages``
    (WeasyPrint ``PageBox`` objects): paragraph number → (index of the page holding its first line, item index
    of that line end)."""
    from weasyprint.formatting_structure import boxes

    seen: dict[int, int] = {}
    first: dict[int, int] = {}
    found: dict[int, tuple[int, int]] = {}

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

    for index, page in enumerate(pages):
        last = None
        for line, number in lines(page, None):
            if number is not None:
                seen[number] = seen.get(number, 0) + 1
                first.setdefault(number, index)
            last = (line, number)
        if page.page_type.side != "right" or last is None or last[1] is None:
            continue  # only a recto's foot is a page turn
        number = last[1]
        done = seen[number]
        chosen, hyphens = report.chosen.get(number, []), report.hyphens.get(number, [])
        if done <= len(chosen) and hyphens[done - 1]:
            found[number] = (first[number], chosen[done - 1])
    return found


_ACTIVE: "_Setter | None" = None
_ORIGINAL = None


def _install() -> None:
    """Wrap WeasyPrint's block-container layout once per process (a no-op while no :func:`total_fit` is active)."""
    global _ORIGINAL
    if _ORIGINAL is not None:
        return
    from weasyprint.layout import block

    _ORIGINAL = block.block_container_layout

    def block_container_layout(context, box, bottom_space, skip_stack, *args, **kwargs):
        if _ACTIVE is not None and skip_stack is None:
            _ACTIVE.visit(box)
        return _ORIGINAL(context, box, bottom_space, skip_stack, *args, **kwargs)

    block.block_container_layout = block_container_layout

    import weasyprint.layout as layout

    make_all_pages = layout.make_all_pages

    def make_all_pages_with_page_turns(context, root_box, html, pages):
        pages = list(make_all_pages(context, root_box, html, pages))
        setter = _ACTIVE
        if setter is not None and setter.turn_rounds < PAGE_TURN_ROUNDS:  # no word hyphenated from recto to verso
            turns = page_turn_breaks(pages, setter.report)
            if turns:
                setter.turn_rounds += 1
            for number, (page, index) in turns.items():
                setter.forbid(number, index)
                # WeasyPrint's pagination loop (layout_document) then makes the pages again from there on, as it
                # does for page-based counters, and keeps the pages before
                context.page_maker[page][-1]["content_changed"] = True
        return pages

    layout.make_all_pages = make_all_pages_with_page_turns


#: Style properties that decide a text's width in WeasyPrint 70's ``Layout`` (text/line_break.py), word spacing
#: excepted (spaces are measured apart).
_FONT_KEYS = ("font_family", "font_style", "font_stretch", "font_weight", "font_size", "font_variation_settings",
              "font_kerning", "font_variant_ligatures", "font_variant_position", "font_variant_caps",
              "font_variant_numeric", "font_variant_alternates", "font_variant_east_asian", "font_feature_settings",
              "font_language_override", "lang", "direction", "letter_spacing", "overflow_wrap", "text_transform")


class _Setter:
    """Sets the marked paragraphs of one render; measurements are kept for that render only (fonts are the
    document's own)."""

    def __init__(self, settings: Settings, forbidden: dict[int, set[int]], memo: dict) -> None:
        self.settings = settings
        self.forbidden = forbidden
        self.memo = memo
        self.report = BreakReport()
        self.done: set[int] = set()
        self.keys: dict[int, tuple] = {}          # id(style) → font key (styles live as long as the render)
        self.styles: dict[int, object] = {}      # keep every keyed style alive (ids stay unique)
        self.fonts: dict[tuple, int] = {}        # font key → a small number standing for it (cheap to hash)
        self.layouts: dict[int, object] = {}     # font number → a Pango layout without word spacing, reused
        self.widths: dict[tuple, float] = {}     # (font number, text) → width (CSS px)
        self.spaces: dict[tuple, float] = {}     # font key + word spacing → width of one space
        self.tracked: dict[tuple[int, float], object] = {}  # (id(style), tracking em) → adjusted style
        self.originals: dict[int, list[tuple[object, str, object]]] = {}  # number → (text box, text, style)
        self.turn_rounds = 0

    def visit(self, box) -> None:
        element = getattr(box, "element", None)
        if element is None or getattr(box, "element_tag", "") not in ("p", "li"):
            return
        mark = element.get(MARK)
        if mark is None or box.style["text_align_all"] != "justify":
            return
        number = int(mark)
        if number in self.done:
            return
        self.done.add(number)
        runs = _runs(box)
        if runs is None:
            self.report.kept += 1
            return
        indent = box.style["text_indent"]
        indent = indent.value * box.width / 100 if indent.unit == "%" else indent.value
        forbidden = self.forbidden.get(number, set())
        key = (tuple((self._key(run.style), run.text) for run in runs), box.width, indent, frozenset(forbidden))
        if key in self.memo:
            result = self.memo[key]
        else:
            result = self.memo[key] = self._set(runs, box.width, indent, forbidden)
        if result is None:
            self.report.kept += 1
            return
        breaks, hyphens, texts, variant = result
        self.report.chosen[number] = breaks
        self.report.hyphens[number] = hyphens
        self.report.variants[number] = variant
        self.report.paragraphs += 1
        self.originals[number] = [(run, run.text, run.style) for run in runs]
        _apply(runs, texts, variant)

    def forbid(self, number: int, index: int) -> None:
        """Forbid the line end at item ``index`` of paragraph ``number`` (its whole word stays on one line) and
        give the paragraph back its text, so that it is set again when WeasyPrint lays it out next."""
        for run, text, style in self.originals.pop(number, ()):
            run.text, run.style = text, style
        self.forbidden = {**self.forbidden, number: self.forbidden.get(number, set()) | {index}}
        self.done.discard(number)

    # -- measuring (WeasyPrint's own Pango layouts, so widths match the layout to the Pango unit) --

    def _key(self, style) -> tuple:
        key = self.keys.get(id(style))
        if key is None:
            key = self.keys[id(style)] = tuple(repr(style[name]) for name in _FONT_KEYS)
            self.styles[id(style)] = style
        return key

    def _tracked(self, style, tracking: float):
        if not tracking:
            return style
        found = self.tracked.get((id(style), tracking))
        if found is None:
            found = self.tracked[(id(style), tracking)] = _adjusted(style, (0.0, tracking))
            self.styles[id(style)] = style
        return found

    def _font(self, style) -> int:
        """The number of ``style``'s font key (:meth:`_key`)."""
        key = self._key(style)
        found = self.fonts.get(key)
        if found is None:
            found = self.fonts[key] = len(self.fonts)
        return found

    def _measure(self, wanted: dict[int, tuple[object, set[str]]]) -> None:
        """Measure every text in ``wanted`` (font number → (style, texts)) that is not measured yet: one Pango
        layout per font with one text per line (Pango shapes each line, a paragraph of its own, separately — the
        same widths as one layout per text, at a fraction of the cost)."""
        from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
        from weasyprint.text.line_break import Layout

        measured = self.widths
        extents = ffi.new("PangoRectangle *")
        for key, (style, texts) in wanted.items():
            texts = [t for t in texts if (key, t) not in measured]
            if not texts:
                continue
            layout = self.layouts.get(key)
            if layout is None:
                plain = style.copy()
                plain["word_spacing"] = 0
                layout = self.layouts[key] = Layout(plain)
            data = "\n".join(texts).encode()
            pango.pango_layout_set_text(layout.layout, data, len(data))
            spacing = style["letter_spacing"]
            if spacing != "normal" and spacing:
                attrs = pango.pango_layout_get_attributes(layout.layout)
                if attrs == ffi.NULL:
                    attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
                attr = pango.pango_attr_letter_spacing_new(int(spacing * TO_UNITS))
                attr.start_index, attr.end_index = 0, len(data)
                pango.pango_attr_list_change(attrs, attr)
                pango.pango_layout_set_attributes(layout.layout, attrs)
            # the logical width of each line, as weasyprint.text.line_break.line_size gives it
            extra = layout.style["letter_spacing"]
            for index, text in enumerate(texts):
                line = pango.pango_layout_get_line_readonly(layout.layout, index)
                pango.pango_layout_line_get_extents(line, ffi.NULL, extents)
                width = extents.width * FROM_UNITS
                measured[(key, text)] = width + extra if extra != "normal" else width

    def space(self, style, tracking: float = 0.0) -> float:
        """Width of one inter-word space (word and letter spacing included)."""
        style = self._tracked(style, tracking)
        key = self._key(style) + (repr(style["word_spacing"]),)
        found = self.spaces.get(key)
        if found is None:
            found = self.spaces[key] = _width(style, "n n") - _width(style, "nn")
        return found

    # -- breaking --

    def _set(self, runs, width: float, indent: float, forbidden: set[int]):
        """Choose the breaks of one paragraph: ``(breaks, hyphens, texts, variant)`` (item indices of the line
        ends, whether each is a hyphen, the text boxes' texts with those breaks written in (:func:`_edited`), the
        (word-spacing, letter-spacing) variant in em), or ``None`` when it cannot be set. The words' structure is
        worked out once (:class:`_Words`), measured once per tracking, and every variant that could still win is
        broken."""
        tokens, spots = _tokens(runs)
        if not tokens:
            return None
        words = _Words(tokens)
        paragraph = words.paragraph(forbidden)
        best = None
        measured: dict[float, tuple[list[float], list[float], list[tuple[int, float]]]] = {}
        for variant in VARIANTS:
            cost = TIGHTENING_DEMERITS * abs(variant[0]) / 0.01 + TRACKING_DEMERITS * abs(variant[1]) / 0.001
            if best is not None and best[0][0] <= TOLERANCES[0] and cost >= best[0][1]:
                continue  # cannot beat the best: its demerits would have to be negative
            if variant[1] not in measured:
                measured[variant[1]] = self._metrics(words, variant[1])
            widths, stretches = _spaced(measured[variant[1]], variant[0])
            safety = SAFETY_PX + (TRACKING_SAFETY_PX if variant[1] else 0.0)
            found = paragraph.break_lines(widths, stretches, (width - indent - safety, width - safety), self.settings)
            if found is None:
                return None
            score = (found.tolerance, found.demerits + cost)
            if best is None or score < best[0]:
                best = (score, found.indices, variant)
        _, breaks, variant = best
        kinds = paragraph.kinds
        return breaks, [kinds[b] == PENALTY for b in breaks], _edited(runs, breaks, kinds, spots), variant

    def _metrics(self, words: "_Words", tracking: float) -> tuple[list, list[float], list[tuple[int, float]]]:
        """Widths and stretches (CSS px) of the K–P items of ``words`` with ``tracking`` em of letter spacing and
        the paragraph's own word spacing, and (item index, em) of every space (for :func:`_spaced`)."""
        tracked = [self._tracked(style, tracking) for style in words.styles]
        fonts = [self._font(style) for style in tracked]
        wanted: dict[int, tuple[object, set[str]]] = {}
        for font, style, texts in zip(fonts, tracked, words.texts):
            entry = wanted.get(font)
            if entry is None:
                entry = wanted[font] = (style, set())
            entry[1].update(texts)
        self._measure(wanted)
        measured = self.widths
        widths: list = [0] * words.n
        stretches = [0.0] * words.n
        for index, style, text in words.single:
            widths[index] = 0.0 + measured[(fonts[style], text)]
        for index, pieces in words.multiple:
            total = 0.0
            for style, text in pieces:
                total += measured[(fonts[style], text)]
            widths[index] = total
        glues = []
        for style, indices in words.spaces:
            em = style["font_size"]
            natural = self.space(style, tracking)
            stretch = max(0.01, SPACE_AT_RATIO_1_EM * em - natural)
            for index in indices:
                widths[index] = natural
                stretches[index] = stretch
                glues.append((index, em))
        stretches[-2] = 1e6  # paragraph_end()'s glue
        return widths, stretches, glues


class _Words:
    """What of a paragraph's tokens (:func:`_tokens`) does not depend on tracking or spacing: the K–P items'
    kinds, penalties, flags and texts, and which items take their widths from which measured texts."""

    def __init__(self, tokens) -> None:
        kinds: list[str] = []
        penalties: list[float] = []
        flagged: list[bool] = []
        typed: list[bool] = []
        texts: list[str] = []
        numbers: dict[int, int] = {}  # id(style) → index in self.styles
        self.styles: list = []        # the distinct styles of words and hyphens, in order of appearance
        self.texts: list[set[str]] = []  # per style: the texts measured in it
        self.single: list[tuple[int, int, str]] = []  # (item index, style, text) of a word in one style
        self.multiple: list[tuple[int, list[tuple[int, str]]]] = []  # (item index, [(style, text), …])
        spaces: dict[int, tuple[object, list[int]]] = {}  # id(style) → (style, item indices of its spaces)

        def number(style) -> int:
            found = numbers.get(id(style))
            if found is None:
                found = numbers[id(style)] = len(self.styles)
                self.styles.append(style)
                self.texts.append(set())
            return found

        for kind, value in tokens:
            index = len(kinds)
            if kind == "word":
                if len(value) == 1:
                    style = number(value[0][0])
                    self.single.append((index, style, value[0][1]))
                    self.texts[style].add(value[0][1])
                else:
                    pieces = [(number(style), text) for style, text in value]
                    self.multiple.append((index, pieces))
                    for style, text in pieces:
                        self.texts[style].add(text)
                kinds.append(BOX)
                penalties.append(0.0)
                flagged.append(False)
                typed.append(False)
                texts.append("".join(t for _, t in value))
                continue
            if kind == "nbsp":
                kinds.append(PENALTY)
                penalties.append(INFINITY)
                flagged.append(False)
                typed.append(False)
                texts.append("")
                index += 1
            if kind == "space" or kind == "nbsp":
                spaces.setdefault(id(value), (value, []))[1].append(index)
                kinds.append(GLUE)
                penalties.append(0.0)
                flagged.append(False)
                typed.append(False)
            elif kind == "hyphen":
                style = number(value)
                self.single.append((index, style, value["hyphenate_character"]))
                self.texts[style].add(value["hyphenate_character"])
                kinds.append(PENALTY)
                penalties.append(50)
                flagged.append(True)
                typed.append(False)
            else:  # a typed break
                kinds.append(PENALTY)
                penalties.append(0)
                flagged.append(value)
                typed.append(True)
            texts.append("")
        kinds += (PENALTY, GLUE, PENALTY)  # paragraph_end()
        penalties += (INFINITY, 0.0, -INFINITY)
        flagged += (False, False, False)
        typed += (False, False, False)
        texts += ("", "", "")
        self.n = len(kinds)
        self.columns = kinds, penalties, flagged, typed, texts
        #: (style, item indices) of the spaces in each style; the glue after a no-break space's penalty
        self.spaces = list(spaces.values())

    def paragraph(self, forbidden: set[int]) -> Paragraph:
        """The :class:`~bookpress.render.knuth_plass.Paragraph` of these items; every break inside a word that
        holds a ``forbidden`` item index becomes unbreakable (the word stays whole)."""
        kinds, penalties, flagged, typed, texts = self.columns
        if forbidden:
            penalties, flagged, typed = list(penalties), list(flagged), list(typed)
            for index in _whole_words(kinds, penalties, forbidden):
                penalties[index], flagged[index], typed[index] = INFINITY, False, False
        return Paragraph(kinds, penalties, flagged, typed, texts)


def _spaced(metrics: tuple[list[float], list[float], list[tuple[int, float]]],
            spacing: float) -> tuple[list[float], list[float]]:
    """Widths and stretches of :meth:`_Setter._metrics` with ``spacing`` em more word spacing on every space."""
    widths, stretches, glues = metrics
    if not spacing:
        return widths, stretches
    widths, stretches = list(widths), list(stretches)
    for index, em in glues:
        natural = widths[index] + spacing * em
        widths[index] = natural
        stretch = SPACE_AT_RATIO_1_EM * em - natural
        stretches[index] = stretch if stretch > 0.01 else 0.01  # max(0.01, stretch)
    return widths, stretches


def _runs(box) -> list | None:
    """The text boxes of a paragraph block in reading order, or ``None`` when it holds anything else (an image,
    an inline block, a footnote): such paragraphs keep WeasyPrint's own breaking. A ``::before`` inline block whose
    margin box is 0 wide (the list bullet) is skipped."""
    from weasyprint.formatting_structure import boxes

    runs = []

    def walk(parent) -> bool:
        for child in parent.children:
            if isinstance(child, boxes.TextBox):
                runs.append(child)
            elif isinstance(child, boxes.InlineBox):
                if not walk(child):
                    return False
            elif isinstance(child, boxes.InlineBlockBox) and child.element_tag.endswith("::before") \
                    and _zero_wide(child.style):
                continue
            else:
                return False
        return True

    if len(box.children) != 1 or not isinstance(box.children[0], boxes.LineBox) or not walk(box.children[0]):
        return None
    return runs or None


def _zero_wide(style) -> bool:
    total = 0.0
    for name in ("width", "margin_left", "margin_right", "padding_left", "padding_right"):
        value = style[name]
        if getattr(value, "unit", None) != "px":
            return False
        total += value.value
    return abs(total) < 0.01


def _tokens(runs) -> tuple[list[tuple[str, object]], dict[int, list[tuple[int, int]]]]:
    """Text boxes → tokens ``(kind, value)``: ``word`` [(style, text), …], ``space``/``nbsp``/``hyphen`` style,
    ``typed`` flagged; ``spots`` maps the index a token's break item will have to (text box, character) places."""
    tokens: list[tuple[str, object]] = []
    spots: dict[int, list[tuple[int, int]]] = {}
    word: list[tuple[object, str]] = []
    space: list[tuple[int, int]] = []
    space_style = None
    count = 0  # items the tokens so far will make (an nbsp makes two)

    def flush_word() -> None:
        nonlocal count
        if word:
            tokens.append(("word", list(word)))
            word.clear()
            count += 1

    def flush_space() -> None:
        nonlocal space, count
        if space and tokens:
            tokens.append(("space", space_style))
            spots[count] = space
            count += 1
        space = []

    for r, run in enumerate(runs):
        style = run.style
        for c, ch in enumerate(run.text):
            if ch in " \n\t\r":
                flush_word()
                if not space:
                    space_style = style
                space.append((r, c))
            elif ch == SOFT_HYPHEN:
                flush_space()
                flush_word()
                tokens.append(("hyphen", style))
                spots[count] = [(r, c)]
                count += 1
            elif ch == NBSP:
                flush_space()
                flush_word()
                tokens.append(("nbsp", style))
                count += 2
            else:
                flush_space()
                if word and word[-1][0] is style:
                    word[-1] = (style, word[-1][1] + ch)
                else:
                    word.append((style, ch))
                if ch in TYPED_BREAKS and c + 1 < len(run.text) and run.text[c + 1].isalnum():
                    flush_word()
                    tokens.append(("typed", ch != "/"))
                    count += 1
    flush_word()
    # a trailing whitespace run collapses away; it is not a break
    return tokens, spots


def _edited(runs, breaks: list[int], kinds: list[str], spots: dict[int, list[tuple[int, int]]]) -> tuple[str, ...]:
    """The texts of the text boxes with the chosen breaks written in: a space that is not a break becomes a
    no-break space (a run of spaces, one), a soft hyphen that is not a break goes."""
    chosen = set(breaks)
    edits: dict[tuple[int, int], str] = {}
    for index, places in spots.items():
        if index in chosen:
            continue
        if kinds[index] == GLUE:
            edits[places[0]] = NBSP
            for place in places[1:]:
                edits[place] = ""
        else:
            edits[places[0]] = ""
    by_run: dict[int, list[tuple[int, str]]] = {}
    for (r, c), text in edits.items():
        by_run.setdefault(r, []).append((c, text))
    texts = []
    for r, run in enumerate(runs):
        text = run.text
        if r in by_run:
            pieces, last = [], 0
            for c, replacement in sorted(by_run[r]):
                pieces.append(text[last:c])
                pieces.append(replacement)
                last = c + 1
            pieces.append(text[last:])
            text = "".join(pieces)
        texts.append(text or "\u200b")  # a text box may not be empty (WeasyPrint asserts it); never happens for words
    return tuple(texts)


def _apply(runs, texts: tuple[str, ...], variant: tuple[float, float]) -> None:
    """Give the text boxes their ``texts`` (:func:`_edited`) and the variant's word spacing and tracking."""
    for run, text in zip(runs, texts):
        run.text = text
        if variant != (0.0, 0.0):
            run.style = _adjusted(run.style, variant)


def _whole_words(kinds: list[str], penalties: list[float], forbidden: set[int]) -> set[int]:
    """Every break inside the words that hold a forbidden one (item indices; the word must not break at all)."""
    out = set()
    for index in forbidden:
        start = index
        while start > 0 and kinds[start - 1] != GLUE:
            start -= 1
        end = index
        while end + 1 < len(kinds) and kinds[end + 1] != GLUE:
            end += 1
        out.update(i for i in range(start, end + 1) if kinds[i] == PENALTY and penalties[i] < INFINITY)
    return out


def _adjusted(style, variant: tuple[float, float]):
    """A copy of ``style`` with ``variant`` = (word-spacing, letter-spacing) in em added, as WeasyPrint computes
    ``word-spacing``/``letter-spacing`` given in em."""
    copy = style.copy()
    em = style["font_size"]
    copy["word_spacing"] = style["word_spacing"] + variant[0] * em
    base = style["letter_spacing"] if style["letter_spacing"] != "normal" else 0
    copy["letter_spacing"] = base + variant[1] * em
    return copy


def _width(style, text: str) -> float:
    """Width in CSS px of ``text`` set in ``style`` (one fresh Pango layout, as WeasyPrint shapes a text box)."""
    from weasyprint.text.line_break import Layout, line_size

    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    return line_size(line, style)[0]
