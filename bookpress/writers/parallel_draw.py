"""A laid-out unit → its press and screen PDFs drawn at the same time, on two cores (fork), when memory allows.

Both PDF editions are drawn from one layout (:mod:`bookpress.writers.screen_pdf`); drawing is pure Python in
WeasyPrint, so two editions drawn one after the other cost twice. On Linux a forked child shares the laid-out
document (copy-on-write) and draws the screen PDF while this process draws the press PDF. The child reports the
warnings WeasyPrint logged while it drew, or its error, through a pipe; a failure there is a failure of the build,
as when drawn here.

Forking is only done where it is safe and cheap: a POSIX ``fork``, this process running a single thread (no lock
held by another thread can be inherited; ``watch`` and test runners draw one after the other), two or more cores, and
a process smaller than :data:`MAX_RSS_MIB` (the child's resident set counts the shared pages again: a large book
keeps the memory of one process). ``BOOKPRESS_PARALLEL_DRAW=0`` turns it off.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Callable

from bookpress.errors import BookError

#: Largest resident set (MiB) of this process at which the child is forked.
MAX_RSS_MIB = 220
#: Units drawn on two cores by this process (for the build's log).
forked = 0


def _resident_mib() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return float("inf")


def may_fork() -> bool:
    """True when drawing in a forked child is safe and cheap here (see the module docstring)."""
    return (hasattr(os, "fork") and os.environ.get("BOOKPRESS_PARALLEL_DRAW", "1") != "0"
            and threading.active_count() == 1 and (os.cpu_count() or 1) >= 2 and _resident_mib() < MAX_RSS_MIB)


def draw_editions(document, pdfs: dict[str, Path], writers: dict[str, Callable], messages: list[str]) -> None:
    """Write ``document``'s PDF of each edition (``pdfs``: edition → path) with ``writers[edition](document,
    path)``; the screen edition in a forked child when :func:`may_fork`. ``messages`` is the list WeasyPrint's
    warnings are collected into (the child's are added to it). Raises what a writer raises (:class:`BookError`
    for the child's book errors, ``RuntimeError`` for anything else that ended it)."""
    if set(pdfs) != {"press", "screen"} or not may_fork():
        for edition, pdf in pdfs.items():
            writers[edition](document, pdf)
        return
    global forked
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (its result reaches the parent through the pipe)
        status, payload = 0, {}
        try:
            os.close(read)
            before = len(messages)
            writers["screen"](document, pdfs["screen"])
            payload = {"warnings": messages[before:]}
        except BookError as error:
            status, payload = 1, {"error": error.message, "hint": error.hint}
        except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
            status, payload = 2, {"error": f"{type(error).__name__}: {error}"}
        finally:
            try:
                with os.fdopen(write, "w", encoding="utf-8") as out:
                    json.dump(payload, out)
            finally:
                os._exit(status)
    os.close(write)
    try:
        writers["press"](document, pdfs["press"])
    finally:
        with os.fdopen(read, encoding="utf-8") as answer:
            data = answer.read()
        _, status = os.waitpid(pid, 0)
    forked += 1
    payload = json.loads(data) if data else {}
    messages.extend(m for m in payload.get("warnings", []) if m not in messages)
    code = os.waitstatus_to_exitcode(status)
    if code == 1:
        raise BookError(payload.get("error", "drawing the screen PDF failed"), hint=payload.get("hint"))
    if code != 0:
        raise RuntimeError(f"drawing the screen PDF failed: {payload.get('error', f'exit status {code}')}")
