"""A small test book made to put callout boxes, list items, quotes and figures at page tops, with a raster (PNG,
sRGB) figure; built once per session (press PDF, screen PDF and EPUB, without EPUBCheck: the EPUB is checked in
``tests/editions``)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bookpress.build import BuildResult, build
from tests.support.books import make_small_book

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "source"

FILLER = ("De digitale transformatie verandert organisaties ingrijpend: processen, producten en de verhouding met "
          "klanten worden opnieuw ontworpen, en de CIO staat midden in die verandering als verbinder tussen "
          "bedrijfsvoering en technologie.")
ITEMS = "\n".join(f"- Punt {n}: een korte regel over platforms." for n in range(1, 25))
LONG_ITEMS = "\n".join(f"- Punt {n}: {FILLER} {FILLER}" for n in range(1, 9))
PARAGRAPHS = "\n\n".join(f"{FILLER} {FILLER} Alinea {n}." for n in range(1, 9))

CHAPTER = f"""# Kaders over de paginagrens

## Inleiding

{FILLER} {FILLER}

::: {{.callout-case #kader-lijst}}
## Een lange opsomming

Dit kader loopt over meer dan een pagina door.

{ITEMS}
:::

{FILLER}

::: {{.callout-case #kader-lange-punten}}
## Lange punten

{LONG_ITEMS}
:::

{FILLER}

::: {{.callout-note #kader-tekst}}
## Een lang kader

{PARAGRAPHS}
:::

{FILLER}

> {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER}
> {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER} {FILLER}

{FILLER}

![Een rasterbeeld met vier kleurvlakken](figures/vlakken.png){{#fig-vlakken fig-alt="Vier even grote vlakken: rood, blauw, grijs en wit." width="100%"}}

![Hetzelfde rasterbeeld nog eens](figures/vlakken.png){{#fig-nogmaals fig-alt="Dezelfde vier vlakken." width="100%"}}

{FILLER}

Tot slot een [best practice]{{lang="en"}} en een Engelse zin over twee regels: [the fourth industrial revolution
changes the way organisations work, learn and compete in every market they serve]{{lang="en"}}.
"""

#: the raster figure: four patches (sRGB), 1535 × 1535 px = 130 × 130 mm at 300 ppi
PATCHES = {"red": (200, 30, 30), "blue": (31, 78, 121), "grey": (128, 128, 128), "white": (255, 255, 255)}
PATCH_PX = 1535


def make_patches(path: Path) -> Path:
    """Draw the raster figure: a 2 × 2 grid of :data:`PATCHES` (red, blue / grey, white), saved as PNG at 300 ppi."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (PATCH_PX, PATCH_PX), PATCHES["white"])
    draw = ImageDraw.Draw(image)
    half = PATCH_PX // 2
    draw.rectangle([0, 0, half - 1, half - 1], fill=PATCHES["red"])
    draw.rectangle([half, 0, PATCH_PX - 1, half - 1], fill=PATCHES["blue"])
    draw.rectangle([0, half, half - 1, PATCH_PX - 1], fill=PATCHES["grey"])
    image.save(path, dpi=(300, 300))
    return path


def make_page_tops_book(folder: Path) -> Path:
    """A one-chapter book in ``folder/source`` (the real book.toml and front matter names); return the folder."""
    source = make_small_book(folder, CHAPTER)
    make_patches(source / "figures" / "vlakken.png")
    shutil.copy(REAL / "hyphenation.txt", source / "hyphenation.txt")
    return source


@dataclass(frozen=True)
class Built:
    """The small book's ``source`` folder and its build ``result`` (``outputs``: print, screen, epub)."""

    source: Path
    result: BuildResult

    @property
    def outputs(self) -> dict[str, Path]:
        return self.result.outputs


@pytest.fixture(scope="session")
def page_tops(tmp_path_factory) -> Built:
    """The small book built once per session (all three editions, EPUBCheck off)."""
    folder = tmp_path_factory.mktemp("page-tops")
    source = make_page_tops_book(folder)
    return Built(source, build(source, folder / "dist", epubcheck=False, cache_dir=folder / "cache"))
