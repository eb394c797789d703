"""Command line: ``python build.py [build|import|check|doctor]`` (or the ``bookpress`` console script) → exit status.

- ``build`` (the default): ``source/`` → ``dist/`` (print PDF and EPUB), see :mod:`bookpress.build`.
- ``import RAW.txt``: raw PDF-extracted text → clean Markdown, see :mod:`bookpress.importer`.
- ``check``: lint ``source/``, see :mod:`bookpress.lint`.
- ``doctor``: what this machine has and lacks for a build, with the command that fixes each gap,
  see :mod:`bookpress.doctor`.

Every :class:`bookpress.errors.BookError` is printed as ``file:line: message`` with a hint, exit status 1;
never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bookpress.errors import BookError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=Path(sys.argv[0]).name or "bookpress",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command")

    build = commands.add_parser("build", help="build every edition from source/ into dist/ (the default)")
    _add_build_arguments(build)

    from bookpress.importer import command as import_command
    from bookpress.lint import command as check_command

    import_command.add_arguments(commands.add_parser("import", help="raw PDF-extracted text → clean Markdown"))
    check_command.add_arguments(commands.add_parser("check", help="lint the sources in source/"))
    doctor = commands.add_parser("doctor", help="check that this machine has everything the build needs")
    doctor.add_argument("--source", type=Path, default=Path("source"), help="the book's source folder")
    doctor.add_argument("--dist", type=Path, default=Path("dist"), help="output folder to check for write access")
    return parser


def _version() -> str:
    """The installed bookpress version (``pyproject.toml``), or ``unknown`` when running from an uninstalled copy."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bookpress")
    except PackageNotFoundError:
        return "unknown"


def _add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("source"), help="the book's source folder (default: source)")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="output folder (default: dist)")
    parser.add_argument("--edition", choices=["print", "epub"], action="append",
                        help="build only this edition (repeatable; default: all)")
    parser.add_argument("--no-epubcheck", action="store_true", help="skip EPUBCheck (faster drafts; CI never skips)")


def _configure_logging() -> None:
    """Progress lines from bookpress on stderr; bookpress warnings are listed once in the build summary instead;
    WeasyPrint only speaks for warnings (its INFO is a per-page progress log)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(lambda r: not (r.name.startswith("bookpress") and r.levelno >= logging.WARNING))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), run the command and return its exit status (0 = success)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")
    args = _parser().parse_args(argv)
    _configure_logging()
    try:
        if args.command == "build":
            from bookpress.build import build_command
            return build_command(args)
        if args.command == "import":
            from bookpress.importer import command as import_command
            return import_command.run(args)
        if args.command == "check":
            from bookpress.lint import command as check_command
            return check_command.run(args)
        if args.command == "doctor":
            from bookpress.doctor import doctor_command
            return doctor_command(args)
    except BookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # dist/ not writable, a file where a folder should be, a name too long …
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}\n  hint: check that the output folder can be written "
              f"(--dist) and the paths in book.toml", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; dist/ was left as it was", file=sys.stderr)
        return 130
    return 2
