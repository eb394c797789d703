"""Numbered lines → blocks: headings, paragraphs, list items, figure captions, figure-label debris, markup.

Rules (each decision is recorded as a :class:`Change`; the uncertain ones are listed for review):

- Lines without a blank line or page break between them belong to one paragraph, unless a line ends a sentence
  well short of the lines around it and the next starts with a capital or a digit (extractors that write no blank
  line between paragraphs: the short last line is the paragraph's end; reported as uncertain).
- Across a blank line or a page break a paragraph goes on when it is unfinished (no final punctuation, or an open
  parenthesis) and the next line starts in lower case (or closes the parenthesis); across a page break without a
  blank line an unfinished paragraph always goes on.
- Short lines without sentence punctuation that stand between an unfinished paragraph and its lower-case
  continuation are figure labels spilled into the text: they become a ``labels`` block after the paragraph.
  A group of such lines standing alone is a ``labels`` block too. Nothing is dropped.
- "1 Title" / "1.1 Title" become headings of level 1 / 2 that keep their typed number ("# 1. Title", "## 1.1
  Title": a bare number gets the dot the source format reads as a typed number); the build checks it against the
  number it generates and prints it once (docs/source-format.md, "Typed numbers"). A short line right after a
  numbered heading that starts in lower case (or is a lone capitalised word or two) is the heading's wrapped end.
- A short title-like line followed directly by a capitalised line is a subhead (level 3; level 1 for the very
  first line of the text); a title-like line alone at the top of a page is a level-1 title. Both are uncertain.
- "■"/"•" items become bulleted list items; "1." items stay numbered; "Figuur N.M Caption" becomes a figure whose
  caption keeps its typed label (checked by the build like a heading number).
- Markdown that the importer itself writes (``#`` headings, ``- `` items, figures, comments, fences) passes
  through unchanged, so importing the output again changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bookpress.importer.changes import Change, SourceText
from bookpress.importer.lexicon import FIGURE_WORDS, KNOWN, Lexicon
from bookpress.importer.rawlines import RawLine

MARKUP = re.compile(r"^(?:#{1,6}\s|!\[|\{[.#]|:::|>\s?|<!--)")
MD_BULLET = re.compile(r"^[-*+]\s+(?=\S)")
RAW_BULLET = re.compile(r"^[■•▪●◦□▫]\s*(?=\S)")
NUMBERED_ITEM = re.compile(r"^(\d{1,3})[.)]\s+(?=\S)")
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?=[^\W\d_])(.+)$")
#: A letter alone on its line: a drop cap that the extractor split from its word ("D" + "e gemeente").
DROP_CAP = re.compile(r"^[^\W\d_a-zß-ÿ]$")
#: A drop cap left in the line with a space: "D e gemeente".
DROP_CAP_INLINE = re.compile(r"^([^\W\d_a-zß-ÿ]) ([^\W\d_A-ZÀ-Þ][^\W\d_]*)")
#: How many lines after a lone drop-cap letter its word may be found (extractors put it at the top of the page).
DROP_CAP_REACH = 12
#: A line shorter than this share of the measure ends its paragraph or list item.
FULL_LINE = 0.8
#: A paragraph's last line is shorter than this share of the lines around it (see ``_paragraph_ends_before``).
SHORT_LAST_LINE = 0.7
LOCAL_LINES = 4
#: Longest second line of a wrapped numbered heading (see ``_heading_goes_on``).
HEADING_TAIL_WORDS = 6
CLOSERS = "’”\"')]»›"
FINAL = ".!?:;"


@dataclass(slots=True)
class Block:
    """A unit of the output.

    ``kind`` is one of ``heading`` (``level`` 1–3), ``paragraph``, ``bullet``, ``number`` (``marker`` = the item
    number), ``figure`` (``marker`` = "N-M"), ``labels`` (``lines``: figure-label text, kept verbatim) and
    ``markup`` (``lines``: Markdown passed through verbatim).
    """

    kind: str
    text: SourceText = field(default_factory=lambda: SourceText(""))
    level: int = 0
    marker: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)
    labels: list[tuple[int, str]] = field(default_factory=list)


def last_char(text: str) -> str:
    """The last character of ``text`` that is not a closing quote or bracket ("" for none)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return stripped[-1:]


