"""Blocks → Markdown text in the source format (docs/source-format.md).

Headings ``#``/``##``/``###`` (no numbers), one paragraph per line, ``- `` and ``1. `` list items (a list's items on
consecutive lines), figures as placeholders the editor completes, figure labels (short lines that read like the words inside a
drawing) as a visible one-line paragraph of their own, right after the paragraph they interrupted —
never hidden in a comment; the report lists each for the editor to move into an alt text or delete. Blocks are
separated by one blank line; the text ends with a newline.
"""

from __future__ import annotations

from bookpress.importer.structure import Block

LIST_KINDS = ("bullet", "number")


def render_block(block: Block) -> str:
    """One block → its Markdown lines (without the separating blank line)."""
    text = block.text.text
    if block.kind == "heading":
        return "#" * block.level + " " + text
    if block.kind == "bullet":
        return "- " + text
    if block.kind == "number":
        return f"{block.marker}. {text}"
    if block.kind == "figure":
        caption = text.replace("[", "(").replace("]", ")")
        # No art file, id or alternative text invented: an image without a target, which `check` and the build
        # report (L014: id and fig-alt missing) until the editor adds the art or marks it {.placeholder}; the
        # caption's words are all the draft holds (shared case numbered-heading-and-captions).
        return f"![{caption}]()"
    if block.kind == "labels":  # visible, on one line (read back the same); listed as uncertain by the report
        return " ".join(line for _, line in block.lines)
    if block.kind == "markup":
        return "\n".join(line for _, line in block.lines)
    return text


def render(blocks: list[Block]) -> str:
    """All blocks → the Markdown document."""
    out: list[str] = []
    previous = ""
    for block in blocks:
        if out:
            out.append("\n" if block.kind in LIST_KINDS and previous == block.kind else "\n\n")
        out.append(render_block(block))
        previous = block.kind
    return "".join(out) + "\n" if out else ""
