"""``[epub] hyphenation = "soft-hyphens"``: the EPUB carries the policy's breaks as U+00AD (running text only), with
CSS that stops reading systems from adding their own; the default ("css") carries none."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from bookpress.build import build

from .conftest import SOURCE


def texts(epub) -> dict[str, str]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xhtml", ".css"))}


@pytest.fixture(scope="module")
def soft(tmp_path_factory):
    source = tmp_path_factory.mktemp("soft") / "source"
    shutil.copytree(SOURCE, source)
    toml = source / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[epub]\n", '[epub]\nhyphenation = "soft-hyphens"\n'),
                    encoding="utf-8")
    return texts(build(source, source.parent / "dist", ("epub",), epubcheck=False).outputs["epub"])


def test_soft_hyphens_in_running_text_only(soft):
    chapter = next(text for name, text in soft.items() if name.endswith("ch-1.xhtml"))
    paragraphs = re.findall(r"<p[^>]*>(.*?)</p>", chapter, re.S)
    assert sum("\u00ad" in p for p in paragraphs) > 20
    for heading in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", chapter, re.S):
        assert "\u00ad" not in heading
    assert "\u00adë" not in chapter, "a break before a trema"
    assert not re.search("f\u00ad[fil]", chapter), "a soft hyphen inside an f-ligature (WeasyPrint text bug)"
    css = next(text for name, text in soft.items() if name.endswith(".css"))
    assert "hyphens: manual" in css


def test_default_epub_has_no_soft_hyphens(epub):
    for _, root in epub.spine_documents():
        assert "\u00ad" not in "".join(root.itertext())