def unfinished(text: str) -> bool:
    """True when ``text`` does not end a sentence (no final . ! ? : ; after closing quotes/brackets); text without
    a letter or digit (a stray "{" or "–") is no sentence to go on with."""
    return last_char(text) not in tuple(FINAL) and any(char.isalnum() for char in text)


def starts_lower(text: str) -> bool:
    """True when the first letter of ``text`` (after opening quotes/brackets) is lower case."""
    for char in text:
        if char in "‘“\"'([«‹\u02bb\u02bc":  # U+02BB/U+02BC are letters to Python (Lm) but quotes here
            continue
        return char.isalpha() and char.islower()
    return False


def _words(text: str) -> int:
    """Words in ``text``; a token without a letter or digit (a stray "," or "–") is no word, so that the count is
    the same before and after the spacing pass (idempotence)."""
    return sum(1 for token in text.split() if any(char.isalnum() for char in token))


_CAPTION_WORDS = "|".join(re.escape(word) for word in sorted({w for ws in FIGURE_WORDS.values() for w in ws},
                                                               key=len, reverse=True))
#: "Figuur 4.3: Verloop", "Abbildung 2 – Verlauf", "Figure 5. Measurements": a caption in any supported language
#: (a book may quote a figure from another language); without a separator the caption must start with a capital,
#: so that a sentence like "Figuur 3 laat zien …" stays a sentence.
CAPTION = re.compile(rf"^(?:{_CAPTION_WORDS})\s+(\d{{1,3}})(?:[.\-–](\d{{1,3}}))?(?:(?P<sep>\s*[:.–—]|\s+[-–—])\s+|\s+)"
                     r"(?=\S)(?P<caption>.+)$")


def _caption(text: str, language: str) -> re.Match | None:
    match = CAPTION.match(text)
    if match is None or (not match.group("sep") and starts_lower(match.group("caption"))):
        return None
    return match


def _special(text: str, language: str) -> bool:
    return bool(MARKUP.match(text) or MD_BULLET.match(text) or RAW_BULLET.match(text)
                or NUMBERED_ITEM.match(text) or _caption(text, language) or _numbered_heading(text))


def _numbered_heading(text: str) -> re.Match | None:
    match = NUMBERED_HEADING.match(text)
    if not match or _words(match.group(2)) > 14 or len(text) > 100:
        return None
    title = match.group(2)
    if starts_lower(title) or last_char(title) in tuple(".,;:"):
        return None
    return match


def numbered_title(match: re.Match) -> str:
    """A :data:`NUMBERED_HEADING` match → the heading text with its typed number kept ("4.2. Resultaten"); a bare
    number gets a dot ("1 Titel" → "1. Titel"), the form the source format reads as a typed number."""
    number = match.string[:match.start(2)].strip()
    return f"{number if '.' in number else number + '.'} {match.group(2)}"


def label_like(text: str, language: str) -> bool:
    """True for a short line that reads like figure labels: one to 12 words (a line of punctuation alone, such as
    ")", is no label), no comma, no final punctuation."""
    return (_words(text) >= 1 and "," not in text and ";" not in text and _words(text) <= 12 and len(text) <= 100
            and not _special(text, language)
            and not starts_lower(text) and last_char(text) not in tuple(FINAL + ","))


def title_like(line: RawLine, language: str, attached: bool = True) -> bool:
    """True for a line that may be a (sub)head: short, capitalised, no final . , ; : and, when ``attached`` to the
    next line, not wrapped by the layout (a standalone line is judged the same with or without that hint, so that
    the importer's own output, which has no hints, is read the same way)."""
    text = line.text
    first = next((char for char in text if char.isalnum()), "")
    return (not (attached and line.wrapped) and 0 < _words(text) <= 12 and len(text) <= 80 and not _special(text, language)
            and (first.isupper() or first.isdigit()) and last_char(text) not in tuple(".,;:"))


@dataclass(slots=True)
class _Entry:
    line: RawLine
    gap: bool  # a blank line or a page break comes before it
    index: int = 0  # position in the entry list
    blank: bool = False  # a blank line comes right before it


