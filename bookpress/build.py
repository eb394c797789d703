"""The build: ``source/`` → ``dist/<name>.pdf`` and ``dist/<name>.epub``, validated.

Order: read and validate ``book.toml`` → read every part and assemble the book (numbers, TOC, references) →
render and write each edition atomically → validate (EPUBCheck for the EPUB). Nothing is ever written into
``source/``; a failure leaves the previous files in ``dist/`` as they were.
"""

from __future__ import annotations

import argparse
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote

from bookpress.assemble import assemble, figures_in, slugify
from bookpress.config import Config, load_config
from bookpress.doctor import require_environment
from bookpress.errors import BookError
from bookpress.writers.atomic import staging

if TYPE_CHECKING:
    from bookpress.changes import ChangeReport

log = logging.getLogger("bookpress")

EDITIONS = ("print", "screen", "epub")
#: file name suffix per PDF edition: the press PDF is the book's main file, the screen PDF sits beside it
PDF_FILES = {"print": ("press", ""), "screen": ("screen", "-screen")}


@dataclass
class BuildResult:
    """What a build produced: output paths per edition and the warnings an editor must see."""

    outputs: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    changes: "ChangeReport | None" = None
    print_html: str | None = None  #: the print edition's HTML (for previews), when it was built
    preflight: list = field(default_factory=list)   # press PDF findings (bookpress.validate.preflight.Finding)


def output_name(config: Config) -> str:
    """Base name of the output files, from the title: ``"CIO 3.0"`` → ``"cio-3-0"``."""
    return slugify(config.title)


def default_cache(dist: Path) -> Path:
    """The build cache's default folder: ``.bookpress-cache`` beside ``dist`` (outside ``source/``, like
    ``.pytest_cache``); deleting it only costs time."""
    return Path(dist).absolute().parent / ".bookpress-cache"


def build(source: Path, dist: Path, editions: tuple[str, ...] = EDITIONS, epubcheck: bool = True,
          cache_dir: Path | None = None, release: bool = False) -> BuildResult:
    """Build ``editions`` from ``source`` into ``dist``; return the outputs and warnings.

    All editions of one build are published together, or none is (:mod:`bookpress.writers.atomic`). EPUBCheck runs
    in the background while the print edition is laid out, and is skipped when the EPUB's content equals one that
    passed before. ``cache_dir`` holds the build cache (default :func:`default_cache`). With ``release`` the
    editions are published only when :func:`bookpress.validate.release.release_blockers` finds no reason against
    it; otherwise a :class:`BookError` lists every reason and ``dist/`` keeps the previous set.
    Raises :class:`BookError` when this machine lacks a requirement (see :mod:`bookpress.doctor`), for any
    problem in the sources, and for EPUBCheck errors or warnings (then nothing is published and the previous set
    in ``dist/`` stays complete).
    """
    from bookpress import cache

    source, dist = Path(source), Path(dist)
    if dist.resolve() == source.resolve() or source.resolve() in dist.resolve().parents:
        raise BookError(f"output folder {dist} lies inside the sources", hint="build into dist/ outside source/")
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache(dist)
    if cache_dir.resolve() == source.resolve() or source.resolve() in cache_dir.resolve().parents:
        raise BookError(f"cache folder {cache_dir} lies inside the sources", hint="keep the cache outside source/")
    config = load_config(source)
    validate = epubcheck and "epub" in editions
    from bookpress.validate.epubcheck import warm_validator

    inputs = _inputs_digest(config) if validate else ""
    # the JVM warms up on the second core from here on (it needs ~3.5 CPU s before it can check anything, so it
    # starts before anything else) — unless these very inputs gave an EPUB that passed before (then EPUBCheck will
    # be skipped; should the EPUB differ after all, a one-shot check runs)
    import shutil

    warm = validate and shutil.which("java") is not None and not _validated_before(cache_dir, inputs)
    with warm_validator(warm) as validator:
        require_environment(source, dist, epubcheck=validate)  # names a missing Java; ends the JVM on any failure
        from bookpress.libraries import import_weasyprint

        import_weasyprint()  # 0.3 s quicker than the first plain import (no compiler probes)
        captured = _capture_warnings()
        try:
            book = assemble(config)
        finally:
            warnings = captured.stop()
        result = BuildResult(warnings=warnings)
        name = output_name(config)
        with cache.activate(cache.Cache(cache_dir)) as active, staging(dist) as stage:
            settled: dict[str, Path] = {}

            def settle() -> None:  # while EPUBCheck still checks the EPUB
                if release:
                    _release_gate(book, config, result)
                settled["report"] = _change_report(stage, name, config, result)

            _write_editions(book, config, editions, epubcheck, stage, name, result, active, validator, inputs,
                            settle)
            report_file = settled["report"]
            for edition, staged in list(result.outputs.items()):
                result.outputs[edition] = stage.publish(staged)
            stage.publish(report_file)
    active.prune()
    return result


