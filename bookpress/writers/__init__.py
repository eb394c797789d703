"""Writers: rendered documents → files in ``dist/`` (PDF with WeasyPrint, EPUB with ebooklib).

Every writer writes to a temporary file beside the target and renames it into place only when the file is
complete (:func:`bookpress.writers.atomic.replace_atomically`), so a failed build leaves the previous output intact.
"""
