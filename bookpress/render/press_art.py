"""SVG art (sRGB colours) → the same SVG with ``device-cmyk()`` colours, as a ``data:`` URL for the press edition.

WeasyPrint draws SVG colours as DeviceRGB, which PDF/X-4 with a CMYK output intent does not allow, and which a
printer's RIP separates into four-colour greys. Every colour in a presentation attribute (``fill``, ``stroke``,
``stop-color``, ``flood-color``, ``color``) or in a ``style`` declaration of those properties is rewritten through
:func:`bookpress.render.palette.cmyk_for_rgb`; ``none``, ``currentColor`` and ``url(#…)`` stay. A colour that cannot
be read stays as it was, so the preflight reports the DeviceRGB it produces (never silently dropped).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from bookpress.render.palette import cmyk_for_rgb

_PROPERTIES = r"(?:fill|stroke|stop-color|flood-color|lighting-color|color)"
_ATTRIBUTE = re.compile(rf'(\s{_PROPERTIES}\s*=\s*)(["\'])(.*?)\2')
_STYLE = re.compile(rf"((?<![\w-]){_PROPERTIES}\s*:\s*)([^;\"'}}]+)")
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_RGB = re.compile(r"^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$")
_NAMED = {"black": (0, 0, 0), "white": (255, 255, 255)}


def press_colour(value: str, profile: Path) -> str:
    """One CSS/SVG colour value → ``device-cmyk(c m y k)``; values that are not sRGB colours come back unchanged."""
    text = value.strip()
    rgb = None
    if match := _HEX.match(text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        rgb = tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))
    elif match := _RGB.match(text):
        rgb = tuple(min(255, int(v)) for v in match.groups())
    elif text.lower() in _NAMED:
        rgb = _NAMED[text.lower()]
    if rgb is None:
        return value
    c, m, y, k = cmyk_for_rgb(rgb, profile)
    return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"


_ROOT = re.compile(r"<svg\b([^>]*)>")


def press_svg(svg: str, profile: Path) -> str:
    """SVG text with every colour converted for the press (see the module docstring). The root element gets
    ``fill="device-cmyk(0 0 0 1)"`` unless it sets a fill: SVG's initial fill is black, which WeasyPrint would
    otherwise write as DeviceRGB."""
    root = _ROOT.search(svg)
    if root and not re.search(r"\sfill\s*=", root.group(1)):
        svg = svg[:root.end() - 1] + ' fill="device-cmyk(0 0 0 1)"' + svg[root.end() - 1:]
    svg = _ATTRIBUTE.sub(lambda m: f"{m.group(1)}{m.group(2)}{press_colour(m.group(3), profile)}{m.group(2)}", svg)
    return _STYLE.sub(lambda m: m.group(1) + press_colour(m.group(2), profile), svg)


def press_svg_url(path: Path, profile: Path) -> str:
    """``data:image/svg+xml;base64,…`` of the converted SVG file at ``path`` (read as UTF-8)."""
    converted = press_svg(Path(path).read_text(encoding="utf-8"), profile)
    return "data:image/svg+xml;base64," + base64.b64encode(converted.encode("utf-8")).decode("ascii")