def _inputs_digest(config: Config) -> str:
    """A digest of what the EPUB is made from: the source folder, bookpress's code, templates and styles, and
    ``SOURCE_DATE_EPOCH`` (the EPUB's date). Equal digests give equal EPUBs (builds are reproducible)."""
    import os

    from bookpress import cache

    return cache.key("epub-inputs", cache.code_digest(), cache.tree_digest([config.source_dir]),
                     os.environ.get("SOURCE_DATE_EPOCH", ""))


def _validated_before(cache_dir: Path, inputs: str) -> bool:
    """True when an EPUB built from ``inputs`` (:func:`_inputs_digest`) passed EPUBCheck before."""
    from bookpress.validate.epubcheck import ValidatedCache

    return bool(inputs) and ValidatedCache(Path(cache_dir) / "epubcheck").passed(f"inputs-{inputs}")


def _write_editions(book, config: Config, editions, epubcheck: bool, stage, name: str, result: BuildResult,
                    active_cache, validator=None, inputs: str = "", settle=None) -> None:
    """Write every edition into the staging folder; raise on the first problem (nothing is published then).

    The print layout comes first, once for both PDF editions (:func:`bookpress.writers.pdf.write_pdfs`): the EPUB's
    page list comes from its pages (an EPUB-only build lays it out too, without writing a PDF, so the EPUB is the
    same whichever editions are asked for). The EPUB is written next — on the second core while the PDFs are
    checked, when :func:`bookpress.forked.may_fork` — and EPUBCheck validates it while the cover is written. An EPUB-only build takes the page list from the build cache
    when the print edition of exactly these sources was laid out before. ``settle()``, when given, runs once every
    edition is written and checked but before EPUBCheck's verdict is awaited (the release gate and the change
    report, which need only the staged files, overlap the check).
    """
    check = None
    try:
        pages: tuple | None = None
        if "epub" in editions and "print" not in editions and "screen" not in editions:
            pages = _stored_page_list(config, active_cache)
        wanted = {edition: stage.path / f"{name}{PDF_FILES[edition][1]}.pdf" for edition in ("print", "screen")
                  if edition in editions}
        written = {}
        if wanted or pages is None:
            from bookpress.pagelist import PageCollector

            collector = PageCollector([part.id for part in book.parts]) if "epub" in editions else None
            written = _write_pdf_editions(book, config, wanted or {"print": None}, on_layout=collector)
            if collector is not None:
                laid = written["print"] if "print" in written else next(iter(written.values()))
                padding = laid.padding if "print" in written else -laid.pages % max(1, config.print.signature_pages)
                pages = collector.starts(laid.first_arabic, laid.pages + padding)
                _store_page_list(config, active_cache, pages)
        checked = False
        if "epub" in editions:
            from bookpress import forked
            from bookpress.writers.epub import write_epub

            started = time.monotonic()
            target = stage.path / f"{name}.epub"
            result.outputs["epub"] = target
            pdf_pages = max((laid.pages for laid in written.values()), default=0)
            if wanted and forked.may_fork(pdf_pages):  # the EPUB on the second core while the PDFs are checked
                job = forked.Child(lambda: write_epub(book, config, target, pages=pages))
                before = len(result.warnings)
                try:
                    for edition, pdf in wanted.items():
                        _check_pdf_edition(book, config, edition, pdf, written[edition], result)
                    if "print" in wanted:  # the change report's reading of the press PDFs, while the EPUB is written
                        _read_pages_ahead(stage, f"{name}.pdf", wanted["print"], config)
                finally:
                    epub_warnings = job.result()
                pdf_warnings = result.warnings[before:]
                del result.warnings[before:]
                result.warnings += epub_warnings + pdf_warnings
                checked = True
            else:
                result.warnings += write_epub(book, config, target, pages=pages)
            log.info("EPUB edition: %s (%.1f s, %d print pages in its page list)", target.name,
                     time.monotonic() - started, len(pages))
            if epubcheck:
                check = _start_epubcheck(target, active_cache, validator, inputs)
        if not checked:  # (checked already while the EPUB was written on the second core)
            for edition, target in wanted.items():
                _check_pdf_edition(book, config, edition, target, written[edition], result)
        if "print" in editions and config.print.cover_pdf:
            from bookpress.writers.cover_pdf import write_cover_pdf

            target = stage.path / f"{name}-cover.pdf"
            result.warnings += [f"WeasyPrint (cover): {m}" for m in write_cover_pdf(book, config, target)]
            result.outputs["cover"] = target
        if settle is not None:
            settle()
        if check is not None:
            check.finish()
    finally:
        if check is not None:
            check.cancel()


