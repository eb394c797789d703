"""The full-matter book (every book-matter key filled in) is built once per session by the fixtures
``matter_source``, ``matter_built``, ``matter_epub`` and ``matter_pdf_pages`` in ``tests/conftest.py``; its maker and
the cover helpers live in ``tests/support/books.py`` and stay importable from here."""

from __future__ import annotations

from tests.support.books import (APPENDIX_A, APPENDIX_B, COVER_BORDER, COVER_FIELD, ISBN_EPUB, ISBN_PRINT,
                                 LITERATURE, edit, make_cover, make_matter_book)

__all__ = ["APPENDIX_A", "APPENDIX_B", "COVER_BORDER", "COVER_FIELD", "ISBN_EPUB", "ISBN_PRINT", "LITERATURE", "edit",
           "make_cover", "make_matter_book"]
