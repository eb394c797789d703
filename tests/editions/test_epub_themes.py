"""Reader themes: every XHTML document of the EPUB is shown by headless Chromium at phone (390 px) and tablet
(820 px) width under day, sepia and night themes (a theme swaps the page colours only, as Apple Books does); every
text run, SVG figure labels included, must reach WCAG 2.1 AA contrast against what is really behind it.

The screenshots are kept in ``build/screenshots/`` (ignored by git) as the evidence to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile

from bookpress.validate.ace import ACE, chromium

from .conftest import ROOT

THEMES_JS = ROOT / "tools" / "ace" / "themes.js"
EVIDENCE = ROOT / "build" / "screenshots"


def test_every_document_is_readable_in_every_theme(built, epub, tmp_path):
    browser = chromium()
    assert browser and ACE.exists(), "chromium or tools/ace/node_modules missing: run ./setup.sh"
    with zipfile.ZipFile(built.outputs["epub"]) as archive:
        archive.extractall(tmp_path / "book")
    files = [str(tmp_path / "book" / (epub.base + href)) for href, _ in epub.spine_documents()]
    shutil.rmtree(EVIDENCE, ignore_errors=True)
    EVIDENCE.mkdir(parents=True)
    done = subprocess.run(["node", str(THEMES_JS), str(EVIDENCE), *files], capture_output=True, text=True,
                          timeout=900, env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert len(report) == len(files) * 3 * 2
    failures = []
    for shot in report:
        assert (EVIDENCE / os.path.basename(shot["screenshot"])).stat().st_size > 1000
        for run in shot["runs"]:
            if run["contrast"] < run["need"]:
                failures.append(f"{shot['file']} {shot['theme']} {shot['device']}: {run['tag']} '{run['text']}' "
                                f"contrast {run['contrast']} < {run['need']}")
    assert failures == [], "\n".join(failures[:30])
    chapter = [s for s in report if s["file"] == "ch-1.xhtml" and s["theme"] == "night"]
    labels = [run for s in chapter for run in s["runs"] if run["svg"]]
    assert labels, "figure labels are not inline SVG text"
    phone = [run["px"] for s in chapter if s["device"] == "phone" for run in s["runs"] if run["svg"]]
    # smallest label's rendered font size at 390 px (font size × the figure's scale): the art drawn on a 1300-unit
    # canvas for 130 mm gave 7.0 px; redrawn on 1000 units (100 mm in print, same label size there) it is 9.2 px
    assert min(phone) >= 9.0, sorted(phone)[:3]
