"""Stray spaces → single spaces: runs of spaces collapse, no space after an opening bracket or before , ; : . ! ? )
when a letter precedes it ("heeft , ook" → "heeft, ook", "( Rotmans" → "(Rotmans").

Raw line boundaries (``\\n``) become spaces first (:func:`unwrap_edits`), after the word-level passes.
"""

from __future__ import annotations

import re

from bookpress.importer.changes import Edit

RUN = re.compile(r" {2,}")
BEFORE_PUNCTUATION = re.compile(r"(?<=[^\W\d_]) +(?=[,;:.!?)](?:\s|$))")
AFTER_OPENING = re.compile(r"(?<=[(\[]) +(?=\w)")
#: A raw line break with the spaces around it; the look-behind makes a long run of spaces cost linear time.
UNWRAP = re.compile(r"(?<! ) *\n *")


def space_edits(text: str, keep: set[int] = frozenset()) -> list[Edit]:
    """Edits for stray spaces in ``text``; runs starting at an offset in ``keep`` are left alone."""
    edits: dict[int, Edit] = {}
    for pattern, replacement in ((BEFORE_PUNCTUATION, ""), (AFTER_OPENING, ""), (RUN, " ")):
        for match in pattern.finditer(text):
            if match.start() in keep or any(e.start <= match.start() < e.end for e in edits.values()):
                continue
            edits[match.start()] = Edit(match.start(), match.end(), replacement, "space")
    return list(edits.values())


def unwrap_edits(text: str) -> list[Edit]:
    """Join raw lines: every remaining ``\\n`` (with the spaces around it) becomes one space (not reported)."""
    return [Edit(match.start(), match.end(), " ", "unwrap") for match in UNWRAP.finditer(text)]
