"""``check`` and the build read only regular files: a named pipe called ``*.md`` or a symlink to ``/dev/zero`` is an
error naming the file (exit 1), never a hang or a memory blow-up. Each case runs in a subprocess with a time limit,
so a regression fails instead of hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bookpress.errors import BookError
from bookpress.files import read_regular_bytes

ROOT = Path(__file__).resolve().parents[2]
BOOK_TOML = 'title = "T"\nlanguage = "nl"\n\n[contents]\nfront_matter = []\nchapters = ["hoofdstuk.md"]\n'


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    (source / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    (source / "hoofdstuk.md").write_text("# Titel\n\nTekst.\n", encoding="utf-8")
    return source


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)


@pytest.mark.parametrize("make", ["fifo", "dev-zero"])
def test_check_refuses_special_markdown_files(tmp_path: Path, make: str):
    source = _source(tmp_path)
    odd = source / "extra.md"
    if make == "fifo":
        os.mkfifo(odd)
    else:
        odd.symlink_to("/dev/zero")
    result = _run("check", "--source", str(source))
    assert result.returncode == 1
    assert "extra.md" in result.stderr and "not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["hoofdstuk.md", "book.toml"])
def test_reader_and_config_refuse_a_named_pipe(tmp_path: Path, name: str):
    from bookpress.config import load_config
    from bookpress.reader.markdown import read_part

    source = _source(tmp_path)
    (source / name).unlink()
    os.mkfifo(source / name)
    with pytest.raises(BookError, match="named pipe"):
        if name == "book.toml":
            load_config(source)
        else:
            read_part(source / name, "hoofdstuk", 1)


def test_read_regular_bytes_reads_a_regular_file_through_a_symlink(tmp_path: Path):
    (tmp_path / "a.md").write_bytes(b"tekst")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    assert read_regular_bytes(tmp_path / "b.md") == b"tekst"
    (tmp_path / "zero.md").symlink_to("/dev/zero")
    with pytest.raises(BookError, match="a device"):
        read_regular_bytes(tmp_path / "zero.md")


def test_a_line_of_unclosed_brackets_is_refused_quickly(tmp_path: Path):
    """100 KB of "![" on one line: an error naming the line, within the time limit (no quadratic parse)."""
    source = _source(tmp_path)
    (source / "hoofdstuk.md").write_text("# Titel\n\n" + "![" * 50000 + "\n", encoding="utf-8")
    result = _run("check", "--source", str(source))
    assert result.returncode == 1
    assert "hoofdstuk.md:3" in result.stderr + result.stdout and "'['" in result.stderr + result.stdout
