"""The book design's colours, each as a screen (sRGB) and a press (CMYK) value, → CSS custom properties per edition.

The press values are set in the design, not computed: text greys and black are K only (one plate, nothing to
misregister); the accent and the callout tint are CMYK mixes close to the screen colours when printed on coated
paper (checked against FOGRA39 with littlecms). ``styles/print.css`` uses only ``var(--name)`` colours; the press
edition writes them as ``device-cmyk()`` (CSS Color 5 §4, supported by WeasyPrint), the screen edition as hex.

SVG art is converted the same way for the press (:func:`cmyk_for_rgb`): neutral greys become K only, other colours
go through the press profile (sRGB → output profile, relative colorimetric, littlecms via Pillow ``ImageCms``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Colour:
    """A design colour: ``rgb`` as ``#rrggbb``, ``cmyk`` as percentages (C, M, Y, K), 0–100."""

    name: str
    rgb: str
    cmyk: tuple[int, int, int, int]

    def css(self, press: bool) -> str:
        """The CSS value for the press (``device-cmyk(c m y k)``, fractions) or the screen (``#rrggbb``)."""
        if not press:
            return self.rgb
        return "device-cmyk({})".format(" ".join(_fraction(v) for v in self.cmyk))


def _fraction(percent: float) -> str:
    return f"{percent / 100:.3f}".rstrip("0").rstrip(".") or "0"


#: every colour the print design uses (names as in styles/print.css)
PALETTE: tuple[Colour, ...] = (
    Colour("ink", "#111111", (0, 0, 0, 100)),          # running text, headings in black
    Colour("ink-caption", "#222222", (0, 0, 0, 90)),   # captions
    Colour("ink-soft", "#333333", (0, 0, 0, 85)),      # colophon
    Colour("grey", "#5a5a5a", (0, 0, 0, 75)),          # running heads, folios, chapter label
    Colour("ink-muted", "#555555", (0, 0, 0, 70)),     # placeholder description
    Colour("accent", "#1f4e79", (87, 49, 0, 46)),      # display type, rules, bullets
    Colour("tint", "#eef2f6", (7, 3, 0, 2)),           # callout box background
    Colour("rule-light", "#c8d0da", (17, 9, 6, 11)),   # table row rules
    Colour("warning", "#c0392b", (0, 90, 87, 22)),     # placeholder frame (never in a release)
    Colour("paper", "#ffffff", (0, 0, 0, 0)),
)


def palette_css(press: bool) -> str:
    """``:root { --ink: …; … }`` for the press (CMYK) or the screen (sRGB) edition."""
    return ":root {\n" + "".join(f"  --{c.name}: {c.css(press)};\n" for c in PALETTE) + "}\n"


def cmyk_for_rgb(rgb: tuple[int, int, int], profile: Path) -> tuple[float, float, float, float]:
    """An sRGB colour (0–255 each) → CMYK fractions (0–1) for the press.

    Neutral greys (r = g = b) → K only, ``k = 1 − v/255``; other colours through ``profile`` (an ICC output
    profile, relative colorimetric). Raises ``OSError`` if the profile cannot be read.
    """
    r, g, b = rgb
    if r == g == b:
        return (0.0, 0.0, 0.0, round(1 - r / 255, 3))
    from PIL import Image, ImageCms

    pixel = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _transform(str(profile))).getpixel((0, 0))
    return tuple(round(v / 255, 3) for v in pixel)


@lru_cache(maxsize=4)
def _transform(profile: str):
    from PIL import ImageCms

    return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
