"""The screen PDF is drawn from the press layout (bookpress/writers/screen_pdf.py): trim size, the palette's sRGB
colours, no output profile; a CMYK colour outside the palette is refused; the press drawing is untouched after."""

from __future__ import annotations

import re

import pikepdf
import pytest
import weasyprint

from bookpress.render.palette import PALETTE, palette_css
from bookpress.writers.screen_pdf import UnknownPressColour, drawn_for_screen

PROFILE = "bookpress/profiles/FOGRA39L-coated.icc"


def _document(extra_css: str = ""):
    from pathlib import Path

    profile = Path(PROFILE).resolve().as_uri()
    html = f"""<html><head><style>
    @color-profile device-cmyk {{ src: url("{profile}"); components: cyan magenta yellow black; }}
    {palette_css(press=True)}
    @page {{ size: 100mm 100mm; bleed: 3mm; margin: 10mm; background: var(--paper); }}
    p {{ color: var(--accent); }} div {{ background: var(--tint); height: 5mm; }}
    {extra_css}
    </style></head><body><p>Tekst in de accentkleur.</p><div></div></body></html>"""
    return weasyprint.HTML(string=html).render()


def _colour_operators(pdf: pikepdf.Pdf) -> list[tuple[str, tuple[float, ...]]]:
    out = []
    for page in pdf.pages:
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) in ("rg", "RG", "k", "K", "scn", "SCN", "sc", "SC"):
                out.append((str(operator), tuple(round(float(v), 3) for v in operands
                                                 if isinstance(v, (int, float)) or hasattr(v, "as_integer_ratio")
                                                 or re.match(r"^-?[\d.]+$", str(v)))))
    return out


def _rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(round(int(hex_colour[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


def test_screen_drawing_of_a_press_layout(tmp_path):
    document = _document()
    press, screen = tmp_path / "press.pdf", tmp_path / "screen.pdf"
    with drawn_for_screen(document, {}):
        document.write_pdf(screen)
    document.write_pdf(press)  # after the context: the press drawing again

    accent = next(c for c in PALETTE if c.name == "accent")
    with pikepdf.open(screen) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box == pytest.approx([0, 0, 100 / 25.4 * 72, 100 / 25.4 * 72], abs=0.01), "trim size only"
        assert "/OutputIntents" not in pdf.Root
        operators = _colour_operators(pdf)
        assert operators and all(op in ("rg", "RG") for op, _ in operators), operators
        assert ("rg", _rgb(accent.rgb)) in operators
    with pikepdf.open(press) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2] - box[0] == pytest.approx(106 / 25.4 * 72, abs=0.01), "the press PDF keeps its bleed"
        assert "/OutputIntents" in pdf.Root
        assert not any(op in ("rg", "RG") for op, _ in _colour_operators(pdf))


def test_a_cmyk_colour_outside_the_palette_is_refused_without_a_profile(tmp_path):
    document = _document("p { color: device-cmyk(0.1 0.2 0.3 0.4); }")
    with pytest.raises(UnknownPressColour, match="no screen colour"):
        with drawn_for_screen(document, {}):
            document.write_pdf(tmp_path / "screen.pdf")


def test_a_books_own_cmyk_colour_is_shown_as_the_press_prints_it(tmp_path):
    """A book's source/styles/print.css may name any device-cmyk() colour (it cannot add palette entries): the
    screen PDF shows it in sRGB through the output profile (a colour-managed view of the press), never a refused
    build and never DeviceCMYK in the screen PDF."""
    from pathlib import Path

    from PIL import Image, ImageCms

    document = _document("p { color: device-cmyk(0.1 0.9 0.8 0.05); }")
    with drawn_for_screen(document, {}, Path(PROFILE)):
        document.write_pdf(tmp_path / "screen.pdf")
    pixel = Image.new("CMYK", (1, 1), (round(0.1 * 255), round(0.9 * 255), round(0.8 * 255), round(0.05 * 255)))
    expected = ImageCms.profileToProfile(pixel, ImageCms.getOpenProfile(PROFILE), ImageCms.createProfile("sRGB"),
                                         renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB",
                                         flags=ImageCms.Flags.BLACKPOINTCOMPENSATION).getpixel((0, 0))
    with pikepdf.open(tmp_path / "screen.pdf") as pdf:
        operators = _colour_operators(pdf)
    assert operators and all(op in ("rg", "RG") for op, _ in operators), operators
    assert ("rg", tuple(round(v / 255, 3) for v in expected)) in operators
    red, green, blue = expected
    assert red > 150 and green < 100 and blue < 100, "a red in CMYK is a red on screen"


def test_cmyk_raster_art_is_shown_in_srgb_on_screen(tmp_path):
    """A designer's CMYK JPEG: the press PDF keeps CMYK (the press art), the screen PDF shows the original in sRGB
    (through the output profile; the screen edition has no output intent to give DeviceCMYK a meaning)."""
    from pathlib import Path

    from PIL import Image

    original = tmp_path / "art.jpg"
    Image.new("RGB", (200, 100), (200, 30, 40)).convert("CMYK").save(original, quality=95)
    press_art = tmp_path / "press.jpg"
    press_art.write_bytes(original.read_bytes())
    url = press_art.as_uri()
    html = f"""<html><head><style>@page {{ size: 100mm 100mm; margin: 10mm; }}</style></head>
    <body><img src="{url}" style="width: 50mm"/></body></html>"""
    document = weasyprint.HTML(string=html, base_url=str(tmp_path)).render()
    with drawn_for_screen(document, {url: original}, Path(PROFILE)):
        document.write_pdf(tmp_path / "screen.pdf")
    with pikepdf.open(tmp_path / "screen.pdf") as pdf:
        spaces = {str(image.ColorSpace) for page in pdf.pages for image in page.get_images().values()}
        assert spaces == {"/DeviceRGB"}, spaces
        image = next(iter(pdf.pages[0].get_images().values()))
        stored = pikepdf.PdfImage(image).as_pil_image()
        assert stored.mode == "RGB", "the image data is CMYK under a DeviceRGB label"
        red, green, blue = stored.getpixel((100, 50))
    assert red > 150 and green < 90 and blue < 90, (red, green, blue)
