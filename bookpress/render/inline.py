"""Inline model nodes → escaped HTML (:class:`markupsafe.Markup`), the same for print and EPUB.

Cross-references need an edition-specific address, so the caller passes ``href(part_id, anchor) -> str``.
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup, escape

from bookpress.model import CrossRef, Emphasis, Inline, LineBreak, Link, Strong, Text

Href = Callable[[str, str], str]


def inline_html(nodes: tuple[Inline, ...], href: Href) -> Markup:
    """Render inline nodes to HTML; text is escaped, ``LineBreak`` becomes ``<br/>`` (valid XHTML too)."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Emphasis):
            out.append(Markup("<em>%s</em>") % inline_html(node.children, href))
        elif isinstance(node, Strong):
            out.append(Markup("<strong>%s</strong>") % inline_html(node.children, href))
        elif isinstance(node, LineBreak):
            out.append(Markup("<br/>"))
        elif isinstance(node, Link):
            out.append(Markup('<a class="url" href="%s">%s</a>') % (node.href, inline_html(node.children, href)))
        elif isinstance(node, CrossRef):
            out.append(Markup('<a class="xref" href="%s">%s</a>') % (href(node.part_id, node.target), node.label))
        else:  # pragma: no cover - the model has no other inline types
            raise TypeError(f"unknown inline node {node!r}")
    return Markup("").join(out)
