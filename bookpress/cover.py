"""``book.toml cover`` (a front-cover image in ``source/``) → a validated :class:`bookpress.model.CoverImage`.

The same image is the EPUB's ``cover-image`` (EPUB 3.3 §5.6.5, manifest property ``cover-image``) and, with
``[print] cover_pdf = true``, the artwork of ``dist/<name>-cover.pdf``. Retailers and reading systems set the limits
checked here: a JPEG or PNG (EPUB 3.3 core media types), RGB or greyscale without transparency and in sRGB (CMYK
JPEGs show wrong colours or not at all in reading systems), at least 1400 px on the short side (Apple Books'
minimum), at most 10 000 px on the long side (Amazon KDP's maximum), and the trim's aspect ratio within 1 %, so
the e-book cover and the printed one are one design. A cover PDF needs 300 ppi over the trim plus bleed. The
image is read with Pillow (header and colour profile only; nothing is re-encoded).
"""

from __future__ import annotations

from pathlib import Path

from bookpress.config import Config, line_of
from bookpress.errors import BookError
from bookpress.model import CoverImage

#: File formats both EPUB 3 core media types and WeasyPrint support, by Pillow's format name.
FORMATS = {"JPEG": ("image/jpeg", (".jpg", ".jpeg")), "PNG": ("image/png", (".png",))}
MIN_SHORT_SIDE_PX = 1400
MAX_LONG_SIDE_PX = 10_000
ASPECT_TOLERANCE = 0.01
PRINT_PPI = 300


def validate_cover(config: Config) -> CoverImage | None:
    """The book's cover image, checked; ``None`` when ``book.toml`` names none (the EPUB cover is then generated).

    Raises :class:`BookError` naming ``book.toml`` and the ``cover`` line, with the measured values and what to
    do, for a missing file, a file outside ``source/``, another format, a colour mode other than RGB/greyscale,
    transparency, a non-sRGB colour profile, too few or too many pixels, an aspect ratio that is not the trim's,
    or (with ``[print] cover_pdf``) less than 300 ppi over trim + bleed.
    """
    if not config.cover:
        return None
    from PIL import Image, ImageCms, UnidentifiedImageError

    from bookpress.validate.art import strict_decoding

    source = config.source_dir.resolve()
    path = (source / config.cover).resolve()
    line = line_of(config, "cover")

    def fail(message: str, hint: str) -> None:
        raise BookError(f"cover image '{config.cover}' {message}", config.config_path, line, hint=hint)

    if source not in path.parents:
        fail("lies outside the source folder", "keep the cover inside source/, e.g. source/omslag.jpg")
    if not path.is_file():
        fail("not found", f"put the file in {config.source_dir} or fix cover in book.toml")
    try:
        with Image.open(path) as image:
            image.verify()
        with strict_decoding(), Image.open(path) as image:
            image.load()  # decode every pixel: verify() alone passes a truncated JPEG
            kind, mode, (width, height) = image.format, image.mode, image.size
            profile = image.info.get("icc_profile")
            transparent = "transparency" in image.info
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        fail(f"cannot be read as an image ({error})", "export it again as JPEG or PNG")
    if kind not in FORMATS:
        fail(f"is {kind}, not JPEG or PNG", "export the cover as JPEG (photographic) or PNG")
    media_type, suffixes = FORMATS[kind]
    if path.suffix.lower() not in suffixes:
        fail(f"is a {kind} file named {path.suffix}", f"rename it to {suffixes[0]}")
    if mode == "CMYK":
        fail("is CMYK", "export an sRGB version for the EPUB (reading systems show CMYK JPEGs wrongly)")
    if mode in ("RGBA", "LA", "PA") or transparent:
        fail("has transparency", "flatten it onto its background and export without alpha channel")
    if mode not in ("RGB", "L"):
        fail(f"has colour mode {mode}", "export it as 8-bit RGB (sRGB) or greyscale")
    if profile:
        try:
            import io

            name = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile))).strip()
        except (OSError, ImageCms.PyCMSError):
            name = "an unreadable profile"
        if mode == "RGB" and "srgb" not in name.lower().replace(" ", "").replace("-", ""):
            fail(f"is in {name}, not sRGB", "convert it to sRGB (reading systems ignore other profiles)")
    if min(width, height) < MIN_SHORT_SIDE_PX:
        fail(f"is {width} × {height} px: too small", f"supply at least {MIN_SHORT_SIDE_PX} px on the short side "
                                                    "(Apple Books' minimum); 1600 × 2400 px is usual")
    if max(width, height) > MAX_LONG_SIDE_PX:
        fail(f"is {width} × {height} px: too large", f"keep the long side at most {MAX_LONG_SIDE_PX} px")
    p = config.print
    trim = p.trim_width_mm / p.trim_height_mm
    if abs(width / height - trim) > ASPECT_TOLERANCE * trim:
        fail(f"is {width} × {height} px (aspect {width / height:.3f}), not the trim's {p.trim_width_mm:g} × "
             f"{p.trim_height_mm:g} mm (aspect {trim:.3f})",
             f"crop it to the trim's proportions, e.g. {round(height * trim)} × {height} px")
    if p.cover_pdf:  # the image is scaled to cover trim + bleed: its effective resolution there
        bleed_w, bleed_h = (p.trim_width_mm + 2 * p.bleed_mm) / 25.4, (p.trim_height_mm + 2 * p.bleed_mm) / 25.4
        ppi = min(width / bleed_w, height / bleed_h)
        if ppi < PRINT_PPI - 0.5:
            fail(f"has {ppi:.0f} ppi over trim + bleed: too coarse for the cover PDF",
                 f"supply at least {round(bleed_w * PRINT_PPI)} × {round(bleed_h * PRINT_PPI)} px ({PRINT_PPI} ppi), "
                 "or set [print] cover_pdf = false")
    return CoverImage(config.cover, path, media_type, width, height)
