"""Raster figures in the press PDF (issue 7 item 2): converted to CMYK with the book's output profile (no DeviceRGB
image for the preflight to find), drawn at the same place and size; the screen PDF and the EPUB keep the sRGB
original. Measured on the small test book's raster figure (four patches: red, blue, grey, white)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms

from bookpress.render.print_html import DEFAULT_PROFILE
from bookpress.render.press_raster import press_raster
from bookpress.validate.preflight import preflight

from .conftest import PATCH_PX, PATCHES


def _images(path: Path) -> list[pikepdf.PdfImage]:
    with pikepdf.open(path) as pdf:
        seen, images = set(), []
        for page in pdf.pages:
            for image in page.get_images().values():
                if image.objgen not in seen:
                    seen.add(image.objgen)
                    images.append(pikepdf.PdfImage(image).as_pil_image())
        return images


def _centres():
    quarter = PATCH_PX // 4
    return {"red": (quarter, quarter), "blue": (3 * quarter, quarter), "grey": (quarter, 3 * quarter),
            "white": (3 * quarter, 3 * quarter)}


def test_press_pdf_has_no_rgb_image_and_passes_the_preflight(page_tops):
    findings = preflight(page_tops.outputs["print"], 3)
    assert not findings, "\n".join(map(str, findings))
    images = _images(page_tops.outputs["print"])
    assert images and all(image.mode == "CMYK" for image in images), [image.mode for image in images]


def test_press_image_colours_are_the_output_profiles_conversion(page_tops):
    """Each patch holds what littlecms makes of its sRGB colour with the output profile (relative colorimetric,
    black-point compensation; ±3 of 255 for JPEG), white paper stays without ink."""
    image = _images(page_tops.outputs["print"])[0]
    transform = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(DEFAULT_PROFILE)),
                                        "RGB", "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    for name, xy in _centres().items():
        expected = ImageCms.applyTransform(Image.new("RGB", (1, 1), PATCHES[name]), transform).getpixel((0, 0))
        got = image.getpixel(xy)
        assert all(abs(a - b) <= 3 for a, b in zip(got, expected)), f"{name}: {got} != {expected}"
    assert image.getpixel(_centres()["white"]) == (0, 0, 0, 0)
    assert image.getpixel(_centres()["red"])[1] > 200 and image.getpixel(_centres()["red"])[0] < 20  # magenta, no cyan


def test_screen_pdf_and_epub_keep_the_srgb_original(page_tops):
    images = _images(page_tops.outputs["screen"])
    assert images and all(image.mode == "RGB" for image in images)
    assert images[0].getpixel(_centres()["red"]) == PATCHES["red"]
    original = (page_tops.source / "figures" / "vlakken.png").read_bytes()
    with zipfile.ZipFile(page_tops.outputs["epub"]) as epub:
        stored = [epub.read(n) for n in epub.namelist() if n.endswith("vlakken.png")]
    assert stored == [original]


def test_press_image_is_drawn_where_the_screen_image_is(page_tops):
    from .page_tops import drawn

    press = [r for page in drawn(page_tops.outputs["print"]) for r in page["images"]]
    screen = [r for page in drawn(page_tops.outputs["screen"]) for r in page["images"]]
    assert len(press) == len(screen) == 2
    for a, b in zip(press, screen):
        assert (a.left, a.top, a.right, a.bottom) == pytest.approx((b.left, b.top, b.right, b.bottom), abs=0.05)


def test_conversion_of_other_image_kinds(tmp_path, monkeypatch):
    """Alpha is flattened on white paper, greyscale stays grey (one plate), a CMYK JPEG is used as it is, and a
    converted file is reused (cache) while a changed image gets a new one. (Converted into this test's own folder:
    outside a build they go to a machine-wide temporary folder keyed by the image, not the code, so an earlier
    run's file would hide a broken conversion.)"""
    from bookpress.render import press_raster as press_raster_module

    monkeypatch.setattr(press_raster_module, "folder", lambda: tmp_path / "press-art")
    rgba = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    rgba.paste((200, 30, 30, 255), (0, 0, 10, 20))
    rgba.save(tmp_path / "alpha.png")
    out = press_raster(tmp_path / "alpha.png", DEFAULT_PROFILE)
    converted = Image.open(out)
    assert converted.mode == "CMYK" and converted.getpixel((15, 10)) == (0, 0, 0, 0)
    assert converted.getpixel((5, 10))[1] > 200
    assert press_raster(tmp_path / "alpha.png", DEFAULT_PROFILE) == out
    Image.new("LA", (8, 8), (90, 255)).save(tmp_path / "grey.png")
    assert Image.open(press_raster(tmp_path / "grey.png", DEFAULT_PROFILE)).mode == "L"
    Image.new("CMYK", (8, 8), (10, 20, 30, 40)).save(tmp_path / "cmyk.jpg", quality=95)
    assert press_raster(tmp_path / "cmyk.jpg", DEFAULT_PROFILE) == tmp_path / "cmyk.jpg"
    Image.new("RGB", (20, 20), (200, 30, 30)).save(tmp_path / "alpha.png")
    assert press_raster(tmp_path / "alpha.png", DEFAULT_PROFILE) != out


def test_separations_of_the_raster_figure(page_tops, tmp_path):
    """Ghostscript's tiffsep separates the figure's page: each patch puts on each plate the ink its CMYK value says
    (±3 %), the white patch none — the JPEG's inverted Adobe CMYK is decoded the right way round."""
    import shutil
    import subprocess

    from .page_tops import drawn

    gs = shutil.which("gs")
    assert gs, "Ghostscript (gs) is missing: run ./setup.sh (SYSTEM_PACKAGES has ghostscript)"
    path = page_tops.outputs["print"]
    number, rect = next((n, page["images"][0]) for n, page in enumerate(drawn(path), 1) if page["images"])
    subprocess.run([gs, "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", "-r40", f"-dFirstPage={number}",
                    f"-dLastPage={number}", f"-sOutputFile={tmp_path}/sep.tif", str(path)],
                   check=True, capture_output=True, timeout=120)
    image = _images(path)[0]
    bleed, dpmm = 3, 40 / 25.4
    for index, plate in enumerate(("Cyan", "Magenta", "Yellow", "Black")):
        separation = Image.open(tmp_path / f"sep({plate}).tif").convert("L")
        for name, (x, y) in _centres().items():
            x_mm = bleed + rect.left + (rect.right - rect.left) * x / PATCH_PX
            y_mm = bleed + rect.top + (rect.bottom - rect.top) * y / PATCH_PX
            ink = (255 - separation.getpixel((int(x_mm * dpmm), int(y_mm * dpmm)))) / 2.55
            assert ink == pytest.approx(image.getpixel((x, y))[index] / 2.55, abs=3), f"{name} on the {plate} plate"
