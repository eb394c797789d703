"""Laid-out WeasyPrint document → which elements continue across each page break and which spans are in another
language; tagged PDF → one structure element per HTML element (not one per page), ``/Lang`` on foreign phrases.

WeasyPrint 70 tags page by page (``weasyprint/pdf/tags.py``): a chapter (``<section>``) running over ten pages
becomes ten ``/Sect`` elements, a paragraph broken by a page turn two ``/P`` elements, so assistive technology
announces a new section and a new paragraph at every page — in the middle of a sentence, or of a word hyphenated
across the turn. :func:`continuations` reads from the layout which HTML elements a page break splits (the same
element object ends one page and starts the next), and :func:`merge_continued` joins their structure elements in
the finished PDF: the continuation's kids move into the element that started on the previous page (marked content
of the later page referenced through marked-content references with their own page, PDF 32000-1 §14.7.4.3), and
the parent tree follows. :func:`span_languages` and :func:`mark_languages` do the same for ``<span lang="…">``
(WeasyPrint writes only the document's language).
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

#: structure type WeasyPrint 70 gives each HTML element it may split across pages (``tags.py::_get_pdf_tag``);
#: anything else (links, spans, list items, tables …) is never joined
JOINABLE = {"section": "/Sect", "article": "/Art", "main": "/Part", "div": "/Div", "p": "/P", "blockquote":
            "/BlockQuote", "ul": "/L", "ol": "/L", "aside": "/NonStruct", "nav": "/NonStruct", "figure": "/NonStruct"}


def continuations(document) -> list[tuple[str, ...]]:
    """For every page of a laid-out WeasyPrint ``document`` after the first: the HTML tags, outermost first, of the
    elements that continue from the previous page (e.g. ``("section", "aside", "p")``); index 0 is the second
    page. Only block boxes below ``<body>`` count."""
    from weasyprint.formatting_structure import boxes

    def chain(page, first: bool) -> list:
        box, found = page._page_box, []
        while isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
            kids = [k for k in box.children if not isinstance(k, boxes.MarginBox)]
            if not kids:
                break
            box = kids[0] if first else kids[-1]
            if isinstance(box, boxes.LineBox):
                break
            if box.element is not None and box.element_tag not in ("html", "body"):
                found.append((box.element, box.element_tag))
        return found

    result = []
    pages = document.pages
    for before, after in zip(pages, pages[1:]):
        joined = []
        for (a, tag), (b, _) in zip(chain(before, False), chain(after, True)):
            if a is not b or tag not in JOINABLE:
                break
            if not joined or joined[-1][0] is not a:   # anonymous boxes repeat their element
                joined.append((a, tag))
        result.append(tuple(tag for _, tag in joined))
    return result


def merge_continued(pdf: pikepdf.Pdf, continued: list[tuple[str, ...]]) -> int:
    """Join the structure elements of ``continued`` (from :func:`continuations`, one entry per page after the first)
    in the tagged ``pdf``; return how many elements were joined. An element pair is joined only when both have the
    structure type :data:`JOINABLE` expects, so a tree that does not look as WeasyPrint writes it is left alone."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or not continued:
        return 0
    pages = {page.objgen: index for index, page in enumerate(p.obj for p in pdf.pages)}
    nums = tree.ParentTree.get("/Nums", Array())
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums) - 1, 2)}
    document = tree.K[0] if isinstance(tree.K, Array) else tree.K
    joined = 0
    for index, tags in enumerate(continued, start=1):
        parent = document
        for tag in tags:
            kids = [k for k in parent.K if isinstance(k, Dictionary) and "/S" in k] \
                if isinstance(parent.get("/K"), Array) else []
            earlier = [k for k in kids if (_page(k, pages) or 0) < index]   # joined ones keep their first page
            later = [k for k in kids if _page(k, pages) == index]
            if not earlier or not later or earlier[-1].get("/S") != JOINABLE[tag] \
                    or later[0].get("/S") != JOINABLE[tag]:
                break
            _join(earlier[-1], later[0], parent, parents, pdf)
            joined += 1
            parent = earlier[-1]
    return joined


