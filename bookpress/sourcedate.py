"""``source/`` → the date of the book's last change (UTC), for ``dcterms:modified`` and fixed zip/PDF timestamps.

Order, following the reproducible-builds convention (https://reproducible-builds.org/specs/source-date-epoch/):
1. the ``SOURCE_DATE_EPOCH`` environment variable (seconds since 1970, UTC);
2. when ``source/`` is inside a git work tree with no uncommitted change under it: the commit time of the last
   commit that touched it (a checkout or ``touch`` does not change it);
3. otherwise (uncommitted edits, no git): the newest file modification time under ``source/``.
Git is run locally only (no network).
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

from bookpress.errors import BookError

UTC = datetime.timezone.utc
#: The earliest time a zip entry can carry (MS-DOS date format).
ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=UTC)


def source_date(source_dir: Path) -> datetime.datetime:
    """Return the last-change time of ``source_dir`` as an aware UTC datetime, whole seconds.

    Raises :class:`BookError` when ``SOURCE_DATE_EPOCH`` is set but not a non-negative whole number.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        if not epoch.strip().isdigit():
            raise BookError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970",
                            hint="unset it or set it to e.g. $(git log -1 --format=%ct)")
        return datetime.datetime.fromtimestamp(int(epoch), tz=UTC)
    committed = _git_date(Path(source_dir))
    if committed is not None:
        return committed
    newest = max((p.stat().st_mtime for p in Path(source_dir).rglob("*") if p.is_file()), default=0)
    return datetime.datetime.fromtimestamp(int(newest), tz=UTC)


def _git_date(source_dir: Path) -> datetime.datetime | None:
    git = shutil.which("git")
    if git is None:
        return None

    def run(*args: str) -> str | None:
        try:
            done = subprocess.run([git, "-C", str(source_dir), *args], capture_output=True, text=True, timeout=20,
                                  env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    if run("status", "--porcelain", "--untracked-files=all", "--", ".") != "":
        return None  # not a work tree (None), or uncommitted edits: the files' own times are newer
    stamp = run("log", "-1", "--format=%ct", "--", ".")
    if not stamp or not stamp.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(stamp), tz=UTC)
