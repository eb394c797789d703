"""Mutation check: break one behaviour at a time and see whether the test suite notices.

Each entry of ``bench/mutants.toml`` names a behaviour and gives one line of one file (``original``) and its broken
form (``mutated``). For every entry this script copies the working tree (tracked and untracked, not ignored files)
into a scratch folder, replaces that line, runs the whole suite there (``pytest -x``) and reports:

- ``caught``   — a test failed (the first one is named): good;
- ``SURVIVED`` — the suite passed with the behaviour broken: a test is missing;
- ``STALE``    — the original line is no longer in the file exactly once: update the entry;
- ``TIMEOUT``  — the suite hung with the mutation.

The goal is none surviving and none stale; the exit status is 1 otherwise. The unmutated copy runs first and must
pass (``--no-baseline`` skips that). Run: ``.venv/bin/python bench/mutants.py [-k NAME] [-j 2] [--list]``.
``original`` is a whole line (leading and trailing whitespace ignored; the mutated line keeps the indentation) or,
for long lines, a piece of one line that occurs exactly once in the file.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = Path(__file__).with_name("mutants.toml")
#: Installed, git-ignored folders the suite needs (setup.sh puts them there): linked into the scratch copy.
INSTALLED = ("tools/ace/node_modules",)


@dataclass(frozen=True)
class Mutant:
    """One named one-line mutation: in ``file`` (relative to the repository), ``original`` becomes ``mutated``."""

    name: str
    file: str
    original: str
    mutated: str
    behaviour: str = ""


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    verdict: str          # "caught", "SURVIVED", "STALE", "TIMEOUT"
    detail: str
    seconds: float


def load_mutants(path: Path = MUTANTS) -> list[Mutant]:
    """Read ``mutants.toml``: a list of ``[[mutant]]`` tables with name, file, original, mutated, behaviour."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("mutant", [])
    mutants = [Mutant(**entry) for entry in entries]
    names = [m.name for m in mutants]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SystemExit(f"{path}: duplicate mutant names {sorted(duplicates)}")
    return mutants


def apply(mutant: Mutant, tree: Path) -> str | None:
    """Break ``tree / mutant.file``: the one line equal to ``mutant.original`` (whitespace-trimmed) becomes
    ``mutant.mutated`` (indentation kept); failing that, the one occurrence of ``mutant.original`` inside a line
    is replaced. Return an error message when neither is unique (the entry is stale), else ``None``."""
    path = tree / mutant.file
    if not path.is_file():
        return f"{mutant.file} does not exist"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line.strip() == mutant.original.strip()]
    if len(hits) == 1:
        line = lines[hits[0]]
        indent = line[:len(line) - len(line.lstrip())]
        lines[hits[0]] = indent + mutant.mutated.strip() if mutant.mutated.strip() else ""
        path.write_text("\n".join(lines), encoding="utf-8")
        return None
    count = text.count(mutant.original)
    if len(hits) > 1 or count != 1:
        return f"original found {max(len(hits), count)} times in {mutant.file} (expected once)"
    path.write_text(text.replace(mutant.original, mutant.mutated), encoding="utf-8")
    return None


def scratch_copy(destination: Path) -> Path:
    """Copy the working tree's files (``git ls-files``: tracked and untracked-but-not-ignored) into ``destination``."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    for name in INSTALLED:
        if (ROOT / name).exists():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            (destination / name).symlink_to(ROOT / name)
    return destination


def run_suite(tree: Path, timeout: float, pytest_args: list[str]) -> tuple[str, str]:
    """Run the suite in ``tree``; return ("passed" | "failed" | "timeout", first failing test or last output)."""
    env = dict(os.environ, CI="1", PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-o", "addopts=", "-rfE",
               *pytest_args]
    try:
        done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    if done.returncode == 0:
        return "passed", ""
    failed = re.findall(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", done.stdout, flags=re.M)
    return "failed", failed[0] if failed else (done.stdout + done.stderr).strip().splitlines()[-1:][0]


def check(mutant: Mutant, snapshot: Path, timeout: float, pytest_args: list[str]) -> Outcome:
    """Copy ``snapshot`` (the working tree as it was when the run started), apply ``mutant``, run the suite."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"mutant-{mutant.name}-") as folder:
        tree = Path(folder) / "tree"
        shutil.copytree(snapshot, tree, symlinks=True)
        problem = apply(mutant, tree)
        if problem:
            return Outcome(mutant, "STALE", problem, time.monotonic() - started)
        state, detail = run_suite(tree, timeout, pytest_args)
    verdict = {"passed": "SURVIVED", "failed": "caught", "timeout": "TIMEOUT"}[state]
    return Outcome(mutant, verdict, detail, time.monotonic() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="select", help="only mutants whose name contains this text")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutants checked at the same time (default 1)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per suite run (default 600)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run of the unmutated copy")
    parser.add_argument("--list", action="store_true", help="list the mutants and whether each still applies")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = parser.parse_args(argv)

    mutants = [m for m in load_mutants() if not args.select or args.select in m.name]
    if args.list:
        with tempfile.TemporaryDirectory() as folder:
            tree = scratch_copy(Path(folder))
            for mutant in mutants:
                problem = apply(mutant, tree)
                print(f"{mutant.name:32} {mutant.file:40} {'STALE: ' + problem if problem else 'applies'}")
        return 0
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="mutant-snapshot-") as folder:
        snapshot = scratch_copy(Path(folder))  # later edits to the working tree do not leak into this run
        if not args.no_baseline:
            with tempfile.TemporaryDirectory(prefix="mutant-baseline-") as baseline:
                shutil.copytree(snapshot, Path(baseline) / "tree", symlinks=True)
                state, detail = run_suite(Path(baseline) / "tree", args.timeout, args.pytest_args)
            if state != "passed":
                print(f"baseline: the unmutated suite does not pass ({state}: {detail}); fix that first",
                      file=sys.stderr)
                return 2
            print("baseline: the unmutated suite passes", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
            futures = [pool.submit(check, m, snapshot, args.timeout, args.pytest_args) for m in mutants]
            for future in futures:
                outcome = future.result()
                outcomes.append(outcome)
                print(f"{outcome.verdict:9} {outcome.mutant.name:32} {outcome.seconds:6.1f} s  {outcome.detail}",
                      flush=True)
    bad = [o for o in outcomes if o.verdict != "caught"]
    print(f"\n{len(outcomes) - len(bad)} of {len(outcomes)} mutants caught"
          + (f"; not caught: {', '.join(o.mutant.name for o in bad)}" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
