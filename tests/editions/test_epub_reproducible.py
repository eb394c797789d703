"""Two EPUB builds of the same sources are byte-identical; entries unzip as 0644; the date is the source date."""

from __future__ import annotations

import stat
import zipfile

from bookpress.build import build

from .conftest import NS, SOURCE


def test_two_builds_are_byte_identical(built, tmp_path, monkeypatch):
    """Both builds start from a copy of the session build's cache (its print layout gives the page list, so neither
    lays out the print edition again; that a cache-fed EPUB equals a clean one is ``test_incremental``'s)."""
    import shutil

    from bookpress.build import default_cache

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1466000000")  # 2016-06-15T14:13:20Z
    shutil.copytree(default_cache(built.outputs["epub"].parent), tmp_path / ".bookpress-cache")
    first = build(SOURCE, tmp_path / "a", ("epub",), epubcheck=False).outputs["epub"]
    second = build(SOURCE, tmp_path / "b", ("epub",), epubcheck=False).outputs["epub"]
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
        for info in infos:
            assert info.date_time == (2016, 6, 15, 14, 13, 20), info.filename
            assert stat.S_IMODE(info.external_attr >> 16) == 0o644, info.filename
        from lxml import etree

        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        modified = [m.text for m in opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == "dcterms:modified"]
        assert modified == ["2016-06-15T14:13:20Z"]


def test_print_pdf_is_byte_identical_across_builds(built, tmp_path):
    again = build(SOURCE, tmp_path / "dist", ("print",), epubcheck=False).outputs["print"]
    assert again.read_bytes() == built.outputs["print"].read_bytes()
