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
