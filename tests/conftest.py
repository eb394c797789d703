"""Suite-wide rules, enforced per test:

- ``pytest --update-golden`` rewrites golden files instead of comparing against them (fixture ``update_golden``).
- **A warning logged by WeasyPrint fails the test that logged it** — in this process or in any Python subprocess
  the test started (``build.py`` runs included: ``tests/support/subprocess_hook/sitecustomize.py`` copies their
  WeasyPrint warnings into a file this suite reads). A warning logged while a session fixture is set up fails the
  test whose setup built it, and only that test. A test that deliberately feeds WeasyPrint something broken says
  so with ``@pytest.mark.weasyprint_warning(regex)``.
- **No silent skips**: a skipped (or xfailed) test fails unless ``tests/allowed_skips.toml`` lists it with its
  reason.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import tempfile
import tomllib
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
    """With ``pytest -n 2 --dist loadgroup`` (pytest-xdist) each test folder runs in one worker, so a folder's session
    fixtures (the real book's build and its one EPUBCheck run, the matter books …) are made once."""
    for item in items:
        folder = Path(str(item.path)).relative_to(TESTS).parts
        item.add_marker(pytest.mark.xdist_group(folder[0] if len(folder) > 1 else "top"))


# --- no silent skips -------------------------------------------------------------------------------------------------

@functools.cache
def _allowed_skips() -> dict[str, str]:
    """``tests/allowed_skips.toml``: test id (``path::name``, parameters optional) → why it may be skipped."""
    data = tomllib.loads(ALLOWED_SKIPS_FILE.read_text(encoding="utf-8"))
    return {entry["test"]: entry["reason"] for entry in data.get("skip", [])}


def _skip_listed(nodeid: str) -> bool:
    listed = _allowed_skips()
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
