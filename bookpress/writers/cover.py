"""Cover artwork (``templates/epub/cover-art.html.j2``) → JPEG bytes, for the EPUB's ``cover-image``.

Laid out by WeasyPrint at trim size, rasterised by PDFium (pypdfium2) and encoded by Pillow: no own raster code.
Retailers ask for about 1600 × 2400 px; the height is ``height_px`` and the width follows the trim ratio.
The JPEG is kept in the build cache (:mod:`bookpress.cache`) keyed by the configuration, the non-Markdown files in
``source/`` and the code, templates and styles: it is rendered once per metadata change, and a build that finds it
there does not even import WeasyPrint.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from bookpress import cache
from bookpress.config import Config


def cover_jpeg(config: Config, height_px: int = 2400) -> bytes:
    """Return the cover as JPEG bytes, ``height_px`` pixels high (quality 90), from the build cache if it is there."""
    settings = repr(dataclasses.replace(config, source_dir=Path()))  # the same book in another folder: same cover
    entry = cache.key("cover", height_px, settings, cache.code_digest(),
                      cache.tree_digest([config.source_dir], exclude_suffixes=(".md",)))
    return cache.active().remember("cover", entry + ".jpg", lambda: _render_cover(config, height_px))


def _render_cover(config: Config, height_px: int) -> bytes:
    import pypdfium2
    import weasyprint
    from markupsafe import Markup

    from bookpress.fonts import faces_for
    from bookpress.render.environment import environment
    from bookpress.render.overrides import template_overrides
    from bookpress.render.print_html import font_face_css

    env = environment(href=lambda part_id, anchor: "#", overrides=template_overrides(config.source_dir))
    html = env.get_template("epub/cover-art.html.j2").render(config=config,
                                                             font_css=Markup(font_face_css(faces_for(config))))
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
