"""``python build.py check``: output lines, exit status, and a clear error instead of a traceback."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bookpress.errors import BookError
from bookpress.lint import command

BOOK_TOML = ('title = "Proef"\nlanguage = "nl"\nidentifier = "urn:uuid:6f1c2b4e-3a8d-4c55-9e0b-2d7a1f9c8e39"\n'
             '\n[[creators]]\nname = "Redactie"\nrole = "aut"\n'
             '\n[contents]\nfront_matter = []\nchapters = ["hoofdstuk.md"]\n')


def _run(source: Path, *extra: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.run(parser.parse_args(["--source", str(source), *extra]))


def _book(tmp_path: Path, text: str) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    (source / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    (source / "hoofdstuk.md").write_text(text, encoding="utf-8")
    return source


def test_clean_book_exits_0_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(_book(tmp_path, "# Titel\n\nDe organisatie is flexibel.\n")) == 0
    assert capsys.readouterr().out == ""


def test_findings_print_relative_paths_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _book(tmp_path, "# Titel\n\nDe  fl exibele orga- nisatie ■ zei \"ja\".\n")
    monkeypatch.chdir(tmp_path)
    assert _run(Path("source")) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines] == [
        ["source/hoofdstuk.md:3:3:", "L002"],
        ["source/hoofdstuk.md:3:5:", "L001"],
        ["source/hoofdstuk.md:3:16:", "L004"],
        ["source/hoofdstuk.md:3:30:", "L003"],
        ["source/hoofdstuk.md:3:36:", "L005"],
        ["source/hoofdstuk.md:3:39:", "L005"],
    ]


def test_only_selects_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _book(tmp_path, "# Titel\n\nDe  fl exibele.\n")
    assert _run(source, "--only", "L001") == 1
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["L001"]


def test_missing_book_toml_is_a_book_error(tmp_path: Path) -> None:
    with pytest.raises(BookError, match="book.toml is missing"):
        _run(tmp_path)


def test_bad_contents_is_a_book_error(tmp_path: Path) -> None:
    source = _book(tmp_path, "# Titel\n")
    (source / "book.toml").write_text('[contents]\nchapters = "hoofdstuk.md"\n', encoding="utf-8")
    with pytest.raises(BookError, match="contents.chapters must be a list"):
        _run(source)


def test_whole_source_is_fast(tmp_path: Path) -> None:
    import time

    paragraph = "De fl exibele organisatie heeft een behoeft e aan ICT-managers en hou- ding. " * 20
    source = _book(tmp_path, "# Titel\n\n" + "\n\n".join([paragraph] * 200) + "\n")
    start = time.process_time()  # CPU time of this process: other work on the machine does not count
    _run(source)
    assert time.process_time() - start < 2.0