class _Assembler:
    def __init__(self, lines: list[RawLine], language: str) -> None:
        self.language = language
        self.entries: list[_Entry] = []
        self.lexicon = Lexicon(language)
        blank = False
        for line in lines:
            if line.blank:
                blank = True
                continue
            self.entries.append(_Entry(line, blank or line.page_start, len(self.entries), blank))
            blank = False
        self.blocks: list[Block] = []
        self.changes: list[Change] = []
        #: Raw line numbers of lines that got their drop cap back: a paragraph's first line, short only because the
        #: letter stood beside it, never a subhead.
        self.drop_capped: set[int] = set()
        self._place_drop_caps()
        lengths = sorted(len(entry.line.text) for entry in self.entries if _words(entry.line.text) >= 4)
        #: The measure in characters: the 90th percentile of the length of lines with four or more words.
        self.measure = lengths[int(len(lengths) * 0.9)] if lengths else 0
        self.current: Block | None = None

    def _place_drop_caps(self) -> None:
        """A capital letter alone on its line is a drop cap that the extractor put before, or a few lines away
        from, the rest of its word: join it to the first of the next :data:`DROP_CAP_REACH` lines that starts with
        a lower-case piece which, with the letter, is a word commoner than the piece alone ("D" … "eze gaat" →
        "Deze gaat"); failing that, of the previous :data:`DROP_CAP_REACH` lines (some extractors put the letter
        after its paragraph's first lines). The letter's own line goes; the change is reported."""
        entries, out, index = self.entries, [], 0
        moved: dict[int, RawLine] = {}
        dropped: set[int] = set()
        for index, entry in enumerate(entries):
            if not DROP_CAP.match(entry.line.text) or index in dropped:
                continue
            forward = range(index + 1, min(index + 1 + DROP_CAP_REACH, len(entries)))
            backward = range(index - 1, max(index - 1 - DROP_CAP_REACH, -1), -1)  # some put the letter after
            for target in [*forward, *backward]:
                if target in dropped:
                    continue
                line = moved.get(target, entries[target].line)
                if DROP_CAP.match(line.text):
                    continue
                before = target - 1 if target - 1 != index else target - 2  # past the letter's own line
                opening = line.page_start or before < 0 or bool(_numbered_heading(entries[before].line.text))
                joined = _drop_cap_word(entry.line.text, line.text, self.lexicon, opening)
                if joined:
                    moved[target] = RawLine(line.number, joined, line.page_start, line.wrapped)
                    self.drop_capped.add(line.number)
                    dropped.add(index)
                    self.changes.append(Change(entry.line.number, f"{entry.line.text} … {line.text[:20]}",
                                               joined[:21], "drop-cap"))
                    break
        if not dropped:
            return
        gap = False
        for index, entry in enumerate(entries):
            if index in dropped:
                gap = gap or entry.gap
                continue
            line = moved.get(index, entry.line)
            out.append(_Entry(line, entry.gap or gap, len(out), entry.blank or gap))
            gap = False
        self.entries = out

    # -- helpers -------------------------------------------------------------------------------------------------
    def close(self) -> None:
        if self.current is not None:
            self.blocks.append(self.current)
            if self.current.labels:
                self._add_labels(self.current.labels)
            self.current = None

    def _add_labels(self, labels: list[tuple[int, str]]) -> None:
        self.blocks.append(Block("labels", lines=list(labels)))
        for number, text in labels:
            self.changes.append(Change(number, text, text, "figure-labels", False))

    def start(self, kind: str, number: int, text: str, marker: str = "") -> None:
        self.close()
        self.current = Block(kind, SourceText.from_lines([(number, text)]), marker=marker)

    def heading(self, number: int, text: str, level: int) -> None:
        self.close()
        self.blocks.append(Block("heading", SourceText.from_lines([(number, text)]), level=level))

    def join(self, entry: _Entry, rule: str, certain: bool = True) -> None:
        assert self.current is not None
        before = self.current.text.tail(200).rsplit("\n", 1)[-1]
        self.changes.append(Change(entry.line.number, f"{before[-30:]} ¶ {entry.line.text[:30]}",
                                   f"{before[-30:]} {entry.line.text[:30]}", rule, certain))
        self.current.text.extend(SourceText.from_lines([(entry.line.number, entry.line.text)]))

    def continues(self, entry: _Entry) -> bool:
        """Across a gap: does ``entry`` go on with the current block?"""
        if self.current is None or self.current.kind not in ("paragraph", "bullet", "number", "figure"):
            return False
        text, following = self.current.text.tail(2000), self._line_read_on(entry.index)
        if _special(following, self.language):
            return False
        if not unfinished(text):
            return self._flows_over_page(entry)
        if starts_lower(following):
            return True
        if text.count("(") > text.count(")") and ")" in following:  # an open parenthesis closed after the gap
            return True
        blank_between = not entry.line.page_start or self._blank_before(entry)
        return not blank_between and self.current.kind == "paragraph" and not label_like(text.rsplit("\n", 1)[-1],
                                                                                           self.language)

    def _heading_goes_on(self, index: int) -> bool:
        """Does line ``index``, right after a numbered heading (no gap), finish that heading's text? Yes for a short
        line (at most :data:`HEADING_TAIL_WORDS` words, no sentence or clause punctuation at its end, nothing the
        importer reads as a block of its own) that starts in lower case, or that has at most three words and is
        followed by a gap or a line starting with a capital (a German noun: "Netze für eine neue" / "Energiewelt")."""
        if index >= len(self.entries) or self.entries[index].gap:
            return False
        text = self.entries[index].line.text
        if _words(text) > HEADING_TAIL_WORDS or last_char(text) in tuple(FINAL + ",") or text.endswith("-") \
                or _special(text, self.language) or DROP_CAP.match(text):
            return False
        if starts_lower(text):
            return True
        after = self.entries[index + 1] if index + 1 < len(self.entries) else None
        return _words(text) <= 3 and text[:1].isupper() and (after is None or after.gap
                                                              or not starts_lower(after.line.text))

    def _paragraph_ends_before(self, index: int) -> bool:
        """Without a blank line: does a new paragraph start at line ``index``? Yes when the line before ends a
        sentence well short of the lines around it (under :data:`SHORT_LAST_LINE` of the longest of the paragraph's
        last :data:`LOCAL_LINES` lines and the next line, so narrow columns are measured by their own width), was
        not marked as wrapped by the layout, and the new line starts with a capital or a digit."""
        previous, text = self.entries[index - 1].line, self.entries[index].line.text
        if previous.wrapped or not text[:1].isupper() and not text[:1].isdigit():
            return False
        if last_char(previous.text) not in tuple(".!?:") or index < 2:
            return False
        first = max(0, index - 1 - LOCAL_LINES)
        widths = [len(self.entries[k].line.text) for k in range(first, index - 1)] + [len(text)]
        if len(widths) < 2:
            return False
        return len(previous.text) < SHORT_LAST_LINE * max(widths)

    def _drop_cap(self, letter: str, rest: str) -> str | None:
        return _drop_cap_word(letter, rest, self.lexicon)

    def _line_read_on(self, index: int) -> str:
        """The text of line ``index``, followed by the next line's when it has no letter or digit (a lone "(", "‘"
        or "…") and the next line follows without a gap: the text it opens decides whether it goes on, as it will
        once the two are joined (idempotence)."""
        text = self.entries[index].line.text
        if not any(char.isalnum() for char in text) and index + 1 < len(self.entries) \
                and not self.entries[index + 1].gap:
            text += self.entries[index + 1].line.text
        return text

    def _item_goes_on(self, index: int) -> bool:
        """Without a gap, does line ``index`` continue the current list item? Yes when it starts in lower case or
        the item's last line is full, or it closes a parenthesis the item left open (as across a gap, see
        :meth:`continues`); a short last line followed by a capital ends the list."""
        previous, text = self.entries[index - 1].line, self._line_read_on(index)
        item = self.current.text.tail(2000) if self.current is not None else ""
        return (starts_lower(text) or previous.wrapped or self.full(previous)
                or (item.count("(") > item.count(")") and ")" in text))

    def boundary(self, index: int) -> bool:
        """True when a block must end before entry ``index``: the end, a gap, or a line that starts a block."""
        return (index >= len(self.entries) or self.entries[index].gap
                or _special(self.entries[index].line.text, self.language))

    def full(self, line: RawLine) -> bool:
        """True when ``line`` runs (nearly) to the end of the measure, so the text may go on after it."""
        return self.measure > 0 and len(line.text) >= FULL_LINE * self.measure

    def _flows_over_page(self, entry: _Entry) -> bool:
        """A finished-looking paragraph goes on across a page break without a blank line when its last line is full
        and the next line is running text (the page ended mid-paragraph after a sentence)."""
        if self.current is None or self.current.kind != "paragraph" or not entry.line.page_start:
            return False
        if entry.blank or entry.index == 0:
            return False
        previous = self.entries[entry.index - 1].line
        following = self.entries[entry.index + 1] if entry.index + 1 < len(self.entries) else None
        if not self.full(previous):
            return False
        if title_like(entry.line, self.language, following is not None and not following.gap):
            return self.full(entry.line)
        return True

    def _blank_before(self, entry: _Entry) -> bool:
        index = entry.index
        if index == 0:
            return True
        previous = self.entries[index - 1].line.number
        return entry.line.number - previous > 1

    # -- main loop -----------------------------------------------------------------------------------------------
    def run(self) -> tuple[list[Block], list[Change]]:
        index = 0
        while index < len(self.entries):
            index = self.step(index)
        self.close()
        return self.blocks, self.changes

    def step(self, index: int) -> int:
        entry = self.entries[index]
        line, text = entry.line, entry.line.text
        if text.startswith("<!--"):
            self.close()
            block = Block("markup")
            while index < len(self.entries):
                block.lines.append((self.entries[index].line.number, self.entries[index].line.text))
                if "-->" in self.entries[index].line.text:
                    break
                index += 1
            self.blocks.append(block)
            return index + 1
        if MARKUP.match(text):
            self.close()
            self.blocks.append(Block("markup", lines=[(line.number, text)]))
            return index + 1
        if match := MD_BULLET.match(text):
            self.start("bullet", line.number, text[match.end():])
            return index + 1
        if match := RAW_BULLET.match(text):
            self.start("bullet", line.number, text[match.end():])
            self.changes.append(Change(line.number, text[:match.end() + 12], "- " + text[match.end():][:12], "bullet"))
            return index + 1
        if match := NUMBERED_ITEM.match(text):
            self.start("number", line.number, text[match.end():], marker=match.group(1))
            return index + 1
        if match := _caption(text, self.language):
            figure = f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)
            self.start("figure", line.number, text, marker=figure)
            self.changes.append(Change(line.number, text, f"![{text}](figures/fig-{figure}.png)", "figure"))
            return index + 1
        following = self.entries[index + 1] if index + 1 < len(self.entries) else None
        if match := _numbered_heading(text):
            # "1.1 Titel" is never a sentence; "1 Titel" followed by lower-case text may be ("1 op de 5 …")
            if following is None or following.gap or not starts_lower(following.line.text) or "." in match.group(1):
                level = min(match.group(1).count(".") + 1, 3)
                title, end = numbered_title(match), index + 1
                if self._heading_goes_on(end):  # a heading wrapped over two lines
                    title, end = f"{title} {self.entries[end].line.text}", end + 1
                    self.changes.append(Change(self.entries[end - 1].line.number, self.entries[end - 1].line.text,
                                               title, "heading-wrapped", False))
                self.heading(line.number, title, level)
                self.changes.append(Change(line.number, text, "#" * level + " " + title, "heading"))
                return end
        if DROP_CAP.match(text) and following is not None and (joined := self._drop_cap(text, following.line.text)):
            self.close()
            self.changes.append(Change(line.number, f"{text} ¶ {following.line.text[:20]}", joined[:21], "drop-cap"))
            merged = RawLine(following.line.number, joined, line.page_start, following.line.wrapped)
            self.entries[index + 1] = _Entry(merged, entry.gap, index + 1, entry.blank)
            return index + 1
        # plain text
        if self.current is not None and not entry.gap:
            if self.current.kind in ("bullet", "number") and not self._item_goes_on(index):
                self.close()
                self.changes.append(Change(line.number, text[:30], text[:30], "list-end", True))
            elif self.current.kind == "paragraph" and self._paragraph_ends_before(index):
                self.close()
                self.changes.append(Change(line.number, text[:30], text[:30], "paragraph-break", False))
            else:
                self.current.text.extend(SourceText.from_lines([(line.number, text)]))
                return index + 1
        if self.current is not None and self.continues(entry):
            self.join(entry, "page-join" if line.page_start else "blank-join", starts_lower(text))
            return index + 1
        # figure labels spilled into a paragraph (never into a list item: a line that ends a list item starts a new
        # block, so a second import reads the same)
        if self.current is not None and unfinished(self.current.text.tail(200)) and self.current.kind == "paragraph":
            end = index
            while end < len(self.entries) and end - index < 30 and label_like(self.entries[end].line.text,
                                                                               self.language):
                end += 1
            if end > index and end < len(self.entries) and self.entries[end].gap \
                    and starts_lower(self.entries[end].line.text):
                self.current.labels.extend((e.line.number, e.line.text) for e in self.entries[index:end])
                self.join(self.entries[end], "page-join", False)
                return end + 1
        self.close()
        if (match := DROP_CAP_INLINE.match(text)) and (joined := self._drop_cap(match.group(1), text[2:])):
            self.changes.append(Change(line.number, text[:match.end()], joined[:match.end() - 1], "drop-cap"))
            text = joined
            line = RawLine(line.number, text, line.page_start, line.wrapped)
            self.entries[index] = entry = _Entry(line, entry.gap, index, entry.blank)
        first = not self.blocks
        attached_text = (following is not None and not following.gap and not _special(following.line.text,
                                                                                       self.language)
                         and not starts_lower(following.line.text))
        if title_like(line, self.language) and attached_text and not self.full(line) and not text.endswith("-") \
                and line.number not in self.drop_capped:
            level = 1 if first else 3
            self.heading(line.number, text, level)
            self.changes.append(Change(line.number, text, "#" * level + " " + text, "subhead", False))
            return index + 1
        standalone = self.boundary(index + 1)
        if standalone and line.page_start and title_like(line, self.language, False) and _words(text) <= 8:
            self.heading(line.number, text, 1)
            self.changes.append(Change(line.number, text, "# " + text, "title", False))
            return index + 1
        if label_like(text, self.language) and not line.wrapped:
            end = index + 1
            while end < len(self.entries) and not self.entries[end].gap and label_like(self.entries[end].line.text,
                                                                                        self.language):
                end += 1
            if self.boundary(end) and (end == len(self.entries) or not starts_lower(self.entries[end].line.text)):
                self._add_labels([(e.line.number, e.line.text) for e in self.entries[index:end]])
                return end
        self.start("paragraph", line.number, text)
        return index + 1


