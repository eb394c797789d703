"""Rendering: the assembled :class:`bookpress.model.Book` → HTML (print) and XHTML documents (EPUB).

One Jinja environment over ``templates/`` serves both editions; the block macros in ``templates/blocks.html.j2``
are shared (as Pandoc's EPUB writer reuses its HTML writer), and each edition adds only its own page templates.
"""
