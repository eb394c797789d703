"""Incremental builds on the real book: what the cache saves must not change what is published."""

from __future__ import annotations

from pathlib import Path

from bookpress.build import build, default_cache
from bookpress.validate import epubcheck

ROOT = Path(__file__).resolve().parents[2]


def test_unchanged_epub_is_not_validated_again(built, tmp_path, monkeypatch):
    """The session build validated this content; the same book built again must not start a JVM."""
    def refuse(epub):
        raise AssertionError("EPUBCheck started for content that passed before")

    monkeypatch.setattr(epubcheck, "start_epubcheck", refuse)
    cache = default_cache(built.outputs["epub"].parent)
    result = build(ROOT / "source", tmp_path / "dist", ("epub",), epubcheck=True, cache_dir=cache)
    assert epubcheck.epub_digest(result.outputs["epub"]) == epubcheck.epub_digest(built.outputs["epub"])


def test_change_report_names_the_edited_epub_document(tmp_path):
    import json
    import shutil

    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    dist = tmp_path / "dist"
    first = build(source, dist, ("epub",), epubcheck=False)
    assert first.changes.epub.first_build
    chapter = source / "hoofdstuk-01.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("Airbnb", "Airbnb.com", 1), encoding="utf-8")
    second = build(source, dist, ("epub",), epubcheck=False)
    assert "EPUB/text/ch-1.xhtml" in second.changes.epub.changed
    assert not any("voorwoord" in name for name in second.changes.epub.changed)
    published = json.loads((dist / "cio-3-0-changes.json").read_text(encoding="utf-8"))
    assert "EPUB/text/ch-1.xhtml" in published["epub"]["changed"] and published["print"] is None
