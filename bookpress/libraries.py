"""Importing WeasyPrint → its C libraries (Pango, HarfBuzz, fontconfig …) loaded without ~90 compiler processes.

WeasyPrint 70 loads each library by trying a list of names (``weasyprint/text/ffi.py``: ``libharfbuzz-0``,
``harfbuzz``, … ``libharfbuzz.so.0``). cffi hands every name without a dot to ``ctypes.util.find_library``, which
on Linux asks ``ldconfig -p`` and, failing that, runs ``gcc`` and ``ld`` to search the linker path: about 90
processes and 0.3 s of wall time in every build process (measured with strace), for names that are then not used
(the ``.so.0`` name further down the list is the one that loads). :func:`import_weasyprint` imports WeasyPrint with
``find_library`` answered from one ``ldconfig -p`` listing, which is ``find_library``'s own first step on glibc
systems (CPython ``Lib/ctypes/util.py``, ``_findSoname_ldconfig``). A library that is not in the ldconfig cache
(e.g. only on ``LD_LIBRARY_PATH``) is still found, by the full file name WeasyPrint tries after the short ones.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys


@functools.lru_cache(maxsize=1)
def _ldconfig_listing() -> str | None:
    """``ldconfig -p`` (the dynamic linker's cache, C locale), or ``None`` when it cannot be read."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
        if os.path.exists(ldconfig):
            try:
                return subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False,
                                      env={"LC_ALL": "C", "LANG": "C"}).stdout
            except OSError:
                return None
    return None


def _abi() -> str:
    """The ldconfig ABI tag of this interpreter (as CPython's ``ctypes.util`` computes it on Linux)."""
    machine = os.uname().machine + ("-64" if sys.maxsize > 2**32 else "-32")
    return {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
            "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")


def find_library(name: str) -> str | None:
    """``ctypes.util.find_library`` from the ldconfig cache only: the soname of ``lib<name>`` for this ABI, or
    ``None``."""
    listing = _ldconfig_listing()
    if listing is None:
        return None
    match = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(_abi())}", listing)
    return match.group(1) if match else None


def import_weasyprint():
    """Import WeasyPrint (once per process; later calls return the module) with the quick library lookup on Linux
    (see the module docstring); elsewhere a plain import."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux") or _ldconfig_listing() is None:
        import weasyprint

        return weasyprint
    import ctypes.util

    original = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint
