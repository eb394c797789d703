"""Benchmark: our builds side by side with WeasyPrint alone and pandoc, for 1×, 16× and 48× books; CSV + table.

Every measurement runs as a child process (so Python start-up and imports count, as for an editor) and records
wall time and peak memory: ``tree MiB`` is the largest sum of the resident set sizes of the child and all its
descendants (EPUBCheck's JVM included), sampled from ``/proc`` every 20 ms; ``max proc MiB`` is the largest single
process (``wait4`` ``ru_maxrss``). MiB = 2**20 bytes. ``cpu s`` is user + system CPU time of the child and its
descendants (``wait4``): on a busy shared machine wall time swings with the load, CPU time much less, so the goals
are judged on both.

Rows per book size:
- ``weasyprint alone``: WeasyPrint 70 on our print HTML (the same HTML, CSS, fonts and art) → PDF;
- ``pandoc epub``: pandoc (PyPI ``pypandoc-binary``) on the same Markdown, CSS, fonts and cover → EPUB;
- ``print build`` / ``epub build``: ``build.py --edition print|epub --no-epubcheck`` with an empty build cache;
- ``full build, first (no validator running)``: ``build.py`` (every edition, EPUBCheck) with an empty build cache
  and no shared EPUBCheck validator running (:mod:`bookpress.validate.epubcheck_daemon`): the build starts it, and
  its JVM warms up meanwhile — what the first build after a reboot, or after 15 idle minutes, costs;
- ``full build (cold cache)``: the same with the shared validator already running (started by an earlier build);
- ``full build, unchanged``: the same again with the cache (EPUBCheck skipped for identical content);
- ``one-word edit: epub`` / ``print``: one word changed in the last chapter, then ``--edition epub|print
  --no-epubcheck`` with the cache;
- ``one-word edit: full (validated)``: one word changed, then ``build.py`` (every edition; the EPUB changed, so
  EPUBCheck really runs) with the cache;
- ``one-word edit: epub in watch``: ``build.py watch --edition epub --no-epubcheck`` already running (warm process);
  one word changed; ``seconds`` is the rebuild time watch prints (from the end of the debounce to the published
  EPUB), CPU and memory are those of the whole watch process tree over its life.

Rows that use the shared validator count its process tree too: its memory is sampled with the build's, and its CPU
time while the build ran is added (it is not a child the build waits for). The validator is stopped at the end.
"Cold cache" means an empty build cache (``.bookpress-cache``); EPUBCheck's prepared JVM (class path, server, class
archive in ``~/.cache/bookpress``, made once per machine by ``setup.sh``) is prepared before measuring, as on any
machine set up with ``setup.sh``.

Goals (issue 12, judged here, not in timed tests): full validated build ≤ 4 s (1×; judged on the cold build and on
the validated rebuild after a one-word edit); one-word edit EPUB ≤ 0.5 s (1×, command line and watch); one-word edit
PDF ≤ 0.35× a full print build (16×); print build ≤ 1.10× WeasyPrint alone; an 800-page book within 600 MiB (judged on
full and print builds of 800 pages or more; 57× is 816 pages).
Run: ``.venv/bin/python bench/speed.py [--sizes 1,16,48] [--repeat 1] [--print-only | --full-only]``; writes
``bench/out/speed.csv``. The 800-page memory goal: ``--full-only --sizes 57`` (the full build of an 816-page book,
without EPUBCheck above ``--validate-up-to``) and ``--print-only --sizes 57``.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.build_speed import book_source  # noqa: E402

OUT = ROOT / "bench" / "out"
PY = sys.executable
MIB = 2 ** 20


@dataclass
class Row:
    book: str
    pages: int
    what: str
    seconds: float
    tree_mib: float
    max_proc_mib: float
    cpu: float = 0.0


def _proc_table() -> dict[int, tuple[int, int, float]]:
    """Every process now: pid → (parent pid, resident bytes, user + system CPU seconds), from /proc."""
    page, ticks = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            table[int(entry.name)] = (int(fields[1]), int(fields[21]) * page, (int(fields[11]) + int(fields[12])) / ticks)
        except (OSError, IndexError, ValueError):
            continue
    return table


def _descendants(pid: int, table: dict | None = None) -> set[int]:
    """The process ids below ``pid`` (children, their children …)."""
    table = _proc_table() if table is None else table
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        children = [child for child, (parent, _, _) in table.items() if parent == current]
        found.update(children)
        todo += children
    return found


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (from /proc)."""
    table = _proc_table()
    return sum(table[p][1] for p in {pid} | _descendants(pid, table) if p in table)


