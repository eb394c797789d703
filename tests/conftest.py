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
