"""Lint ``source/``: the book's Markdown and ``book.toml`` → a list of findings (``python build.py check``).

- :mod:`bookpress.lint.document` turns one Markdown file into lines plus masked views (what is prose, what is markup).
- :mod:`bookpress.lint.book` reads ``book.toml`` and the Markdown files into a :class:`~bookpress.lint.book.Book`.
- :mod:`bookpress.lint.rules` holds one module per rule; each turns a ``Book`` into findings.
- :mod:`bookpress.lint.check` runs the rules, :mod:`bookpress.lint.command` is the command line.
"""
