"""The real book's session build and the fixtures that open it (``built``, ``book``, ``epub``, ``pdf``,
``pdf_page_texts``, ``pdf_zones``) live in ``tests/conftest.py`` (shared by every folder); the names below stay
importable from here."""

from __future__ import annotations

from tests.support.books import NS, ROOT, SOURCE, Epub

__all__ = ["NS", "ROOT", "SOURCE", "Epub"]
