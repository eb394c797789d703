"""book.toml validation for book matter: ISBN-13 check digits, MARC relator roles, colophon fields, back matter —
every error names book.toml and the line of the offending key."""

from __future__ import annotations

import shutil

import pytest

from bookpress.config import load_config, unfilled_metadata
from bookpress.errors import BookError

from ..editions.conftest import SOURCE
from .conftest import edit, make_matter_book


@pytest.fixture
def source(tmp_path):
    copy = tmp_path / "source"
    shutil.copytree(SOURCE, copy)
    return copy


def _line(source, needle: str, nth: int = 1) -> int:
    lines = (source / "book.toml").read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if needle in line][nth - 1]


def _error(source) -> BookError:
    with pytest.raises(BookError) as caught:
        load_config(source)
    return caught.value


def test_bad_isbn_check_digit_is_an_error_with_its_line(source):
    edit(source / "book.toml", 'print = ""', 'print = "978-90-12345-67-0"')
    error = _error(source)
    assert error.path == source / "book.toml" and error.line == _line(source, "978-90-12345-67-0")
    assert "'isbn.print'" in error.message and "check digit" in error.message and "5" in error.message


def test_isbn10_is_refused_with_its_isbn13(source):
    edit(source / "book.toml", 'epub = ""', 'epub = "0-306-40615-2"')
    error = _error(source)
    assert error.line == _line(source, "0-306-40615-2") and "ISBN-10" in error.message
    assert "978-0-306-40615-7" in error.hint


def test_valid_isbns_are_normalised_to_the_hyphenated_form(source):
    edit(source / "book.toml", 'print = ""', 'print = "9789012345675"')
    edit(source / "book.toml", 'epub = ""', 'epub = "978 90 123 4568 2"')
    config = load_config(source)
    assert config.isbn.print == "978-90-12-34567-5"  # hyphens per the ISBN agency ranges
    assert config.isbn.epub == "978-90-12-34568-2"


def test_same_isbn_for_both_editions_is_refused(source):
    edit(source / "book.toml", 'print = ""', 'print = "9789012345675"')
    edit(source / "book.toml", 'epub = ""', 'epub = "978-90-12345-67-5"')
    assert "same as isbn.print" in _error(source).message


def test_every_marc_relator_is_a_role_and_unknown_codes_are_refused(source):
    edit(source / "book.toml", 'role = "aui"', 'role = "trl"')
    assert load_config(source).creators[1].role == "trl"
    edit(source / "book.toml", 'role = "trl"', 'role = "vrt"')
    error = _error(source)
    assert error.line == _line(source, 'role = "vrt"') and "'creators[1].role'" in error.message
    assert "MARC relator" in error.message


def test_a_role_without_a_dutch_label_needs_one_in_labels_roles(source):
    edit(source / "book.toml", 'role = "aui"', 'role = "dnc"')  # dancer: a valid code with no built-in label
    error = _error(source)
    assert "no colophon label" in error.message and '[labels.roles]: dnc = "…"' in error.hint
    edit(source / "book.toml", 'aui = "Voorwoord"', 'aui = "Voorwoord"\ndnc = "Dans"')
    assert load_config(source).role_label("dnc") == "Dans"


def test_unknown_key_in_the_second_contributor_names_its_own_line(source):
    text = (source / "book.toml").read_text(encoding="utf-8")
    text = text.replace("# [[contributors]]", '[[contributors]]\nname = "A"\nrole = "trl"\n\n'
                                              '[[contributors]]\nname = "B"\nrole = "ill"\nrol = "x"\n\n#', 1)
    (source / "book.toml").write_text(text, encoding="utf-8")
    error = _error(source)
    assert error.message == "unknown key 'contributors[1].rol'" and error.line == _line(source, 'rol = "x"')


def test_nur_code_and_back_matter_are_checked(source):
    edit(source / "book.toml", 'nur = ""', 'nur = "8O1"')
    error = _error(source)
    assert error.line == _line(source, 'nur = "8O1"') and "three-digit NUR" in error.message
    edit(source / "book.toml", 'nur = "8O1"', 'nur = "801"')
    edit(source / "book.toml", 'bibliography = ""', 'bibliography = "literatuur.md"')
    error = _error(source)
    assert error.line == _line(source, 'bibliography = "literatuur.md"') and "back_matter" in error.message


def test_missing_isbns_and_publisher_are_reported_not_invented():
    config = load_config(SOURCE)
    gaps = {gap.message.split("'")[1]: gap for gap in unfilled_metadata(config)}
    assert sorted(gaps) == ["isbn.epub", "isbn.print", "publisher"]
    assert gaps["publisher"].line == _line(SOURCE, "publisher = ")
    assert config.isbn.print == "" and config.publisher == ""


def test_full_matter_book_loads_with_every_field(tmp_path):
    config = load_config(make_matter_book(tmp_path))
    assert unfilled_metadata(config) == []
    assert [c.role for c in config.contributors] == ["trl", "cov", "ill"]
    assert [config.role_label(c.role) for c in config.contributors] == ["Vertaling", "Omslagontwerp", "Illustraties"]
    assert config.contents.appendices == ("bijlage-begrippen.md", "bijlage-vragen.md")
