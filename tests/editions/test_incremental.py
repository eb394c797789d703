"""Incremental builds on the real book: what the cache saves must not change what is published."""

from __future__ import annotations

from pathlib import Path

from bookpress.build import build, default_cache
from bookpress.validate import epubcheck

ROOT = Path(__file__).resolve().parents[2]


def test_unchanged_epub_is_not_validated_again(built, tmp_path, monkeypatch):
    """On the session build's cache: an EPUB-only rebuild lays out nothing (the cache has the page starts for the
    page list) and its EPUB, once passed, is remembered; the same book built again must not start a JVM and gives
    the same EPUB. (The first validator is a stand-in that passes: the real one runs once per session, fixture
    ``epubcheck``.)"""
    import shutil

    from bookpress.writers import pdf

    class Passed:
        def result(self):
            return []

        def cancel(self):
            pass

    def refuse(*args, **kwargs):
        raise AssertionError("EPUBCheck started for content that passed before, or the print edition laid out again")

    checked = []
    monkeypatch.setattr(epubcheck, "start_epubcheck", lambda epub: checked.append(epub) or Passed())
    monkeypatch.setattr(pdf, "write_pdf", refuse)
    monkeypatch.setattr(epubcheck, "start_validator", lambda: None)  # the warm JVM is tested in tests/speed
    cache = tmp_path / "cache"
    shutil.copytree(default_cache(built.outputs["epub"].parent), cache)
    first = build(ROOT / "source", tmp_path / "first", ("epub",), epubcheck=True, cache_dir=cache)
    assert len(checked) == 1, "the first build did not validate its EPUB"
    monkeypatch.setattr(epubcheck, "start_epubcheck", refuse)
    result = build(ROOT / "source", tmp_path / "dist", ("epub",), epubcheck=True, cache_dir=cache)
    assert epubcheck.epub_digest(result.outputs["epub"]) == epubcheck.epub_digest(first.outputs["epub"])
    assert epubcheck.epub_digest(first.outputs["epub"]) == epubcheck.epub_digest(built.outputs["epub"])


def test_incremental_epub_equals_a_clean_build_and_reports_the_edit(built, tmp_path, monkeypatch):
    """Edit one word: the rebuild lays out only the edited document (font usage cached per document), names it in
    the change report, and gives the same EPUB content as a build with an empty cache."""
    import json
    import shutil

    from bookpress.writers import font_subset

    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    warm = tmp_path / "cache"
    shutil.copytree(default_cache(built.outputs["epub"].parent), warm)
    dist = tmp_path / "dist"
    first = build(source, dist, ("epub",), epubcheck=False, cache_dir=warm)
    assert first.changes.epub.first_build
    chapter = source / "hoofdstuk-01.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("Airbnb", "Airbnb.com", 1), encoding="utf-8")
    laid_out = []
    original = font_subset.used_text
    monkeypatch.setattr(font_subset, "used_text", lambda docs, fetch: laid_out.extend(docs) or original(docs, fetch))
    from bookpress.writers import epub as epub_writer
    monkeypatch.setattr(epub_writer, "used_text", font_subset.used_text)
    second = build(source, dist, ("epub",), epubcheck=False, cache_dir=warm)
    assert len(laid_out) == 1 and "Airbnb.com" in laid_out[0], "only the edited document is laid out again"
    assert "EPUB/text/ch-1.xhtml" in second.changes.epub.changed
    assert not any("voorwoord" in name for name in second.changes.epub.changed)
    published = json.loads((dist / "cio-3-0-changes.json").read_text(encoding="utf-8"))
    assert "EPUB/text/ch-1.xhtml" in published["epub"]["changed"] and published["print"] is None
    clean = build(source, tmp_path / "clean", ("epub",), epubcheck=False, cache_dir=tmp_path / "empty-cache")
    assert epubcheck.epub_digest(clean.outputs["epub"]) == epubcheck.epub_digest(second.outputs["epub"])
