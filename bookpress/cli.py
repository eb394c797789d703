"""Command line: ``python build.py [build|import|check|doctor]`` (or the ``bookpress`` console script) → exit status.

- ``build`` (the default): ``source/`` → ``dist/`` (print PDF and EPUB), see :mod:`bookpress.build`.
- ``import RAW.txt``: raw PDF-extracted text → clean Markdown, see :mod:`bookpress.importer`.
- ``check``: lint ``source/``, see :mod:`bookpress.lint`.
- ``proof``: the built print PDF → typographic proof report, see :mod:`bookpress.proof`.
- ``watch``: build, then rebuild on every save, see :mod:`bookpress.watch`.
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


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from bookpress.importer import command

    command.add_arguments(parser)


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    from bookpress.lint import command

    command.add_arguments(parser)


def _proof_arguments(parser: argparse.ArgumentParser) -> None:
    from bookpress.proof import command

    command.add_arguments(parser)


def _watch_arguments(parser: argparse.ArgumentParser) -> None:
    from bookpress import watch

    watch.add_arguments(parser)


def _doctor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", type=Path, default=Path("source"), help="the book's source folder")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="output folder to check for write access")


#: Sub-commands: name → (help, function adding its options). Only the chosen one's options are loaded, so a build
#: does not import the importer and the linter (0.2 s and 12 MiB it does not need).
COMMANDS = {
    "build": ("build every edition from source/ into dist/ (the default)", lambda p: _add_build_arguments(p)),
    "import": ("raw PDF-extracted text → clean Markdown", _import_arguments),
    "check": ("lint the sources in source/", _check_arguments),
    "watch": ("build, then rebuild on every save (previews in dist/preview/, EPUBCheck in the background)",
              _watch_arguments),
    "doctor": ("check that this machine has everything the build needs", _doctor_arguments),
    "proof": ("typographic proof report of the built print PDF (widows, loose lines …, PNG crops)", _proof_arguments),
}


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; only ``command``'s own options are loaded (``None``: none, for the overview help)."""
    parser = argparse.ArgumentParser(prog=Path(sys.argv[0]).name or "bookpress",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command")
    for name, (help_text, add_arguments) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        if name == command:
            add_arguments(sub)
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
    parser.add_argument("--edition", choices=["print", "screen", "epub"], action="append",
                        help="build only this edition (repeatable; default: all): print = the press PDF (PDF/X-4), "
                             "screen = the tagged screen PDF (PDF/UA-1)")
    parser.add_argument("--release", action="store_true",
                        help="build for release: refuse (listing every reason) placeholder art, missing ISBN or "
                             "publisher, fallback fonts, check findings and preflight findings; default is a proof")
    parser.add_argument("--no-epubcheck", action="store_true", help="skip EPUBCheck (faster drafts; CI never skips)")
    parser.add_argument("--cache", type=Path, default=None,
                        help="build cache folder, outside source/ (default: .bookpress-cache beside --dist)")


def _configure_logging() -> None:
    """Progress lines from bookpress on stderr; bookpress warnings are listed once in the build summary instead;
    WeasyPrint only speaks for warnings (its INFO is a per-page progress log)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(lambda r: not (r.name.startswith("bookpress") and r.levelno >= logging.WARNING))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` (default ``sys.argv[1:]``), run the command and return its exit status (0 = success)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "build")
    args = _parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
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
        if args.command == "proof":
            from bookpress.proof import command as proof_command
            return proof_command.run(args)
        if args.command == "watch":
            from bookpress.watch import watch_command
            return watch_command(args)
        if args.command == "doctor":
            from bookpress.doctor import doctor_command
            return doctor_command(args)
    except BookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # dist/ not writable, a file where a folder should be, a name too long …
        where = f"{error.filename}: " if error.filename else f"writing {getattr(args, 'dist', 'the output')}: "
        print(f"error: {where}{error.strerror or error}\n  hint: check that the output folder can be written "
              f"(--dist) and the paths in book.toml", file=sys.stderr)
        return 1
    except ImportError as error:  # a dependency missing or damaged in this environment
        print(f"error: the Python package '{error.name or error}' is missing or damaged\n  hint: reinstall with "
              f"'{sys.executable} -m pip install -e .' (or ./setup.sh); 'python build.py doctor' lists what else "
              "is missing", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; dist/ was left as it was", file=sys.stderr)
        return 130
    return 2