def _drop_cap_word(letter: str, rest: str, lexicon: Lexicon, opening: bool = False) -> str | None:
    """``letter`` + ``rest`` when the letter is a drop cap of the first word of ``rest``: the joined word is known
    and commoner than the word without it ("D" + "e gemeente" → "De gemeente"; "A" + "new day" stays), or — when
    ``rest`` opens a paragraph (``opening``: right after a numbered heading or at a page top, where running text
    never starts in lower case) — merely known ("M" + "any of the" → "Many of the", though "any" is commoner)."""
    first = re.match(r"[^\W\d_]+", rest)
    if first is None or not starts_lower(rest):
        return None
    joined = letter + first.group()
    if lexicon.zipf(joined) >= KNOWN and (opening or lexicon.zipf(joined) > lexicon.zipf(first.group())):
        return letter + rest
    return None


def settle(block: Block, language: str) -> Block:
    """Classify a finished paragraph as its one-line Markdown would be read on a second import.

    A paragraph joined from several short lines may read as figure labels, a numbered heading or a caption once
    it is one line; deciding that now keeps the output a fixed point of the importer.
    """
    if block.kind != "paragraph":
        return block
    text, line = block.text.text, block.text.line_at(0)
    if MARKUP.match(text):
        return Block("markup", lines=[(line, text)])
    if match := MD_BULLET.match(text) or RAW_BULLET.match(text):
        return Block("bullet", SourceText.from_lines([(line, text[match.end():])]))
    if match := NUMBERED_ITEM.match(text):
        return Block("number", SourceText.from_lines([(line, text[match.end():])]), marker=match.group(1))
    if match := _numbered_heading(text):
        return Block("heading", SourceText.from_lines([(line, numbered_title(match))]),
                     level=min(match.group(1).count(".") + 1, 3))
    if match := _caption(text, language):
        figure = f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)
        return Block("figure", SourceText.from_lines([(line, text)]), marker=figure)
    if label_like(text, language):
        return Block("labels", lines=[(line, text)])
    return block


def assemble(lines: list[RawLine], language: str) -> tuple[list[Block], list[Change]]:
    """Group ``lines`` (furniture already removed) into :class:`Block` objects; return them and the decisions."""
    return _Assembler(lines, language).run()
