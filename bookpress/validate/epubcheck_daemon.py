"""Builds → one warm EPUBCheck they share: a validator server per user and prepared JVM, on a Unix socket.

A fresh EPUBCheck JVM needs ~3.5 CPU s (JVM start, schema compilation) before it can check the first book; the
check itself then takes 0.2–0.5 s (:mod:`bookpress.validate.epubcheck_jvm`). A build that starts its own JVM pays
the start every time, on the second core. Like the Gradle daemon or a language server, this module keeps one warm
validator running *between* builds: the first build starts it (detached, in its own session) and uses it at once —
it warms up while the print edition is laid out, as the in-build validator did — and later builds, ``watch`` and
parallel builds hand it their EPUBs over a Unix socket. It ends itself after :data:`IDLE_SECONDS` without a request
(``BOOKPRESS_EPUBCHECK_DAEMON_IDLE`` sets the seconds), or on ``stop``. ``BOOKPRESS_EPUBCHECK_DAEMON=0`` turns it
off (each build then starts its own warm JVM, as before).

Reports are EPUBCheck's own (the server runs :class:`~bookpress.validate.epubcheck_jvm.WarmValidator`); requests are
served one at a time. Anything that goes wrong with the server — it cannot start, it ended, the socket is gone —
costs speed, never a check: the build falls back to a one-shot EPUBCheck (:class:`EpubCheckRun`). One server runs
per prepared folder and per version of this code (the socket's name carries a digest of it, so a build never talks
to a server of older code); an exclusive ``flock`` on its lock file keeps a second one from starting.
Protocol (one request per connection, UTF-8 lines): ``check <sha256 of the EPUB's bytes> <absolute epub path>`` →
one JSON line ``{"findings": [...], "warm_after": s, "check_seconds": s}`` or ``{"error": "..."}``; ``stop`` →
``{"stopped": true}``. The server answers findings only when the file it checked has the build's SHA-256 before and
after the check: a path names a different file in another mount namespace (a container sharing the cache folder),
and a file may be replaced while it waits in the queue; a mismatch is an error, so the build checks by itself. A
check that takes longer than :func:`check_seconds` ends the JVM (the server starts another) and the build, which
waits a little longer than that, checks by itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path

log = logging.getLogger("bookpress")

#: Seconds without a request after which the server ends.
IDLE_SECONDS = 900.0
#: Seconds a build waits for a server it started to listen.
START_SECONDS = 20.0
#: Longest path a Unix socket address may have, in bytes (Linux ``sun_path``: 108 with the closing NUL).
_MAX_ADDRESS = 107
#: Seconds one check may take on the server before its JVM is ended (a hung or stopped JVM must not hang builds).
CHECK_SECONDS = 300.0


def check_seconds() -> float:
    """:data:`CHECK_SECONDS`, or ``BOOKPRESS_EPUBCHECK_DAEMON_CHECK`` when set to a number."""
    try:
        return float(os.environ.get("BOOKPRESS_EPUBCHECK_DAEMON_CHECK", CHECK_SECONDS))
    except ValueError:
        return CHECK_SECONDS


def _too_long(path: Path) -> bool:
    """True when ``path`` cannot be a Unix socket address (measured in bytes: a non-ASCII folder name counts more
    than its characters)."""
    return len(os.fsencode(str(path))) > _MAX_ADDRESS


def file_digest(path: Path) -> str:
    """SHA-256 (hex) of the bytes of ``path``. Raises ``OSError`` when it cannot be read."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def enabled() -> bool:
    """The shared validator is used unless ``BOOKPRESS_EPUBCHECK_DAEMON=0``."""
    return os.environ.get("BOOKPRESS_EPUBCHECK_DAEMON", "1") != "0"


def idle_seconds() -> float:
    """:data:`IDLE_SECONDS`, or ``BOOKPRESS_EPUBCHECK_DAEMON_IDLE`` when set to a positive number of seconds (0 would
    make the server's socket non-blocking and end it at its first ``accept``, a negative number is refused by
    ``socket.settimeout``: every build would wait for a server that never serves)."""
    try:
        seconds = float(os.environ.get("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", IDLE_SECONDS))
    except ValueError:
        return IDLE_SECONDS
    return seconds if 0 < seconds < float("inf") else IDLE_SECONDS


