"""Raw PDF-extracted text → (clean Markdown, list of changes): the importer's passes in order.

1. :mod:`~bookpress.importer.rawlines` – lines and layout hints; :mod:`~bookpress.importer.characters` – extractor
   code points (ligatures, soft hyphens, U+2010) → plain characters;
2. :mod:`~bookpress.importer.furniture` – running heads and folios removed;
3. :mod:`~bookpress.importer.structure` – paragraphs, headings, lists, figures, figure labels;
4. per block: :mod:`~bookpress.importer.dehyphenate`, :mod:`~bookpress.importer.splits`,
   :mod:`~bookpress.importer.ligatures`,
   :mod:`~bookpress.importer.quotes`, :mod:`~bookpress.importer.spacing`;
5. :mod:`~bookpress.importer.markdown` – the Markdown text.

The result is a fixed point: importing the output again gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass

from bookpress.importer.changes import Change, SourceText
from bookpress.importer.characters import normalise_lines
from bookpress.importer.dehyphenate import hyphen_edits, inline_edits
from bookpress.importer.furniture import remove_furniture
from bookpress.importer.lexicon import Vocabulary, check_language
from bookpress.importer.ligatures import kept_spaces, ligature_edits
from bookpress.importer.markdown import render
from bookpress.importer.quotes import quote_edits
from bookpress.importer.rawlines import read_lines
from bookpress.importer.splits import (dropped_hyphen_edits, ligature_alone_edits, lost_hyphen_edits,
                                       lost_space_edits, swallowed_hyphen_edits)
from bookpress.importer.spacing import space_edits, unwrap_edits
from bookpress.importer.structure import Block, assemble, settle, starts_lower

TEXT_KINDS = ("heading", "paragraph", "bullet", "number", "figure")


@dataclass
class ImportResult:
    """``markdown``: the clean text; ``changes``: every decision, sorted by raw line."""

    markdown: str
    changes: list[Change]

    @property
    def uncertain(self) -> list[Change]:
        """The changes a human should review."""
        return [change for change in self.changes if not change.certain]


def clean_text(text: SourceText, language: str, vocabulary: Vocabulary) -> list[Change]:
    """Run the word-level passes over one block's text in place; return their changes."""
    changes: list[Change] = []
    if "-" in text.text:  # each pass looks only when its trigger character is there (a cheap scan)
        changes += text.apply(hyphen_edits(text.text, language, vocabulary)
                              + inline_edits(text.text, language, vocabulary))
        for _ in range(3):  # a join can change a flattened hyphen's context ("woning- en-⏎de" → "woning- ende")
            before = text.text
            changes += [change for change in text.apply(inline_edits(text.text, language, vocabulary))
                        if change.before != change.after]
            if text.text == before:
                break
    if "\n" in text.text:
        text.apply(unwrap_edits(text.text))
    changes += text.apply(ligature_alone_edits(text.text, language, vocabulary))
    for _ in range(10):  # a join can create a new trigger ("fl behoeft een"): repeat until nothing changes
        before = text.text
        changes += [change for change in text.apply(ligature_edits(text.text, language, vocabulary))
                    if change.before != change.after or before == text.text]
        if text.text == before:
            break
    changes += text.apply(lost_hyphen_edits(text.text, language, vocabulary))
    changes += text.apply(dropped_hyphen_edits(text.text, language, vocabulary)
                          + lost_space_edits(text.text, language, vocabulary)
                          + swallowed_hyphen_edits(text.text, language, vocabulary))
    if "'" in text.text or "\u02bb" in text.text or "\u02bc" in text.text:
        changes += text.apply(quote_edits(text.text))
    keep = kept_spaces(text.text, language, vocabulary) if "  " in text.text else set()
    changes += text.apply(space_edits(text.text, keep))
    text.text = text.text.strip()
    return changes


def _labels_before_continuations(blocks: list[Block]) -> list[Change]:
    """Join a figure-labels block to a paragraph right after it that starts in lower case, in place, as a second
    import would read the two (a short line followed by lower-case text is that text's beginning): the import stays
    a fixed point. Returns the changes (uncertain)."""
    changes = []
    index = 0
    while index + 1 < len(blocks):
        labels, following = blocks[index], blocks[index + 1]
        if labels.kind == "labels" and following.kind == "paragraph" and starts_lower(following.text.text):
            text = SourceText.from_lines(labels.lines)
            text.extend(following.text)
            blocks[index:index + 2] = [Block("paragraph", text)]
            changes.append(Change(labels.lines[0][0], labels.lines[-1][1], "paragraph", "labels-joined", False))
        index += 1
    return changes


def import_text(raw: str, language: str = "nl") -> ImportResult:
    """Turn ``raw`` (UTF-8 text, PDF artefacts in any mix) into Markdown in ``language`` ("nl", "en", "de").

    Raises :class:`bookpress.errors.BookError` for an unsupported language.
    """
    check_language(language)
    lines, changes = normalise_lines(read_lines(raw))
    lines, furniture_changes = remove_furniture(lines)
    changes += furniture_changes
    vocabulary = Vocabulary("\n".join(line.text for line in lines))
    blocks, structure_changes = assemble(lines, language)
    changes += structure_changes
    changes += _labels_before_continuations(blocks)
    for index, block in enumerate(blocks):
        if block.kind in TEXT_KINDS:
            changes += clean_text(block.text, language, vocabulary)
            blocks[index] = settle(block, language)
            if blocks[index].kind != block.kind:
                changes.append(Change(block.text.line_at(0), block.text.text, blocks[index].kind, "settled", False))
        elif block.kind == "labels":  # visible text like any other: cleaned the same way, kept on one line
            labels = SourceText.from_lines(block.lines)
            changes += clean_text(labels, language, vocabulary)
            block.lines[:] = [(block.lines[0][0], labels.text)]
            # on one line the labels may read as a list item or a heading ("-" + "Figuur 1.3"): read them so now,
            # as a second import would (idempotence)
            settled = settle(Block("paragraph", labels), language)
            if settled.kind not in ("paragraph", "labels"):
                blocks[index] = settled
                changes.append(Change(labels.line_at(0), labels.text, settled.kind, "settled", False))
    changes.sort(key=lambda change: change.line)
    return ImportResult(render(blocks), changes)
