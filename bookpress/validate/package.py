"""Written EPUB file → refusal of any entry not stored under a normalised relative name, before any EPUBCheck.

OCF 3.3 §4.1.4 (https://www.w3.org/TR/epub-33/#sec-container-filenames): file names in the container are relative
paths in UTF-8, case-insensitively unique, with no empty, ``.`` or ``..`` segments; the ``mimetype`` file comes first
(§4.2.2). A machine path leaking into the package (``EPUB/images//home/…``) or a name that escapes the container
is refused here, with or without EPUBCheck.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from bookpress.errors import BookError

_FORBIDDEN = set('\\"*:<>?|\x7f') | {chr(c) for c in range(0x20)}


def package_problems(names: list[str]) -> list[str]:
    """Return one line per zip entry name in ``names`` that breaks the OCF file-name rules (empty = all good)."""
    problems, seen = [], {}
    if not names or names[0] != "mimetype":
        problems.append("the first entry is not 'mimetype'")
    for name in names:
        segments = name.split("/")
        if name.startswith("/") or any(s in ("", ".", "..") for s in segments[:-1]) or segments[-1] in (".", ".."):
            problems.append(f"{name!r}: not a normalised relative path")
        elif set(name) & _FORBIDDEN:
            problems.append(f"{name!r}: contains a character OCF forbids in file names")
        elif unicodedata.normalize("NFC", name) != name:
            problems.append(f"{name!r}: not in Unicode NFC")
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen and not name.endswith("/"):
            problems.append(f"{name!r}: same name as {seen[key]!r} (names must differ in more than case)")
        seen.setdefault(key, name)
    return problems


def check_package(epub: Path) -> None:
    """Raise :class:`BookError` when the EPUB at ``epub`` has an entry name :func:`package_problems` refuses."""
    with zipfile.ZipFile(epub) as archive:
        problems = package_problems(archive.namelist())
    if problems:
        raise BookError(f"the EPUB package has badly named files: {'; '.join(problems[:5])}", epub.name,
                        hint="figure and font paths must be plain relative paths inside source/")
