"""Quote look-alikes → typographic quotes: U+02BB ʻ → ‘, U+02BC ʼ → ’, a straight ' between letters → ’.

Source of behaviour: docs/source-format.md ("Typography in the text is final: curly quotes, real apostrophes").
Other straight quotes are left for ``python build.py check`` to report, since their direction is a guess.
"""

from __future__ import annotations

import re

from bookpress.importer.changes import Edit

QUOTE = re.compile(r"[\u02bb\u02bc]|(?<=[^\W\d_])'(?=[^\W\d_])")
REPLACEMENT = {"\u02bb": "‘", "\u02bc": "’", "'": "’"}


def quote_edits(text: str) -> list[Edit]:
    """Edits for every quote look-alike in ``text``."""
    return [Edit(match.start(), match.end(), REPLACEMENT[match.group()], "quote") for match in QUOTE.finditer(text)]