def _page(element, pages: dict) -> int | None:
    page = element.get("/Pg")
    return pages.get(page.objgen) if page is not None else None


def _join(keep: Dictionary, gone: Dictionary, parent: Dictionary, parents: dict, pdf: pikepdf.Pdf) -> None:
    """Move every kid of ``gone`` to the end of ``keep`` and take ``gone`` out of ``parent``."""
    if not isinstance(keep.get("/K"), Array):
        keep.K = Array([keep.K] if "/K" in keep else [])
    kids = gone.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids] if kids is not None else []:
        if isinstance(kid, int) or (hasattr(kid, "__int__") and not isinstance(kid, Dictionary)):
            mcid = int(kid)
            keep.K.append(pdf.make_indirect(Dictionary(Type=Name.MCR, Pg=gone.Pg, MCID=mcid)))
            mapping = parents.get(int(gone.Pg.get("/StructParents", -1)))
            if isinstance(mapping, Array) and mcid < len(mapping):
                mapping[mcid] = keep
            continue
        if isinstance(kid, Dictionary) and "/S" in kid:
            kid.P = keep
        keep.K.append(kid)
    position = next(i for i, k in enumerate(parent.K) if isinstance(k, Dictionary) and k.objgen == gone.objgen)
    del parent.K[position]


def span_languages(document, default: str | None = None) -> list[list[str | None]]:
    """Per page of a laid-out WeasyPrint ``document``: for every ``<span>`` box, in the order WeasyPrint's tagging
    visits boxes (depth first, line boxes flattened; inline-block spans such as a heading's number included), its
    ``lang`` when that differs from ``default`` (``None``: the ``lang`` of the document's ``<html>``), else
    ``None``. A span broken over lines or pages has one box per fragment, as it has one structure element each.
    JSON-able (cached with a part's layout)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    def visit(box, found):
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, (boxes.InlineBox, boxes.InlineBlockBox)) and box.element is not None \
                and box.element_tag == "span":  # an inline-block span (a heading's number) is tagged too
            lang = box.element.get("lang")
            found.append(lang if lang and lang.lower() != base.lower() else None)
        if isinstance(box, boxes.ParentBox):
            for child in box.children:
                for grandchild in child.children if isinstance(child, boxes.LineBox) else [child]:
                    visit(grandchild, found)

    result = []
    for page in document.pages:
        found: list[str | None] = []
        root = page._page_box.element  # the page box is the <html> element's
        base = default if default is not None else (root.get("lang") if root is not None else None) or ""
        visit(page._page_box, found)
        result.append(found)
    return result


def mark_languages(pdf: pikepdf.Pdf, languages: list[list[str | None]]) -> int:
    """Give the structure element of each ``<span>`` in another language its ``/Lang`` (PDF 32000-1 §14.9.2;
    PDF/UA-1 §7.2: a change of natural language is declared), from :func:`span_languages`. WeasyPrint 70 writes
    the document language only. A ``<span>``'s element is a ``/Span`` that holds elements, not marked content
    (a text run's ``/Span`` holds its MCID); they are matched to the layout's span boxes page by page, in order,
    and a page whose counts differ is left alone. Returns the number of elements marked."""
    tree = pdf.Root.get("/StructTreeRoot")
    if tree is None or not any(lang for page in languages for lang in page):
        return 0
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[list[Dictionary]] = [[] for _ in pdf.pages]

    def visit(element):
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []
        if element.get("/S") == Name.Span and not any(isinstance(k, int) or (not isinstance(k, Dictionary)
                                                                              and hasattr(k, "__int__"))
                                                       for k in kids):
            index = _page(element, pages)
            if index is not None:
                found[index].append(element)
        for kid in kids:
            if isinstance(kid, Dictionary) and "/S" in kid:
                visit(kid)

    visit(tree)
    marked = 0
    for elements, langs in zip(found, languages):
        if len(elements) != len(langs):
            continue
        for element, lang in zip(elements, langs):
            if lang:
                element.Lang = pikepdf.String(lang)
                marked += 1
    return marked
