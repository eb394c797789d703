"""The word-level decisions of L001 (split ligature) and L004 (hyphen leftover) on real cases from the book."""

from __future__ import annotations

import pytest

from bookpress.lint.rules.hyphen import is_hyphen_leftover
from bookpress.lint.rules.ligature import is_split_ligature


@pytest.mark.parametrize("fragment, continuation", [
    ("fl", "exibele"), ("fi", "nancieel"), ("effi", "ciency"), ("Chauff", "eurs"), ("behoeft", "e"),
    ("profi", "el"), ("defi", "nitie"), ("betreff", "en"), ("effi", "ciënter"), ("fl", "exibilisering"),
])
def test_split_ligatures_are_found(fragment: str, continuation: str) -> None:
    assert is_split_ligature(fragment, continuation, "nl")


@pytest.mark.parametrize("fragment, continuation", [
    ("heeft", "een"), ("heeft", "ook"), ("lift", "en"), ("blijft", "de"), ("helft", "van"), ("wifi", "en"),
    ("Microsoft", "op"), ("verschuift", "van"), ("betreft", "staan"),
    ("fl", "Exibele"),  # a capital after the space starts a new word
])
def test_real_text_is_not_a_split_ligature(fragment: str, continuation: str) -> None:
    assert not is_split_ligature(fragment, continuation, "nl")


@pytest.mark.parametrize("left, right, spaced", [
    ("orga", "nisatie", True), ("orga", "nisatie", False), ("hou", "ding", True), ("in", "novatieve", True),
    ("ge", "steld", False), ("Organi", "satie", False), ("bijvoor", "beeld", True),
])
def test_hyphen_leftovers_are_found(left: str, right: str, spaced: bool) -> None:
    assert is_hyphen_leftover(left, right, "nl", spaced)


@pytest.mark.parametrize("left, right, spaced", [
    ("ICT", "managers", False), ("HR", "managers", False), ("woning", "en", True), ("informatie", "en", True),
    ("mee", "ontwikkelen", False), ("start", "up", False), ("e", "mail", False), ("top", "down", False),
    ("co", "creatie", False), ("control", "denken", False), ("Oost", "Berlijn", False),
])
def test_real_compounds_are_not_leftovers(left: str, right: str, spaced: bool) -> None:
    assert not is_hyphen_leftover(left, right, "nl", spaced)
