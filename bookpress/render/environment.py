"""The Jinja environment over ``templates/``: strict (unknown names fail) and autoescaping.

Templates get the book model and a few filters: ``inline`` (inline nodes → HTML, :mod:`bookpress.render.inline`),
``plain`` (inline nodes → text) and the block-type tests ``paragraph``, ``heading``, ``figure``… so macros can
dispatch on the model's classes without Python in the templates.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from bookpress.model import (Callout, DefinitionList, Figure, Heading, ListBlock, Paragraph, Quote, Table, notes_in,
                             plain_text)
from bookpress.render.inline import Href, inline_html, note_html

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def environment(href: Href, templates: Path = TEMPLATES, overrides: Path | None = None,
                edition: str = "print") -> jinja2.Environment:
    """Return an environment whose ``inline`` filter links cross-references with ``href(part_id, anchor)``.

    ``overrides`` is a folder whose templates replace those of the same path in ``templates`` (a book's
    ``source/templates/``, see :mod:`bookpress.render.overrides`). ``edition`` (``"print"`` or ``"epub"``) selects
    how footnotes and language spans are written (:func:`bookpress.render.inline.inline_html`); ``notes(part)``
    lists a part's footnotes and ``note`` renders one as an EPUB aside.

    ``StrictUndefined`` turns a misspelt name in a template into an error instead of empty output;
    autoescaping is on for every template (https://jinja.palletsprojects.com/en/3.1.x/api/#autoescaping).
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(overrides), str(templates)] if overrides else str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = lambda nodes: inline_html(tuple(nodes), href, edition)
    env.filters["note"] = lambda note, back: note_html(note, href, back)
    env.globals["notes"] = lambda part: notes_in(part.blocks)
    env.globals["edition"] = edition
    env.filters["plain"] = lambda nodes: plain_text(tuple(nodes))
    env.globals["href"] = href
    for name, cls in {"paragraph": Paragraph, "heading": Heading, "figure": Figure, "callout": Callout,
                      "quote": Quote, "list_block": ListBlock, "table": Table,
                      "definition_list": DefinitionList}.items():
        env.tests[name] = lambda value, cls=cls: isinstance(value, cls)
    return env
