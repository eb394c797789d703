"""The command line imports only what the chosen sub-command needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from bookpress.cli import _parser
_parser({command!r}).parse_args({argv!r})
print(sorted({{m.split('.')[1] for m in sys.modules if m.startswith('bookpress.') and m.count('.') >= 1}}))
"""


def loaded(command, argv) -> str:
    return subprocess.run([sys.executable, "-c", PROBE.format(command=command, argv=argv)], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def test_build_does_not_import_importer_or_linter():
    modules = loaded("build", ["build", "--no-epubcheck"])
    assert "importer" not in modules and "lint" not in modules


def test_check_loads_the_linter_only():
    modules = loaded("check", ["check"])
    assert "lint" in modules and "importer" not in modules
