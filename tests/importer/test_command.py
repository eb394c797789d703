"""The ``import`` command: files in and out, the report on stderr, and errors as BookError (exit 1), never a trace."""

from __future__ import annotations

from pathlib import Path

from bookpress.cli import main


def test_writes_markdown_and_report(tmp_path: Path, capsys):
    raw = tmp_path / "raw.txt"
    raw.write_text("De fl exibele aanpak van de be-\nlangen.\n", encoding="utf-8")
    out = tmp_path / "out.md"
    assert main(["import", str(raw), "-o", str(out), "--report"]) == 0
    assert out.read_text(encoding="utf-8") == "De flexibele aanpak van de belangen.\n"
    err = capsys.readouterr().err
    assert "fl exibele → flexibele [ligature]" in err
    assert "be-|langen. → belangen. [hyphen-joined]" in err


def test_stdout_and_language(tmp_path: Path, capsys):
    raw = tmp_path / "raw.txt"
    raw.write_text("The signifi cant eff ects.\n", encoding="utf-8")
    assert main(["import", str(raw), "--lang", "en"]) == 0
    assert capsys.readouterr().out == "The significant effects.\n"


def test_missing_and_non_utf8_files_are_book_errors(tmp_path: Path, capsys):
    assert main(["import", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"goed\nfl\xe9xibel\n")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt:2:" in err and "UTF-8" in err and "Traceback" not in err


def test_output_is_not_overwritten_without_force(tmp_path: Path, capsys):
    raw = tmp_path / "raw.txt"
    raw.write_text("De be-\nlangen.\n", encoding="utf-8")
    out = tmp_path / "hoofdstuk.md"
    out.write_text("Met de hand bewerkt.\n", encoding="utf-8")
    assert main(["import", str(raw), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "hoofdstuk.md" in err and "--force" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "Met de hand bewerkt.\n"
    assert main(["import", str(raw), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == "De belangen.\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["hoofdstuk.md", "raw.txt"]


def test_output_that_is_a_folder_is_refused_even_with_force(tmp_path: Path, capsys):
    raw = tmp_path / "raw.txt"
    raw.write_text("Tekst.\n", encoding="utf-8")
    (tmp_path / "map.md").mkdir()
    assert main(["import", str(raw), "-o", str(tmp_path / "map.md"), "--force"]) == 1
    assert "not a regular file" in capsys.readouterr().err