def _page_list_entry(config: Config) -> str:
    """Cache key of the print edition's page starts: everything its layout depends on (the whole ``source/``
    folder, bookpress's code, templates and styles, the book's font files, the installed faces, WeasyPrint's
    version)."""
    import weasyprint

    from bookpress import cache
    from bookpress.fonts import faces_for, installed_faces

    fonts = sorted((str(face.path), cache.file_digest(face.path)) for face in faces_for(config))
    return cache.key("page-list", cache.code_digest(), cache.tree_digest([config.source_dir]), fonts,
                     sorted(str(face.path) for face in installed_faces()), weasyprint.__version__) + ".json"


def _stored_page_list(config: Config, active_cache) -> tuple | None:
    """The page starts stored by an earlier build of the same sources, or ``None``."""
    from bookpress.pagelist import loads

    data = active_cache.get("page-list", _page_list_entry(config))
    if data is None:
        return None
    try:
        pages = loads(data)
    except ValueError:
        return None
    log.info("EPUB page list: the print layout of these sources is known (build cache)")
    return pages


def _store_page_list(config: Config, active_cache, pages: tuple) -> None:
    from bookpress.pagelist import dumps

    active_cache.put("page-list", _page_list_entry(config), dumps(pages))


def _release_gate(book, config: Config, result: BuildResult) -> None:
    """Raise :class:`BookError` listing every reason the staged editions may not be released."""
    from bookpress.validate.release import release_blockers

    reasons = release_blockers(book, config, result.outputs, result.preflight)
    if reasons:
        listing = "\n  - ".join(reasons)
        raise BookError(f"release refused, {len(reasons)} reason(s):\n  - {listing}",
                        hint="fix each reason and build again; without --release the build writes a proof")


def _write_pdf_editions(book, config: Config, targets: dict, on_layout=None) -> dict:
    """Lay out the print HTML once and write the PDF editions ``targets`` (``"print"``/``"screen"`` → a file in the
    staging folder, or ``None``: laid out only, for ``on_layout``, the print writer's hook, see
    :func:`bookpress.writers.pdf.write_pdfs`). Returns the writer's :class:`~bookpress.writers.pdf.PdfResult` per
    edition. Raises :class:`BookError` for art that cannot be drawn."""
    from bookpress.writers.pdf import write_pdfs

    started = time.monotonic()
    results = write_pdfs(book, config, {PDF_FILES[edition][0]: target for edition, target in targets.items()},
                         on_layout=on_layout)
    written = {edition: results[PDF_FILES[edition][0]] for edition in targets}
    for edition in written.values():
        _fail_on_missing_art(list(edition.warnings), book, config)
    if all(target is None for target in targets.values()):
        log.info("print edition laid out for the EPUB's page list (%.1f s)", time.monotonic() - started)
    else:
        log.info("%s laid out and written (%.1f s)", " and ".join(f"{e} edition" for e in targets),
                 time.monotonic() - started)
    return written


