"""Book → book with the typography of one edition: micro-typography everywhere, soft hyphens from the policy.

Runs between ``assemble`` and ``render`` (the renderers call :func:`typeset`). Micro-typography
(:func:`bookpress.typography.microtype.microtype`) is applied to every text of both editions alike; soft hyphens
(:class:`bookpress.typography.policy.Policy`) go into running text — paragraphs, list items, quotations and the
text of callout boxes, not headings, captions or link texts — when the edition asks for them (the EPUB with
``book.toml [epub] hyphenation = "soft-hyphens"``). An inline node with a ``lang`` attribute is hyphenated with
that language's patterns.
"""

from __future__ import annotations

import functools
from dataclasses import fields, is_dataclass, replace
from typing import Callable

from bookpress.assemble import figures_in
from bookpress.config import Config
from bookpress.errors import BookError
from bookpress.model import (Book, Callout, Figure, Heading, Link, ListBlock, NoteRef, Paragraph, Part, Quote,
                             Table, Text)
from bookpress.typography.microtype import microtype
from bookpress.typography.policy import Policy, read_exceptions

#: The exceptions file used when ``[hyphenation] exceptions`` is not set and the file exists.
DEFAULT_EXCEPTIONS = "hyphenation.txt"


def load_policy(config: Config) -> Policy:
    """The book's hyphenation policy from ``[hyphenation]`` and the exceptions file in ``source/``.

    Raises :class:`BookError` when a named exceptions file is missing or lies outside ``source/``, or has a bad
    line (see :func:`bookpress.typography.policy.read_exceptions`).
    """
    settings = config.hyphenation
    source = config.source_dir
    exceptions: dict[str, tuple[int, ...]] = {}
    name = settings.exceptions or DEFAULT_EXCEPTIONS
    path = (source / name).resolve()
    if source.resolve() not in path.parents:
        raise BookError(f"hyphenation exceptions file '{name}' lies outside {source}", source / "book.toml",
                        hint="keep it in source/, e.g. exceptions = \"hyphenation.txt\"")
    if path.is_file():
        exceptions = read_exceptions(source / name)
    elif settings.exceptions:
        raise BookError(f"hyphenation exceptions file '{name}' not found in {source}", source / "book.toml",
                        hint=f"create source/{name} or remove the exceptions key")
    return Policy(language=config.language.split("-")[0].lower(), min_word=settings.min_word,
                  min_before=settings.min_before, min_after=settings.min_after, exceptions=exceptions)


#: Typeset texts of the last policies used in this process: (text, language) → result, per policy (see
#: :func:`typeset`). Both PDF editions of a build, and every rebuild in ``watch``, typeset the same texts.
_DONE: dict[tuple, dict[tuple[str, str], str]] = {}
#: Policies whose results are kept (the print edition's and the EPUB's), and texts kept per policy at most.
_KEPT_POLICIES = 2
_MAX_TEXTS = 500_000


def typeset(book: Book, config: Config, soft_hyphens: bool) -> Book:
    """Return ``book`` with micro-typography applied and, with ``soft_hyphens``, the policy's breaks as U+00AD.

    Both transformations are pure functions of a text, its language and the policy, so each text is typeset once
    per process and policy (a second edition, or a rebuild after an edit, reuses the results).
    """
    policy = load_policy(config) if soft_hyphens else None
    language = config.language
    fingerprint = repr((policy, sorted(policy.exceptions.items()) if policy else None))
    done = _DONE.pop(fingerprint, None)
    if done is None or len(done) > _MAX_TEXTS:
        done = {}
    _DONE[fingerprint] = done  # most recently used last
    while len(_DONE) > _KEPT_POLICIES:
        del _DONE[next(iter(_DONE))]

    def running(text: str, lang: str) -> str:
        found = done.get((text, lang))
        if found is None:
            found = microtype(text)
            found = done[(text, lang)] = policy.hyphenate(found, lang) if policy else found
        return found

    def other(text: str, lang: str) -> str:
        return _microtype(text)

    parts = tuple(_part(p, running, other, language) for p in book.parts)
    toc = tuple(replace(entry, title=microtype(entry.title), short=microtype(entry.short)) for entry in book.toc)
    figures = tuple(fig for part in parts for fig in _figures(part.blocks))
    return replace(book, parts=parts, toc=toc, figures=figures)


Transform = Callable[[str, str], str]


@functools.lru_cache(maxsize=65536)
def _microtype(text: str) -> str:
    return microtype(text)


def _part(part: Part, running: Transform, other: Transform, language: str) -> Part:
    return replace(part, title=_inlines(part.title, other, language),
                   blocks=tuple(_block(b, running, other, language) for b in part.blocks))


def _block(block, running: Transform, other: Transform, language: str):
    if isinstance(block, Paragraph):
        return replace(block, inlines=_inlines(block.inlines, running, language))
    if isinstance(block, Heading):
        return replace(block, inlines=_inlines(block.inlines, other, language))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(tuple(_block(b, running, other, language) for b in item)
                                          for item in block.items))
    if isinstance(block, Quote):
        return replace(block, blocks=tuple(_block(b, running, other, language) for b in block.blocks))
    if isinstance(block, Callout):
        return replace(block, title=_inlines(block.title, other, language),
                       blocks=tuple(_block(b, running, other, language) for b in block.blocks))
    if isinstance(block, Figure):
        return replace(block, caption=_inlines(block.caption, other, language))
    return _generic(block, other, language)


def _generic(block, other: Transform, language: str):
    """Block types added later (tables, notes …): micro-typography on their inline fields, no hyphenation."""
    if not is_dataclass(block):
        return block
    changes = {}
    for f in fields(block):
        value = getattr(block, f.name)
        if isinstance(value, tuple) and value and all(is_dataclass(v) for v in value) and \
                any(isinstance(v, Text) for v in value):
            changes[f.name] = _inlines(value, other, language)
        elif isinstance(block, Table) and f.name in ("head", "body"):  # rows of cells of inline content
            changes[f.name] = tuple(tuple(_inlines(cell, other, language) for cell in row) for row in value)
    return replace(block, **changes) if changes else block


def _inlines(nodes: tuple, transform: Transform, language: str) -> tuple:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            node = replace(node, text=transform(node.text, language))
        elif isinstance(node, Link):
            pass  # link texts are often addresses: neither hyphenated nor retyped
        elif isinstance(node, NoteRef):  # a footnote's text: set like the text it belongs to
            node = replace(node, blocks=tuple(_block(b, transform, transform, language) for b in node.blocks))
        elif hasattr(node, "children"):
            lang = getattr(node, "lang", "") or (getattr(node, "attributes", None) or {}).get("lang", "") or language
            node = replace(node, children=_inlines(node.children, transform, lang))
        out.append(node)
    return tuple(out)


def _figures(blocks) -> list[Figure]:
    return figures_in(blocks)


