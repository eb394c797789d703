"""Change records and an editable text with a map from character offsets back to raw line numbers.

A pass proposes :class:`Edit` spans on a :class:`SourceText`; :meth:`SourceText.apply` turns them into the new
text, keeps the offset → line map right and returns one :class:`Change` per edit for the report.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (offsets into the current text)."""

    start: int
    end: int
    replacement: str
    rule: str
    certain: bool = True


@dataclass
class SourceText:
    """A piece of text (a paragraph, heading …) and where its characters came from.

    ``starts`` holds ``(offset, line)`` pairs sorted by offset: characters from ``offset`` on came from raw
    ``line`` (1-based). Raw line boundaries inside the text are ``\\n`` until the final unwrapping.
    """

    text: str
    starts: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_lines(cls, numbered: list[tuple[int, str]]) -> "SourceText":
        """Join ``(line number, text)`` pairs with ``\\n``."""
        text, starts = "", []
        for index, (number, line) in enumerate(numbered):
            if index:
                text += "\n"
            starts.append((len(text), number))
            text += line
        return cls(text, starts)

    def line_at(self, offset: int) -> int:
        """Raw line number (1-based) of the character at ``offset``."""
        if not self.starts:
            return 0
        index = bisect.bisect_right([start for start, _ in self.starts], offset) - 1
        return self.starts[max(index, 0)][1]

    def extend(self, other: "SourceText", separator: str = "\n") -> None:
        """Append ``other`` after ``separator``, keeping its line map."""
        base = len(self.text) + len(separator)
        self.text += separator + other.text
        self.starts.extend((base + offset, line) for offset, line in other.starts)

    def apply(self, edits: list[Edit]) -> list[Change]:
        """Apply non-overlapping ``edits`` and return their :class:`Change` records (words shown in context).

        Raises ``ValueError`` when two edits overlap (a bug in a pass, not an input problem).
        """
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
        self.starts = sorted((_moved(offset, edits), line) for offset, line in self.starts)
        self.text = "".join(pieces)
        return [change for change in changes if change.before != change.after or not change.certain]

    def _context(self, edit: Edit) -> tuple[str, str]:
        text = self.text
        left = edit.start
        while left > 0 and not text[left - 1].isspace():
            left -= 1
        right = edit.end
        while right < len(text) and not text[right].isspace():
            right += 1
        before = text[left:right]
        after = text[left:edit.start] + edit.replacement + text[edit.end:right]
        return _show(before), _show(after)


def _show(text: str) -> str:
    """Make a span printable on one report line: a raw line break is shown as ``|``."""
    return text.replace("\n", "|")


def _moved(offset: int, edits: list[Edit]) -> int:
    """Where ``offset`` lands after ``edits`` (sorted); an offset inside an edit moves to the edit's start."""
    delta = 0
    for edit in edits:
        if edit.end <= offset and edit.start < offset or edit.end < offset:
            delta += len(edit.replacement) - (edit.end - edit.start)
        elif edit.start < offset:
            return edit.start + delta
        else:
            break
    return offset + delta
