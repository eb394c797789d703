"""One Markdown source file → its lines plus two masked views of them, for the lint rules.

Masked characters are replaced by :data:`MASK` (NUL), so every view keeps the columns of the original line:

- ``markup``: code (fenced blocks, inline code spans) and HTML comments masked. Structural rules (callout fences,
  attributes, images) read this view.
- ``prose``: ``markup`` with the Markdown syntax masked too — attribute blocks ``{…}``, link and image targets
  ``](…)``, HTML tags, autolinks, bare URLs and ``:::`` fence markers. Typographic rules read this view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bookpress.files import read_regular_text

#: Stands in for every masked character; it is neither a letter nor a space, so no text rule matches it.
MASK = "\0"

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_QUOTED = r'"[^"\n]*"|\'[^\'\n]*\''
_ATTRIBUTES = re.compile(r"\{(?:[^{}\"'\n]|" + _QUOTED + r")*\}")
#: A link/image target; it may hold one level of balanced parentheses, never "]" or an unbalanced "(", so that a
#: line of 10⁵ "](" is scanned in linear time (each attempt stops at the next "(" or "]").
_LINK_TARGET = re.compile(r"\]\((?:[^()\]\n]|\([^()\]\n]*\))*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_COLON_FENCE = re.compile(r"^\s*:{3,}")


@dataclass(frozen=True)
class Document:
    """A Markdown file: ``lines`` as written (no line ends), ``markup`` and ``prose`` as masked views (same lengths).

    Line ``n`` (1-based) is ``lines[n - 1]``.
    """

    path: Path
    lines: tuple[str, ...]
    markup: tuple[str, ...]
    prose: tuple[str, ...]


def load_document(path: Path) -> Document:
    """Read the UTF-8 Markdown file at ``path`` into a :class:`Document`.

    Raises ``OSError`` when it cannot be read, :class:`~bookpress.errors.BookError` when it is not a regular file (a
    named pipe or ``/dev/zero`` behind a symlink would hang or fill memory) and ``UnicodeDecodeError`` when it is
    not UTF-8.
    """
    return parse_document(path, read_regular_text(path))


def parse_document(path: Path, text: str) -> Document:
    """Split Markdown ``text`` (the contents of ``path``) into lines and build the masked views."""
    lines = tuple(text.lstrip("\ufeff").splitlines())
    markup = tuple(_mask_code_and_comments(lines))
    prose = tuple(_mask_syntax(line) for line in markup)
    return Document(path, lines, markup, prose)


def _blank(match: re.Match[str]) -> str:
    return MASK * len(match.group(0))


def _mask_code_and_comments(lines: tuple[str, ...]) -> list[str]:
    """Mask fenced code blocks, inline code spans and (possibly multi-line) HTML comments."""
    masked: list[str] = []
    fence: str | None = None
    in_comment = False
    for line in lines:
        if fence is not None:
            masked.append(MASK * len(line))
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening and not in_comment:
            fence = opening.group(1)
            masked.append(MASK * len(line))
            continue
        out, position = [], 0
        while position < len(line):
            if in_comment:
                end = line.find("-->", position)
                stop = len(line) if end < 0 else end + 3
                out.append(MASK * (stop - position))
                position = stop
                in_comment = end < 0
                continue
            start = line.find("<!--", position)
            chunk = line[position:] if start < 0 else line[position:start]
            out.append(_CODE_SPAN.sub(_blank, chunk))
            if start < 0:
                break
            position = start
            in_comment = True
        masked.append("".join(out))
    return masked


def _mask_syntax(line: str) -> str:
    """Mask the Markdown syntax that is not prose in one (already code-masked) line."""
    for pattern in (_ATTRIBUTES, _LINK_TARGET, _AUTOLINK, _HTML_TAG, _BARE_URL, _COLON_FENCE):
        line = pattern.sub(_blank, line)
    return line
