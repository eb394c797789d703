"""Writers: rendered documents → files in ``dist/`` (PDF with WeasyPrint, EPUB as an OCF zip written by writers/epub.py).

Writers write into a staging folder inside ``dist/``; the build moves the files into ``dist/`` only when every
edition was written and validated (:func:`bookpress.writers.atomic.staging`), so a failed build leaves the previous
output intact.
"""
