"""Publishing the set of editions (bookpress.writers.atomic): all files of one build appear together or not at all,
a kill at any step leaves the previous or the new complete set, dead builds' staging folders are removed."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.errors import BookError
from bookpress.writers import atomic

NAMES = ("book.pdf", "book.epub", "book.changes.json")


def publish(dist: Path, generation: str, names=NAMES) -> None:
    """One 'build' that writes ``names`` with content naming ``generation``, then publishes them."""
    with atomic.staging(dist) as stage:
        for name in names:
            path = stage.path / name
            path.write_text(f"{generation}:{name}")
            stage.publish(path)


def visible(dist: Path) -> dict[str, str]:
    return {name: (dist / name).read_text() for name in NAMES if (dist / name).is_file()}


def generations(dist: Path) -> set[str]:
    return {text.split(":")[0] for text in visible(dist).values()}


def test_publish_links_every_name_to_one_version(tmp_path):
    dist = tmp_path / "dist"
    publish(dist, "one")
    publish(dist, "two")
    assert visible(dist) == {name: f"two:{name}" for name in NAMES}
    for name in NAMES:
        assert os.readlink(dist / name) == f".editions/current/{name}"
    versions = [p for p in (dist / ".editions").iterdir() if p.is_dir() and not p.is_symlink()]
    assert len(versions) == 1, "older versions are removed once the new set is current"
    assert not list(dist.glob(".staging-*"))
    assert oct((dist / "book.pdf").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def test_failed_build_publishes_nothing(tmp_path):
    dist = tmp_path / "dist"
    publish(dist, "one")
    with pytest.raises(RuntimeError):
        with atomic.staging(dist) as stage:
            path = stage.path / "book.pdf"
            path.write_text("two:book.pdf")
            stage.publish(path)
            raise RuntimeError("the EPUB failed")
    assert generations(dist) == {"one"} and len(visible(dist)) == 3
    assert not list(dist.glob(".staging-*"))


def test_folder_in_the_way_keeps_the_previous_set(tmp_path):
    """The break-it case: a folder named like one edition. Nothing of the new set may appear."""
    dist = tmp_path / "dist"
    (dist / "book.epub").mkdir(parents=True)
    with pytest.raises(BookError, match="in the way"):
        publish(dist, "one")
    assert not (dist / "book.pdf").exists() and (dist / "book.epub").is_dir()


def test_editions_not_built_are_carried_over(tmp_path):
    dist = tmp_path / "dist"
    publish(dist, "one")
    publish(dist, "two", names=("book.pdf",))
    assert visible(dist) == {"book.pdf": "two:book.pdf", "book.epub": "one:book.epub",
                             "book.changes.json": "one:book.changes.json"}


def test_plain_files_from_an_older_dist_are_migrated(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in NAMES:
        (dist / name).write_text(f"old:{name}")
    (dist / "notes.txt").write_text("the editor's own file")
    publish(dist, "new")
    assert generations(dist) == {"new"} and len(visible(dist)) == 3
    assert (dist / "notes.txt").read_text() == "the editor's own file"


class Killed(BaseException):
    """Stands for SIGKILL: raised at one file-system step; every later step fails too (the process is gone)."""


MUTATIONS = [(os, "rename"), (os, "replace"), (os, "symlink"), (os, "link"), (os, "unlink"), (os, "mkdir"),
             (os, "chmod"), (os, "rmdir"), (shutil, "copy2")]


@pytest.mark.parametrize("first_build_plain", [False, True], ids=["links", "migrating-plain-files"])
def test_kill_at_any_step_leaves_one_complete_set(tmp_path, monkeypatch, first_build_plain):
    """Kill the commit at every file-system step in turn: the visible set is always all-old or all-new, and the
    next build cleans up and publishes normally."""
    step = 0
    while True:
        step += 1
        dist = tmp_path / f"dist{step}"
        if first_build_plain:
            dist.mkdir()
            for name in NAMES:
                (dist / name).write_text(f"old:{name}")
        else:
            publish(dist, "old")
        calls = {"n": 0}
        originals = {(m, n): getattr(m, n) for m, n in MUTATIONS}

        def fault(module, name, calls=calls, step=step):
            def wrapped(*args, **kwargs):
                calls["n"] += 1
                if calls["n"] >= step:
                    raise Killed(name)
                return originals[(module, name)](*args, **kwargs)
            return wrapped

        with monkeypatch.context() as patch:
            for module, name in MUTATIONS:
                patch.setattr(module, name, fault(module, name))
            try:
                publish(dist, "new")
                killed = False
            except Killed:
                killed = True
        seen = visible(dist)
        assert len(seen) == 3, f"step {step}: incomplete set {seen}"
        assert len(generations(dist)) == 1, f"step {step}: mixed set {seen}"
        publish(dist, "next")  # the next build cleans up whatever the kill left
        assert generations(dist) == {"next"} and len(visible(dist)) == 3
        assert not list(dist.glob(".staging-*"))
        assert len([p for p in (dist / ".editions").iterdir() if p.is_dir() and not p.is_symlink()]) == 1
        if not killed:
            break
    assert step > 5


def test_stale_staging_of_a_dead_build_is_removed_live_one_kept(tmp_path):
    dist = tmp_path / "dist"
    dead = dist / ".staging-dead"
    dead.mkdir(parents=True)
    (dead / ".owner").touch()
    (dead / "book.pdf").write_text("half")
    live = dist / ".staging-live"
    live.mkdir()
    (live / ".owner").touch()
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl,sys,time\n"
                               f"f=open({str(live / '.owner')!r});fcntl.flock(f,fcntl.LOCK_EX);"
                               "print('locked',flush=True);time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        publish(dist, "one")
        assert not dead.exists()
        assert live.exists(), "a running build's stage must survive another build"
    finally:
        holder.kill()
        holder.wait()
    publish(dist, "two")
    assert not live.exists()
