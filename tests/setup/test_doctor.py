"""``build.py doctor`` and the build's own environment check: every requirement named, each gap with its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bookpress import doctor
from bookpress.build import build
from bookpress.errors import BookError

ROOT = Path(__file__).resolve().parents[2]


def test_doctor_reports_every_requirement_ok_on_this_machine(tmp_path):
    done = subprocess.run([sys.executable, "build.py", "doctor", "--dist", str(tmp_path / "dist")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in ("Python:", "Python packages:", "Pango:", "HarfBuzz-Subset:", "Java:", "EPUBCheck:", "Fonts:",
                 "Hyphenation (nl):", "Output folder:"):
        assert any(line.startswith("ok") and name in line for line in lines), (name, done.stdout)
    assert "Traceback" not in done.stderr


def _without_harfbuzz_subset(monkeypatch):
    real = doctor.load_library

    def fake(*names):
        return None if any("harfbuzz-subset" in n for n in names) else real(*names)

    monkeypatch.setattr(doctor, "load_library", fake)


def test_doctor_names_a_missing_harfbuzz_subset_and_its_fix(monkeypatch, capsys, tmp_path):
    _without_harfbuzz_subset(monkeypatch)

    class Args:
        source, dist = ROOT / "source", tmp_path

    assert doctor.doctor_command(Args()) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "HarfBuzz-Subset" in line)
    assert line.startswith("MISSING")
    assert "apt-get install -y libharfbuzz-subset0" in out


def test_build_stops_with_the_fix_before_loading_weasyprint(monkeypatch, tmp_path):
    _without_harfbuzz_subset(monkeypatch)
    with pytest.raises(BookError) as caught:
        build(ROOT / "source", tmp_path / "dist", epubcheck=False)
    assert "HarfBuzz-Subset" in str(caught.value) and "libharfbuzz-subset0" in str(caught.value)
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_doctor_names_a_missing_java_and_an_unwritable_output(monkeypatch, tmp_path):
    monkeypatch.setattr(doctor.shutil, "which", lambda name: None)
    java = doctor.check_java()
    assert not java.ok and "default-jre-headless" in java.fix
    blocked = tmp_path / "dist"
    blocked.write_text("a file where the output folder should be")
    output = doctor.check_output(blocked / "sub")
    assert not output.ok


def test_missing_hyphenation_patterns_are_named():
    check = doctor.check_hyphenation("xx")
    assert not check.ok and "xx" in check.detail


def test_version_option():
    done = subprocess.run([sys.executable, "build.py", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.split()[-1][0].isdigit(), done.stdout + done.stderr


def test_doctor_checks_the_fonts_book_toml_chooses(tmp_path):
    import shutil

    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    toml = source / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('text = "Source Serif Pro"', 'text = "Garamond Nope"'),
                    encoding="utf-8")
    check = doctor.check_fonts(source)
    assert not check.ok and "Garamond Nope" in check.detail, check
    assert doctor.check_fonts(ROOT / "source").ok
