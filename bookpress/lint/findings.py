"""A lint finding: where (file, line, column), which rule (ID and name) and what is wrong → one printable line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in the sources.

    ``path`` is the file, ``line`` and ``col`` are 1-based (column counted in characters, not bytes),
    ``code`` is the rule ID (``L001`` …), ``name`` its short name (``split-ligature``) and ``message`` says what
    is wrong and what to do.
    """

    path: Path
    line: int
    col: int
    code: str
    name: str
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        """Return ``file:line:col: ID message``, the path relative to ``relative_to`` (default: the current dir)."""
        return f"{display_path(self.path, relative_to)}:{self.line}:{self.col}: {self.code} {self.message}"


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """Return ``path`` relative to ``relative_to`` (default: the current directory), in forward-slash form.

    Falls back to the path as given when it lies on another drive (Windows).
    """
    base = Path.cwd() if relative_to is None else relative_to
    try:
        text = os.path.relpath(Path(path).absolute(), base.absolute())
    except ValueError:
        text = str(path)
    return text.replace(os.sep, "/")
