"""bookpress: turns a ``source/`` folder (Markdown + ``book.toml``) into a print PDF and an EPUB 3.

Stages, one module or package each:

- ``config``      book.toml → validated :class:`bookpress.config.Config`
- ``reader``      Markdown files → book model blocks (``bookpress.model``)
- ``assemble``    parts → numbered :class:`bookpress.model.Book` (numbering, TOC, cross-references)
- ``render``      Book → HTML/XHTML strings through the Jinja templates in ``templates/``
- ``writers``     HTML → PDF (WeasyPrint) and XHTML → EPUB (own OPF/NCX templates + zipfile)
- ``validate``    EPUBCheck and PDF checks on the written files
- ``importer``    raw PDF-extracted text → clean Markdown (beside the pipeline)
- ``lint``        ``source/`` → findings (``python build.py check``)
"""

__version__ = "0.1.0"
