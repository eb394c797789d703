"""ebooklib, the packager, also reads the finished EPUB back as a reading system would (a second real client beside
EPUBCheck): same title, language, spine and every manifest item."""

from __future__ import annotations

import warnings

from ebooklib import epub as ebooklib_epub

from .conftest import NS


def test_ebooklib_reads_the_epub_back(built, epub):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ebooklib's own deprecation notices about its reader options
        read = ebooklib_epub.read_epub(str(built.outputs["epub"]), {"ignore_ncx": True})
    assert read.get_metadata("DC", "title")[0][0] == epub.opf.findtext("opf:metadata/dc:title", namespaces=NS)
    assert read.get_metadata("DC", "language")[0][0] == epub.opf.findtext("opf:metadata/dc:language", namespaces=NS)
    spine = [r.get("idref") for r in epub.opf.iterfind("opf:spine/opf:itemref", NS)]
    assert [idref for idref, _linear in read.spine] == spine
    manifest = {i.get("href") for i in epub.opf.iterfind("opf:manifest/opf:item", NS)}
    assert manifest <= {item.file_name for item in read.get_items()}
