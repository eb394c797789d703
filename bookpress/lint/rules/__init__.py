"""The lint rules: each module turns a :class:`~bookpress.lint.book.Book` into findings of one or two rule IDs.

:data:`RULES` maps each ID to its short name and function ``rule(book) -> Iterator[Finding]``, in ID order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from bookpress.lint.book import Book
from bookpress.lint.findings import Finding
from bookpress.lint.rules import (
    bullet, callouts, characters, contents, design, double_space, figures, fragments, hyphen, ids, layout, ligature,
    quotes, reader, references,
)


class Rule(NamedTuple):
    """A rule: ``code`` (``L001``), ``name`` (``split-ligature``) and ``find(book)`` → findings."""

    code: str
    name: str
    find: Callable[[Book], Iterator[Finding]]


RULES: dict[str, Rule] = {rule.code: rule for rule in (
    Rule("L001", "split-ligature", ligature.find_split_ligatures),
    Rule("L002", "double-space", double_space.find_double_spaces),
    Rule("L003", "bullet", bullet.find_bullets),
    Rule("L004", "hyphen-leftover", hyphen.find_hyphen_leftovers),
    Rule("L005", "straight-quote", quotes.find_straight_quotes),
    Rule("L006", "modifier-quote", quotes.find_modifier_quotes),
    Rule("L007", "unknown-callout", callouts.find_unknown_callouts),
    Rule("L008", "unclosed-callout", callouts.find_unclosed_callouts),
    Rule("L009", "missing-figure", figures.find_missing_figures),
    Rule("L010", "unknown-reference", references.find_unknown_references),
    Rule("L011", "duplicate-id", ids.find_duplicate_ids),
    Rule("L012", "missing-chapter", contents.find_missing_chapters),
    Rule("L013", "unlisted-file", contents.find_unlisted_files),
    Rule("L014", "reader", reader.find_reader_problems),
    Rule("L015", "design", design.find_design_problems),
    # leftovers of PDF extraction (issue 11); numbered from L030 so other new rules can take L014…
    Rule("L030", "ligature-codepoint", characters.find_ligature_codepoints),
    Rule("L031", "hyphen-character", characters.find_hyphen_characters),
    Rule("L032", "control-character", characters.find_control_characters),
    Rule("L033", "spaced-ligature", fragments.find_spaced_ligatures),
    Rule("L034", "missing-ligature", fragments.find_missing_ligatures),
    Rule("L035", "lost-hyphen", fragments.find_lost_hyphens),
    Rule("L036", "split-drop-cap", fragments.find_split_drop_caps),
    Rule("L037", "letterspacing", layout.find_letterspacing),
    Rule("L038", "typed-number", layout.find_typed_numbers),
)}
