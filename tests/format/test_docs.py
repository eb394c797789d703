"""docs/source-format.md: every example reads cleanly with the build's reader and has its rendered PNG; the docs
cover every construct the reader supports."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bookpress.reader.markdown import part_problems

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "source-format.md"
_spec = importlib.util.spec_from_file_location("render_examples", ROOT / "docs" / "examples" / "render.py")
render_examples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_examples)
EXAMPLES = render_examples.examples(DOC.read_text(encoding="utf-8"))


def test_examples_are_found() -> None:
    assert len(EXAMPLES) >= 12


@pytest.mark.parametrize("name, markdown", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_example_reads_cleanly_and_has_its_picture(tmp_path, name, markdown) -> None:
    path = tmp_path / "example.md"
    path.write_text(render_examples.chapter_text(markdown), encoding="utf-8")
    assert [str(p) for p in part_problems(path)] == []
    picture = DOC.parent / "examples" / f"{name}.png"
    assert picture.is_file() and picture.stat().st_size > 1000


@pytest.mark.parametrize("construct", [
    "[^", "^[", '{lang="en"}', "{.smallcaps}", "~~", "~2~", "^6^", "{#tbl-", "+====", "{.unnumbered}", 'short="',
    "@sec-", "@tbl-", "@kader-", "@Fig-", 'width="', "a. ", "\n: ", "{.callout-case", "{.byline}", ".placeholder",
    "> ",
])
def test_docs_show_every_construct(construct) -> None:
    shown = "\n".join(markdown for _name, markdown in EXAMPLES)
    assert construct in shown
