"""Readers: source files → unassembled book-model parts (:class:`bookpress.model.Part`)."""

from bookpress.reader.markdown import read_part

__all__ = ["read_part"]
