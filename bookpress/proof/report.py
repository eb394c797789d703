"""Print PDF → the proof report: ``<name>-proof.json`` (counts and findings per page), a PNG crop per finding and a
PNG of every spread, in ``<name>-proof/`` beside the PDF.

Pages are rasterised with pypdfium2 (https://pypdfium2.readthedocs.io). The JSON is stable (sorted keys, no
timestamps) so a benchmark can follow the counts from build to build.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from bookpress.config import Config
from bookpress.proof.checks import LOOSE_EM, VERY_LOOSE_EM, Finding, Geometry, check
from bookpress.proof.lines import Page, read_pages

CROP_SCALE = 2.0      # 144 dpi crops
SPREAD_SCALE = 0.6    # ~43 dpi spreads
CROP_MARGIN_PT = 14


def geometry(config: Config) -> Geometry:
    """The text block and type sizes the checks need, from ``book.toml [print]``."""
    p = config.print
    return Geometry(p.margin_top_mm, p.margin_bottom_mm, p.margin_inside_mm, p.margin_outside_mm, p.font_size_pt,
                    p.line_height_pt)


def proof(pdf: Path, config: Config, images: bool = True) -> dict:
    """Check ``pdf`` and write ``<stem>-proof.json`` (and, with ``images``, the PNGs) next to it; return the report.

    Report shape: ``{"pdf", "pages", "lines": {"justified", "loose_0_5", "loose_0_7", "loose_share",
    "widest_em"}, "counts": {kind: n}, "findings": [{kind, page, text, box, detail, severity, crop}]}``.
    Raises ``OSError`` when the PDF cannot be read.
    """
    from bookpress.typography.apply import load_policy

    pages = read_pages(pdf)
    g = geometry(config)
    findings = check(pages, g, load_policy(config), config.labels.figure, config.labels.figure_ref)
    folder = pdf.parent / f"{pdf.stem}-proof"
    crops: dict[int, str] = {}
    if images:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        crops = _images(pdf, pages, findings, folder)
    report = {
        "pdf": pdf.name,
        "pages": len(pages),
        "lines": _line_stats(pages, g),
        "counts": dict(sorted(Counter(f.kind for f in findings).items())),
        "findings": [dict(asdict(f), box=[round(v, 1) for v in f.box], crop=crops.get(i, ""))
                     for i, f in enumerate(findings)],
    }
    target = pdf.parent / f"{pdf.stem}-proof.json"
    target.write_text(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return report


def _line_stats(pages: list[Page], g: Geometry) -> dict:
    from bookpress.proof.checks import _info, _justified

    spaces = []
    for page in pages:
        info = _info(page, g)
        for i, line in enumerate(info.body[:-1]):
            if line.gaps and _justified(info, line) and abs(line.size - g.body_size_pt) < 1.5:
                spaces.append(line.word_space)
    count = len(spaces)
    loose = sum(s > LOOSE_EM for s in spaces)
    return {"justified": count, "loose_0_5": loose, "loose_0_7": sum(s > VERY_LOOSE_EM for s in spaces),
            "loose_share": round(loose / count, 4) if count else 0.0, "widest_em": max(spaces, default=0.0),
            "median_em": sorted(spaces)[count // 2] if count else 0.0}


def _images(pdf: Path, pages: list[Page], findings: list[Finding], folder: Path) -> dict[int, str]:
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(str(pdf))
    crops: dict[int, str] = {}
    try:
        rendered: dict[int, Image.Image] = {}

        def page_image(number: int, scale: float) -> Image.Image:
            key = (number, scale)
            if key not in rendered:
                page = document[number - 1]
                rendered[key] = page.render(scale=scale, crop=_bleed(page)).to_pil()
                page.close()
            return rendered[key]

        per_page: Counter = Counter()
        for index, finding in enumerate(findings):
            image = page_image(finding.page, CROP_SCALE)
            info = pages[finding.page - 1]
            left, bottom, right, top = finding.box
            box = (max(0, left - CROP_MARGIN_PT), max(0, info.height - top - CROP_MARGIN_PT),
                   min(info.width, right + CROP_MARGIN_PT), min(info.height, info.height - bottom + CROP_MARGIN_PT))
            per_page[finding.page] += 1
            name = f"page-{finding.page:03d}-{per_page[finding.page]:02d}-{finding.kind}.png"
            image.crop(tuple(int(v * CROP_SCALE) for v in box)).save(folder / name)
            crops[index] = f"{folder.name}/{name}"
        rendered.clear()
        for verso in range(0, len(pages) + 1, 2):  # spreads: (–, 1), (2, 3), (4, 5) …
            numbers = [n for n in (verso, verso + 1) if 1 <= n <= len(pages)]
            images = [page_image(n, SPREAD_SCALE) for n in numbers]
            width = int(max(p.width for p in pages) * SPREAD_SCALE)
            spread = Image.new("RGB", (2 * width, max(i.height for i in images)), "white")
            for n, image in zip(numbers, images):
                spread.paste(image, (0 if n % 2 == 0 else width, 0))
            label = "-".join(f"{n:03d}" for n in numbers)
            spread.save(folder / f"spread-{label}.png")
    finally:
        document.close()
    return crops


def _bleed(page) -> tuple[float, float, float, float]:
    """pypdfium2's ``crop`` (left, bottom, right, top) that cuts the page down to its TrimBox."""
    media = page.get_mediabox()
    trim = page.get_trimbox()
    return (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
