"""``python build.py import RAW.txt [--lang nl] [-o OUT.md [--force]] [--report]``: raw text file → Markdown file or
stdout. An existing OUT.md is replaced only with ``--force``; it is written atomically.

With ``--report`` every change is printed to stderr as ``line: before → after [rule]``, followed by the list of
uncertain decisions for a human to review. Exit status 0 on success; a :class:`BookError` (unreadable file, not
UTF-8, unknown language) is reported by the command line with exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bookpress.errors import BookError
from bookpress.importer.changes import Change
from bookpress.importer.lexicon import LANGUAGES
from bookpress.importer.pipeline import import_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the ``import`` command's arguments on ``parser``."""
    parser.add_argument("raw", type=Path, metavar="RAW.txt", help="UTF-8 text extracted from a PDF")
    parser.add_argument("--lang", default="nl", choices=LANGUAGES, help="language of the text (default: nl)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT.md", help="write here instead of stdout")
    parser.add_argument("--force", action="store_true", help="with -o: replace OUT.md if it exists")
    parser.add_argument("--report", action="store_true", help="print every change and the uncertain ones to stderr")


def read_raw(path: Path) -> str:
    """Read ``path`` as UTF-8; raise :class:`BookError` naming the file (and line) when that is impossible."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BookError(f"cannot read the raw text: {error.strerror or error}", path,
                        hint="check the path to the extracted text file") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise BookError(f"the file is not UTF-8 text (byte {error.start})", path, line,
                        hint="save the extracted text as UTF-8 and import it again") from None


def format_change(change: Change) -> str:
    """One report line: ``  12: fl exibele → flexibele [ligature]`` (``?`` marks an uncertain decision)."""
    mark = "" if change.certain else " ?"
    after = change.after if change.after else "(removed)"
    return f"{change.line:6}: {change.before} → {after} [{change.rule}]{mark}"


def write_output(path: Path, markdown: str, force: bool) -> None:
    """Write ``markdown`` to ``path`` atomically (a temporary file in the same folder, then a rename).

    Raises :class:`BookError` when ``path`` exists and ``force`` is False (an imported chapter is often edited by
    hand afterwards; replacing it must be asked for), when it is not a regular file, or when writing fails — the
    previous file is then left as it was and no temporary file remains.
    """
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise BookError("the output exists and is not a regular file", path, hint="choose another -o path")
        if not force:
            raise BookError("the output file exists; not overwritten", path,
                            hint="pass --force to replace it, or choose another -o path")
    temporary = None
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(markdown)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise BookError(f"cannot write the Markdown: {error.strerror or error}", path,
                        hint="check that the folder exists and is writable") from None


def run(args: argparse.Namespace) -> int:
    """Import ``args.raw``; write the Markdown to ``args.output`` (see :func:`write_output`) or stdout; return the
    exit status (0). Raises :class:`BookError` for unreadable input or an output that may not be written."""
    if args.output and args.output.exists() and not args.force:
        write_output(args.output, "", False)  # refuse before the (long) import
    result = import_text(read_raw(args.raw), args.lang)
    if args.output:
        write_output(args.output, result.markdown, args.force)
    else:
        sys.stdout.write(result.markdown)
    if args.report:
        err = sys.stderr
        print(f"{len(result.changes)} changes in {args.raw}:", file=err)
        for change in result.changes:
            print(format_change(change), file=err)
        print(f"\n{len(result.uncertain)} uncertain decisions to review:", file=err)
        for change in result.uncertain:
            print(format_change(change), file=err)
    return 0
