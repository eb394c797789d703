"""``python build.py proof``: the built print PDF in ``dist/`` → its proof report (JSON + PNGs) and a summary."""

from __future__ import annotations

import argparse
from pathlib import Path

from bookpress.errors import BookError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``proof``: ``--source``, ``--dist``, ``--pdf``, ``--no-images``, ``--strict``."""
    parser.add_argument("--source", type=Path, default=Path("source"), help="the book's source folder")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="folder with the built PDF")
    parser.add_argument("--pdf", type=Path, default=None, help="the PDF to proof (default: dist/<book>.pdf)")
    parser.add_argument("--no-images", action="store_true", help="write only the JSON (no PNG crops and spreads)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when an error-level finding is present or the loose-line share is above 1 %%")


def run(args: argparse.Namespace) -> int:
    """Write the report; print counts and the findings, one per line as ``page N: kind: text — detail``."""
    from bookpress.build import output_name
    from bookpress.config import load_config
    from bookpress.proof.report import proof

    config = load_config(args.source)
    pdf = args.pdf or args.dist / f"{output_name(config)}.pdf"
    if not pdf.is_file():
        raise BookError(f"no print PDF at {pdf}", hint="build it first: python build.py --edition print")
    report = proof(pdf, config, images=not args.no_images)  # beside the link in dist/, never inside a published set
    lines = report["lines"]
    print(f"{report['pdf']}: {report['pages']} pages, {lines['justified']} justified lines, "
          f"{lines['loose_0_5']} above 0.5 em ({lines['loose_share']:.1%}), {lines['loose_0_7']} above 0.7 em, "
          f"widest {lines['widest_em']:.2f} em")
    for finding in report["findings"]:
        print(f"  page {finding['page']}: {finding['severity']}: {finding['kind']}: {finding['text'][:60]} — "
              f"{finding['detail']}")
    counts = ", ".join(f"{kind} {n}" for kind, n in report["counts"].items()) or "no findings"
    print(f"{counts}\nreport: {pdf.parent / (pdf.stem + '-proof.json')}")
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    return 1 if args.strict and (errors or lines["loose_share"] > 0.01) else 0
