"""Shared pytest options: ``pytest --update-golden`` rewrites golden files instead of comparing against them."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected (golden) files from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


# --- WeasyPrint warnings fail the test suite ----------------------------------------------------------------------
import logging  # noqa: E402

WEASYPRINT_WARNINGS: list[str] = []


class _WeasyPrintWarnings(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        WEASYPRINT_WARNINGS.append(f"{record.levelname}: {record.getMessage()}")


logging.getLogger("weasyprint").addHandler(_WeasyPrintWarnings(logging.WARNING))


@pytest.fixture(autouse=True)
def no_weasyprint_warnings():
    """Fail any test during or before which WeasyPrint logged a warning (the build must be warning-free)."""
    yield
    if WEASYPRINT_WARNINGS:
        pytest.fail("WeasyPrint logged warnings:\n" + "\n".join(WEASYPRINT_WARNINGS[:20]), pytrace=False)


# --- Hypothesis: reproducible in CI ---------------------------------------------------------------------------------
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
