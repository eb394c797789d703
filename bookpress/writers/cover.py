"""Cover artwork (``templates/epub/cover-art.html.j2``) → JPEG bytes, for the EPUB's ``cover-image``.

Laid out by WeasyPrint at trim size, rasterised by PDFium (pypdfium2) and encoded by Pillow: no own raster code.
Retailers ask for about 1600 × 2400 px; the height is ``height_px`` and the width follows the trim ratio.
"""

from __future__ import annotations

import io

import pypdfium2
import weasyprint
from markupsafe import Markup

from bookpress.config import Config
from bookpress.render.environment import environment
from bookpress.render.print_html import font_face_css


def cover_jpeg(config: Config, height_px: int = 2400) -> bytes:
    """Return the cover as JPEG bytes, ``height_px`` pixels high (quality 90)."""
    env = environment(href=lambda part_id, anchor: "#")
    html = env.get_template("epub/cover-art.html.j2").render(config=config, font_css=Markup(font_face_css()))
    pdf_bytes = weasyprint.HTML(string=html).write_pdf()
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        page = document[0]
        scale = height_px / page.get_height()
        image = page.render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, optimize=True)
    return out.getvalue()
