"""Benchmark: the importer, ``check`` and the reader in linear time and bounded memory (issue 13 item 5).

Feeds realistic raw text of 1, 10 and 50 MB (the committed seed excerpt repeated) to the importer, Markdown of growing
size to ``check`` and the reader, and pathological lines to all three (10⁶ spaces, a 10⁶-letter word before a
hyphen, 25,000 line-end hyphens in one paragraph, 20,000 apostrophes in one token, 100 KB of ``![``, 200 KB of ``](``,
10,000 headings). Each run is a fresh child process; its CPU time (user + system, so the numbers do not depend on
how busy the shared machine is) and peak resident memory are measured, start-up and word lists included.

Fails (exit status 1) when a pathological input takes 2 s or more, the 50 MB import 60 s or more, or the time per
MB grows by more than :data:`GROWTH` from one size to the next (time growing faster than linearly).
Run: ``.venv/bin/python bench/linear_time.py [--quick]`` (``--quick``: 1 and 5 MB instead of 1, 10 and 50 MB).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "importer" / "seed" / "cio-3.0-excerpt.txt"

#: Allowed growth of the time per MB from one size to the next (1.0 = perfectly linear; start-up costs make the
#: first step look better than linear, so only a clearly super-linear step fails).
GROWTH = 1.5
#: Limits from issue 13: every pathological line under 2 s, 50 MB of raw text under a minute.
PATHOLOGICAL_LIMIT = 2.0
FIFTY_MB_LIMIT = 60.0

PATHOLOGICAL = {
    "10^6 spaces": lambda: "Begin" + " " * 10**6 + "eind.\n",
    "10^6-letter word before a hyphen": lambda: "a" * 10**6 + "-\nvolgende regel.\n",
    "25,000 line-end hyphens in a paragraph": lambda: "".join(f"woord{i} be-\nlangen " for i in range(25000)) + "\n",
    "20,000 apostrophes in a token": lambda: "x" + "'x" * 20000 + "\n",
    "100 KB of '!['": lambda: "![" * 50000 + "\n",
    "200 KB of ']('": lambda: "](" * 100000 + "\n",
    "10,000 headings": lambda: "".join(f"## Kop {i}\n\nTekst van paragraaf {i}.\n\n" for i in range(10000)),
}

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
kind, path = sys.argv[2], sys.argv[3]
if kind == "import":
    from bookpress.importer.pipeline import import_text
    import_text(open(path, encoding="utf-8").read(), "nl")
elif kind == "check":
    from bookpress.lint.check import check
    check(__import__("pathlib").Path(path))
elif kind == "reader":
    from bookpress.reader.markdown import read_part
    from bookpress.errors import BookError
    try:
        read_part(__import__("pathlib").Path(path) / "hoofdstuk.md", "hoofdstuk", 1)
    except BookError:
        pass  # refusing the input is fine; taking long is not
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024}))
"""


def run(kind: str, path: Path, timeout: float) -> dict:
    """Run one ``kind`` ("import", "check", "reader") on ``path`` in a child; return its cpu (s) and rss_mb."""
    try:
        result = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), kind, str(path)], capture_output=True,
                                text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"cpu": float("inf"), "rss_mb": float("nan"), "error": f"timed out after {timeout:.0f} s"}
    if result.returncode != 0:
        return {"cpu": float("inf"), "rss_mb": float("nan"), "error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def raw_text(megabytes: float) -> str:
    """Realistic raw PDF text of about ``megabytes`` MB: the seed excerpt repeated."""
    seed = SEED.read_text(encoding="utf-8")
    return seed * max(1, round(megabytes * 1e6 / len(seed.encode("utf-8"))))


def markdown_book(folder: Path, chapter: str) -> Path:
    """A source folder with ``book.toml`` and one chapter ``hoofdstuk.md`` holding ``chapter``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.toml").write_text('title = "T"\nlanguage = "nl"\n[contents]\nfront_matter = []\n'
                                      'chapters = ["hoofdstuk.md"]\n', encoding="utf-8")
    (folder / "hoofdstuk.md").write_text(chapter, encoding="utf-8")
    return folder


def realistic_markdown(megabytes: float) -> str:
    """About ``megabytes`` MB of the book's own Markdown (its chapters repeated, ids made unique, one # title)."""
    parts = [(ROOT / "source" / name).read_text(encoding="utf-8") for name in ("introductie.md", "hoofdstuk-01.md")]
    body = "\n\n".join(part.split("\n", 1)[1] for part in parts)
    copies = max(1, round(megabytes * 1e6 / len(body.encode("utf-8"))))
    return "# Titel\n" + "\n\n".join(body.replace("#fig-", f"#fig-{n}-").replace("@fig-", f"@fig-{n}-")
                                      .replace("#kader-", f"#kader-{n}-") for n in range(copies))


def growth_failures(name: str, timings: list[tuple[float, dict]]) -> list[str]:
    """Steps where the CPU time per MB grew by more than :data:`GROWTH`."""
    failures = []
    for (small, first), (large, second) in zip(timings, timings[1:]):
        ratio = (second["cpu"] / large) / (first["cpu"] / small)
        if ratio > GROWTH:
            failures.append(f"{name}: time per MB grew ×{ratio:.2f} from {small:g} to {large:g} MB")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 and 5 MB instead of 1, 10 and 50 MB")
    args = parser.parse_args()
    sizes = [1, 5] if args.quick else [1, 10, 50]
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bookpress-bench-") as scratch:
        work = Path(scratch)
        print("pathological inputs (CPU s, peak MB) — importer / check / reader")
        for name, make in PATHOLOGICAL.items():
            text = make()
            raw = work / "raw.txt"
            raw.write_text(text, encoding="utf-8")
            book = markdown_book(work / "book", "# Titel\n\n" + text)
            row = {kind: run(kind, raw if kind == "import" else book, 120) for kind in ("import", "check", "reader")}
            print(f"  {name:42}" + "".join(f" {kind} {r['cpu']:6.2f} s {r['rss_mb']:5.0f} MB"
                                           for kind, r in row.items()))
            failures += [f"{kind} on {name}: {r['cpu']:.2f} s CPU (limit {PATHOLOGICAL_LIMIT} s)"
                         + (f" — {r['error']}" if "error" in r else "")
                         for kind, r in row.items() if r["cpu"] >= PATHOLOGICAL_LIMIT]
        print("growing input (CPU s, peak MB)")
        for kind in ("import", "check", "reader"):
            timings = []
            for size in sizes:
                if kind == "import":
                    path = work / f"raw-{size}.txt"
                    path.write_text(raw_text(size), encoding="utf-8")
                else:
                    path = markdown_book(work / f"book-{size}", realistic_markdown(size))
                result = run(kind, path, 900)
                timings.append((size, result))
                print(f"  {kind:7} {size:3} MB: {result['cpu']:7.2f} s ({result['cpu'] / size:5.2f} s/MB), "
                      f"peak {result['rss_mb']:6.0f} MB" + (f" — {result['error']}" if "error" in result else ""),
                      flush=True)
            failures += growth_failures(kind, timings)
            if kind == "import" and 50 in sizes and dict(timings)[50]["cpu"] >= FIFTY_MB_LIMIT:
                failures.append(f"import of 50 MB: {dict(timings)[50]['cpu']:.1f} s CPU (limit {FIFTY_MB_LIMIT} s)")
    print("\n".join(["FAIL"] + failures) if failures else "OK: linear within the limits")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
