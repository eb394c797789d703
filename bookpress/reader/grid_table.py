"""A markdown-it block rule for Pandoc grid tables → the same tokens as a pipe table (``table_open`` … ``inline``).

Pandoc's grid table (https://pandoc.org/MANUAL.html#extension-grid_tables)::

    +---------+----------:+
    | Term    | Amount    |
    +=========+===========+
    | Cloud   | 12        |
    | costs   |           |
    +---------+-----------+

Column edges are the ``+`` of the first line; ``=`` marks the end of the header rows; ``:`` at the ends of a separator
segment sets the alignment. A cell's lines are joined with spaces (cells hold inline text, no blocks); row and column
spans are not supported and are reported by the reader as an unparsed table. Lines must not be indented.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_BORDER = re.compile(r"^\+(?:[-=:]+\+)+\s*$")


def grid_table_plugin(md: MarkdownIt) -> None:
    """Register the ``grid_table`` block rule before ``table`` (it can interrupt nothing: it needs its own lines)."""
    md.block.ruler.before("table", "grid_table", _grid_table)


def _grid_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = _line(state, start)
    if state.sCount[start] - state.blkIndent >= 4 or not first.startswith("+-") or not _BORDER.match(first):
        return False
    edges = [i for i, ch in enumerate(first.rstrip()) if ch == "+"]
    lines = []
    line = start
    while line < end:
        text = _line(state, line).rstrip()
        if not text or text[0] not in "+|":
            break
        lines.append(text)
        line += 1
    if len(lines) < 3 or not _BORDER.match(lines[-1]):
        return False
    for text in lines:
        if len(text) != edges[-1] + 1 or any(text[e] not in "+|" for e in edges):
            return False  # ragged or spanning: left as text, which the reader reports
    if silent:
        return True
    header_end = next((i for i, t in enumerate(lines) if i and _BORDER.match(t) and "=" in t), None)
    align_line = lines[header_end] if header_end is not None else first
    align = []
    for left, right in zip(edges, edges[1:]):
        segment = align_line[left + 1:right]
        if segment.startswith(":") and segment.endswith(":"):
            align.append("center")
        elif segment.endswith(":"):
            align.append("right")
        elif segment.startswith(":"):
            align.append("left")
        else:
            align.append("")
    rows: list[tuple[int, list[str]]] = []  # (line index of the row's first line, cell texts)
    current: list[list[str]] | None = None
    row_start = 0
    for index, text in enumerate(lines):
        if _BORDER.match(text):
            if current is not None:
                rows.append((row_start, [" ".join(part for part in cell if part) for cell in current]))
            current = None
            if header_end is not None and index == header_end:
                rows.append((-1, []))  # the end of the header
            continue
        if current is None:
            current, row_start = [[] for _ in align], index
        for column, (left, right) in enumerate(zip(edges, edges[1:])):
            current[column].append(text[left + 1:right].strip())

    def push(kind: str, tag: str, nesting: int, map_line: int | None = None, style: str = ""):
        token = state.push(kind, tag, nesting)
        if map_line is not None:
            token.map = [start + map_line, start + map_line + 1]
        if style:
            token.attrs["style"] = f"text-align:{style}"
        return token

    table = push("table_open", "table", 1)
    table.map = [start, line]
    in_head = header_end is not None
    push("thead_open" if in_head else "tbody_open", "thead" if in_head else "tbody", 1)
    for row_line, cells in rows:
        if row_line < 0:
            push("thead_close", "thead", -1)
            push("tbody_open", "tbody", 1)
            in_head = False
            continue
        push("tr_open", "tr", 1, row_line)
        cell = "th" if in_head else "td"
        for text, style in zip(cells, align):
            push(f"{cell}_open", cell, 1, row_line, style)
            inline = push("inline", "", 0, row_line)
            inline.content = text
            inline.children = []
            push(f"{cell}_close", cell, -1)
        push("tr_close", "tr", -1)
    push("tbody_close" if not in_head else "thead_close", "tbody" if not in_head else "thead", -1)
    push("table_close", "table", -1)
    state.line = line
    return True


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]
