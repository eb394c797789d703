"""Importer: raw text extracted from a PDF → clean Markdown in the source format (docs/source-format.md).

The work is split into small pure passes (see :mod:`bookpress.importer.pipeline`): page furniture, paragraph and
structure assembly, line-end hyphens, split ligatures, quotes and spacing. Every pass records each change as a
:class:`bookpress.importer.changes.Change` so that ``python build.py import --report`` can show them.
"""
