"""``python build.py import RAW.txt [--lang nl] [-o OUT.md] [--report]``: raw text file → Markdown file or stdout.

With ``--report`` every change is printed to stderr as ``line: before → after [rule]``, followed by the list of
uncertain decisions for a human to review. Exit status 0 on success; a :class:`BookError` (unreadable file, not
UTF-8, unknown language) is reported by the command line with exit status 1.
"""

from __future__ import annotations

import argparse
import sys
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


def run(args: argparse.Namespace) -> int:
    """Import ``args.raw``; write the Markdown to ``args.output`` or stdout; return the exit status (0)."""
    result = import_text(read_raw(args.raw), args.lang)
    if args.output:
        try:
            args.output.write_text(result.markdown, encoding="utf-8")
        except OSError as error:
            raise BookError(f"cannot write the Markdown: {error.strerror or error}", args.output,
                            hint="check that the folder exists and is writable") from None
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
