"""The total-fit line breaker on synthetic paragraphs (widths in arbitrary units)."""

from __future__ import annotations

from bookpress.render.knuth_plass import BOX, GLUE, PENALTY, Item, Settings, break_lines, paragraph_end


def words(*texts: str, space: float = 3, stretch: float = 2, unit: float = 6) -> list[Item]:
    """Words of width ``unit`` per letter; ``-`` inside a word is a hyphenation point."""
    items: list[Item] = []
    for n, text in enumerate(texts):
        if n:
            items.append(Item(GLUE, space, stretch=stretch))
        for k, piece in enumerate(text.split("-")):
            if k:
                items.append(Item(PENALTY, unit, penalty=50, flagged=True))
            items.append(Item(BOX, unit * len(piece), text=piece))
    return items + paragraph_end()


def lines(items: list[Item], breaks: list[int]) -> list[str]:
    out, start = [], 0
    for end in breaks + [len(items)]:
        out.append(" ".join(i.text for i in items[start:end] if i.kind == BOX))
        start = end + 1
    return out


def test_total_fit_balances_lines_where_greedy_would_not():
    items = words("aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "gg", stretch=12)
    found = break_lines(items, (100, 100))
    assert found is not None and found.tolerance <= 1.6
    assert all(len(line.split()) >= 2 for line in lines(items, found.indices))


def test_at_most_two_hyphenated_lines_in_a_row():
    items = words(*(["ab-cd-ef-gh"] * 12))
    found = break_lines(items, (130, 130), Settings(max_hyphens=2))
    assert found is not None
    run = longest = 0
    for index in found.indices:
        run = run + 1 if items[index].kind == PENALTY else 0
        longest = max(longest, run)
    assert longest <= 2


def test_no_one_word_last_line_shorter_than_the_runt_limit():
    items = words("aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "ggggg", "hhhh", "ab", stretch=12)
    found = break_lines(items, (120, 120))
    last = lines(items, found.indices)[-1]
    assert len(last.split()) > 1 or len(last) >= 8


def test_a_line_never_ends_before_a_typed_break_that_still_fits():
    items = words("aaaa", "bbbb", "cc")[:-3] + [Item(GLUE, 3, stretch=2), Item(BOX, 18, text="ict-"),
                                                Item(PENALTY, 0, flagged=True, typed=True),
                                                Item(BOX, 60, text="managers")] + paragraph_end()
    found = break_lines(items, (100, 100))
    for index in found.indices:
        start = 0
        assert not (items[index].kind == GLUE and items[index + 1].text == "ict-" and index < 6)
        del start


def test_a_box_wider_than_the_line_gives_none():
    assert break_lines(words("a" * 40), (100, 100)) is None
