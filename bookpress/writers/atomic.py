"""Staged files → one published set of editions in ``dist/``: the whole set appears at once or not at all.

Layout (every name in ``dist/`` is a relative symbolic link into the current version)::

    dist/cio-3-0.pdf   -> .editions/current/cio-3-0.pdf
    dist/cio-3-0.epub  -> .editions/current/cio-3-0.epub
    dist/.editions/current -> 20261130T101500-4f2a9c      (one link, switched atomically)
    dist/.editions/20261130T101500-4f2a9c/                 (the complete set of one build)
    dist/.staging-*/                                       (a build at work; removed when it ends or dies)

A build writes into its staging folder; :meth:`Stage.publish` names the files that belong to the set. When the
``with staging(...)`` block ends without an error, the stage becomes a version folder (files of editions this build
did not make are carried over from the current version by hard link), and the ``current`` link is replaced by
``rename(2)`` — atomic on POSIX — so a reader, or a ``kill -9`` at any moment, sees either the previous complete set
or the new complete set, never a mix. Older versions and the staging folders of dead builds (a build holds an
``flock(2)`` on its ``.owner`` file; the kernel drops it when the process dies) are removed under a lock on
the ``dist/`` folder itself, so concurrent builds never remove each other's work.

A ``dist/`` written by an older bookpress (plain files) is migrated without a visible change: the plain files are
first moved into a version of their own and replaced by links to the identical content.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

from bookpress.errors import BookError

EDITIONS = ".editions"
CURRENT = "current"
STAGING_PREFIX = ".staging-"


class Stage:
    """A private folder inside ``dist/`` where a build writes; :meth:`publish` adds a file to the set."""

    def __init__(self, dist: Path, path: Path) -> None:
        self.dist = dist
        self.path = path
        self.published: list[str] = []

    def publish(self, staged: Path) -> Path:
        """Add ``staged`` (a file in this stage) to the set published when the build succeeds.

        Returns the path it will have in ``dist/`` (it appears there, with every other file of the set, only when
        the ``staging`` block ends without an error).
        """
        staged = Path(staged)
        if staged.parent.resolve() != self.path.resolve():
            raise ValueError(f"{staged} is not in the stage {self.path}")
        if staged.name not in self.published:
            self.published.append(staged.name)
        return self.dist / staged.name

    def current(self, name: str) -> Path | None:
        """The file ``name`` of the currently published set (the previous build's), or ``None``."""
        path = self.dist / name
        return path if path.is_file() else None


@contextlib.contextmanager
def _locked(dist: Path) -> Iterator[None]:
    """Hold an exclusive ``flock(2)`` on the ``dist/`` folder itself (serialises the commits and clean-ups of
    concurrent builds; a failed build leaves no lock file behind)."""
    fd = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _owner_alive(stage: Path) -> bool:
    """True when the build that owns ``stage`` still runs (its ``.owner`` file is locked)."""
    try:
        with open(stage / ".owner", "r") as owner:
            try:
                fcntl.flock(owner, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            return False
    except FileNotFoundError:
        return False


def _clean(dist: Path) -> None:
    """Remove staging folders of dead builds, versions other than the current one and half-made links.

    Call with the lock held.
    """
    editions = dist / EDITIONS
    for entry in dist.glob(STAGING_PREFIX + "*"):
        if entry.is_dir() and not entry.is_symlink() and not _owner_alive(entry):
            shutil.rmtree(entry, ignore_errors=True)
    current = _current_version(dist)
    for entry in editions.iterdir() if editions.is_dir() else ():
        if entry.name == CURRENT or (current is not None and entry.name == current.name):
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink(missing_ok=True)
        elif entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def _current_version(dist: Path) -> Path | None:
    link = dist / EDITIONS / CURRENT
    if not link.is_symlink():
        return None
    target = dist / EDITIONS / os.readlink(link)
    return target if target.is_dir() else None


def _version_name() -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"


def _link(target: str, where: Path) -> None:
    """Make ``where`` a symbolic link to ``target``, replacing what is there atomically."""
    temporary = where.with_name(f".{where.name}.link-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    try:
        os.replace(temporary, where)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _carry(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _entry_link(name: str) -> str:
    return f"{EDITIONS}/{CURRENT}/{name}"


def _check_names(dist: Path, names: list[str]) -> None:
    """Every name of the new set must be free in ``dist/``, a link, or a plain file (migrated): not a folder."""
    for name in names:
        entry = dist / name
        if entry.is_symlink() or not entry.exists():
            continue
        if not entry.is_file():
            raise BookError(f"{entry} is in the way: it should be the published file {name}",
                            hint="move it away; nothing was published, the previous set is complete")


def _migrate(dist: Path, names: list[str]) -> None:
    """Plain files in ``dist/`` (a ``dist/`` from an older bookpress) → a version of their own, seen through links.

    Nothing visible changes: each plain file is replaced by a link to a hard link of itself.
    """
    plain = [name for name in names if (dist / name).is_file() and not (dist / name).is_symlink()]
    if not plain:
        return
    editions = dist / EDITIONS
    editions.mkdir(exist_ok=True)
    version = editions / (_version_name() + "-migrated")
    version.mkdir()
    current = _current_version(dist)
    if current is not None:
        for entry in current.iterdir():
            _carry(entry, version / entry.name)
    for name in plain:
        (version / name).unlink(missing_ok=True)
        _carry(dist / name, version / name)
    os.chmod(version, 0o755 & ~_umask())
    _link(version.name, editions / CURRENT)
    for name in plain:
        _link(_entry_link(name), dist / name)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _commit(stage: Stage) -> None:
    """Turn the stage into the current version (see the module docstring). Call with the lock held."""
    dist = stage.dist
    editions = dist / EDITIONS
    names = list(stage.published)
    for entry in stage.path.iterdir():  # what was not published (scratch files, the owner lock) is not in the set
        if entry.name not in names:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    current = _current_version(dist)
    if current is not None:
        for entry in current.iterdir():
            if entry.name not in names:
                _carry(entry, stage.path / entry.name)
                names.append(entry.name)
    _check_names(dist, names)
    _migrate(dist, names)
    umask = _umask()
    for name in names:
        os.chmod(stage.path / name, 0o666 & ~umask)
    os.chmod(stage.path, 0o777 & ~umask)
    editions.mkdir(exist_ok=True)
    version = editions / _version_name()
    os.rename(stage.path, version)
    stage.path = version
    made = []
    try:
        for name in names:
            entry = dist / name
            if not (entry.is_symlink() and os.readlink(entry) == _entry_link(name)):
                _link(_entry_link(name), entry)  # dangling until the switch below: the name is new
                made.append(entry)
    except OSError:
        for entry in made:
            entry.unlink(missing_ok=True)
        shutil.rmtree(version, ignore_errors=True)
        raise
    _link(version.name, editions / CURRENT)  # the moment the new set appears


@contextlib.contextmanager
def staging(dist: Path) -> Iterator[Stage]:
    """Yield a :class:`Stage` in ``dist``; when the block ends without an error, publish its set atomically.

    On an error (or Ctrl-C) nothing is published and the stage is deleted; after a ``kill -9`` the next build
    deletes it. Raises :class:`BookError` when a name of the set is taken by a folder in ``dist/``, ``OSError``
    when ``dist/`` cannot be written.
    """
    dist = Path(dist)
    dist.mkdir(parents=True, exist_ok=True)
    with _locked(dist):
        _clean(dist)
        path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=dist))
        owner = open(path / ".owner", "w")
        fcntl.flock(owner, fcntl.LOCK_EX)
    stage = Stage(dist, path)
    try:
        yield stage
        with _locked(dist):
            _commit(stage)
            _clean(dist)
    finally:
        owner.close()
        if stage.path.name.startswith(STAGING_PREFIX):
            shutil.rmtree(stage.path, ignore_errors=True)
