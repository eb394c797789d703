"""The supplied cover image: validated (format, colour mode, transparency, size, aspect, print resolution) with
book.toml:line; used as the EPUB's cover-image as supplied; drawn over trim + bleed in the cover PDF."""

from __future__ import annotations

import shutil

import pytest

from bookpress.config import load_config
from bookpress.cover import validate_cover
from bookpress.errors import BookError

from ..editions.conftest import NS, SOURCE
from .conftest import COVER_BORDER, edit, make_cover

MM = 72 / 25.4


@pytest.fixture
def source(tmp_path):
    copy = tmp_path / "source"
    shutil.copytree(SOURCE, copy)
    edit(copy / "book.toml", 'cover = ""', 'cover = "omslag.jpg"')
    return copy


def _refusal(source) -> BookError:
    with pytest.raises(BookError) as caught:
        validate_cover(load_config(source))
    error = caught.value
    lines = (source / "book.toml").read_text(encoding="utf-8").splitlines()
    assert error.path == source / "book.toml" and lines[error.line - 1].startswith('cover = "omslag')
    return error


def test_a_good_cover_is_accepted(source):
    make_cover(source / "omslag.jpg", quality=90)
    cover = validate_cover(load_config(source))
    assert (cover.media_type, cover.width_px, cover.height_px, cover.suffix) == ("image/jpeg", 2100, 2965, ".jpg")


def test_no_cover_means_a_generated_one():
    assert validate_cover(load_config(SOURCE)) is None


def test_missing_cover_file(source):
    assert "not found" in _refusal(source).message


def test_cmyk_cover_is_refused(source):
    make_cover(source / "omslag.jpg", mode="CMYK", quality=90)
    error = _refusal(source)
    assert "CMYK" in error.message and "sRGB" in error.hint


def test_transparent_cover_is_refused(source):
    edit(source / "book.toml", 'cover = "omslag.jpg"', 'cover = "omslag.png"')
    make_cover(source / "omslag.png", mode="RGBA")
    assert "transparency" in _refusal(source).message


def test_too_small_cover_is_refused(source):
    make_cover(source / "omslag.jpg", size=(1000, 1412), quality=90)
    error = _refusal(source)
    assert "1000 × 1412 px: too small" in error.message and "1400" in error.hint


def test_cover_with_another_aspect_is_refused(source):
    make_cover(source / "omslag.jpg", size=(1600, 2560), quality=90)  # a 5:8 e-book cover, not 170 × 240 mm
    error = _refusal(source)
    assert "aspect 0.625" in error.message and "0.708" in error.message and "1813 × 2560 px" in error.hint


def test_a_truncated_cover_is_refused(source):
    import weasyprint  # noqa: F401  (it makes Pillow accept truncated data process-wide; the check must not)

    make_cover(source / "omslag.jpg", quality=90)
    data = (source / "omslag.jpg").read_bytes()
    (source / "omslag.jpg").write_bytes(data[: len(data) // 2])
    assert "cannot be read as an image" in _refusal(source).message


def test_a_png_named_jpg_is_refused(source):
    make_cover(source / "omslag.jpg", format="PNG")
    assert "PNG file named .jpg" in _refusal(source).message


def test_cover_pdf_needs_300_ppi_over_trim_and_bleed(source):
    edit(source / "book.toml", "cover_pdf = false", "cover_pdf = true")
    make_cover(source / "omslag.jpg", size=(1600, 2259), quality=90)  # fine for the EPUB, 231 ppi in print
    error = _refusal(source)
    assert "too coarse for the cover PDF" in error.message and "2079 × 2906 px" in error.hint


def test_epub_carries_the_supplied_cover_unchanged(matter_epub, matter_source):
    items = {i.get("id"): i for i in matter_epub.opf.iterfind("opf:manifest/opf:item", NS)}
    cover = items["cover-image"]
    assert (cover.get("href"), cover.get("media-type"), cover.get("properties")) == (
        "images/cover.jpg", "image/jpeg", "cover-image")
    assert matter_epub.zip.read(matter_epub.base + "images/cover.jpg") == (matter_source / "omslag.jpg").read_bytes()
    page = matter_epub.document("text/cover.xhtml")
    assert page.find(".//x:img", NS).get("src") == "../images/cover.jpg"


def test_cover_pdf_is_the_image_over_trim_and_bleed(matter_built):
    import pypdfium2
    from pypdf import PdfReader

    path = matter_built.outputs["cover"]
    assert path.name == "cio-3-0-cover.pdf" and path.parent == matter_built.outputs["print"].parent
    page = PdfReader(path).pages[0]
    assert len(PdfReader(path).pages) == 1
    assert float(page.trimbox.width) == pytest.approx(170 * MM, abs=0.1)
    assert float(page.trimbox.height) == pytest.approx(240 * MM, abs=0.1)
    assert float(page.mediabox.width) == pytest.approx(176 * MM, abs=0.1)
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    middle = image.size[1] // 2
    assert image.getpixel((1, middle)) == pytest.approx(COVER_BORDER, abs=12)  # the art runs into the bleed
    assert image.getpixel((image.size[0] - 2, middle)) == pytest.approx(COVER_BORDER, abs=12)


def _profile(kind: str) -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile(kind)).tobytes()


def test_srgb_tagged_cover_is_accepted_other_profiles_refused(source):
    make_cover(source / "omslag.jpg", quality=90, icc_profile=_profile("sRGB"))
    assert validate_cover(load_config(source)).media_type == "image/jpeg"
    make_cover(source / "omslag.jpg", quality=90, icc_profile=_profile("LAB"))  # any profile that is not sRGB
    error = _refusal(source)
    assert "not sRGB" in error.message and "convert it to sRGB" in error.hint


def test_png_cover_goes_into_the_epub_as_png(png_cover_built, epubcheck):
    import zipfile

    from lxml import etree

    source, result = png_cover_built
    findings = epubcheck.findings(result.outputs["epub"])  # in the session's one EPUBCheck run
    assert findings == [], "\n".join(map(str, findings))
    with zipfile.ZipFile(result.outputs["epub"]) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        item = opf.find("opf:manifest/opf:item[@id='cover-image']", NS)
        assert (item.get("href"), item.get("media-type")) == ("images/cover.png", "image/png")
        assert archive.read("EPUB/images/cover.png") == (source / "omslag.png").read_bytes()
