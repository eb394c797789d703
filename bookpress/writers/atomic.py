"""Write-then-rename: files appear in ``dist/`` complete or not at all (POSIX ``rename`` is atomic)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator


class Stage:
    """A private folder inside ``dist/`` where a build writes; :meth:`publish` moves a file into ``dist/``."""

    def __init__(self, dist: Path, path: Path) -> None:
        self.dist = dist
        self.path = path

    def publish(self, staged: Path) -> Path:
        """Move ``staged`` (a file in this stage) to ``dist/`` under the same name (atomic rename); return it."""
        target = self.dist / staged.name
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staged, 0o666 & ~umask)
        os.replace(staged, target)
        return target


@contextlib.contextmanager
def staging(dist: Path) -> Iterator[Stage]:
    """Yield a :class:`Stage` in ``dist``; it is deleted afterwards, so a failed build publishes nothing.

    Publish only after every edition was written and validated: then ``dist/`` holds either the complete new
    set of files or the previous one.
    """
    import shutil

    dist = Path(dist)
    dist.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".staging-", dir=dist))
    try:
        yield Stage(dist, path)
    finally:
        shutil.rmtree(path, ignore_errors=True)
