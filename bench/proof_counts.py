"""Benchmark: the proof report's counts for the real book (typographic quality over time, not speed).

Builds the print edition into ``bench/out/proof/`` and runs the proof report; prints the line statistics and counts
per finding kind and keeps ``bench/out/proof/<name>-proof.json``. Goals (issue 8): at most 1 % of justified lines
with an inter-word space above 0.5 em, none above 0.7 em, and no widow, orphan, runt, ladder or policy finding.
Run: ``.venv/bin/python bench/proof_counts.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bookpress.build import build  # noqa: E402
from bookpress.config import load_config  # noqa: E402
from bookpress.proof.report import proof  # noqa: E402

GOALS = {"widow": 0, "orphan": 0, "runt": 0, "ladder": 0, "policy": 0, "overfull": 0}


def main() -> int:
    out = ROOT / "bench" / "out" / "proof"
    result = build(ROOT / "source", out, ("print",), epubcheck=False)
    report = proof(out / result.outputs["print"].name, load_config(ROOT / "source"), images=False)
    print(json.dumps({"lines": report["lines"], "counts": report["counts"]}, indent=1, sort_keys=True))
    missed = [kind for kind, goal in GOALS.items() if report["counts"].get(kind, 0) > goal]
    lines = report["lines"]
    if lines["loose_share"] > 0.01 or lines["loose_0_7"]:
        missed.append("loose lines")
    print("goals met" if not missed else f"goals missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
