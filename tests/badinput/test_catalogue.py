"""The bad-input catalogue: every case → exit status 1, a message naming the file (and line where there is one) with
a hint, no traceback, the previous ``dist/`` untouched and nothing written into ``source/``.

Cases run in-process through :func:`bookpress.cli.main` on a one-chapter book (fast: most fail before rendering), so
an uncaught exception fails the test with its traceback. Faults that need a separate process (a file-size limit, a
missing or broken Java, a missing font package) run ``build.py`` as a subprocess.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import stat
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from bookpress.cli import main
from tests.support.books import SMALL_CHAPTER, make_small_book

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "source"

CHAPTER = SMALL_CHAPTER

PREVIOUS = {"cio-3-0.pdf": b"previous pdf", "cio-3-0.epub": b"previous epub"}


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


@pytest.fixture
def small_book(tmp_path) -> Path:
    """A one-chapter book in ``tmp_path/source`` (:func:`tests.support.books.make_small_book`) and a ``dist/``
    holding a previous build."""
    source = make_small_book(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    for name, data in PREVIOUS.items():
        (dist / name).write_bytes(data)
    return source


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _text(s: Path, old: str, new: str) -> None:
    _edit(s / "hoofdstuk.md", old, new)


def _toml(s: Path, old: str, new: str) -> None:
    _edit(s / "book.toml", old, new)


def _art(s: Path, data: bytes, name: str = "fig.svg") -> None:
    (s / "figures" / name).write_bytes(data)
    if name != "fig.svg":
        _text(s, "figures/fig.svg", f"figures/{name}")


def _png(width: int, height: int, body: bytes = b"", truncate: int = 0) -> bytes:
    """A PNG of ``width`` × ``height`` grey pixels (``body`` = raw scanlines, default all zero), cut short by
    ``truncate`` bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = body or b"".join(b"\x00" + b"\x80" * width for _ in range(min(height, 64)))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return data[:-truncate] if truncate else data


def _valid_png() -> bytes:
    return _png(32, 32)


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (40, 40), (200, 200, 200)).save(out, "JPEG")
    return out.getvalue()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text>'
          '</svg>').encode()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">{}</svg>'


def _svg(inner: str) -> bytes:
    return SVG.format(inner).encode()


def _fifo(s: Path) -> None:
    (s / "figures" / "fig.svg").unlink()
    os.mkfifo(s / "figures" / "fig.svg")


def _symlink_dev_zero(s: Path) -> None:
    (s / "figures" / "fig.svg").unlink()
    (s / "figures" / "fig.svg").symlink_to("/dev/zero")


def _replace_chapter_with_folder(s: Path) -> None:
    (s / "hoofdstuk.md").unlink()
    (s / "hoofdstuk.md").mkdir()


