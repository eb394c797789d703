"""Raster figure (PNG, JPEG, TIFF … in any Pillow mode, sRGB or with its own ICC profile) → the file the press
edition draws: a CMYK JPEG converted with the book's output profile, or a greyscale PNG.

PDF/X-4 with a CMYK output intent allows no DeviceRGB image (ISO 15930-7 §6.2.4; our preflight refuses it), and
WeasyPrint 70 writes every RGB image as DeviceRGB and a CMYK image only from a JPEG (``weasyprint/images.py``:
other formats are re-encoded as PNG, which has no CMYK). So for the press:

- colour images (RGB, palette, with or without alpha) are flattened on white paper (the page they print on),
  converted from their embedded ICC profile (sRGB when they have none) to the output profile with littlecms
  (Pillow ``ImageCms``, relative colorimetric with black-point compensation, the usual intent for press
  conversion), and written as a CMYK JPEG at quality :data:`JPEG_QUALITY` without chroma subsampling;
- greyscale images (1-bit, 8/16-bit grey, grey + alpha) become an 8-bit greyscale PNG on white: DeviceGray prints
  on the black plate only;
- a CMYK JPEG is used as it is (already separated for a press).

EXIF orientation is applied first (WeasyPrint would otherwise rotate the original, and the new file has no EXIF).
The screen PDF and the EPUB keep the original file. Converted files are kept in the build cache (kind
``press-art``, keyed by the image bytes, the profile bytes and :data:`VERSION`), or in a temporary folder when no
cache is active, so an unchanged figure is converted once.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from bookpress import cache

#: bump when the conversion changes (the cache key includes it)
VERSION = "1"
#: JPEG quality of converted images (95, 4:4:4: no visible loss at 300 ppi on coated paper)
JPEG_QUALITY = 95
_GREY_MODES = {"1", "L", "LA", "La", "I", "I;16", "I;16L", "I;16B", "I;16N", "F"}


def folder() -> Path:
    """The folder converted press images are written to (the active build cache's ``press-art`` kind, else a
    temporary folder); the press edition's URL fetcher must allow it."""
    active = cache.active().path("press-art")
    return Path(active) if active is not None else Path(tempfile.gettempdir()) / "bookpress-press-art"


def press_raster(path: Path, profile: Path) -> Path:
    """The file the press edition should draw for the raster image at ``path``: ``path`` itself for a CMYK JPEG,
    else a converted file in :func:`folder` (see the module docstring).

    Raises ``OSError`` when the image or the profile cannot be read (the build's art check has decoded every
    figure before this runs), ``PIL.ImageCms.PyCMSError`` for an embedded profile littlecms cannot use.
    """
    data = Path(path).read_bytes()
    key = hashlib.sha256(b"%s\0%s\0%s" % (VERSION.encode(), hashlib.sha256(data).hexdigest().encode(),
                                         _profile_digest(str(profile)).encode())).hexdigest()
    target_folder = folder()
    for suffix in (".jpg", ".png"):
        done = target_folder / f"{key}{suffix}"
        if done.is_file():
            return done
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.mode == "CMYK" and image.format == "JPEG":
            return Path(path)
        image = ImageOps.exif_transpose(image)
        if image.mode in _GREY_MODES:
            converted, suffix, options = _grey(image), ".png", {"optimize": False}
        else:
            converted, suffix = _cmyk(image, profile), ".jpg"
            options = {"quality": JPEG_QUALITY, "subsampling": 0}
        dpi = image.info.get("dpi")
        if dpi:
            options["dpi"] = dpi
    buffer = io.BytesIO()
    converted.save(buffer, format="JPEG" if suffix == ".jpg" else "PNG", **options)
    return _write(target_folder / f"{key}{suffix}", buffer.getvalue())


def _grey(image):
    from PIL import Image

    if image.mode in ("LA", "La"):
        paper = Image.new("L", image.size, 255)
        paper.paste(image.convert("L"), mask=image.getchannel("A"))
        return paper
    if image.mode.startswith("I") or image.mode == "F":
        return image.point(lambda v: v / 256).convert("L") if image.mode.startswith("I;16") else image.convert("L")
    return image.convert("L")


def _cmyk(image, profile: Path):
    from PIL import Image, ImageCms

    embedded = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA", "RGBa") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", image.size, (255, 255, 255))
        paper.paste(rgba.convert("RGB"), mask=rgba.getchannel("A"))
        rgb = paper
    else:
        rgb = image.convert("RGB")
    source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded else ImageCms.createProfile("sRGB")
    return ImageCms.profileToProfile(rgb, source, ImageCms.getOpenProfile(str(profile)),
                                     renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="CMYK",
                                     flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


@lru_cache(maxsize=4)
def _profile_digest(profile: str) -> str:
    return hashlib.sha256(Path(profile).read_bytes()).hexdigest()


def _write(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (temporary file + rename), creating the folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
