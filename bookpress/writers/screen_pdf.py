"""A laid-out press ``Document`` → the screen edition's drawing of the same pages: trim size, sRGB, the original art.

The two PDF editions share one layout (same HTML structure, fonts, measure and page geometry; see
:mod:`bookpress.render.print_html`). What differs is only how the pages are *drawn*:

- the press edition has the bleed around the trim, the screen edition the trim only;
- the press edition's colours are the design's ``device-cmyk()`` values (:mod:`bookpress.render.palette`), the
  screen edition's their sRGB counterparts;
- the press edition's art is converted to CMYK (:mod:`bookpress.render.press_art`,
  :mod:`bookpress.render.press_raster`), the screen edition shows the original files;
- the press document carries the output profile (PDF/X output intent), the screen document none.

So the screen PDF is written from the press layout inside :func:`drawn_for_screen`, which switches those four
things on WeasyPrint 70's laid-out ``Document`` for the duration of one ``write_pdf`` and restores them after: page
bleed (``Page.bleed``, ``PageBox.bleed``) zero, ``Stream.set_color`` mapping each palette CMYK colour to its sRGB
value, the replaced boxes' images swapped for the originals, ``Document.color_profiles`` empty. A CMYK colour that is
not in the palette (a book's own ``source/styles/print.css`` may name any ``device-cmyk()``) is converted to sRGB
through the press output profile (littleCMS via Pillow ``ImageCms``, relative colorimetric with black-point
compensation, as :mod:`bookpress.render.press_raster` converts the other way): the screen shows what the press
prints, as a colour-managed viewer shows the press PDF; without a profile it is an error. Laying the pages out once
instead of twice halves the print layout's cost.
WeasyPrint API: https://doc.courtbouillon.org/weasyprint/stable/api_reference.html
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bookpress.render.palette import PALETTE

_ZERO = {"top": 0, "right": 0, "bottom": 0, "left": 0}


def _screen_colours() -> dict[tuple[float, ...], tuple[float, float, float]]:
    """Palette CMYK (fractions, as WeasyPrint parses the press CSS) → sRGB (fractions)."""
    from tinycss2.color5 import parse_color

    out = {}
    for colour in PALETTE:
        press = parse_color(colour.css(press=True))
        screen = parse_color(colour.rgb)
        out[_rounded(press.coordinates)] = tuple(screen.to("srgb").coordinates)
    return out


def _rounded(values) -> tuple[float, ...]:
    return tuple(round(float(v), 4) for v in values)


class UnknownPressColour(ValueError):
    """A CMYK colour in the press layout that the palette does not pair with an sRGB colour (and no output profile
    was given to convert it)."""


def _profile_colours(profile: Path):
    """``cmyk (fractions) → sRGB (fractions)`` through the CMYK output ``profile`` (an ICC file), memoised."""
    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(ImageCms.getOpenProfile(str(profile)), ImageCms.createProfile("sRGB"),
                                        "CMYK", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    memo: dict[tuple[float, ...], tuple[float, float, float]] = {}

    def convert(cmyk: tuple[float, ...]) -> tuple[float, float, float]:
        if cmyk not in memo:
            pixel = Image.new("CMYK", (1, 1), tuple(round(min(1.0, max(0.0, v)) * 255) for v in cmyk))
            memo[cmyk] = tuple(v / 255 for v in ImageCms.applyTransform(pixel, transform).getpixel((0, 0)))
        return memo[cmyk]

    return convert


@contextmanager
def drawn_for_screen(document, art: dict[str, Path], profile: Path | None = None) -> Iterator[None]:
    """Within this context ``document`` (a laid-out WeasyPrint 70 ``Document`` of the *press* print HTML) draws
    as the screen edition: no bleed, sRGB palette colours, the original art, no output profile. ``art`` maps the
    ``src`` of each press ``<img>`` (a converted-art URL) to the original file in ``source/``; ``profile`` is the
    press output profile (CMYK ICC) that converts CMYK colours outside the palette to sRGB.

    Raises :class:`UnknownPressColour` (while writing) for a CMYK colour outside the palette when no ``profile`` is
    given; errors loading an original raise what WeasyPrint's image loader raises, ``PIL.ImageCms.PyCMSError`` a
    profile littleCMS cannot use. Not thread-safe (it patches WeasyPrint classes).
    """
    from tinycss2.color5 import Color
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf.stream import Stream

    colours = _screen_colours()
    convert = _profile_colours(profile) if profile is not None else None
    original_set_color = Stream.set_color
    original_bleed = boxes.PageBox.bleed

    def set_color(self, color, stroke=False):
        if color.space == "device-cmyk":
            rgb = colours.get(_rounded(color.coordinates))
            if rgb is None and convert is not None:
                rgb = convert(_rounded(color.coordinates))
            if rgb is None:
                raise UnknownPressColour(f"device-cmyk{tuple(color.coordinates)} has no screen colour in the "
                                         f"palette (bookpress/render/palette.py)")
            color = Color("srgb", rgb, color.alpha)
        return original_set_color(self, color, stroke)

    pages = [(page, page.bleed) for page in document.pages]
    profiles = document.color_profiles
    swapped = _swap_images(document, art, profile)
    Stream.set_color = set_color
    boxes.PageBox.bleed = property(lambda self: dict(_ZERO))
    document.color_profiles = {}
    for page, _ in pages:
        page.bleed = dict(_ZERO)
    try:
        yield
    finally:
        Stream.set_color = original_set_color
        boxes.PageBox.bleed = original_bleed
        document.color_profiles = profiles
        for page, bleed in pages:
            page.bleed = bleed
        for box, image in swapped:
            box.replacement = image


def _swap_images(document, art: dict[str, Path], profile: Path | None = None) -> list[tuple[object, object]]:
    """Give every replaced box whose ``src`` is a press-art URL the original image (CMYK raster art in sRGB, see
    :func:`_original_image`); return (box, press image)."""
    if not art:
        return []
    from weasyprint.formatting_structure import boxes

    loaded: dict[str, object] = {}
    swapped = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.ReplacedBox) or box.element is None:
                continue
            original = art.get(box.element.get("src") or "")
            if original is None:
                continue
            key = str(original)
            if key not in loaded:
                loaded[key] = _original_image(box.replacement, original, box.style["image_orientation"], profile)
            swapped.append((box, box.replacement))
            box.replacement = loaded[key]
    return swapped


def _original_image(press_image, path: Path, orientation, profile: Path | None = None):
    """WeasyPrint's image of the original art file ``path``, made like ``press_image`` (its SVG context, or its
    raster options). CMYK raster art (a JPEG the designer saved for print) is converted to sRGB for the screen — through
    its embedded ICC profile, else the press output ``profile`` (relative colorimetric with black-point compensation,
    Pillow ``ImageCms``) — so the screen PDF holds no DeviceCMYK image; without either it stays as it is."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.images import RasterImage, SVGImage

    data = path.read_bytes()
    url = path.as_uri()
    if isinstance(press_image, SVGImage):
        from xml.etree import ElementTree

        return SVGImage(ElementTree.fromstring(data), url, press_image._url_fetcher, press_image._context)
    if isinstance(press_image, RasterImage):
        import hashlib
        import io

        from PIL import Image

        options = {**DEFAULT_OPTIONS, "jpeg_quality": press_image._jpeg_quality, "dpi": press_image._dpi,
                   "optimize_images": press_image.optimize}
        image, filename = Image.open(io.BytesIO(data)), str(path)
        converted = _cmyk_to_srgb_jpeg(image, profile) if image.mode == "CMYK" else None
        if converted is not None:  # WeasyPrint copies a JPEG from its file when it has one: give it none
            data, filename = converted, None
            image = Image.open(io.BytesIO(data))
        return RasterImage(image, hashlib.md5(url.encode()).hexdigest(), data, filename,
                           press_image._cache, orientation, options)
    raise TypeError(f"unexpected image type {type(press_image).__name__} for {path}")


def _cmyk_to_srgb_jpeg(image, profile: Path | None) -> bytes | None:
    """A CMYK Pillow ``image`` → sRGB JPEG bytes (quality 95), through its embedded ICC profile or ``profile``;
    ``None`` when it has neither."""
    import io

    from PIL import ImageCms

    embedded = image.info.get("icc_profile")
    if embedded:
        source = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
    elif profile is not None:
        source = ImageCms.getOpenProfile(str(profile))
    else:
        return None
    rgb = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                    renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB",
                                    flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=95, dpi=image.info.get("dpi", (72, 72)))
    return out.getvalue()
