"""Inline model nodes → escaped HTML (:class:`markupsafe.Markup`), the same for print and EPUB except footnotes.

Cross-references need an edition-specific address, so the caller passes ``href(part_id, anchor) -> str``.
Footnotes differ per edition: print sets the note's text in place as ``<span class="footnote">`` (moved to the
page foot by CSS ``float: footnote``, CSS GCPM §2, https://www.w3.org/TR/css-gcpm-3/#footnotes); the EPUB writes a
``noteref`` link (EPUB 3 Structural Semantics, https://www.w3.org/TR/epub-ssv-11/#notes) whose note is an
``aside epub:type="footnote"`` at the end of the part (see :func:`note_html`).
"""

from __future__ import annotations

from typing import Callable

from markupsafe import Markup, escape

from bookpress.model import (CrossRef, Emphasis, Foreign, Inline, LineBreak, Link, NoteRef, Paragraph, Strong, Styled,
                             Text)

Href = Callable[[str, str], str]

#: HTML element and class per :data:`bookpress.model.INLINE_STYLES` entry.
STYLE_TAGS = {"strikeout": ("del", ""), "superscript": ("sup", ""), "subscript": ("sub", ""),
              "smallcaps": ("span", "smallcaps")}


def inline_html(nodes: tuple[Inline, ...], href: Href, edition: str = "print") -> Markup:
    """Render inline nodes to HTML; text is escaped, ``LineBreak`` becomes ``<br/>`` (valid XHTML too).

    ``edition`` is ``"print"`` or ``"epub"`` (only footnotes and language attributes differ: XHTML also gets
    ``xml:lang``, EPUB 3.3 §3.1 / https://www.w3.org/TR/xhtml1/#C_7).
    """
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(escape(node.text))
        elif isinstance(node, Emphasis):
            out.append(Markup("<em>%s</em>") % inline_html(node.children, href, edition))
        elif isinstance(node, Strong):
            out.append(Markup("<strong>%s</strong>") % inline_html(node.children, href, edition))
        elif isinstance(node, Styled):
            tag, css = STYLE_TAGS[node.style]
            attr = Markup(' class="%s"') % css if css else Markup("")
            out.append(Markup("<%s%s>%s</%s>") % (Markup(tag), attr, inline_html(node.children, href, edition),
                                                   Markup(tag)))
        elif isinstance(node, Foreign):
            xml_lang = Markup(' xml:lang="%s"') % node.lang if edition == "epub" else Markup("")
            out.append(Markup('<span lang="%s"%s>%s</span>') % (node.lang, xml_lang,
                                                               inline_html(node.children, href, edition)))
        elif isinstance(node, LineBreak):
            out.append(Markup("<br/>"))
        elif isinstance(node, Link):
            out.append(Markup('<a class="url" href="%s">%s</a>') % (node.href, inline_html(node.children, href, edition)))
        elif isinstance(node, CrossRef):
            out.append(Markup('<a class="xref" href="%s">%s</a>') % (href(node.part_id, node.target), node.label))
        elif isinstance(node, NoteRef):
            out.append(_note_call(node, href, edition))
        else:  # pragma: no cover - the model has no other inline types
            raise TypeError(f"unknown inline node {node!r}")
    return Markup("").join(out)


def _note_text(note: NoteRef, href: Href, edition: str) -> Markup:
    paragraphs = [inline_html(b.inlines, href, edition) for b in note.blocks if isinstance(b, Paragraph)]
    return Markup("<br/>").join(paragraphs)


def _note_call(note: NoteRef, href: Href, edition: str) -> Markup:
    if edition == "epub":
        return Markup('<a class="noteref" id="%s-ref" href="#%s" epub:type="noteref" role="doc-noteref">'
                      '<sup>%s</sup></a>') % (note.id, note.id, note.number)
    return Markup('<span class="footnote" id="%s">%s</span>') % (note.id, _note_text(note, href, edition))


def note_html(note: NoteRef, href: Href, back_label: str) -> Markup:
    """The EPUB's note: ``<aside epub:type="footnote">`` with its number linking back to the reference."""
    paragraphs = [inline_html(b.inlines, href, "epub") for b in note.blocks if isinstance(b, Paragraph)] or [Markup("")]
    first = Markup('<a class="note-back" href="#%s-ref" role="doc-backlink" title="%s">%s</a> %s') % (
        note.id, back_label, note.number, paragraphs[0])
    body = Markup("").join(Markup("<p>%s</p>") % p for p in [first, *paragraphs[1:]])
    return Markup('<aside class="footnote" id="%s" epub:type="footnote" role="doc-footnote">%s</aside>') % (
        note.id, body)
