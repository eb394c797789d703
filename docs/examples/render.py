"""docs/source-format.md examples → PNGs of how each one prints (``docs/examples/<name>.png``).

Every fenced ```` ```markdown ```` block in docs/source-format.md that is followed (after a blank line) by
``![…](examples/<name>.png)`` is read as chapter 1 of a scratch book (``book.toml`` and art from
``tests/format/everything/source``), assembled, drawn with the print edition's block macros and ``styles/print.css``
on a 130 mm wide page by WeasyPrint, rasterised with pypdfium2 at 200 dpi and cropped to the ink. Run after
changing the format or the design::

    .venv/bin/python docs/examples/render.py
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DOC = ROOT / "docs" / "source-format.md"
BOOK = ROOT / "tests" / "format" / "everything" / "source"
#: Page height (mm) per example where the default 140 mm would leave a gap (footnotes sit at the page foot).
PAGE_HEIGHT_MM = {"footnotes": 38}
EXAMPLE = re.compile(r"```markdown\n(?P<body>(?:(?!```).)*?)```\n\n!\[[^\]]*\]\(examples/(?P<name>[\w-]+)\.png\)", re.S)


def examples(text: str) -> list[tuple[str, str]]:
    """``(name, markdown)`` for every rendered example in the docs text, in order."""
    return [(m.group("name"), m.group("body")) for m in EXAMPLE.finditer(text)]


def chapter_text(markdown: str) -> str:
    """The example as a chapter: a title is added when the example has none."""
    return markdown if markdown.lstrip().startswith("# ") else "# Voorbeeld\n\n" + markdown


def render(name: str, markdown: str, out: Path) -> None:
    """Render one example to ``out`` (PNG). Raises BookError when the example does not read cleanly."""
    import pypdfium2 as pdfium
    from markupsafe import Markup
    from PIL import ImageOps
    from weasyprint import HTML

    from bookpress.assemble import assemble
    from bookpress.config import load_config
    from bookpress.render.environment import environment
    from bookpress.fonts import faces_for
    from bookpress.render.print_fonts import print_faces
    from bookpress.render.print_html import STYLES, font_face_css
    from bookpress.typography.apply import typeset

    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "source"
        shutil.copytree(BOOK, source)
        (source / "voorwoord.md").write_text("# Voorwoord\n\nTekst.\n", encoding="utf-8")
        (source / "hoofdstuk.md").write_text(chapter_text(markdown), encoding="utf-8")
        config = load_config(source)
        book = typeset(assemble(config), config, soft_hyphens=False)
        part = book.parts[-1]
        env = environment(href=lambda part_id, anchor: f"#{anchor}")
        env.globals["figure_src"] = lambda fig: (source / fig.src).resolve().as_uri()
        env.globals["figure_style"] = lambda fig: f"width: {fig.width_mm}mm"
        has_title = markdown.lstrip().startswith("# ")
        template = env.from_string(
            '{% from "blocks.html.j2" import render_blocks, part_title %}<!DOCTYPE html><html lang="nl"><head>'
            '<meta charset="utf-8"/><style>{{ fonts }}</style><link rel="stylesheet" href="{{ css }}"/>'
            "<style>@page { size: 130mm {{ height }}mm; margin: 4mm 0 4mm 0; @top-center { content: none; } "
            "@top-left { content: none; } @top-right { content: none; } @bottom-center { content: none; } } "
            "@page :nth(1 of part) { @bottom-center { content: none; } } "
            "html { font-size: 10pt; line-height: 14pt; } .part { break-before: auto; } "
            ".part-title { margin: 0 0 6mm; } .part > h2.section:first-child { margin-top: 0; }</style></head>"
            '<body><section class="part chapter" id="{{ part.id }}">'
            "{% if has_title %}{{ part_title(part, labels) }}{% endif %}"
            "{{ render_blocks(part.blocks, labels) }}</section></body></html>")
        html = template.render(part=part, labels=config.labels, fonts=Markup(font_face_css(print_faces(faces_for(config)))),
                               css=(STYLES / "print.css").resolve().as_uri(), has_title=has_title,
                               height=PAGE_HEIGHT_MM.get(name, 140))
        pdf_path = Path(scratch) / "example.pdf"
        HTML(string=html, base_url=str(source)).write_pdf(pdf_path)
        pdf = pdfium.PdfDocument(str(pdf_path))
        image = pdf[0].render(scale=200 / 72).to_pil().convert("RGB")
        box = ImageOps.invert(image).getbbox()
        if box:
            pad = 12
            image = image.crop((max(0, box[0] - pad), max(0, box[1] - pad), min(image.width, box[2] + pad),
                                min(image.height, box[3] + pad)))
        image.save(out, optimize=True)


def main() -> int:
    for name, markdown in examples(DOC.read_text(encoding="utf-8")):
        out = DOC.parent / "examples" / f"{name}.png"
        render(name, markdown, out)
        print(f"{out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
