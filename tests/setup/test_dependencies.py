"""Every distribution a module under ``bookpress/`` imports is a declared runtime dependency in ``pyproject.toml``.

A plain ``pip install .`` (no extras) must build both editions; an import of a test-only or transitively installed
package would crash there with a traceback (it once did: ``pypdfium2`` was a test extra but rendered the cover).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "bookpress"


def _normalise(name: str) -> str:
    """PEP 503 normal form of a distribution name: ``Font_Source-Serif.Pro`` → ``font-source-serif-pro``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_runtime() -> set[str]:
    """Normalised names of ``[project] dependencies`` in pyproject.toml (extras excluded)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", d).group(0)) for d in project["dependencies"]}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every absolute import in the Python file ``path`` (also those inside functions)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def undeclared_imports(files: list[Path], declared: set[str]) -> list[str]:
    """``file: module (distribution)`` for every third-party import whose distribution is not in ``declared``."""
    providers = importlib.metadata.packages_distributions()
    problems = []
    for path in files:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for module in sorted(imported_modules(path)):
            if module in sys.stdlib_module_names or module == "bookpress" or module == "__future__":
                continue
            distributions = {_normalise(d) for d in providers.get(module, [])}
            if not distributions:
                problems.append(f"{shown}: {module} (no installed distribution provides it)")
            elif not distributions & declared:
                problems.append(f"{shown}: {module} (from {', '.join(sorted(distributions))})")
    return problems


def test_every_import_is_a_declared_runtime_dependency():
    problems = undeclared_imports(sorted(PACKAGE.rglob("*.py")), declared_runtime())
    assert not problems, "bookpress imports distributions pyproject.toml does not declare as runtime " \
                         "dependencies:\n" + "\n".join(problems)


def test_the_check_finds_a_test_only_import(tmp_path):
    """The checker itself can fail: a module importing pytest (a test extra) is reported."""
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    import pytest\n    from hypothesis import given\n", encoding="utf-8")
    problems = undeclared_imports([planted], declared_runtime())
    assert any("pytest" in p for p in problems) and any("hypothesis" in p for p in problems)


def test_console_script_and_version_are_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["bookpress"] == "bookpress.cli:main"


#: The libraries the customer named for this project (the developers' guide): they stay runtime dependencies.
CUSTOMER_NAMED = {"ebooklib", "jinja2", "weasyprint", "lxml", "pyhyphen"}


def test_the_customer_named_libraries_are_declared_and_used():
    assert CUSTOMER_NAMED <= declared_runtime(), CUSTOMER_NAMED - declared_runtime()
    used = set().union(*(imported_modules(p) for p in PACKAGE.rglob("*.py")))
    assert {"ebooklib", "jinja2", "weasyprint", "lxml", "hyphen"} <= used
