"""The total-fit breaker's decisions are kept between builds (bookpress/writers/paragraph_memo.py): a second build
of the same book sets no paragraph again, an edited paragraph is set again, a damaged memo costs time only, and the
memo does not grow without bound."""

from __future__ import annotations

import pytest

from bookpress import cache
from bookpress.assemble import assemble
from bookpress.config import load_config
from bookpress.render import line_breaks
from bookpress.writers import paragraph_memo
from bookpress.writers.pdf import write_pdf
from tests.support.books import make_small_book

CHAPTER = ("# Een hoofdstuk\n\n"
           + "\n\n".join(f"Alinea {n}: een lange zin over digitale transformatie, de rol van de informatiemanager "
                         f"en de organisatie die met nieuwe technologie haar bedrijfsmodel verandert." for n in range(8))
           + "\n")


@pytest.fixture
def sets(monkeypatch):
    """Paragraphs the breaker sets (measures and breaks) rather than takes from the memo."""
    count = []
    original = line_breaks._Setter._set

    def counting(self, *args, **kwargs):
        count.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(line_breaks._Setter, "_set", counting)
    monkeypatch.setattr(paragraph_memo, "_LAST", None)  # as a new process: only the build cache remembers
    return count


def _lay_out(source, store):
    """Lay the book out as a new process would with this build cache, every part laid out again (cached parts are
    dropped, so the memo alone decides what is set again)."""
    import shutil

    shutil.rmtree(store / "print-part", ignore_errors=True)
    config = load_config(source)
    paragraph_memo._LAST = None
    with cache.activate(cache.Cache(store)):
        write_pdf(assemble(config), config, None, "press")


def test_a_second_build_sets_only_the_edited_paragraph(tmp_path, sets):
    source = make_small_book(tmp_path, CHAPTER)
    store = tmp_path / "cache"
    _lay_out(source, store)
    first = len(sets)
    assert first >= 8
    sets.clear()
    _lay_out(source, store)
    assert sets == [], "paragraphs set again although nothing changed"
    chapter = next(source.glob("hoofdstuk*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("Alinea 3:", "Alinea drie:"), encoding="utf-8")
    _lay_out(source, store)
    assert len(sets) == 1


def test_a_damaged_memo_costs_time_only(tmp_path, sets):
    source = make_small_book(tmp_path, CHAPTER)
    store = tmp_path / "cache"
    _lay_out(source, store)
    for entry in (store / paragraph_memo.KIND).iterdir():
        entry.write_bytes(b"not a pickle")
    sets.clear()
    _lay_out(source, store)
    assert len(sets) >= 8


def test_growth_is_bounded(monkeypatch):
    monkeypatch.setattr(paragraph_memo, "_LAST", None)
    with cache.activate(cache.Cache(None)):
        grown = paragraph_memo.Recorder({n: n for n in range(100)})
        assert all(n in grown for n in (1, 2, 3))  # the decisions this build used
        paragraph_memo.save("x", grown, paragraphs=10)
        assert paragraph_memo._LAST[1] == {1: 1, 2: 2, 3: 3}
        within = paragraph_memo.Recorder({n: n for n in range(20)})
        assert 1 in within
        paragraph_memo.save("x", within, paragraphs=10)
    assert len(paragraph_memo._LAST[1]) == 20
