"""Change records and an editable text with a map from character offsets back to raw line numbers.

A pass proposes :class:`Edit` spans on a :class:`SourceText`; :meth:`SourceText.apply` turns them into the new
text, keeps the offset → line map right and returns one :class:`Change` per edit for the report.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass


#: Characters of context shown on each side of an edit in the report (bounded, so a 10⁶-letter word costs nothing).
CONTEXT = 40


@dataclass(frozen=True, slots=True)
class Change:
    """One decision of the importer: at raw ``line`` (1-based) ``before`` became ``after`` by ``rule``.

    ``certain`` is False when the evidence was weak; those are listed for a human to review. ``before == after``
    means the text was deliberately left as it was but deserves a look.
    """

    line: int
    before: str
    after: str
    rule: str
    certain: bool = True


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (offsets into the current text)."""

    start: int
    end: int
    replacement: str
    rule: str
    certain: bool = True


class SourceText:
    """A piece of text (a paragraph, heading …) and where its characters came from.

    ``starts`` holds ``(offset, line)`` pairs sorted by offset: characters from ``offset`` on came from raw
    ``line`` (1-based). Raw line boundaries inside the text are ``\\n`` until the final unwrapping. Appending
    (:meth:`extend`) is amortised constant time: pieces are joined only when :attr:`text` is read.
    """

    def __init__(self, text: str, starts: list[tuple[int, int]] | None = None) -> None:
        self._pieces: list[str] = [text]
        self._length = len(text)
        self.starts: list[tuple[int, int]] = starts if starts is not None else []

    @property
    def text(self) -> str:
        """The whole text (joins pending pieces once)."""
        if len(self._pieces) > 1:
            self._pieces = ["".join(self._pieces)]
        return self._pieces[0]

    @text.setter
    def text(self, value: str) -> None:
        self._pieces = [value]
        self._length = len(value)

    def __len__(self) -> int:
        return self._length

    def tail(self, size: int) -> str:
        """The last ``size`` characters (or fewer) without joining the whole text."""
        out: list[str] = []
        need = size
        for piece in reversed(self._pieces):
            out.append(piece[-need:] if need < len(piece) else piece)
            need -= len(out[-1])
            if need <= 0:
                break
        return "".join(reversed(out))

    def __repr__(self) -> str:
        return f"SourceText({self.text!r}, {self.starts!r})"

    @classmethod
    def from_lines(cls, numbered: list[tuple[int, str]]) -> "SourceText":
        """Join ``(line number, text)`` pairs with ``\\n``."""
        starts, offset = [], 0
        for number, line in numbered:
            starts.append((offset, number))
            offset += len(line) + 1
        return cls("\n".join(line for _, line in numbered), starts)

    def line_at(self, offset: int) -> int:
        """Raw line number (1-based) of the character at ``offset``."""
        if not self.starts:
            return 0
        index = bisect.bisect_right(self.starts, (offset, float("inf"))) - 1
        return self.starts[max(index, 0)][1]

    def extend(self, other: "SourceText", separator: str = "\n") -> None:
        """Append ``other`` after ``separator``, keeping its line map."""
        base = self._length + len(separator)
        self._pieces.append(separator)
        self._pieces.append(other.text)
        self._length += len(separator) + len(other)
        self.starts.extend((base + offset, line) for offset, line in other.starts)

    def apply(self, edits: list[Edit]) -> list[Change]:
        """Apply non-overlapping ``edits`` and return their :class:`Change` records (words shown in context).

        Raises ``ValueError`` when two edits overlap (a bug in a pass, not an input problem).
        """
        if not edits:
            return []
        edits = sorted(edits, key=lambda edit: (edit.start, edit.end))
        changes: list[Change] = []
        pieces: list[str] = []
        position = 0
        for edit in edits:
            if edit.start < position:
                raise ValueError(f"overlapping edits at {edit.start}")
            before, after = self._context(edit)
            changes.append(Change(self.line_at(edit.start), before, after, edit.rule, edit.certain))
            pieces.append(self.text[position:edit.start])
            pieces.append(edit.replacement)
            position = edit.end
        pieces.append(self.text[position:])
        self.starts = sorted(zip(_moved_all([offset for offset, _ in self.starts], edits),
                                 (line for _, line in self.starts)))
        self.text = "".join(pieces)
        return [change for change in changes if change.before != change.after or not change.certain]

    def _context(self, edit: Edit) -> tuple[str, str]:
        """The word(s) around ``edit`` before and after it, at most :data:`CONTEXT` characters on each side."""
        text = self.text
        left = edit.start
        while left > 0 and edit.start - left < CONTEXT and not text[left - 1].isspace():
            left -= 1
        right = edit.end
        while right < len(text) and right - edit.end < CONTEXT and not text[right].isspace():
            right += 1
        before = text[left:right]
        after = text[left:edit.start] + edit.replacement + text[edit.end:right]
        return _show(before), _show(after)


def _show(text: str) -> str:
    """Make a span printable on one report line: a raw line break is shown as ``|``."""
    return text.replace("\n", "|")


def _moved_all(offsets: list[int], edits: list[Edit]) -> list[int]:
    """Where each of ``offsets`` (sorted) lands after ``edits`` (sorted), in one merge pass (linear time).

    An offset inside an edit moves to the edit's start; an offset at an edit's end moves with the text after it.
    """
    moved, delta, index = [], 0, 0
    for offset in offsets:
        while index < len(edits) and (edits[index].end < offset or edits[index].end <= offset
                                      and edits[index].start < offset):
            delta += len(edits[index].replacement) - (edits[index].end - edits[index].start)
            index += 1
        if index < len(edits) and edits[index].start < offset:
            moved.append(edits[index].start + delta)
        else:
            moved.append(offset + delta)
    return moved
