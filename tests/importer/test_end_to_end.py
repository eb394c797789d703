"""End to end: the seed raw file imported must read, word for word, like the reviewed ``source/*.md``.

Both sides are reduced to their running words: Markdown syntax, headings' markers, classes, callout fences,
figure paths/ids/alt texts and HTML comments are stripped, and so are the lines the importer kept visible but
reported as figure labels (the editor moved them into alt texts); words are compared case-insensitively. Only the differences listed in
``ALLOWED`` may remain; each is an editorial decision, not an importer error.

The import keeps typed heading numbers and caption labels ("## 1.1 Inleiding", "![Figuur 1.1 …]"); the reviewed
sources leave them to the build. They compare equal when every typed number is the one the build generates for
that place (then the build prints it once, as for the reviewed source): checked by the build's own rule on the
imported chapter, and only then stripped from the words.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from bookpress.assemble import _number_part, _typed_number_problems
from bookpress.config import load_config
from bookpress.importer.pipeline import import_text
from bookpress.reader import read_part

ROOT = Path(__file__).resolve().parents[2]
#: A committed excerpt of the seed manuscript (see seed/README.md): runs on every clone.
EXCERPT = Path(__file__).parent / "seed" / "cio-3.0-excerpt.txt"
#: The last sentence of the excerpt; the reviewed sources are compared up to here.
EXCERPT_END = "voor de traditionele economie duidelijk."
PARTS = ["voorwoord.md", "introductie.md", "hoofdstuk-01.md"]

#: (words only in the import, words only in the source): editorial differences, each explained.
ALLOWED = {
    # two common words at a line end, join rare: joined at a pattern break point, reported as uncertain
    (("internorganisatorische",), ("intern-organisatorische",)),
    # a plain space inside a word with no ligature trigger: the importer never joins two arbitrary words
    (("kunst", "matige"), ("kunstmatige",)),
}


def words(markdown: str) -> list[str]:
    """The running words of ``markdown`` (lower case), without syntax or editorial structure."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"(?<!!)\[([^\[\]]*)\]\{[^}]*\}", r"\1", text)  # spans: [best practice]{lang="en"}
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?", r" \1 ", text)
    text = re.sub(r"^\s*(#{1,6}|:::.*|\{[^}]*\}|-|\d+\.)\s", " ", text, flags=re.M)
    return re.findall(r"[^\W_]+(?:[-’'][^\W_]+)*", text.lower())


def differences(imported: list[str], source: list[str]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    matcher = difflib.SequenceMatcher(None, imported, source, autojunk=False)
    return [(tuple(imported[i1:i2]), tuple(source[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


#: A heading's typed number and a caption's typed label, as the reader reads them (docs/source-format.md).
TYPED = re.compile(r"^(#{1,6}\s+)\d+(?:\.\d+)*\.?\s+|^(!\[)Figuur\s+\d+(?:\.\d+)*:?\s+", re.M)


def typed_numbers_as_generated(markdown: str, folder: Path) -> int:
    """Check each imported part's typed numbers against the ones the build generates; return how many were typed.

    The parts are split at their ``#`` titles; a title with a typed number is that chapter. The figures the importer
    leaves without art, id or alternative text (``![caption]()``) are completed first, as the editor would (the reader
    requires them).
    """
    figures = iter(range(1, 1000))
    config = load_config(ROOT / "source")
    typed = 0
    for index, text in enumerate(re.split(r"(?m)^(?=# )", markdown)):
        if not text.startswith("# "):
            continue
        path = folder / f"part-{index}.md"
        completed = re.sub(r"\]\(\)", lambda _: f'](figures/f.png){{#fig-{next(figures)} .placeholder fig-alt="alt"}}', text)
        path.write_text(completed, encoding="utf-8")  # the editor's part
        title = re.match(r"# (\d+)\.\s", text)
        part = _number_part(read_part(path, f"p{index}", int(title.group(1)) if title else None), config)
        assert not _typed_number_problems(part, config), [str(problem) for problem in _typed_number_problems(part, config)]
        typed += len(TYPED.findall(text))
    return typed


def imported_words(raw: str) -> list[str]:
    """The running words of the import of ``raw``, without the lines it reported as figure labels and without the
    typed numbers the build accepts (:func:`typed_numbers_as_generated` checks them)."""
    result = import_text(raw, "nl")
    labels = {change.before for change in result.changes if change.rule == "figure-labels"}
    assert labels, "the seed text has figure labels; the importer must report them"
    label_text = "\n".join(labels)
    imported = "\n".join(line for line in result.markdown.split("\n")
                         if not all(word in label_text for word in line.split()))
    return words(TYPED.sub(r"\1\2", imported))


def assert_same_words(imported: list[str], source: list[str]) -> None:
    found = differences(imported, source)
    unexpected = [difference for difference in found if difference not in ALLOWED]
    assert not unexpected, "\n".join(f"import {' '.join(a)!r} ≠ source {' '.join(b)!r}" for a, b in unexpected)


def test_seed_excerpt_matches_reviewed_sources():
    source = "\n\n".join((ROOT / "source" / part).read_text(encoding="utf-8") for part in PARTS)
    source = source[:source.index(EXCERPT_END) + len(EXCERPT_END)]
    assert_same_words(imported_words(EXCERPT.read_text(encoding="utf-8")), words(source))


def test_seed_excerpt_typed_numbers_are_the_generated_ones(tmp_path):
    """The import keeps the seed's typed numbers ("1.1", "Figuur 1.1"); each is the number the build prints there."""
    markdown = import_text(EXCERPT.read_text(encoding="utf-8"), "nl").markdown
    assert typed_numbers_as_generated(markdown, tmp_path) >= 4
    with pytest.raises(AssertionError):  # a wrong typed number is caught
        typed_numbers_as_generated(markdown.replace("## 1.2 ", "## 1.3 "), tmp_path)


def test_seed_excerpt_comparison_can_fail():
    source = "\n\n".join((ROOT / "source" / part).read_text(encoding="utf-8") for part in PARTS)
    source = source[:source.index(EXCERPT_END) + len(EXCERPT_END)]
    broken = EXCERPT.read_text(encoding="utf-8").replace("be-\nlangen", "be- langen").replace("fl exibele", "f exibele")
    with pytest.raises(AssertionError):
        assert_same_words(imported_words(broken), words(source))


def test_words_strips_markdown_and_labels():
    markdown = '# Titel\n\n![Een *figuur*](figures/x.png){#fig-x fig-alt="alt"}\n\n<!-- opmerking:\nA B\n-->\n\n- punt'
    assert words(markdown) == ["titel", "een", "figuur", "punt"]
