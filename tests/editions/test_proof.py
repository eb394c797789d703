"""The proof report on the real book: the numbers issue 8 asks for, measured in the laid-out PDF."""

from __future__ import annotations

import json

import pytest

from bookpress.config import load_config

from .conftest import SOURCE


@pytest.fixture(scope="module")
def report(built, tmp_path_factory):
    from bookpress.proof.report import proof

    pdf = tmp_path_factory.mktemp("proof") / "book.pdf"
    pdf.write_bytes(built.outputs["print"].read_bytes())
    return proof(pdf, load_config(SOURCE), images=True), pdf


@pytest.mark.parametrize("kind", ["widow", "orphan", "runt", "ladder", "policy", "overfull", "heading-at-foot", "running-head", "page-turn-hyphen"])
def test_no_findings_of_kind(report, kind):
    found = [f for f in report[0]["findings"] if f["kind"] == kind]
    assert not found, "\n".join(f"page {f['page']}: {f['text']} — {f['detail']}" for f in found)


def test_loose_lines_within_the_numbers(report):
    lines = report[0]["lines"]
    assert lines["justified"] > 300
    assert lines["loose_share"] <= 0.01, lines
    assert lines["loose_0_7"] == 0, lines


def test_json_crops_and_spreads_are_written(report):
    data, pdf = report
    written = json.loads((pdf.parent / "book-proof.json").read_text(encoding="utf-8"))
    assert written["counts"] == data["counts"] and written["pages"] == data["pages"]
    folder = pdf.parent / "book-proof"
    assert len(list(folder.glob("spread-*.png"))) == data["pages"] // 2 + 1
    for finding in data["findings"]:
        assert (pdf.parent / finding["crop"]).is_file()