def _check_pdf_edition(book, config: Config, edition: str, target: Path, written, result: BuildResult) -> None:
    """Check one written PDF edition and record it in ``result``: no fallback font; the press PDF is preflighted,
    the screen PDF validated as PDF/UA-1 (findings are warnings here, refusals in a release build)."""
    started = time.monotonic()
    if edition == "print":
        result.print_html = written.html
    from bookpress.fonts import faces_for
    from bookpress.validate.pdf_fonts import check_pdf_fonts

    check_pdf_fonts(target, faces_for(config))  # no fallback font in either PDF
    result.warnings += [f"WeasyPrint: {m}" for m in written.warnings if f"WeasyPrint: {m}" not in result.warnings]
    if written.padding:
        log.info("%s: %d blank page(s) added to reach a multiple of %d pages", target.name, written.padding,
                 config.print.signature_pages)
    if edition == "print":
        from bookpress.validate.preflight import preflight

        result.preflight = preflight(target, config.print.bleed_mm)
        result.warnings += [f"preflight: {target.name}: {finding}" for finding in result.preflight]
    else:
        from bookpress.validate.pdfua import pdfua_findings

        result.warnings += [f"PDF/UA-1: {target.name}: {finding}" for finding in pdfua_findings(target)]
    result.outputs[edition] = target
    log.info("%s edition: %s (checked in %.1f s)", edition, target.name, time.monotonic() - started)


class _start_epubcheck:
    """EPUBCheck on a staged EPUB, in the background; :meth:`finish` waits and raises on any finding.

    Skipped when an EPUB with the same content passed before (:class:`bookpress.validate.epubcheck.ValidatedCache`);
    then the build's warm ``validator`` (if any) is ended at once, so its JVM stops taking CPU. A pass is remembered
    for the EPUB's content and for the build's ``inputs`` (:func:`_inputs_digest`), so the next build of the same
    inputs starts no JVM at all.
    """

    def __init__(self, target: Path, active_cache, validator=None, inputs: str = "") -> None:
        from bookpress.validate.epubcheck import ValidatedCache, epub_digest, start_epubcheck

        self.target, self.inputs = target, inputs
        self.started = time.monotonic()
        self.digest = epub_digest(target)
        folder = active_cache.path("epubcheck")
        self.validated = ValidatedCache(folder) if folder is not None else None
        self.run = None
        if self.validated is not None and self.validated.passed(self.digest):
            log.info("EPUBCheck: skipped, the EPUB's content passed before (0 errors, 0 warnings)")
            self._remember_inputs()
            if validator is not None:
                validator.close()
        else:
            self.run = start_epubcheck(target)

    def finish(self) -> None:
        if self.run is None:
            return
        findings = self.run.result()
        if findings:
            listing = "\n    ".join(str(f) for f in findings[:20])
            raise BookError(f"EPUBCheck found {len(findings)} problem(s):\n    {listing}", self.target.name,
                            hint="nothing was written to dist/; text/<part>.xhtml inside the EPUB is the part of "
                                 "that name in source/")
        if self.validated is not None:
            self.validated.remember(self.digest)
            self._remember_inputs()
        warm = getattr(self.run, "validator", None)
        if warm is not None and warm.warm_after is not None and warm.check_seconds is not None:
            log.info("EPUBCheck: 0 errors, 0 warnings (%.1f s after the EPUB was written; the JVM was warm %.1f s "
                     "after its start, the check took %.2f s)", time.monotonic() - self.started, warm.warm_after,
                     warm.check_seconds)
        else:
            log.info("EPUBCheck: 0 errors, 0 warnings (%.1f s)", time.monotonic() - self.started)

    def _remember_inputs(self) -> None:
        if self.validated is not None and self.inputs:
            self.validated.remember(f"inputs-{self.inputs}")

    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()


