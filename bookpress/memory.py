"""A build stage's garbage → memory handed back to the system, so the next stage starts from a small process.

A long book's layouts are millions of small objects (WeasyPrint's box trees, Pango's runs, pikepdf's object handles)
that live in reference cycles and in glibc's heap; freed heap pages stay resident until glibc is told to return them.
The build's peak memory is the peak of one stage on top of what the stages before it left, so each heavy stage
(the PDF layouts, each PDF merge, the PDF/UA validator) starts after :func:`release_memory`.
"""

from __future__ import annotations

import ctypes
import functools
import gc


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim`` (``man 3 malloc_trim``), or ``None`` on a C library without it (musl, macOS).
    Looked up in the running process's own symbols: no ``ctypes.util.find_library`` (which starts ``ldconfig``)."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def release_memory(collect: bool = True) -> None:
    """Collect unreachable reference cycles (``gc.collect``; skipped with ``collect`` false, when the stage just
    ended made none, e.g. a run of a validator written in Rust) and return freed heap pages to the system (glibc
    ``malloc_trim(0)``: every arena's wholly free pages). A full collection costs ~0.1–0.3 s after an 800-page
    layout; nothing still in use is freed."""
    if collect:
        gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
