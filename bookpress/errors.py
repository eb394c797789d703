"""Errors that reach the editor: one class, always with a file, a line and what to do.

The command line prints ``BookError`` as ``file:line: message`` plus a hint and exits with status 1; anything
else is a bug in bookpress.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class BookError(Exception):
    """A problem in the editor's input that stops the build.

    ``path`` is the file at fault (``None`` when no file is involved), ``line`` is 1-based (``None`` when the whole
    file is meant), ``col`` the 1-based column in that line where known, ``message`` says what is wrong and
    ``hint`` what to do about it.
    """

    message: str
    path: Path | str | None = None
    line: int | None = None
    hint: str = ""
    col: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}: "
            if self.line:
                where = f"{self.path}:{self.line}:{self.col}: " if self.col else f"{self.path}:{self.line}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text
