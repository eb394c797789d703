"""bookpress/libraries.py answers find_library like ctypes does for the libraries WeasyPrint loads, and the build's
WeasyPrint import starts no compiler (gcc/ld) to find them."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from bookpress.libraries import find_library

NAMES = ["gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "pangoft2-1.0", "c"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ldconfig cache is Linux's")
@pytest.mark.parametrize("name", NAMES)
def test_same_answer_as_ctypes(name):
    assert find_library(name) == ctypes.util.find_library(name) is not None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ldconfig cache is Linux's")
def test_import_starts_no_compiler(tmp_path):
    log = tmp_path / "calls"
    code = ("import subprocess, sys; calls = []\n"
            "original = subprocess.Popen.__init__\n"
            "def spy(self, args, *a, **k):\n"
            "    calls.append(str(args[0] if isinstance(args, (list, tuple)) else args)); original(self, args, *a, **k)\n"
            "subprocess.Popen.__init__ = spy\n"
            "from bookpress.libraries import import_weasyprint; import_weasyprint()\n"
            f"open({str(log)!r}, 'w').write('\\n'.join(calls))\n")
    subprocess.run([sys.executable, "-c", code], check=True)
    calls = log.read_text().split()
    assert calls and all("ldconfig" in call for call in calls), calls
