"""The EPUB on a phone at 200 % text size: no word runs off the screen (headless Chromium lays the chapters out)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

PROBE = ("<style>html{font-size:200%}</style><script>window.addEventListener('load',function(){var bad=[];"
         "document.querySelectorAll('p,li,h1,h2,h3,figcaption').forEach(function(e){"
         "if(e.scrollWidth>e.clientWidth+1)bad.push(e.textContent.slice(0,40));});"
         "var r=document.createElement('div');r.textContent='PROBE:'+(document.documentElement.scrollWidth>"
         "document.documentElement.clientWidth+1?'page ':'')+bad.join('|')+':END';document.body.appendChild(r);});"
         "</script></head>")


def overflowing(xhtml: str, folder) -> str:
    """Text of the elements wider than a 390 px wide window when the text is set at 200 %."""
    page = folder / "probe.xhtml"
    page.write_text(xhtml.replace("</head>", PROBE, 1), encoding="utf-8")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is missing: run ./setup.sh"
    profile = folder / "profile"
    out = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run",
                          f"--user-data-dir={profile}", "--window-size=390,844", "--virtual-time-budget=3000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    marker = out.rfind("PROBE:")
    assert marker >= 0, "the probe did not run"
    return out[marker + len("PROBE:"):out.index(":END", marker)]


@pytest.mark.parametrize("name", ["voorwoord", "introductie", "ch-1"])
def test_no_word_overflows_at_200_percent(built, tmp_path, name):
    with zipfile.ZipFile(built.outputs["epub"]) as archive:
        archive.extractall(tmp_path)
    document = next(tmp_path.rglob(f"text/{name}.xhtml"))
    assert overflowing(document.read_text(encoding="utf-8"), document.parent) == ""
