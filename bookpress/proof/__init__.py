"""The proof report: the laid-out print PDF → per-page typographic findings, PNG crops and spreads, JSON counts.

:mod:`~bookpress.proof.lines` reads the lines of text and their positions from the PDF (pypdfium2),
:mod:`~bookpress.proof.checks` finds what a corrector marks (widows, orphans, runts, loose lines, hyphen ladders,
policy violations …), :mod:`~bookpress.proof.report` writes ``<name>-proof.json``, crops and spreads.
"""
