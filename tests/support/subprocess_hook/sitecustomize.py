"""Imported at start-up by every Python subprocess the test suite starts (``tests/conftest.py`` puts this folder
first on ``PYTHONPATH``): each warning WeasyPrint logs in the subprocess is appended, as one JSON line, to the file
named by ``BOOKPRESS_TEST_WARNINGS``, so the suite fails the test that started the process.

Python imports only the first ``sitecustomize`` on the path; a real one this file shadows is run afterwards.
"""
# bookpress-test-hook (marker: copies of this file never chain to each other)

import os
import sys


def _install() -> None:
    import json
    import logging

    class _ToFile(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                line = json.dumps({"level": record.levelname, "message": record.getMessage(),
                                   "argv": " ".join(sys.argv)[:200]}, ensure_ascii=False)
                with open(os.environ["BOOKPRESS_TEST_WARNINGS"], "a", encoding="utf-8") as log:
                    log.write(line + "\n")
            except Exception:  # never break the process under test
                self.handleError(record)

    logging.getLogger("weasyprint").addHandler(_ToFile(logging.WARNING))


def _run_shadowed() -> None:
    """Run the first ``sitecustomize.py`` on ``sys.path`` that is not a copy of this hook."""
    import importlib.util

    for folder in sys.path:
        candidate = os.path.join(folder or os.curdir, "sitecustomize.py")
        try:
            with open(candidate, encoding="utf-8") as file:
                if "# bookpress-test-hook" in file.read():
                    continue
        except OSError:
            continue
        spec = importlib.util.spec_from_file_location("_shadowed_sitecustomize", candidate)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return


if os.environ.get("BOOKPRESS_TEST_WARNINGS"):
    _install()
_run_shadowed()