def _code_digest() -> str:
    """Digest of the code a server runs: this module, the JVM wrapper, the Java server and the modules they use to
    read reports (``epubcheck.parse_report`` decides what a pass is) and to report errors."""
    from bookpress import cache, errors
    from bookpress.validate import epubcheck, epubcheck_jvm

    digest = hashlib.sha256()
    for path in (Path(__file__), Path(epubcheck_jvm.__file__), epubcheck_jvm.SERVER, Path(epubcheck.__file__),
                 Path(errors.__file__), Path(cache.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def address(folder: Path) -> Path:
    """The server's socket for the prepared validator ``folder`` (in ``BOOKPRESS_EPUBCHECK_DAEMON_DIR`` when set);
    its lock file, pid file and log sit beside it."""
    folder = Path(folder).absolute()  # the server runs in / (a relative path would name another file there)
    place = Path(os.environ.get("BOOKPRESS_EPUBCHECK_DAEMON_DIR") or folder).absolute()
    return place / f"daemon-{_code_digest()}-{hashlib.sha256(str(folder).encode()).hexdigest()[:8]}.sock"


class DaemonValidator:
    """A build's handle on the shared server (same shape as
    :class:`~bookpress.validate.epubcheck_jvm.WarmValidator` for the build: :meth:`submit`, :meth:`alive`,
    :meth:`close`; closing leaves the server running for the next build)."""

    def __init__(self, socket_path: Path) -> None:
        self.socket_path = socket_path
        self.warm_after: float | None = None
        self.check_seconds: float | None = None

    def alive(self) -> bool:
        return True  # a server that ended is replaced by a one-shot check (:meth:`DaemonRun.result`)

    def submit(self, epub: Path) -> "DaemonRun":
        """Hand ``epub`` to the server in the background; :meth:`DaemonRun.result` waits for the findings."""
        return DaemonRun(self, Path(epub).resolve())

    def request(self, line: str, timeout: float | None = None, wait: float | None = None) -> dict:
        """Send one request line and return the server's JSON answer. Raises ``OSError`` when the server cannot
        be reached (it is given ``wait`` seconds, default :data:`START_SECONDS`, to start listening) or ends without
        an answer."""
        deadline = time.monotonic() + (START_SECONDS if wait is None else wait)
        while True:
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                connection.connect(str(self.socket_path))
                break
            except (FileNotFoundError, ConnectionRefusedError):
                connection.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        with connection:
            connection.settimeout(timeout)
            connection.sendall((line + "\n").encode("utf-8"))
            data = b""
            while not data.endswith(b"\n"):
                chunk = connection.recv(65536)
                if not chunk:
                    raise ConnectionResetError("the EPUBCheck server ended without an answer")
                data += chunk
        return json.loads(data.decode("utf-8"))

    def close(self) -> None:
        """Nothing to end: the server outlives the build (it ends itself when idle)."""


class DaemonRun:
    """One EPUB handed to the shared server, checked in a background thread; ``result()`` and ``cancel()`` as
    :class:`~bookpress.validate.epubcheck.EpubCheckRun`."""

    def __init__(self, validator: DaemonValidator, epub: Path) -> None:
        self.validator, self.epub = validator, epub
        self.answer: dict | None = None
        self.failure: Exception | None = None
        self.thread = threading.Thread(target=self._ask, daemon=True)
        self.thread.start()

    def _ask(self) -> None:
        try:
            # the server may be slow to start, then queue other builds' checks before this one: it ends a check
            # after check_seconds(), so waiting a little longer than that never hangs the build
            self.answer = self.validator.request(f"check {file_digest(self.epub)} {self.epub}",
                                                 timeout=check_seconds() + 30)
        except (OSError, ValueError) as error:
            self.failure = error

    def result(self) -> list:
        """The findings (FATAL, ERROR, WARNING; empty list = valid). When the server could not answer, a one-shot
        EPUBCheck gives them (slower, same report)."""
        from bookpress.validate.epubcheck import EpubCheckRun, Finding

        self.thread.join()
        answer = self.answer or {}
        if self.failure is not None or "findings" not in answer:
            reason = self.failure or answer.get("error", "no answer")
            log.info("EPUBCheck: the shared validator did not answer (%s); checking with a one-shot JVM", reason)
            return EpubCheckRun(self.epub).result()
        self.validator.warm_after = answer.get("warm_after")
        self.validator.check_seconds = answer.get("check_seconds")
        return [Finding(**finding) for finding in answer["findings"]]

    def cancel(self) -> None:
        """A failed build does not wait for the answer (the server finishes the check and serves the next)."""


def connect(prepared) -> DaemonValidator | None:
    """A handle on the server for ``prepared`` (an :class:`~bookpress.validate.epubcheck_jvm.Prepared`), starting
    the server when none listens; ``None`` when this machine cannot have one (socket path too long)."""
    path = address(prepared.folder)
    if _too_long(path):
        return None
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
        return DaemonValidator(path)
    except OSError:
        pass
    finally:
        probe.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix(".log"), "ab") as errors:
            subprocess.Popen([sys.executable, "-m", "bookpress.validate.epubcheck_daemon",
                              str(Path(prepared.folder).absolute()),
                              prepared.java], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                             start_new_session=True, close_fds=True, cwd="/",
                             env={**os.environ, "PYTHONPATH": _package_root()})
    except OSError as error:  # an unwritable folder, no processes left …: the build's own JVM checks instead
        log.info("EPUBCheck: the shared validator could not start (%s); this build starts its own", error)
        return None
    log.info("EPUBCheck: started the shared validator (it serves later builds too; ends after %.0f min idle)",
             idle_seconds() / 60)
    return DaemonValidator(path)


def _package_root() -> str:
    """The folder that holds this ``bookpress`` package (so the server runs the same code as the build)."""
    root = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join([root, *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])


def stop(folder: Path) -> bool:
    """Ask the server of the prepared ``folder`` to end (after the check it is running); True when one did."""
    try:
        return bool(DaemonValidator(address(folder)).request("stop", timeout=60, wait=0).get("stopped"))
    except (OSError, ValueError):
        return False


def serve(folder: Path, java: str, make_validator=None) -> int:
    """Run the server for the prepared ``folder`` until it is idle for :func:`idle_seconds` or asked to stop.
    Returns 0; returns at once when another server holds the lock (0) or the socket path is too long (2). ``make_validator()`` makes the validator it
    serves with (default: a :class:`~bookpress.validate.epubcheck_jvm.WarmValidator` of ``folder`` and ``java``)."""
    import fcntl

    from bookpress.validate.epubcheck_jvm import Prepared, WarmValidator

    if make_validator is None:
        def make_validator():
            return WarmValidator(Prepared(Path(folder), java))

    path = address(folder)
    if _too_long(path):
        return 2  # connect() never starts a server there
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = open(path.with_suffix(".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return 0  # another server serves this folder
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # a socket left by a server that crashed (we hold the lock)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(16)
    listener.settimeout(idle_seconds())
    validator = make_validator()
    path.with_suffix(".pid").write_text(str(os.getpid()))
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                return 0
            with connection:
                connection.settimeout(600)
                try:
                    line = connection.makefile("rb").readline().decode("utf-8").strip()
                except OSError:
                    continue
                if line == "stop":
                    connection.sendall(b'{"stopped": true}\n')
                    return 0
                answer = _check(validator, line, check_seconds())
                if "error" in answer and not validator.alive():  # the JVM died: start another
                    validator.close()
                    validator = make_validator()
                with contextlib.suppress(OSError):
                    connection.sendall((json.dumps(answer) + "\n").encode("utf-8"))
    finally:
        listener.close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        path.with_suffix(".pid").unlink(missing_ok=True)
        validator.close()
        lock.close()


def _check(validator, line: str, limit: float) -> dict:
    """Answer one ``check <sha256> <path>`` request: the findings, or an error when the file at ``path`` is not the
    one the build digested (before or after the check), or the check took more than ``limit`` seconds (the
    validator is then killed, so the server serves on with a new one)."""
    words = line.split(" ", 2)
    if len(words) != 3 or words[0] != "check" or len(words[1]) != 64:
        return {"error": f"bad request {line[:80]!r}"}
    from bookpress.errors import BookError

    expected, epub = words[1], Path(words[2])
    try:
        if file_digest(epub) != expected:
            return {"error": f"{epub} here is not the EPUB the build wrote (another file system, or replaced)"}
    except OSError as error:
        return {"error": f"cannot read {epub}: {error}"}
    overdue = threading.Event()
    timer = threading.Timer(limit, _kill, (validator, overdue))
    timer.daemon = True
    timer.start()
    try:
        findings = validator.check(epub)
    except BookError as error:
        return {"error": f"the check took more than {limit:.0f} s" if overdue.is_set() else str(error)}
    finally:
        timer.cancel()
    if overdue.is_set():
        return {"error": f"the check took more than {limit:.0f} s"}
    try:
        if file_digest(epub) != expected:
            return {"error": f"{epub} changed while it was checked"}
    except OSError as error:
        return {"error": f"{epub} vanished while it was checked ({error})"}
    return {"findings": [asdict(finding) for finding in findings], "warm_after": validator.warm_after,
            "check_seconds": validator.check_seconds}


def _kill(validator, overdue: threading.Event) -> None:
    """End a validator whose check takes too long (from the watchdog timer's thread)."""
    overdue.set()
    with contextlib.suppress(AttributeError, OSError):
        validator.kill()


def main(argv: list[str]) -> int:
    """``python -m bookpress.validate.epubcheck_daemon <prepared folder> <java>``: serve (started by builds)."""
    return serve(Path(argv[0]), argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
