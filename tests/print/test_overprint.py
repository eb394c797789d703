"""Black text overprints in the press PDF (issue 7): 100 % K text on a callout tint prints on the tint (no white
hole for misregistration to show), checked on Ghostscript's separations of the small test book."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PIL import Image

from bookpress.config import load_config

from ..editions.layout import measure
from .page_tops import boxes, drawn

DPI = 100


def test_black_text_overprints_the_callout_tint(page_tops, tmp_path):
    gs = shutil.which("gs")
    assert gs, "Ghostscript (gs) is missing: run ./setup.sh (SYSTEM_PACKAGES has ghostscript)"
    config = load_config(page_tops.source).print
    path = page_tops.outputs["print"]
    width = config.trim_width_mm - config.margin_inside_mm - config.margin_outside_mm
    pages = drawn(path)
    number, box = next((n, found[0]) for n, page in enumerate(pages, 1)
                       if (found := boxes(page["paths"], config, width)) and found[0].bottom - found[0].top > 60)
    text = [r for r in measure(path)[number - 1].runs if box.top < r.baseline < box.bottom]
    assert len(text) > 10, "test setup: a callout box full of text"
    subprocess.run([gs, "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=tiffsep", f"-r{DPI}",
                    f"-dFirstPage={number}", f"-dLastPage={number}", f"-sOutputFile={tmp_path}/sep.tif", str(path)],
                   check=True, capture_output=True, timeout=120)
    dpmm, bleed = DPI / 25.4, config.bleed_mm
    area = tuple(round((v + bleed) * dpmm) for v in (box.left + 2, box.top + 1, box.right - 1, box.bottom - 1))
    cyan = Image.open(tmp_path / "sep(Cyan).tif").convert("L").crop(area)
    black = Image.open(tmp_path / "sep(Black).tif").convert("L").crop(area)
    assert sum(black.histogram()[:128]) > 1000, "black text on the K plate"
    holes = sum(cyan.histogram()[252:])
    assert holes == 0, f"page {number}: {holes} pixels without tint under the box's text (black text knocks out)"
