"""Benchmark: time and peak memory of a full build, for the real book and a synthetic long book.

Goals (checked here, not in the tests): the real book builds in under 60 s and a 10× longer book in under 5 min,
on the project's 2-core machine. Run: ``.venv/bin/python bench/build_speed.py [--times 10]``.
Writes into ``bench/out/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bookpress.build import build  # noqa: E402


def book_source(size: int, folder: Path) -> Path:
    """The benchmark book of ``size`` repeats in ``folder``: the real ``source/`` for 1, else :func:`long_book`."""
    if size == 1:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(Path(__file__).resolve().parents[1] / "source", folder)
        return folder
    long_book(size, folder)
    return folder


def long_book(times: int, folder: Path) -> Path:
    """Copy ``source/`` into ``folder`` with every chapter repeated ``times`` times (ids made unique)."""
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "source", folder)
    config = tomllib.loads((folder / "book.toml").read_text(encoding="utf-8"))
    chapters = config["contents"]["chapters"]
    names = []
    for n in range(times):
        for name in chapters:
            text = (folder / name).read_text(encoding="utf-8")
            text = text.replace("#fig-", f"#fig-{n}-").replace("@fig-", f"@fig-{n}-").replace("#kader-", f"#kader-{n}-")
            copy = f"copy{n}-{name}"
            (folder / copy).write_text(text, encoding="utf-8")
            names.append(copy)
    for name in chapters:
        (folder / name).unlink()
    toml = (folder / "book.toml").read_text(encoding="utf-8")
    old = "chapters = [" + ", ".join(f'"{c}"' for c in chapters) + "]"
    (folder / "book.toml").write_text(toml.replace(old, "chapters = [" + ", ".join(f'"{c}"' for c in names) + "]"),
                                      encoding="utf-8")
    return folder


def measure(label: str, source: Path, dist: Path) -> None:
    started = time.monotonic()
    result = build(source, dist)
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from pypdf import PdfReader

    pages = len(PdfReader(result.outputs["print"]).pages)
    print(f"{label}: {pages} pages, {seconds:.1f} s ({1000 * seconds / pages:.0f} ms/page incl. EPUB), "
          f"peak RSS {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--times", type=int, default=10, help="how often the chapters repeat in the long book")
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    measure("real book", ROOT / "source", out / "real")
    measure(f"{args.times}x book", long_book(args.times, out / "long-source"), out / "long")


if __name__ == "__main__":
    main()
