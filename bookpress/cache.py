"""Build cache: content hashes → stored results (cover image, validated EPUBs, …) in a folder outside ``source/``.

Every entry is keyed by a SHA-256 over everything its result depends on (the relevant sources, templates, styles,
the configuration and the code of ``bookpress`` itself), so an entry is never stale: a changed input is a different
key. Writes are atomic (temporary file + rename) and best effort — a cache that cannot be written costs speed, never
a build. The build activates one cache with :func:`activate`; library code asks :func:`active` and gets a cache that
stores nothing when none is active (tests, direct calls).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable, Iterator

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
#: The project's own inputs besides the book: templates and styles.
DESIGN_FOLDERS = (ROOT / "templates", ROOT / "styles")

#: Entries unused for this long are deleted after a build (:meth:`Cache.prune`).
MAX_AGE_DAYS = 14

_stat_digests: dict[tuple[str, int, int], str] = {}


def user_cache() -> Path:
    """The per-user cache folder for machine-wide derived files (XDG Base Directory spec: ``$XDG_CACHE_HOME``,
    default ``~/.cache``) + ``bookpress``: files derived from installed packages, not from a book."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # "a relative path … should be considered invalid and ignored" (XDG spec)
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bookpress"


def derived_file(name: str, make: Callable[[], bytes]) -> bytes:
    """The bytes of ``name`` in :func:`user_cache`, made by ``make()`` and stored (atomically, best effort) when
    missing. ``name`` must carry everything the bytes depend on (e.g. a package's version)."""
    path = user_cache() / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
    return data


def file_digest(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes (remembered per path, size and mtime within one process)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _stat_digests:
        _stat_digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _stat_digests[key]


def tree_digest(folders: Iterable[Path], suffixes: tuple[str, ...] | None = None,
                exclude_suffixes: tuple[str, ...] = ()) -> str:
    """SHA-256 over the relative names and bytes of every regular file in ``folders`` (sorted, recursive).

    ``suffixes`` keeps only those file types; ``exclude_suffixes`` drops some (e.g. ``(".md",)``).
    """
    digest = hashlib.sha256()
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
            if suffixes is not None and path.suffix.lower() not in suffixes:
                continue
            if path.suffix.lower() in exclude_suffixes or "__pycache__" in path.parts:
                continue
            digest.update(f"{path.relative_to(folder)}\0{file_digest(path)}\0".encode())
    return digest.hexdigest()


def code_digest() -> str:
    """Digest of the ``bookpress`` package's Python code, templates and styles: any change invalidates the cache."""
    return tree_digest([PACKAGE], suffixes=(".py",)) + tree_digest(DESIGN_FOLDERS)


def key(*parts: object) -> str:
    """One SHA-256 hex key from any number of strings/bytes/reprs (order matters)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """A folder of entries ``<kind>/<key>``; ``folder=None`` stores nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.hits: list[str] = []
        self.misses: list[str] = []

    def path(self, kind: str) -> Path | None:
        """The folder of one kind of entry (``None`` for a disabled cache)."""
        return self.folder / kind if self.folder is not None else None

    def get(self, kind: str, entry: str) -> bytes | None:
        """The stored bytes, or ``None``."""
        if self.folder is None:
            return None
        try:
            data = (self.folder / kind / entry).read_bytes()
        except OSError:
            self.misses.append(kind)
            return None
        self.hits.append(kind)
        with contextlib.suppress(OSError):
            os.utime(self.folder / kind / entry)  # recently used: kept by :meth:`prune`
        return data

    def put(self, kind: str, entry: str, data: bytes) -> None:
        """Store ``data`` atomically (best effort)."""
        if self.folder is None:
            return
        folder = self.folder / kind
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, folder / entry)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temporary)

    def prune(self, max_age_days: float = MAX_AGE_DAYS) -> int:
        """Delete entries not used for ``max_age_days`` (by modification time, refreshed on every hit); return how
        many were deleted. Best effort."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        limit = time.time() - max_age_days * 86400
        deleted = 0
        for path in self.folder.glob("*/*"):
            with contextlib.suppress(OSError):
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
                    deleted += 1
        return deleted

    def remember(self, kind: str, entry: str, compute: Callable[[], bytes]) -> bytes:
        """Return the stored bytes for ``entry``, computing and storing them on a miss."""
        data = self.get(kind, entry)
        if data is None:
            data = compute()
            self.put(kind, entry, data)
        return data


_active: contextvars.ContextVar[Cache] = contextvars.ContextVar("bookpress_cache", default=Cache(None))


def active() -> Cache:
    """The cache of the running build (a disabled one outside a build)."""
    return _active.get()


@contextlib.contextmanager
def activate(cache: Cache) -> Iterator[Cache]:
    """Make ``cache`` the active one for the duration of the block."""
    token = _active.set(cache)
    try:
        yield cache
    finally:
        _active.reset(token)
