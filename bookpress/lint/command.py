"""``python build.py check [--source source]`` → findings printed as ``file:line:col: ID message``, exit status.

Exit status 0 when the sources are clean, 1 when anything was found (or the book cannot be read).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bookpress.lint.check import check
from bookpress.lint.rules import RULES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``check`` options to ``parser``: ``--source`` (default ``source``) and ``--only`` (rule IDs)."""
    parser.add_argument("--source", type=Path, default=Path("source"), help="the book's source folder (default: source)")
    parser.add_argument("--only", metavar="ID", action="append", choices=sorted(RULES),
                        help="run only this rule (repeatable), e.g. --only L001")


def run(args: argparse.Namespace) -> int:
    """Lint ``args.source`` and print each finding on stdout; return 1 if there were any, else 0.

    Raises :class:`~bookpress.errors.BookError` when the source folder cannot be read (the CLI prints it).
    """
    findings = check(args.source, getattr(args, "only", None))
    for item in findings:
        print(item.format())
    summary = f"{len(findings)} finding(s)" if findings else "no findings"
    print(f"check: {summary} in {args.source}", file=sys.stderr)
    return 1 if findings else 0
