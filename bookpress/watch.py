"""``python build.py watch``: file changes in ``source/``, ``templates/``, ``styles/`` → rebuilds, previews, findings.

One process stays warm (WeasyPrint and the build cache loaded), so a save costs only what changed: the build is
incremental (:mod:`bookpress.cache`). Changes are debounced by watchfiles (https://watchfiles.helpmanual.io/): a burst
of saves is one rebuild. After each rebuild it prints what was rebuilt and how long it took, the change report, and
writes a preview into ``dist/preview/``: PNG images of the print pages that changed (rendered by PDFium, pypdfium2)
and ``book.html``, the print HTML, viewable in a browser. EPUBCheck runs in the background on the new EPUB, in one
warm JVM kept for the session (:mod:`bookpress.validate.epubcheck_jvm`: a check takes tenths of a second once it is
warm); its findings are printed when they arrive (a newer rebuild makes an older check's findings stale: they are
not printed). A failed rebuild prints the error
and keeps watching; the previous set in ``dist/`` stays as it was.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import tempfile
import threading
import time
from pathlib import Path

from bookpress.errors import BookError

log = logging.getLogger("bookpress")

#: Preview images: resolution (pixels per inch) and at most this many pages per rebuild.
PREVIEW_DPI = 110
PREVIEW_MAX_PAGES = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``watch`` (those of ``build`` minus ``--no-epubcheck``, plus ``--debounce``)."""
    parser.add_argument("--source", type=Path, default=Path("source"), help="the book's source folder (default: source)")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="output folder (default: dist)")
    parser.add_argument("--edition", choices=["print", "epub"], action="append",
                        help="build only this edition (repeatable; default: all)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="build cache folder, outside source/ (default: .bookpress-cache beside --dist)")
    parser.add_argument("--no-epubcheck", action="store_true", help="do not validate in the background")
    parser.add_argument("--debounce", type=int, default=300, help="wait this long (ms) for more saves (default 300)")


class BackgroundCheck:
    """EPUBCheck on a copy of one published EPUB, reported from a thread when it ends; :meth:`cancel` ends it.

    The JVM is started by the caller's thread (the watch loop, which lives as long as the process), so it still dies
    with the process (``PR_SET_PDEATHSIG``, see :mod:`bookpress.validate.epubcheck`).
    """

    def __init__(self, epub: Path, cache_dir: Path, say, validator=None) -> None:
        from bookpress.validate.epubcheck import ValidatedCache, epub_digest, start_epubcheck

        self.say = say
        self.cancelled = False
        self.digest = epub_digest(epub)
        self.validated = ValidatedCache(cache_dir / "epubcheck")
        self.run = None
        if self.validated.passed(self.digest):
            say("EPUBCheck: unchanged content, passed before (0 errors, 0 warnings)")
            return
        self.folder = Path(tempfile.mkdtemp(prefix="bookpress-epubcheck-"))
        copy = self.folder / epub.name
        shutil.copyfile(epub, copy)  # the published version folder may be replaced while Java reads
        self.started = time.monotonic()
        self.warm = validator is not None and validator.alive()
        self.run = validator.submit(copy) if self.warm else start_epubcheck(copy)
        self.thread = threading.Thread(target=self._wait, daemon=True)
        self.thread.start()

    def _wait(self) -> None:
        try:
            findings = self.run.result()
        except BookError as error:
            if not self.cancelled:
                self.say(f"EPUBCheck could not run: {error}")
            return
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
        if self.cancelled:
            return
        seconds = time.monotonic() - self.started
        if findings:
            self.say(f"EPUBCheck found {len(findings)} problem(s) ({seconds:.1f} s):\n    "
                     + "\n    ".join(str(f) for f in findings[:20]))
        else:
            self.validated.remember(self.digest)
            self.say(f"EPUBCheck: 0 errors, 0 warnings ({seconds:.1f} s)")

    def cancel(self) -> None:
        """Stop a check that a newer rebuild made stale (on the session's warm JVM it finishes unreported: the JVM
        stays for the next check)."""
        self.cancelled = True
        if self.run is not None and not self.warm:
            self.run.cancel()


def write_preview(result, preview: Path) -> list[Path]:
    """Write ``preview/book.html`` (the print HTML) and ``preview/page-NNN.png`` for the pages the change report
    lists (all pages after a first build), at most :data:`PREVIEW_MAX_PAGES`; older PNGs are removed.

    Returns the PNG paths written.
    """
    preview.mkdir(parents=True, exist_ok=True)
    for old in preview.glob("page-*.png"):
        old.unlink()
    if result.print_html is not None:
        (preview / "book.html").write_text(result.print_html, encoding="utf-8")
    pdf = result.outputs.get("print")
    report = result.changes.print if result.changes is not None else None
    if pdf is None or report is None:
        return []
    import pypdfium2

    pages = [c.page for c in report.changed] if report.previous_pages is not None else list(range(1, report.pages + 1))
    written = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in pages[:PREVIEW_MAX_PAGES]:
            image = document[number - 1].render(scale=PREVIEW_DPI / 72).to_pil()
            target = preview / f"page-{number:03d}.png"
            image.save(target)
            written.append(target)
    finally:
        document.close()
    return written


def rebuild(args, say) -> object | None:
    """One build without validation; returns the :class:`bookpress.build.BuildResult`, or ``None`` after an error
    (printed)."""
    from bookpress.build import EDITIONS, build

    editions = tuple(args.edition) if args.edition else EDITIONS
    started = time.monotonic()
    try:
        result = build(args.source, args.dist, editions, epubcheck=False, cache_dir=args.cache)
    except BookError as error:
        say(f"error: {error}\nwatching; the previous files in {args.dist} are unchanged")
        return None
    except OSError as error:
        say(f"error: {error.filename or ''}: {error.strerror or error}\nwatching")
        return None
    seconds = time.monotonic() - started
    built = " + ".join("EPUB" if e == "epub" else e for e in result.outputs)
    say(f"rebuilt {built} in {seconds:.2f} s")
    if result.changes is not None:
        say("  " + result.changes.text().replace("\n", "\n  "))
    for warning in result.warnings:
        say(f"  warning: {warning}")
    return result


def watch_command(args: argparse.Namespace) -> int:
    """Build, then rebuild on every save until Ctrl-C (exit status 130 from the command line)."""
    from watchfiles import DefaultFilter, watch

    from bookpress.build import default_cache
    from bookpress.cache import DESIGN_FOLDERS

    lock = threading.Lock()
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # its own "N changes detected" lines

    def say(message: str) -> None:
        with lock:
            print(message, flush=True)

    args.cache = args.cache if args.cache is not None else default_cache(args.dist)
    folders = [Path(args.source)] + [f for f in DESIGN_FOLDERS if f.is_dir()]
    preview = Path(args.dist) / "preview"
    check: BackgroundCheck | None = None
    validator = None

    def once() -> None:
        nonlocal check, validator
        if check is not None:
            check.cancel()
            check = None
        if not args.no_epubcheck and (not args.edition or "epub" in args.edition) and \
                (validator is None or not validator.alive()):
            from bookpress.validate.epubcheck import start_validator

            try:  # one warm JVM for the session, started from this thread (it lives as long); warms up meanwhile
                validator = start_validator()
            except BookError as error:
                say(f"EPUBCheck could not start: {error}")
        result = rebuild(args, say)
        if result is None:
            return
        written = write_preview(result, preview)
        if written:
            say(f"  preview: {len(written)} page image(s) and book.html in {preview}")
        if "epub" in result.outputs and not args.no_epubcheck:
            try:
                check = BackgroundCheck(result.outputs["epub"], Path(args.cache), say, validator)
            except BookError as error:
                say(f"EPUBCheck could not start: {error}")

    say(f"watching {', '.join(str(f) for f in folders)} (Ctrl-C to stop)")
    built = False
    try:
        # The watcher is running before the first build (its first, empty, yield comes after ``rust_timeout``),
        # so a save during any build is caught and rebuilt afterwards.
        for changes in watch(*folders, watch_filter=DefaultFilter(), debounce=args.debounce, step=50,
                             rust_timeout=200, yield_on_timeout=True, raise_interrupt=True):
            if not changes:
                if not built:
                    built = True
                    once()
                continue
            names = sorted({Path(path).name for _, path in changes if Path(path).exists()})  # not editors' temp files
            say(f"changed: {', '.join(names) or 'files removed'}")
            built = True
            once()
    finally:
        if check is not None:
            check.cancel()
        if validator is not None:
            validator.close()
    return 0
