"""Per-part print rendering (issue 12 item 2): every part laid out as its own document and merged gives the PDF the
whole book laid out as one document gives — same page count, same text on every page, same page boxes, page
labels, bookmarks, working links and (screen PDF) one structure tree — on today's book and on a 16× book; an edit
lays out again only what it touches."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from bookpress import cache
from bookpress.assemble import assemble
from bookpress.config import load_config
from bookpress.writers import pdf_parts
from bookpress.writers.pdf import write_pdf

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Facts:
    """What a reader and a printer see of a PDF, page by page."""

    texts: tuple[str, ...]
    boxes: tuple[tuple, ...]
    labels: tuple[str, ...]
    outline: tuple[tuple[int, str, int], ...]   # (depth, title, page index)
    links: tuple[tuple[int, str, int], ...]     # (page index, destination name, target page index)


def facts(path: Path) -> Facts:
    document = pypdfium2.PdfDocument(path)
    texts = tuple(document[i].get_textpage().get_text_range() for i in range(len(document)))
    labels = tuple(document.get_page_label(i) for i in range(len(document)))
    document.close()
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        boxes = tuple(tuple(tuple(round(float(v), 3) for v in page.obj.get(name, page.obj.MediaBox))
                            for name in ("/MediaBox", "/TrimBox", "/BleedBox")) for page in pdf.pages)
        outline = []
        with pdf.open_outline() as tree:
            def walk(items, depth):
                for item in items:
                    outline.append((depth, item.title, pages[item.destination[0].objgen]))
                    walk(item.children, depth + 1)
            walk(tree.root, 0)
        dests = pikepdf.NameTree(pdf.Root.Names.Dests)
        links = []
        for i, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots", []):
                if "/Dest" in annotation:
                    name = str(annotation.Dest)
                    links.append((i, name, pages[dests[name][0].objgen] if name in dests else -1))
    return Facts(texts, boxes, labels, tuple(outline), tuple(links))


def render(source: Path, target: Path, edition: str, per_part: bool, cache_dir: Path | None = None) -> Path:
    config = load_config(source)
    with cache.activate(cache.Cache(cache_dir)):
        write_pdf(assemble(config), config, target, edition, per_part=per_part)
    return target


def assert_same(whole: Facts, parts: Facts) -> None:
    assert len(parts.texts) == len(whole.texts)
    different = [i + 1 for i, (a, b) in enumerate(zip(whole.texts, parts.texts)) if a != b]
    assert not different, f"text differs on pages {different}"
    assert parts.boxes == whole.boxes
    assert parts.labels == whole.labels
    assert parts.outline == whole.outline
    assert parts.links == whole.links
    assert all(target >= 0 for _, _, target in parts.links), "a link leads nowhere"


@pytest.fixture(scope="module")
def long_source(tmp_path_factory) -> Path:
    from bench.build_speed import long_book

    return long_book(16, tmp_path_factory.mktemp("book16") / "source")


@pytest.mark.parametrize("edition", ["press", "screen"])
def test_parts_give_the_whole_book_layout(tmp_path, edition):
    whole = facts(render(ROOT / "source", tmp_path / "whole.pdf", edition, per_part=False))
    parts = facts(render(ROOT / "source", tmp_path / "parts.pdf", edition, per_part=True))
    assert_same(whole, parts)
    assert len(parts.links) > 10 and len(parts.outline) > 5


def test_parts_give_the_whole_layout_of_a_16x_book(tmp_path, long_source):
    whole = facts(render(long_source, tmp_path / "whole.pdf", "press", per_part=False))
    parts = facts(render(long_source, tmp_path / "parts.pdf", "press", per_part=True))
    assert len(parts.texts) > 200
    assert_same(whole, parts)


def test_screen_pdf_keeps_one_structure_tree(tmp_path):
    """One Document element holds every part's elements; every page's marked content and every link annotation
    finds its structure element through the one parent tree."""
    whole = render(ROOT / "source", tmp_path / "whole.pdf", "screen", per_part=False)
    parts = render(ROOT / "source", tmp_path / "parts.pdf", "screen", per_part=True)

    def structure(path):
        with pikepdf.open(path) as pdf:
            root = pdf.Root.StructTreeRoot
            kinds = []

            def walk(element, depth):
                if isinstance(element, pikepdf.Dictionary) and "/S" in element:
                    kinds.append((depth, str(element.S)))
                    kids = element.get("/K", [])
                    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                        walk(kid, depth + 1)

            walk(root.K if not isinstance(root.K, pikepdf.Array) else root.K[0], 0)
            parents = dict(pikepdf.NumberTree(root.ParentTree).items())
            keys = [int(page.obj.StructParents) for page in pdf.pages if "/StructParents" in page.obj]
            keys += [int(a.StructParent) for page in pdf.pages for a in page.obj.get("/Annots", [])
                     if "/StructParent" in a]
            assert len(keys) == len(set(keys)), "two objects share a parent-tree key"
            assert all(key in parents for key in keys)
            assert int(root.get("/ParentTreeNextKey", max(keys) + 1)) > max(keys)
            return kinds

    assert structure(parts) == structure(whole)


def test_an_edit_lays_out_only_the_part_it_touches(tmp_path, monkeypatch):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    laid: list[str] = []
    original = pdf_parts._lay_out_unit

    def counting(unit, *args, **kwargs):
        laid.append(unit.name)
        return original(unit, *args, **kwargs)

    monkeypatch.setattr(pdf_parts, "_lay_out_unit", counting)
    store = tmp_path / "cache"
    first = facts(render(source, tmp_path / "first.pdf", "press", True, store))
    assert {"front", "voorwoord", "introductie", "ch-1"} <= set(laid)
    laid.clear()
    render(source, tmp_path / "same.pdf", "press", True, store)
    assert laid == [], "an unchanged book is laid out again"

    chapter = source / "hoofdstuk-01.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("Uber", "Uber-taxi", 1), encoding="utf-8")
    edited = facts(render(source, tmp_path / "edited.pdf", "press", True, store))
    assert laid == ["ch-1"]
    assert any("Uber-taxi" in text for text in edited.texts) and len(edited.texts) == len(first.texts)

    laid.clear()  # a page more in the foreword moves every later part and the contents' numbers
    foreword = source / "voorwoord.md"
    foreword.write_text(foreword.read_text(encoding="utf-8") + "\n\n" + "Een extra alinea. " * 300 + "\n",
                        encoding="utf-8")
    moved = facts(render(source, tmp_path / "moved.pdf", "press", True, store))
    assert set(laid) == {"front", "voorwoord", "introductie", "ch-1"}
    assert len(moved.texts) > len(first.texts)
    whole = facts(render(source, tmp_path / "whole.pdf", "press", per_part=False))
    assert_same(whole, moved)
