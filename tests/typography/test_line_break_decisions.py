"""The total-fit breaker's decisions on the real book, against a golden file: for every marked paragraph of the
press edition's print HTML (laid out as one document, page-turn rule included), the (word-spacing, letter-spacing)
variant it was set with and the item indices where its lines end.

``tests/typography/breaks/real-book/golden.txt`` is rewritten by ``pytest --update-golden``. Review the diff before
committing: an edit of ``source/``, ``styles/`` or the fonts changes it legitimately; a change of the breaker's code
(:mod:`bookpress.render.line_breaks`, :mod:`bookpress.render.knuth_plass`) that is meant only to make it faster must
leave it as it is.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from bookpress.config import load_config
from bookpress.writers import pdf_layout
from bookpress.writers.pdf import write_pdf

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
GOLDEN = HERE / "breaks" / "real-book" / "golden.txt"


def decisions(report) -> str:
    """One line per paragraph the breaker set: ``<number> ws=<em> ls=<em> <line-end indices…>``, then the count of
    paragraphs left to WeasyPrint's own breaking."""
    out = []
    for number in sorted(report.chosen):
        word, letter = report.variants[number]
        ends = " ".join(str(index) for index in report.chosen[number])
        out.append(f"{number} ws={word:g} ls={letter:g} {ends}".rstrip())
    out.append(f"kept {report.kept}")
    return "\n".join(out) + "\n"


def test_breaks_of_the_real_book_are_the_golden_ones(book, monkeypatch, update_golden: bool):
    reports = []
    original = pdf_layout.total_fit

    @contextlib.contextmanager
    def recording(*args, **kwargs):
        with original(*args, **kwargs) as report:
            reports.append(report)
            yield report

    monkeypatch.setattr(pdf_layout, "total_fit", recording)
    write_pdf(book, load_config(ROOT / "source"), None, "press", per_part=False)
    assert len(reports) == 1
    result = decisions(reports[0])
    assert reports[0].paragraphs > 80, "the breaker set (almost) no paragraph"
    if update_golden or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(result, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"{GOLDEN} did not exist; written from the current output, review it")
    assert result == GOLDEN.read_text(encoding="utf-8"), \
        "the breaker chose other line ends or variants than the golden file (pytest --update-golden if meant)"

