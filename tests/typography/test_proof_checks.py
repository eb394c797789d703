"""The proof checks on synthetic pages: each kind can be found (and is not found on clean pages)."""

from __future__ import annotations

from bookpress.proof.checks import Geometry, check
from bookpress.proof.lines import Line, Page
from bookpress.typography.policy import Policy

MM = 72 / 25.4
G = Geometry(20, 24, 22, 18, 10, 14)
LEFT, RIGHT = 22 * MM, 152 * MM          # recto text block
TOP = (240 - 20) * MM


def line(text: str, n: int, right: float = RIGHT, gap: float = 0.25, left: float = LEFT, size: float = 10) -> Line:
    base = TOP - 10 - 14 * n
    return Line(page=1, text=text, left=left, right=right, baseline=base, top=base + 8, bottom=base - 2, size=size,
                gaps=(gap,) * max(1, len(text.split()) - 1))


def page(number: int, lines: list[Line]) -> Page:
    return Page(number, 170 * MM, 240 * MM, tuple(lines), 0, 0)


def full(n: int, start: int = 0, **kw) -> list[Line]:
    return [line("een volle regel tekst die doorloopt", start + i, **kw) for i in range(n)]


def kinds(pages) -> list[str]:
    return [f.kind for f in check(pages, G, Policy())]


def test_clean_pages_have_no_findings():
    assert kinds([page(1, full(5) + [line("einde van de alinea.", 5, right=LEFT + 200)])]) == []


def test_loose_line():
    lines = full(4) + [line("wijd gezette regel hier", 4, gap=0.8), line("slot van de alinea.", 5, right=LEFT + 300)]
    found = check([page(1, lines)], G)
    assert [(f.kind, f.severity) for f in found] == [("loose", "error")]


def test_ladder_of_three_hyphens():
    lines = full(2) + [line(f"regel{i} afge\u2010", 2 + i) for i in range(3)] + [line("slot van de alinea.", 5, right=LEFT + 300)]
    assert "ladder" in kinds([page(1, lines)])


def test_runt():
    assert kinds([page(1, full(4) + [line("stad.", 4, right=LEFT + 25)])]) == ["runt"]


def test_widow_and_orphan():
    verso = page(2, full(10) + [line("nieuwe alinea begint hier en loopt door", 10, left=LEFT + 15)])
    recto = page(3, [line("laatste.", 0, right=LEFT + 200)] + full(8, 1))
    found = kinds([page(1, full(3)), verso, recto])
    assert "orphan" in found and "widow" in found


def test_policy_violation():
    lines = full(2) + [line("ook de cliëntte\u2010", 2), line("vredenheid was goed, zo bleek uit het onderzoek.", 3, right=LEFT + 250)]
    assert "policy" in kinds([page(1, lines)])
