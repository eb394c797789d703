#!/usr/bin/env python3
"""Build the book: ``python build.py`` (all editions into dist/), ``python build.py check``, ``python build.py import``.

A thin command line over the ``bookpress`` package; see ``python build.py --help``.
"""

import sys

from bookpress.cli import main

if __name__ == "__main__":
    sys.exit(main())