def _validator_pids() -> list[int]:
    """Process ids of the shared EPUBCheck validators running now (their pid files in the prepared folders)."""
    from bookpress.cache import user_cache

    pids = []
    for pid_file in user_cache().glob("epubcheck-*/daemon-*.pid"):
        try:
            pid = int(pid_file.read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            continue
        pids.append(pid)
    return pids


def _tree_cpu(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its descendants so far (from /proc; 0 when gone)."""
    table = _proc_table()
    return sum(table[p][2] for p in {pid} | _descendants(pid, table) if p in table)


def stop_validators() -> None:
    """Stop every shared EPUBCheck validator (the next build starts one afresh): ``stop`` on its socket, else
    SIGTERM."""
    import signal

    from bookpress.cache import user_cache
    from bookpress.validate.epubcheck_daemon import DaemonValidator

    for pid_file in user_cache().glob("epubcheck-*/daemon-*.pid"):
        try:
            DaemonValidator(pid_file.with_suffix(".sock")).request("stop", timeout=60, wait=0)
        except (OSError, ValueError):
            try:
                os.kill(int(pid_file.read_text()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
    deadline = time.monotonic() + 30
    while _validator_pids() and time.monotonic() < deadline:
        time.sleep(0.1)


class PeakSampler:
    """The peak resident memory (``bytes``) of the process tree under ``pid`` plus the shared validators' trees,
    sampled every 20 ms in a thread from construction until :meth:`stop`."""

    def __init__(self, pid: int, validators: bool = True) -> None:
        self.bytes = 0
        self.validators = validators
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(pid,), daemon=True)
        self._thread.start()

    def _sample(self, pid: int) -> None:
        while not self._done.is_set():
            # a validator started by this build is its child until the build ends: count it once
            validators = [v for v in _validator_pids() if v not in _descendants(pid)] if self.validators else []
            self.bytes = max(self.bytes, _tree_rss(pid) + sum(_tree_rss(v) for v in validators))
            self._done.wait(0.02)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def run(command: list[str], cwd: Path = ROOT) -> tuple[float, float, float, float]:
    """Run ``command``; return (seconds, peak tree MiB, peak single-process MiB, CPU seconds). Raises on a non-zero
    exit. For a build that validates (no ``--no-epubcheck``) the shared validators count as part of the tree
    (memory, and the CPU they spent meanwhile)."""
    validates = "build.py" in " ".join(command) and "--no-epubcheck" not in command
    before = {pid: _tree_cpu(pid) for pid in _validator_pids()} if validates else {}
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = PeakSampler(process.pid, validators=validates)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    peak.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{output.decode(errors='replace')[-3000:]}")
    validators = sum(_tree_cpu(pid) - before.get(pid, 0.0) for pid in _validator_pids()) if validates else 0.0
    return seconds, peak.bytes / MIB, usage.ru_maxrss * 1024 / MIB, usage.ru_utime + usage.ru_stime + validators


def pages_of(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def print_html(source: Path, target: Path) -> None:
    """Our print HTML for ``source`` (the exact document the print build hands WeasyPrint)."""
    code = ("import sys; from pathlib import Path; from bookpress.config import load_config; "
            "from bookpress.assemble import assemble; from bookpress.render.print_html import render_print_html; "
            "c = load_config(Path(sys.argv[1])); Path(sys.argv[2]).write_text(render_print_html(assemble(c), c), "
            "encoding='utf-8')")
    subprocess.run([PY, "-c", code, str(source), str(target)], cwd=ROOT, check=True, capture_output=True)


def pandoc_command(source: Path, work: Path) -> list[str]:
    """pandoc on the same Markdown (in book order), EPUB stylesheet, font files and a cover image."""
    import tomllib

    import pypandoc

    from bookpress.fonts import book_faces

    config = tomllib.loads((source / "book.toml").read_text(encoding="utf-8"))
    contents = config["contents"]
    parts = [*contents.get("front_matter", []), *contents.get("chapters", []), *contents.get("back_matter", [])]
    cover = work / "cover.jpg"
    if not cover.exists():
        from PIL import Image

        Image.new("RGB", (1600, 2400), "white").save(cover)
    command = [pypandoc.get_pandoc_path(), "--from", "markdown", "--to", "epub3", "--resource-path", str(source),
               "--css", str(ROOT / "styles" / "epub.css"), "--epub-cover-image", str(cover),
               "--metadata", f"title={config['title']}", "--metadata", f"lang={config.get('language', 'nl')}",
               "-o", str(work / "pandoc.epub")]
    for face in book_faces():
        command += ["--epub-embed-font", str(face.path)]
    return command + [str(source / part) for part in parts]


def edit_one_word(source: Path, count: int) -> None:
    """Change one word in the last chapter to a spelling no earlier edit used ("Uber" → "UberB", "UberC", …), so
    every edit is a real change that no cache entry has seen."""
    import re
    import tomllib

    chapters = tomllib.loads((source / "book.toml").read_text(encoding="utf-8"))["contents"]["chapters"]
    path = source / chapters[-1]
    text = path.read_text(encoding="utf-8")
    suffix = ""
    while True:
        count, digit = divmod(count, 26)
        suffix = chr(ord("A") + digit) + suffix
        if not count:
            break
    changed, found = re.subn(r"\bUber[A-Z]*\b", f"Uber{suffix}", text, count=1)
    if not found:
        raise SystemExit(f"bench: 'Uber' not found in {path}")
    path.write_text(changed, encoding="utf-8")


def measure_book(label: str, source: Path, repeat: int, validate_full: bool, watch: bool = False,
                 print_only: bool = False, full_only: bool = False) -> list[Row]:
    work = OUT / f"work-{label}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    rows: list[Row] = []

    def add(what: str, command: list[str], prepare=None, pages: int = 0) -> None:
        samples = []
        for attempt in range(repeat):
            if prepare:
                prepare(attempt)
            samples.append(run(command))
        seconds = statistics.median(s[0] for s in samples)
        rows.append(Row(label, pages, what, seconds, max(s[1] for s in samples), max(s[2] for s in samples),
                        statistics.median(s[3] for s in samples)))
        print(f"  {label:>4} {what:<28} {seconds:7.2f} s  {rows[-1].cpu:7.2f} cpu s  {rows[-1].tree_mib:7.0f} MiB tree",
              flush=True)

    def fresh(name: str):
        def prepare(_attempt):
            shutil.rmtree(work / name, ignore_errors=True)
        return prepare

    edits = {"n": 0}

    def edit(_attempt):  # every edit a spelling no earlier one used (no cache hit)
        edits["n"] += 1
        edit_one_word(source, edits["n"])

    build = [PY, str(ROOT / "build.py"), "--source", str(source)]
    full = build + ["--dist", str(work / "d-full"), "--cache", str(work / "c-full")]
    if not validate_full:
        full.append("--no-epubcheck")
    validated = "" if validate_full else " (no EPUBCheck)"
    if full_only:  # the full build alone (every edition, empty cache), e.g. --sizes 57 for the 800-page memory goal
        add(f"full build (cold cache){validated}", full, fresh("c-full"))
        rows[-1].pages = pages_of(work / "d-full" / f"{_name(source)}.pdf")
        return rows
    add("print build", build + ["--edition", "print", "--no-epubcheck", "--dist", str(work / "d-print"),
                                "--cache", str(work / "c-print")], fresh("c-print"))
    pages = pages_of(work / "d-print" / f"{_name(source)}.pdf")
    rows[-1].pages = pages
    html = work / "book.html"
    print_html(source, html)
    add("weasyprint alone", [PY, "-c", "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])",
                             str(html), str(work / "weasyprint.pdf")], pages=pages)
    if print_only:  # the print rows only: print build, WeasyPrint alone, one-word edit (same dist and cache)
        add("one-word edit: print", build + ["--edition", "print", "--no-epubcheck", "--dist", str(work / "d-print"),
                                             "--cache", str(work / "c-print")], edit, pages)
        return rows
    add("epub build", build + ["--edition", "epub", "--no-epubcheck", "--dist", str(work / "d-epub"),
                               "--cache", str(work / "c-epub")], fresh("c-epub"), pages)
    shutil.copyfile(work / "c-epub" / "cover" / next(p.name for p in (work / "c-epub" / "cover").iterdir()),
                    work / "cover.jpg")
    add("pandoc epub", pandoc_command(source, work), pages=pages)
    if validate_full:
        def first(attempt):
            fresh("c-full")(attempt)
            stop_validators()

        add("full build, first (no validator running)", full, first, pages)
    add(f"full build (cold cache){validated}", full, fresh("c-full"), pages)
    add("full build, unchanged", full, pages=pages)
    add("one-word edit: epub", build + ["--edition", "epub", "--no-epubcheck", "--dist", str(work / "d-full"),
                                        "--cache", str(work / "c-full")], edit, pages)
    add("one-word edit: print", build + ["--edition", "print", "--no-epubcheck", "--dist", str(work / "d-full"),
                                         "--cache", str(work / "c-full")], edit, pages)
    add(f"one-word edit: full{' (validated)' if validate_full else validated}", full, edit, pages)
    if watch:
        samples = []
        for _ in range(repeat):
            edits["n"] += 1
            samples.append(watch_edit(source, work, edits["n"]))
        rows.append(Row(label, pages, "one-word edit: epub in watch", statistics.median(s[0] for s in samples),
                        max(s[1] for s in samples), max(s[2] for s in samples),
                        statistics.median(s[3] for s in samples)))
        print(f"  {label:>4} {rows[-1].what:<28} {rows[-1].seconds:7.2f} s  (watch process: {rows[-1].cpu:.2f} cpu s, "
              f"{rows[-1].tree_mib:.0f} MiB tree)", flush=True)
    return rows


def watch_edit(source: Path, work: Path, count: int) -> tuple[float, float, float, float]:
    """Start ``build.py watch --edition epub --no-epubcheck``, wait for its first build, change one word and return
    (rebuild seconds as watch prints them, peak tree MiB, peak single-process MiB, CPU seconds of the watch tree)."""
    import re
    import signal

    command = [PY, str(ROOT / "build.py"), "watch", "--source", str(source), "--edition", "epub", "--no-epubcheck",
               "--dist", str(work / "d-watch"), "--cache", str(work / "c-full"), "--debounce", "50"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # Ctrl-C stops it
    peak = PeakSampler(process.pid, validators=False)  # watch --no-epubcheck
    rebuilt = re.compile(r"rebuilt .* in ([0-9.]+) s")
    seen = []

    def next_rebuild() -> float:
        for line in process.stdout:
            seen.append(line)
            if line.startswith("error"):
                break
            found = rebuilt.search(line)
            if found:
                return float(found.group(1))
        raise RuntimeError("watch ended without a rebuild:\n" + "".join(seen[-30:]))

    try:
        next_rebuild()
        edit_one_word(source, count)
        seconds = next_rebuild()
    finally:
        process.send_signal(signal.SIGINT)
        stop = threading.Timer(60, process.kill)  # a watch that does not stop on Ctrl-C is not waited for forever
        stop.start()
        try:
            process.stdout.read()  # until watch has ended (it prints nothing more after Ctrl-C)
            _, status, usage = os.wait4(process.pid, 0)
        except ChildProcessError:
            usage = None
        stop.cancel()
        peak.stop()
    cpu = usage.ru_utime + usage.ru_stime if usage else 0.0
    return seconds, peak.bytes / MIB, (usage.ru_maxrss * 1024 / MIB if usage else 0.0), cpu


def _name(source: Path) -> str:
    import tomllib

    from bookpress.assemble import slugify

    return slugify(tomllib.loads((source / "book.toml").read_text(encoding="utf-8"))["title"])


def goals(rows: list[Row]) -> list[str]:
    def get(book, what):
        return next((r for r in rows if r.book == book and r.what.startswith(what)), None)

    lines = []

    def goal(text, wall, cpu, limit, unit):
        if wall is None:
            return
        verdict = "met " if wall <= limit else "cpu " if cpu is not None and cpu <= limit else "MISS"
        cpu_text = f", CPU {cpu:.2f} {unit}" if cpu is not None else ""
        measured = "peak" if unit == "MiB" else "wall"
        lines.append(f"{verdict}  {text}: {measured} {wall:.2f} {unit}{cpu_text} (goal ≤ {limit} {unit})")

    full = get("1x", "full build (cold cache)")
    if full and "no EPUBCheck" not in full.what:
        goal("full validated build, cold cache, 1×", full.seconds, full.cpu, 4, "s")
    full = get("1x", "one-word edit: full (validated)")
    if full:
        goal("full validated build after a one-word edit, warm cache, 1×", full.seconds, full.cpu, 4, "s")
    edit = get("1x", "one-word edit: epub")
    if edit:
        goal("one-word edit, EPUB, command line, 1×", edit.seconds, edit.cpu, 0.5, "s")
    edit = get("1x", "one-word edit: epub in watch")
    if edit:
        goal("one-word edit, EPUB, in watch, 1×", edit.seconds, None, 0.5, "s")
    for book in sorted({r.book for r in rows}, key=lambda b: int(b[:-1])):
        edit, printed, alone = get(book, "one-word edit: print"), get(book, "print build"), get(book, "weasyprint alone")
        if edit and printed:
            goal(f"one-word edit PDF / full print build, {book}", edit.seconds / printed.seconds,
                 edit.cpu / printed.cpu, 0.35, "×")
        if printed and alone:
            goal(f"print build / WeasyPrint alone, {book}", printed.seconds / alone.seconds,
                 printed.cpu / alone.cpu, 1.10, "×")
    for row in rows:
        if (row.what.startswith("full build") or row.what == "print build") and row.pages >= 800:
            goal(f"{row.what} memory, {row.book} ({row.pages} pages)", row.tree_mib, None, 600, "MiB")
    return lines + ["(met: wall time within the goal; cpu: only CPU time within it — the machine was busy; MISS: neither)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,16,48", help="book sizes as repeat counts (default 1,16,48)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement (the median is reported)")
    parser.add_argument("--validate-up-to", type=int, default=48,
                        help="run EPUBCheck in the full build only up to this size (default 48)")
    parser.add_argument("--no-watch", action="store_true", help="leave out the watch-mode edit (1× only)")
    parser.add_argument("--print-only", action="store_true",
                        help="only the print rows: print build, WeasyPrint alone, one-word edit of the PDF "
                             "(--sizes 57 is an 816-page book, for the memory goal)")
    parser.add_argument("--full-only", action="store_true",
                        help="only the full build (every edition, empty build cache; EPUBCheck up to "
                             "--validate-up-to): --sizes 57 measures an 816-page book for the memory goal")
    args = parser.parse_args()
    if args.print_only and args.full_only:
        parser.error("--print-only and --full-only exclude each other")
    OUT.mkdir(parents=True, exist_ok=True)
    # as setup.sh does once per machine: EPUBCheck's prepared JVM and class archive (not part of any build's time)
    if (ROOT / "bookpress" / "validate" / "epubcheck_jvm.py").is_file():  # (older checkouts have none)
        subprocess.run([PY, "-m", "bookpress.validate.epubcheck_jvm"], cwd=ROOT, check=True)
    rows: list[Row] = []
    for size in (int(s) for s in args.sizes.split(",")):
        label = f"{size}x"
        folder = book_source(size, OUT / f"source-{label}")
        print(f"{label} book:", flush=True)
        rows += measure_book(label, folder, args.repeat, size <= args.validate_up_to,
                             watch=size == 1 and not (args.no_watch or args.print_only or args.full_only),
                             print_only=args.print_only, full_only=args.full_only)
    target = OUT / "speed.csv"
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["book", "pages", "what", "seconds", "cpu_seconds", "peak_tree_rss_mib",
                         "peak_process_rss_mib"])
        for row in rows:
            writer.writerow([row.book, row.pages, row.what, f"{row.seconds:.3f}", f"{row.cpu:.3f}",
                             f"{row.tree_mib:.1f}", f"{row.max_proc_mib:.1f}"])
    print(f"\n{'book':>5} {'pages':>6}  {'what':<30} {'seconds':>8} {'cpu s':>8} {'tree MiB':>9} {'max proc MiB':>13}")
    for row in rows:
        print(f"{row.book:>5} {row.pages:>6}  {row.what:<30} {row.seconds:8.2f} {row.cpu:8.2f} {row.tree_mib:9.0f} "
              f"{row.max_proc_mib:13.0f}")
    print("\n" + "\n".join(goals(rows)))
    stop_validators()
    print(f"\nCSV: {target}")


if __name__ == "__main__":
    main()