# name → (damage(source), where the message points, what it says). ``where`` "hoofdstuk.md:" means with a line.
CASES = {
    # --- Markdown --------------------------------------------------------------------------------------------
    "control character": (lambda s: _text(s, "gewone tekst", "gewone\x0c tekst"), "hoofdstuk.md:5",
                          "control character"),
    "not UTF-8": (lambda s: (s / "hoofdstuk.md").write_bytes(CHAPTER.encode("cp1252") + "é".encode("latin-1")),
                  "hoofdstuk.md", "UTF-8"),
    "raw script": (lambda s: _text(s, "Een alinea", "<script>alert(1)</script>\n\nEen alinea"), "hoofdstuk.md:5",
                   "raw HTML"),
    "raw iframe inline": (lambda s: _text(s, "gewone tekst", 'gewone <iframe src="x"></iframe> tekst'),
                          "hoofdstuk.md:5", "raw HTML"),
    "unclosed callout": (lambda s: _text(s, "## Inleiding", "## Inleiding\n\n::: {.callout-note}\n## Kader"),
                         "hoofdstuk.md:5", "never closed"),
    "unknown callout type": (lambda s: _text(s, "## Inleiding", "## Inleiding\n\n::: {.callout-kader}\n## K\n\nT\n:::"),
                             "hoofdstuk.md:5", "unknown callout box type"),
    "text hidden behind a comment": (lambda s: _text(s, "\nEen alinea", "\n<!-- nb --> Een alinea"),
                                     "hoofdstuk.md:5", "raw HTML"),
    "unknown reference": (lambda s: _text(s, "@fig-kanteling laat", "@fig-nergens laat"), "hoofdstuk.md:9",
                          "unknown figure '@fig-nergens'"),
    "duplicate id": (lambda s: _text(s, "Zoals", "![Nog een](figures/fig.svg){#fig-kanteling fig-alt=\"x\"}\n\n"
                                              "Zoals"), "hoofdstuk.md:", "used twice"),
    "star the fonts cannot draw": (lambda s: _text(s, "gewone tekst", "gewone ★ tekst"), "hoofdstuk.md:5",
                                   "U+2605"),
    "Hebrew the fonts cannot draw": (lambda s: _text(s, "gewone tekst", "gewone שלום tekst"), "hoofdstuk.md:5",
                                     "HEBREW"),
    "ij digraph the fonts cannot draw": (lambda s: _text(s, "gewone tekst", "gewone \u0133s tekst"),
                                         "hoofdstuk.md:5", "U+0133"),
    "CJK in a caption": (lambda s: _text(s, "![Kanteling", "![漢字 Kanteling"), "hoofdstuk.md:7", "CJK"),
    "emoji in a heading": (lambda s: _text(s, "## Inleiding", "## Inleiding ☺"), "hoofdstuk.md:3", "U+263A"),
    "empty chapter": (lambda s: (s / "hoofdstuk.md").write_text("", "utf-8"), "hoofdstuk.md", "title"),
    "chapter is a folder": (_replace_chapter_with_folder, "hoofdstuk.md", "not found"),
    # --- art ---------------------------------------------------------------------------------------------------
    "missing figure file": (lambda s: (s / "figures" / "fig.svg").unlink(), "hoofdstuk.md:7", "not found"),
    "truncated PNG": (lambda s: _art(s, _png(64, 64, truncate=30), "fig.png"), "hoofdstuk.md:7", "damaged"),
    "truncated JPEG": (lambda s: _art(s, _jpeg()[:-200], "fig.jpg"), "hoofdstuk.md:7",
                     "damaged"),
    "900-megapixel PNG": (lambda s: _art(s, _png(30000, 30000, body=b"\x00" * 10), "fig.png"), "hoofdstuk.md:7",
                          "megapixels"),
    "empty PNG": (lambda s: _art(s, b"", "fig.png"), "hoofdstuk.md:7", "empty"),
    "GIF named .png": (lambda s: _art(s, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "fig.png"), "hoofdstuk.md:7",
                       "fig.png"),
    "PNG named .svg": (lambda s: _art(s, _valid_png()), "hoofdstuk.md:7", "not well-formed SVG"),
    "broken SVG": (lambda s: _art(s, b"<svg><broken"), "hoofdstuk.md:7", "not well-formed SVG"),
    "billion laughs SVG": (lambda s: _art(s, LAUGHS), "hoofdstuk.md:7", "DOCTYPE or entities"),
    "XXE SVG": (lambda s: _art(s, b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                 b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'),
                "hoofdstuk.md:7", "DOCTYPE or entities"),
    "SVG with script": (lambda s: _art(s, _svg("<script>alert(1)</script>")), "hoofdstuk.md:7", "<script>"),
    "SVG with onload": (lambda s: _art(s, _svg('<rect onload="alert(1)" width="1" height="1"/>')),
                        "hoofdstuk.md:7", "event handler"),
    "SVG with javascript link": (lambda s: _art(s, _svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>')),
                                 "hoofdstuk.md:7", "javascript"),
    "SVG with external image": (lambda s: _art(s, _svg('<image href="https://example.org/a.png" width="1" '
                                                      'height="1"/>')), "hoofdstuk.md:7", "links to"),
    "SVG with external style": (lambda s: _art(s, _svg('<style>@import url(http://example.org/a.css);</style>')),
                                "hoofdstuk.md:7", "external"),
    "SVG with foreignObject": (lambda s: _art(s, _svg('<foreignObject><p>x</p></foreignObject>')), "hoofdstuk.md:7",
                               "foreignObject"),
    "not SVG at all": (lambda s: _art(s, b'<html xmlns="http://www.w3.org/1999/xhtml"/>'), "hoofdstuk.md:7",
                       "not SVG"),
    "machine path": (lambda s: _text(s, "figures/fig.svg", str(s / "figures" / "fig.svg")), "hoofdstuk.md:7",
                     "machine path"),
    "path outside source": (lambda s: _text(s, "figures/fig.svg", "../outside.svg"), "hoofdstuk.md:7",
                            "figure file"),
    "named pipe": (_fifo, "hoofdstuk.md:7", "not found"),
    "symlink to /dev/zero": (_symlink_dev_zero, "hoofdstuk.md:7", "not found"),
    "format for no edition": (lambda s: _art(s, b"%PDF-1.4", "fig.pdf"), "hoofdstuk.md:7", "figure format"),
    # --- book.toml -------------------------------------------------------------------------------------------
    "bad TOML": (lambda s: _toml(s, 'language = "nl"', "language = nl"), "book.toml:", "not valid TOML"),
    "unknown top-level key": (lambda s: _toml(s, "year = 2016", "year = 2016\ncolour = 1"), "book.toml:",
                              "unknown key 'colour'"),
    "unknown key in [print]": (lambda s: _toml(s, "bleed_mm = 3", "bleed_mm = 3\nbleeding = 3"), "book.toml:",
                               "bleeding"),
    "wrong type": (lambda s: _toml(s, "trim_width_mm = 170", 'trim_width_mm = "170"'), "book.toml:", "must be"),
    "control character in the title": (lambda s: _toml(s, 'title = "CIO 3.0"', 'title = "CIO\\u0007 3.0"'),
                                       "book.toml:", "control character"),
    "star in the title": (lambda s: _toml(s, 'title = "CIO 3.0"', 'title = "CIO ★ 3.0"'), "book.toml", "U+2605"),
    "book.toml not UTF-8": (lambda s: (s / "book.toml").write_bytes(
        (s / "book.toml").read_bytes().replace(b"Het verschil", "Hét verschil".encode("latin-1"))), "book.toml",
        "UTF-8"),
    "no book.toml": (lambda s: (s / "book.toml").unlink(), "book.toml", "book.toml"),
    "bad language tag": (lambda s: _toml(s, 'language = "nl"', 'language = "Dutch!"'), "book.toml:", "BCP 47"),
    "missing title": (lambda s: _toml(s, 'title = "CIO 3.0"\n', ""), "book.toml", "title"),
    "chapter listed twice": (lambda s: _toml(s, 'chapters = ["hoofdstuk.md"]', 'chapters = ["hoofdstuk.md", '
                                                                            '"hoofdstuk.md"]'),
                             "book.toml", "twice"),
    "chapter outside source": (lambda s: _toml(s, 'chapters = ["hoofdstuk.md"]', 'chapters = ["../x.md"]'),
                               "book.toml", "outside"),
    "missing chapter file": (lambda s: _toml(s, 'chapters = ["hoofdstuk.md"]', 'chapters = ["nergens.md"]'),
                             "nergens.md", "not found"),
    "front-matter role of an unlisted file": (lambda s: _toml(s, 'foreword = "voorwoord.md"',
                                                            'foreword = "voorwoord-oud.md"'),
                                              "book.toml:", "not listed in contents.front_matter"),
    "reserved part name": (lambda s: (_toml(s, 'front_matter = ["voorwoord.md"', 'front_matter = ["nav.md"'),
                                      _toml(s, 'foreword = "voorwoord.md"', 'foreword = "nav.md"')),
                           "book.toml", "clashes"),
    "impossible page geometry": (lambda s: _toml(s, "trim_height_mm = 240", "trim_height_mm = 0"), "book.toml:",
                                 "positive number"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input(case, small_book, capsys):
    import weasyprint  # noqa: F401  (as in a watch session: its import makes Pillow lenient process-wide)

    damage, where, message = CASES[case]
    damage(small_book)
    before = _snapshot(small_book)
    status = main(["--source", str(small_book), "--dist", str(small_book.parent / "dist"), "--no-epubcheck"])
    err = capsys.readouterr().err
    assert status == 1, err
    assert "Traceback" not in err
    assert where in err and message in err, err
    if where.endswith(":"):  # a line number follows the file name
        assert err.split(where, 1)[1][:1].isdigit(), err
    assert "hint:" in err, err
    dist = small_book.parent / "dist"
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == PREVIOUS  # previous set intact, nothing left over
    assert _snapshot(small_book) == before  # nothing written into source/


def test_the_small_book_builds(small_book, capsys):
    """The catalogue's base book is good: every refusal above comes from its damage alone."""
    before = _snapshot(small_book)
    status = main(["--source", str(small_book), "--dist", str(small_book.parent / "dist"), "--no-epubcheck"])
    assert status == 0, capsys.readouterr().err
    dist = small_book.parent / "dist"
    assert (dist / "cio-3-0.pdf").read_bytes().startswith(b"%PDF-")  # the previous set is replaced
    assert (dist / "cio-3-0.epub").read_bytes().startswith(b"PK")
    assert _snapshot(small_book) == before  # a good build writes nothing into source/ either


# --- the output folder ------------------------------------------------------------------------------------------------

def test_output_inside_source(small_book, capsys):
    status = main(["--source", str(small_book), "--dist", str(small_book / "out"), "--no-epubcheck"])
    assert status == 1 and "inside the sources" in capsys.readouterr().err
    assert not (small_book / "out").exists()


def test_output_folder_is_a_file(small_book, capsys):
    blocked = small_book.parent / "blocked"
    blocked.write_text("a file")
    status = main(["--source", str(small_book), "--dist", str(blocked / "dist"), "--no-epubcheck"])
    err = capsys.readouterr().err
    assert status == 1 and "blocked" in err and "hint:" in err, err


# --- faults that need their own process -------------------------------------------------------------------------------

def _subprocess_build(source: Path, env: dict | None = None, preexec=None, epubcheck: bool = False,
                      python_prefix: str = "") -> subprocess.CompletedProcess:
    argv = ["--source", str(source), "--dist", str(source.parent / "dist")] + ([] if epubcheck else ["--no-epubcheck"])
    code = f"{python_prefix}import sys; from bookpress.cli import main; sys.exit(main({argv!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **(env or {})}, preexec_fn=preexec)


def _assert_refused(result: subprocess.CompletedProcess, source: Path, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert "hint:" in result.stderr
    dist = source.parent / "dist"
    assert {p.name: p.read_bytes() for p in dist.iterdir()} == PREVIOUS


def test_disk_full(small_book):
    """A file-size limit (``ulimit -f``) makes every write fail with EFBIG: the message names the output folder."""
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))  # noqa: E731
    result = _subprocess_build(small_book, preexec=limit)
    _assert_refused(result, small_book, "dist")


def test_missing_java(small_book, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    result = _subprocess_build(small_book, env={"PATH": str(bin_dir)}, epubcheck=True)
    _assert_refused(result, small_book, "Java", "default-jre-headless")


def test_broken_java(small_book, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = bin_dir / "java"
    java.write_text("#!/bin/sh\necho 'this is not a JVM'\nexit 3\n")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    result = _subprocess_build(small_book, env={"PATH": f"{bin_dir}:{os.environ['PATH']}"}, epubcheck=True)
    _assert_refused(result, small_book, "EPUBCheck")


def test_missing_font_package(small_book):
    result = _subprocess_build(small_book, python_prefix="import sys; sys.modules['font_source_serif_pro'] = None; ")
    _assert_refused(result, small_book, "font_source_serif_pro")


def test_catalogue_is_large_enough():
    assert len(CASES) + 7 >= 40
