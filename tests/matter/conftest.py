"""A copy of the real book with every piece of book matter filled in (ISBNs, publisher, contributors in several
MARC roles, colophon lines, two appendices and a literature list), built once per session with EPUBCheck on."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from bookpress.build import BuildResult, build

from ..editions.conftest import NS, SOURCE, Epub

ISBN_PRINT = "9789012345675"   # a made-up but valid ISBN-13 (test data only; the real book's is unknown)
ISBN_EPUB = "978-90-123-4568-2"

APPENDIX_A = """# Begrippenlijst

## Afkortingen

CIO staat voor *chief information officer*.

## Termen

Digitale transformatie is het veranderen van een organisatie met digitale middelen.
"""

APPENDIX_B = """# Vragenlijst

## Vragen voor de CIO

- Waar staat uw organisatie?
"""

LITERATURE = """# Literatuur

- Maes, R. (2016). *Het verschil maken*. Amsterdam.
- Schwab, K. (2016). *The Fourth Industrial Revolution*. Genève: World Economic Forum.
"""


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new`` (the test fails if ``old`` is missing)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


COVER_BORDER = (200, 30, 30)
COVER_FIELD = (31, 78, 121)


def make_cover(path: Path, size: tuple[int, int] = (2100, 2965), mode: str = "RGB", **save) -> Path:
    """Draw a test cover: a blue field with a red border 40 px wide (so tests can see where its edges land);
    2100 × 2965 px is the 170 × 240 mm trim's aspect at 300 ppi over trim + 3 mm bleed."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, COVER_FIELD)
    ImageDraw.Draw(image).rectangle([0, 0, size[0] - 1, size[1] - 1], outline=COVER_BORDER, width=40)
    image.convert(mode).save(path, **save)
    return path


def make_matter_book(folder: Path) -> Path:
    """Copy ``source/`` into ``folder/source`` and fill in every book-matter key; return the source folder."""
    source = folder / "source"
    shutil.copytree(SOURCE, source)
    toml = source / "book.toml"
    edit(toml, 'publisher = ""', 'publisher = "Uitgeverij Voorbeeld"')
    edit(toml, 'edition = ""', 'edition = "Eerste druk, 2016"')
    edit(toml, 'nur = ""', 'nur = "801"')
    edit(toml, 'printer = ""', 'printer = "Drukkerij Voorbeeld, Zwolle"')
    edit(toml, "credits = []", 'credits = ["Foto omslag: Beeldbank Voorbeeld"]')
    edit(toml, 'print = ""', f'print = "{ISBN_PRINT}"')
    edit(toml, 'epub = ""', f'epub = "{ISBN_EPUB}"')
    edit(toml, "# [[contributors]]", '[[contributors]]\nname = "Anna de Vries"\nrole = "trl"\nfile_as = "Vries, Anna de"\n\n'
                                     '[[contributors]]\nname = "Studio Omslag"\nrole = "cov"\n\n'
                                     '[[contributors]]\nname = "Piet Beeld"\nrole = "ill"\n\n#')
    edit(toml, "appendices = []", 'appendices = ["bijlage-begrippen.md", "bijlage-vragen.md"]')
    edit(toml, "back_matter = []", 'back_matter = ["literatuur.md"]')
    edit(toml, 'bibliography = ""', 'bibliography = "literatuur.md"')
    make_cover(source / "omslag.jpg")
    edit(toml, 'cover = ""', 'cover = "omslag.jpg"')
    edit(toml, "cover_pdf = false", "cover_pdf = true")
    (source / "bijlage-begrippen.md").write_text(APPENDIX_A, encoding="utf-8")
    (source / "bijlage-vragen.md").write_text(APPENDIX_B, encoding="utf-8")
    (source / "literatuur.md").write_text(LITERATURE, encoding="utf-8")
    return source


@pytest.fixture(scope="session")
def matter_source(tmp_path_factory) -> Path:
    """The source folder of the book with full matter."""
    return make_matter_book(tmp_path_factory.mktemp("matter"))


@pytest.fixture(scope="session")
def matter_built(matter_source) -> BuildResult:
    """Both editions of the full-matter book, EPUBCheck on (a finding fails the build)."""
    return build(matter_source, matter_source.parent / "dist")


@pytest.fixture(scope="session")
def matter_epub(matter_built) -> Epub:
    archive = zipfile.ZipFile(matter_built.outputs["epub"])
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    return Epub(archive, etree.fromstring(archive.read(opf_path)), base)


@pytest.fixture(scope="session")
def matter_pdf_pages(matter_built) -> list[str]:
    """Text of every page of the print PDF (pypdf), whitespace-normalised."""
    from pypdf import PdfReader

    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(matter_built.outputs["print"]).pages]
