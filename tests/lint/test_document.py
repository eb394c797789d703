"""Masking: what the text rules see as prose, and that columns survive masking."""

from __future__ import annotations

from pathlib import Path

from bookpress.lint.document import MASK, parse_document


def _prose(text: str) -> list[str]:
    return [line.replace(MASK, "_") for line in parse_document(Path("x.md"), text).prose]


def test_views_keep_line_lengths() -> None:
    text = 'a `b` {#c .d e="f"} <!-- g --> [h](i "j")\n```\nk\n```\n'
    document = parse_document(Path("x.md"), text)
    assert [len(line) for line in document.prose] == [len(line) for line in document.lines]
    assert [len(line) for line in document.markup] == [len(line) for line in document.lines]


def test_markup_is_masked_in_prose() -> None:
    assert _prose('Tekst {#fig-a fig-alt="x \'y\'"} en `co"de` [link](https://x.nl "t").') == [
        "Tekst ________________________ en _______ [link___________________."]


def test_comments_over_lines_and_fenced_code_are_masked() -> None:
    assert _prose('voor <!-- a\n"b"\nc --> na\n~~~\n"code"\n~~~\nuit') == [
        "voor ______", "___", "_____ na", "___", "______", "___", "uit"]


def test_callout_fence_colons_are_not_prose() -> None:
    assert _prose("::: {.callout-case}\n:::") == ["___ _______________", "___"]
