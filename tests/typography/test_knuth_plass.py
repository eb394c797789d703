"""The total-fit line breaker on synthetic paragraphs (widths in arbitrary units)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookpress.render.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Item, Settings, break_lines, paragraph_end
from tests.typography import breaker_reference as reference


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


@st.composite
def paragraphs(draw) -> tuple[list[Item], tuple[float, float]]:
    """Paragraphs as :mod:`bookpress.render.line_breaks` makes them: words (some with hyphenation points, typed
    breaks or a forbidden break), spaces, no-break spaces; line widths from too narrow to roomy. Widths are
    multiples of one unit, and in some paragraphs every word and space is the same, so that equal demerits (ties)
    occur."""
    unit = draw(st.sampled_from([0.5, 1.0, 0.37]))
    uniform = draw(st.booleans())
    fixed = {}

    def pick(name: str, strategy):
        if not uniform:
            return draw(strategy)
        if name not in fixed:
            fixed[name] = draw(strategy)
        return fixed[name]

    items: list[Item] = []
    for n in range(draw(st.integers(1, 45))):
        if n:
            if not uniform and draw(st.integers(0, 9)) == 0:
                items.append(Item(PENALTY, 0, penalty=INFINITY))  # a no-break space
            natural = pick("space", st.integers(2, 6)) * unit
            items.append(Item(GLUE, natural, stretch=max(0.01, pick("stretch", st.integers(-1, 6)) * unit / 2)))
        for k in range(pick("pieces", st.integers(1, 3))):
            if k:
                kind = pick("break", st.sampled_from(["hyphen", "hyphen", "typed", "forbidden"]))
                if kind == "hyphen":
                    items.append(Item(PENALTY, pick("hyphen", st.integers(1, 4)) * unit, penalty=50, flagged=True))
                elif kind == "typed":
                    items.append(Item(PENALTY, 0, penalty=0, flagged=pick("flagged", st.booleans()), typed=True))
                else:
                    items.append(Item(PENALTY, 0, penalty=INFINITY))
            letters = pick("letters", st.integers(1, 9))
            items.append(Item(BOX, pick("letter", st.integers(1, 3)) * letters * unit, text="x" * letters))
    measure = draw(st.integers(28, 160)) * unit
    return items + paragraph_end(), (measure - draw(st.integers(0, 6)) * unit, measure)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs(), st.integers(1, 3), st.integers(3, 10))
def test_same_breaks_as_the_reference_breaker(paragraph, max_hyphens, runt_chars):
    """The prepared, faster breaker chooses what the plain published algorithm chose (same indices, demerits,
    tolerance, and the same ``None``), ties included."""
    items, widths = paragraph
    tuning = Settings(max_hyphens=max_hyphens, runt_chars=runt_chars)
    assert break_lines(items, widths, tuning) == reference.break_lines(items, widths, tuning)
