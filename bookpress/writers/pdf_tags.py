"""Laid-out WeasyPrint document → which elements continue across each page break; tagged PDF → one structure
element per HTML element, not one per page.

WeasyPrint 70 tags page by page (``weasyprint/pdf/tags.py``): a chapter (``<section>``) running over ten pages
becomes ten ``/Sect`` elements, a paragraph broken by a page turn two ``/P`` elements, so assistive technology
announces a new section and a new paragraph at every page — in the middle of a sentence, or of a word hyphenated
across the turn. :func:`continuations` reads from the layout which HTML elements a page break splits (the same
element object ends one page and starts the next), and :func:`merge_continued` joins their structure elements in
the finished PDF: the continuation's kids move into the element that started on the previous page (marked content
of the later page referenced through marked-content references with their own page, PDF 32000-1 §14.7.4.3), and
the parent tree follows.
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