def _change_report(stage, name: str, config: Config, result: BuildResult) -> Path:
    """Compare the staged editions with the published set (:mod:`bookpress.changes`); write ``<name>-changes.json``
    into the stage and keep the report in ``result.changes``. Returns the JSON file's path."""
    from bookpress.changes import ChangeReport, compare_epub, compare_print

    started = time.monotonic()
    print_changes = epub_changes = None
    notes = []

    def against_previous(compare, edition, file_name, *args):
        previous = stage.current(file_name)
        try:
            return compare(previous, result.outputs[edition], *args)
        except Exception as error:  # an unreadable previous file must not fail a good build  # noqa: BLE001
            if previous is None:
                raise
            notes.append(f"the previous {file_name} could not be read ({error}); compared with nothing")
            return compare(None, result.outputs[edition], *args)

    if "print" in result.outputs:
        geometry = config.print
        print_changes = against_previous(compare_print, "print", f"{name}.pdf",
                                         getattr(geometry, "margin_top_mm", 20.0),
                                         getattr(geometry, "margin_bottom_mm", 20.0))
    if "epub" in result.outputs:
        epub_changes = against_previous(compare_epub, "epub", f"{name}.epub")
    result.changes = ChangeReport(print_changes, epub_changes, tuple(notes))
    target = stage.path / f"{name}-changes.json"
    target.write_text(result.changes.to_json(), encoding="utf-8")
    log.info("change report: %s (%.1f s)", target.name, time.monotonic() - started)
    return target


def _read_pages_ahead(stage, file_name: str, new: Path, config: Config) -> None:
    """Read the page signatures of the new and the published press PDF into the build cache
    (:func:`bookpress.changes.page_signatures`), so the change report finds them there. Best effort: the report
    itself says when a file cannot be read."""
    from bookpress.changes import page_signatures

    geometry = config.print
    for pdf in (new, stage.current(file_name)):
        if pdf is not None:
            try:
                page_signatures(pdf, geometry.margin_top_mm, geometry.margin_bottom_mm)
            except Exception:  # noqa: BLE001 - reported by the change report, which reads it again
                pass


def _fail_on_missing_art(messages: list[str], book, config: Config) -> None:
    """WeasyPrint only warns when an image cannot be drawn; for a book that is an error naming the figure."""
    for message in messages:
        if "image" not in message.lower():
            continue
        for part in book.parts:
            for fig in figures_in(part.blocks):
                if not fig.placeholder and fig.src and PurePosixPath(fig.src).name in unquote(message):
                    raise BookError(f"figure file '{fig.src}' cannot be drawn: {message}", part.source, fig.line,
                                    hint="re-export the art as a valid SVG, PNG or JPEG with no external links")
        raise BookError(f"an image cannot be drawn: {message}", hint="check the figure files in source/figures/")


class _capture_warnings:
    """Collect the bookpress warnings logged while assembling (placeholders, …) so the summary repeats them."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = lambda record: self.messages.append(record.getMessage())
        logging.getLogger("bookpress").addHandler(self.handler)

    def stop(self) -> list[str]:
        logging.getLogger("bookpress").removeHandler(self.handler)
        return self.messages


def build_command(args: argparse.Namespace) -> int:
    """``python build.py [build]``: build, print a summary; exit 0 (warnings are shown but do not fail)."""
    editions = tuple(args.edition) if args.edition else EDITIONS
    result = build(args.source, args.dist, editions, epubcheck=not args.no_epubcheck, cache_dir=args.cache,
                   release=getattr(args, "release", False))
    for edition, path in result.outputs.items():
        print(f"{edition}: {path}")
    if result.changes is not None:
        print("changes since the previous build:")
        for line in result.changes.text().splitlines():
            print(f"  {line}")
    if result.warnings:
        print(f"{len(result.warnings)} warning(s):")
        for message in result.warnings:
            print(f"  warning: {message}")
    return 0
