"""A build step → run in a forked child on the second core while this process does another, when that is safe.

Laying out and drawing are pure Python (WeasyPrint), so two steps of a build that do not need each other's results —
drawing the press and the screen PDF of one layout, writing the EPUB while the PDFs are checked — take twice as
long one after the other as on two cores. On Linux a forked child shares this process's memory (copy-on-write): it
runs the step on what is already built and sends back its JSON-able result, or its error, through a pipe.

Forking is only done where it is safe and cheap (:func:`may_fork`): a POSIX ``fork``, this process running a single
thread (no lock held by another thread can be inherited; ``watch`` and test runners run the steps one after the
other), two or more cores, a process smaller than :data:`MAX_RSS_MIB` and a book of at most
:data:`SMALL_BOOK_PAGES` pages: the child's resident set counts the shared pages again and grows with the book,
while this process's own peak (the screen PDF's validation) can come at the same time, so a large book keeps the
memory of one process (measured on an 816-page book: 448 MiB in one process, 623 MiB with the EPUB written in a
child). ``BOOKPRESS_PARALLEL=0`` turns it off.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Callable

from bookpress.errors import BookError

#: Largest resident set (MiB) of this process at which a child is forked.
MAX_RSS_MIB = 220
#: Largest book (print pages) whose steps are run in a child.
SMALL_BOOK_PAGES = 300
#: Characters of print HTML per page of this design (26 pages: 85,000 characters), to judge a book before layout.
PRINT_HTML_CHARS_PER_PAGE = 3_300


def _resident_mib() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return float("inf")


def may_fork(pages: int) -> bool:
    """True when running a step of a book of ``pages`` print pages in a forked child is safe and cheap here (see
    the module docstring)."""
    return (hasattr(os, "fork") and os.environ.get("BOOKPRESS_PARALLEL", "1") != "0" and pages <= SMALL_BOOK_PAGES
            and threading.active_count() == 1 and (os.cpu_count() or 1) >= 2 and _resident_mib() < MAX_RSS_MIB)


class Child:
    """A step running in a forked child; :meth:`result` waits for it and returns what the step returned."""

    def __init__(self, step: Callable[[], object]) -> None:
        read, write = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child (its result reaches the parent through the pipe)
            status, payload = 0, {}
            try:
                os.close(read)
                payload = {"value": step()}
            except BookError as error:
                status, payload = 1, {"error": error.message, "path": str(error.path or ""), "line": error.line,
                                      "hint": error.hint, "col": error.col}
            except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises
                status, payload = 2, {"error": f"{type(error).__name__}: {error}"}
            finally:
                try:
                    with os.fdopen(write, "w", encoding="utf-8") as out:
                        json.dump(payload, out)
                finally:
                    os._exit(status)
        os.close(write)
        self.read = read

    def result(self):
        """Wait for the child; return the step's value. Raises :class:`BookError` for the step's book error,
        ``RuntimeError`` for anything else that ended it."""
        with os.fdopen(self.read, encoding="utf-8") as answer:
            data = answer.read()
        _, status = os.waitpid(self.pid, 0)
        try:
            payload = json.loads(data) if data else {}
        except ValueError:
            payload = {}
        code = os.waitstatus_to_exitcode(status)
        if code == 1:
            raise BookError(payload.get("error", "a build step failed"), payload.get("path") or None,
                            payload.get("line"), hint=payload.get("hint") or "", col=payload.get("col"))
        if code != 0 or "value" not in payload:
            raise RuntimeError(f"a build step ended: {payload.get('error', f'exit status {code}')}")
        return payload["value"]
