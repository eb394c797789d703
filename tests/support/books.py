"""The books the test suite builds, as source folders: the real book (``source/``), a one-chapter *small book* for
fast in-process builds and damage cases, and the *full-matter book* (every book-matter key filled in). Plus the
EPUB opener the tests share. The session fixtures that build them live in ``tests/conftest.py``.
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}


@dataclass
class Epub:
    """The EPUB opened for inspection: ``opf`` tree, its folder inside the zip, and parsed XHTML by zip path."""

    zip: zipfile.ZipFile
    opf: etree._Element
    base: str

    def document(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(self.base + href))

    def spine_documents(self) -> list[tuple[str, etree._Element]]:
        manifest = {i.get("id"): i.get("href") for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [(manifest[r.get("idref")], self.document(manifest[r.get("idref")]))
                for r in self.opf.iterfind("opf:spine/opf:itemref", NS)]


def open_epub(path: Path) -> Epub:
    """Open the EPUB at ``path``: its package document found through ``META-INF/container.xml``."""
    archive = zipfile.ZipFile(path)
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    opf_path = container.find(".//c:rootfile", NS).get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    return Epub(archive, etree.fromstring(archive.read(opf_path)), base)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` by ``new`` (the test fails if ``old`` is missing)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the small book ---------------------------------------------------------------------------------------------------

SMALL_CHAPTER = """# Een kort hoofdstuk

## Inleiding

Een alinea met gewone tekst over digitale transformatie en de rol van de CIO.

![Kanteling van de samenleving](figures/fig.svg){#fig-kanteling fig-alt="Twee kolommen met woorden."}

Zoals @fig-kanteling laat zien, verandert de samenleving.
"""


def make_small_book(folder: Path, chapter: str = SMALL_CHAPTER) -> Path:
    """Write a one-chapter book into ``folder/source`` and return that folder: the real ``book.toml`` with one
    chapter (``hoofdstuk.md`` = ``chapter``), tiny front matter under the real names, and the real book's first
    figure as ``figures/fig.svg``. A full build of it takes about a second."""
    from bookpress.config import load_config

    source = Path(folder) / "source"
    (source / "figures").mkdir(parents=True)
    config = load_config(SOURCE)
    toml = (SOURCE / "book.toml").read_text(encoding="utf-8")
    chapters = "chapters = [" + ", ".join(f'"{name}"' for name in config.contents.chapters) + "]"
    assert chapters in toml, "test setup: the real book.toml lists its chapters on one line"
    (source / "book.toml").write_text(toml.replace(chapters, 'chapters = ["hoofdstuk.md"]'), encoding="utf-8")
    for number, name in enumerate(config.contents.front_matter, 1):  # tiny front matter under the same names
        (source / name).write_text(f"# Voorwerk {number}\n\nEen korte alinea.\n", encoding="utf-8")
    (source / "hoofdstuk.md").write_text(chapter, encoding="utf-8")
    shutil.copy(SOURCE / "figures" / "fig-kanteling.svg", source / "figures" / "fig.svg")
    return source


# --- the full-matter book ---------------------------------------------------------------------------------------------

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
    source = Path(folder) / "source"
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
