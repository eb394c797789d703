"""The hyphenation policy's rules one by one, its exceptions file and its settings in book.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookpress.config import load_config
from bookpress.errors import BookError
from bookpress.typography.apply import load_policy
from bookpress.typography.policy import Policy, read_exceptions, seams

ROOT = Path(__file__).resolve().parents[2]
POLICY = Policy()


def test_no_break_before_a_diaeresis():
    for word in ("financiële", "industriële", "patiënten", "oriëntatie", "technologieën"):
        assert all(word[p] != "ë" for p in POLICY.points(word)), word


def test_compound_breaks_at_its_seam_never_beside_it():
    points = POLICY.points("medewerkerstevredenheid")
    assert 11 in points                       # medewerkers-tevredenheid
    assert not {9, 10, 12, 13} & set(points)  # never medewerker-stevredenheid or medewerkerste-vredenheid
    assert seams("thuiszorgorganisatie") == (9,)
    assert 8 not in POLICY.points("thuiszorgorganisatie")  # thuiszor-gorganisatie


def test_no_break_before_an_impossible_onset():
    assert 3 not in POLICY.points("benchmarking")  # ben-chmarking


def test_no_break_inside_an_f_ligature():
    assert 2 not in POLICY.points("officieel")


def test_minimum_letters():
    policy = Policy(min_word=8, min_before=3, min_after=4)
    assert policy.points("gebruik") == ()
    assert all(3 <= p <= len("organisatie") - 4 for p in policy.points("organisatie"))


def test_exceptions_beat_everything(tmp_path):
    (tmp_path / "x.txt").write_text("fi-nan-ci-ele\norganisatie % never breaks\nO-ra\n", encoding="utf-8")
    policy = Policy(exceptions=read_exceptions(tmp_path / "x.txt"), min_word=6)
    assert policy.points("organisatie") == ()
    assert policy.points("Ora") == (1,)          # shorter than min_word and min_before, still the exception wins
    assert policy.hyphenate("Organisatie") == "Organisatie"


@pytest.mark.parametrize("content, line", [("goed\nbad_word\n", 2), ("-voor\n", 1), ("a--b\n", 1),
                                           ("be-leid\nbeleid\n", 2)])
def test_bad_exceptions_file_names_file_and_line(tmp_path, content, line):
    path = tmp_path / "hyphenation.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BookError) as error:
        read_exceptions(path)
    assert error.value.line == line


def test_other_language_uses_its_patterns():
    assert POLICY.points("stakeholders", "en") == (5, 9)   # stake-hold-ers
    assert POLICY.points("stakeholders") == (3, 5, 8)        # Dutch patterns: sta-ke-hol-ders


def _book(tmp_path: Path, extra: str) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    (source / "book.toml").write_text((ROOT / "source" / "book.toml").read_text(encoding="utf-8") + extra,
                                      encoding="utf-8")
    return source


def test_settings_come_from_book_toml(tmp_path):
    source = _book(tmp_path, '\n[hyphenation]\nmin_word = 9\nmin_before = 3\nmin_after = 4\n'
                             'exceptions = "afbreken.txt"\n')
    (source / "afbreken.txt").write_text("kwar-tier-maker\n", encoding="utf-8")
    policy = load_policy(load_config(source))
    assert (policy.min_word, policy.min_before, policy.min_after) == (9, 3, 4)
    assert policy.points("kwartiermaker") == (4, 8)


def test_named_exceptions_file_must_exist(tmp_path):
    source = _book(tmp_path, '\n[hyphenation]\nexceptions = "nope.txt"\n')
    with pytest.raises(BookError, match="nope.txt"):
        load_policy(load_config(source))


@pytest.mark.parametrize("extra", ['\n[hyphenation]\nmin_before = 0\n', '\n[hyphenation]\nmin_word = 3\n'])
def test_bad_settings_are_errors(tmp_path, extra):
    with pytest.raises(BookError, match="hyphenation"):
        load_config(_book(tmp_path, extra))


def test_bad_epub_hyphenation_is_an_error(tmp_path):
    text = (ROOT / "source" / "book.toml").read_text(encoding="utf-8").replace(
        "[epub]\n", '[epub]\nhyphenation = "auto"\n')
    source = tmp_path / "source"
    source.mkdir()
    (source / "book.toml").write_text(text, encoding="utf-8")
    with pytest.raises(BookError, match="epub.hyphenation"):
        load_config(source)
