"""Typography between ``assemble`` and ``render``: pure text → text transformations applied to the book model.

:mod:`~bookpress.typography.policy` decides where a word may break (the book's hyphenation policy),
:mod:`~bookpress.typography.microtype` sets Dutch micro-typography (no-break spaces, en dashes, ellipsis), and
:mod:`~bookpress.typography.apply` walks a :class:`bookpress.model.Book` and applies both per edition.
"""
