"""The supplied cover image → ``dist/<name>-cover.pdf``: one page of trim size plus bleed, for the printer.

Laid out by WeasyPrint like the book (``templates/print/cover.html.j2``, so a book can override it): the page
box is the trim (TrimBox), ``bleed`` adds the bleed on every side (MediaBox/BleedBox, CSS Paged Media §7.2), and the
image is the page background scaled to cover the whole bleed area (``background-size: cover``), so art that runs to
the trim edge runs on into the bleed; about ``bleed_mm`` of the image's edges is cut off with it — keep text
5 mm inside the trim. Crop marks as in the book (``[print] crop_marks``).
"""

from __future__ import annotations

from pathlib import Path

from bookpress.config import Config
from bookpress.model import Book


def write_cover_pdf(book: Book, config: Config, target: Path) -> list[str]:
    """Write the cover PDF to ``target`` (a file in the build's staging folder); return WeasyPrint's warnings.

    ``book.cover`` must be set (``[print] cover_pdf`` without ``cover`` is refused by :func:`load_config`).
    """
    from bookpress.render.environment import environment
    from bookpress.render.overrides import template_overrides
    from bookpress.writers.pdf import write_html_pdf

    assert book.cover is not None, "load_config refuses cover_pdf without a cover"
    env = environment(href=lambda part_id, anchor: "#", overrides=template_overrides(config.source_dir))
    html = env.get_template("print/cover.html.j2").render(config=config, p=config.print,
                                                         cover_url=book.cover.path.as_uri())
    return write_html_pdf(html, target, [config.source_dir])
