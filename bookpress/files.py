"""A path in ``source/`` → its bytes or text, but only when it is a regular file (never a named pipe, a device such
as ``/dev/zero`` reached through a symlink, or a folder), so that ``check`` and the build cannot hang or fill memory.

The file is opened non-blocking (opening a named pipe does not wait for a writer) and checked with ``fstat`` on the
open descriptor, so a file swapped between a check and the read is caught too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bookpress.errors import BookError


def read_regular_bytes(path: Path) -> bytes:
    """Return the contents of the regular file at ``path`` (symlinks followed).

    Raises :class:`BookError` naming ``path`` when it is not a regular file (pipe, device, socket, folder) and
    ``OSError`` when it cannot be opened or read (missing, no permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a folder" if stat.S_ISDIR(mode) else "not a regular file")
        raise BookError(f"is {kind}, not a regular file; it is not read", path,
                        hint="replace it by an ordinary file (or remove it from source/)")
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()


def read_regular_text(path: Path, encoding: str = "utf-8") -> str:
    """:func:`read_regular_bytes` decoded with ``encoding``; raises ``UnicodeDecodeError`` for bytes that are not."""
    return read_regular_bytes(path).decode(encoding)
