"""Benchmark: CPU of the total-fit paragraph breaker inside WeasyPrint's layout, for 1× and 16× books; CSV + table.

For each book the press edition is laid out as one document (``write_pdf(..., per_part=False)``, no PDF written)
and the process time spent in :meth:`bookpress.render.line_breaks._Setter.visit` (measuring, breaking, writing the
breaks into the text boxes, memo look-ups) is summed, next to the whole layout's process time. The ``decisions``
column is a digest of every paragraph's chosen line ends (comparable with versions before ``BreakReport.variants``):
a change that is only meant to make the breaker faster must leave it as it is (run this before and after;
``tests/typography/test_line_break_decisions.py`` guards line ends and variants of the 1× book in the suite).

Goal (issue 12, the breaker's share): half or less of the breaker's CPU before its speed work, same decisions.
Measured on the project machine at load 4–7, main before and after that work:

- this benchmark: 1× 0.429 → 0.196 CPU s, 16× 0.708 → 0.278 CPU s, same digests;
- cold ``build.py build --edition print --no-epubcheck`` (5 runs each, median user+sys): 3.09 → 2.92 CPU s;
- cProfile of that build: ``_Setter.visit`` 1.85–2.7 s → 0.50 s (profiled seconds);
- press PDFs of the 1× (26 pages) and 16× (238 pages) books: the same text, line for line, on every page.

Run: ``.venv/bin/python bench/breaker_speed.py [--sizes 1,16] [--repeat 3]``; writes ``bench/out/breaker_speed.csv``
(the median of the repeats is reported). Every layout runs in a fresh process, as in a build: a second layout in the
same process measures the breaker up to 1.5× slower.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.build_speed import book_source  # noqa: E402
from bookpress import cache  # noqa: E402
from bookpress.assemble import assemble  # noqa: E402
from bookpress.config import load_config  # noqa: E402
from bookpress.render import line_breaks  # noqa: E402
from bookpress.writers import pdf_layout  # noqa: E402
from bookpress.writers.pdf import write_pdf  # noqa: E402

OUT = ROOT / "bench" / "out"


def measure(source: Path) -> dict:
    """Lay out ``source``'s press edition once; its pages, paragraphs set, breaker and layout CPU s, decisions."""
    reports = []
    spent = [0.0]
    original_fit, original_visit = pdf_layout.total_fit, line_breaks._Setter.visit

    @contextlib.contextmanager
    def recording(*args, **kwargs):
        with original_fit(*args, **kwargs) as report:
            reports.append(report)
            yield report

    def visit(self, box):
        started = time.process_time()
        try:
            return original_visit(self, box)
        finally:
            spent[0] += time.process_time() - started

    config = load_config(source)
    book = assemble(config)
    pdf_layout.total_fit, line_breaks._Setter.visit = recording, visit
    try:
        started = time.process_time()
        with cache.activate(cache.Cache(None)):
            result = write_pdf(book, config, None, "press", per_part=False)
        layout = time.process_time() - started
    finally:
        pdf_layout.total_fit, line_breaks._Setter.visit = original_fit, original_visit
    report = reports[-1]
    decisions = json.dumps([[number, report.chosen[number]] for number in sorted(report.chosen)])
    return {"pages": result.pages, "paragraphs": len(report.chosen), "breaker": spent[0], "layout": layout,
            "decisions": hashlib.sha256(decisions.encode()).hexdigest()[:12]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,16", help="book sizes as repeat counts (default 1,16)")
    parser.add_argument("--repeat", type=int, default=3, help="layouts per book (the median is reported)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # measure this source folder, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        folder = book_source(size, OUT / f"breaker-source-{size}x")
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--one", str(folder)], check=True,
                                          capture_output=True, text=True).stdout) for _ in range(args.repeat)]
        if len({run["decisions"] for run in runs}) != 1:
            raise SystemExit(f"{size}x: the breaker chose differently between runs")
        rows.append({"book": f"{size}x", "pages": runs[0]["pages"], "paragraphs": runs[0]["paragraphs"],
                     "breaker_cpu_s": statistics.median(run["breaker"] for run in runs),
                     "layout_cpu_s": statistics.median(run["layout"] for run in runs),
                     "decisions": runs[0]["decisions"]})
    target = OUT / "breaker_speed.csv"
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "breaker_cpu_s": f"{row['breaker_cpu_s']:.3f}",
                             "layout_cpu_s": f"{row['layout_cpu_s']:.3f}"})
    print(f"{'book':>5} {'pages':>6} {'paragraphs':>11} {'breaker cpu s':>14} {'layout cpu s':>13}  decisions")
    for row in rows:
        print(f"{row['book']:>5} {row['pages']:>6} {row['paragraphs']:>11} {row['breaker_cpu_s']:14.3f} "
              f"{row['layout_cpu_s']:13.3f}  {row['decisions']}")
    print(f"\nCSV: {target}")


if __name__ == "__main__":
    main()
