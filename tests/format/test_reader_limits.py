"""The reader on pathological lines: one finding per kind of unparsed markup and text run (never one per
character), bounded patterns (no regex backtracking over the whole line)."""

from __future__ import annotations

import pytest

from bookpress.reader.markdown import part_problems


@pytest.mark.parametrize("line, message", [
    ("](" * 20000, "a link the reader could not parse"),
    ("{." * 20000, "attributes {…} that belong to nothing"),
    ("~a " * 20000, "a strikeout or subscript that is not closed"),
    ("| --- " * 5000, "a table the reader could not parse"),
    ("@x-y " * 10000, "unknown reference '@x-y'"),
])
def test_one_finding_per_kind_on_a_pathological_line(tmp_path, line, message) -> None:
    path = tmp_path / "hoofdstuk.md"
    path.write_text("# Titel\n\n" + line + "\n", encoding="utf-8")
    problems = part_problems(path)
    assert len(problems) == 1 and message in problems[0].message and problems[0].line == 3


def test_a_ragged_grid_table_is_reported_not_printed(tmp_path) -> None:
    path = tmp_path / "hoofdstuk.md"
    path.write_text("# Titel\n\n+-----+-----+\n| a | b |\n+-----+-----+\n", encoding="utf-8")
    problems = part_problems(path)
    assert [(p.line, "grid table the reader could not parse" in p.message) for p in problems] == [(3, True)]
