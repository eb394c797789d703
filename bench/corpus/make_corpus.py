"""Build the importer's ground-truth corpus: known prose → typeset PDF → text from five real extractors.

For each language (nl, de, en) the text is real running prose written for this corpus (``bench/corpus/<lang>/
text.md``: an annual report in report style, with compounds, hyphenated words, elisions, numbers, lists, captions
and callout boxes; self-written, so free to keep). Its small Markdown subset: ``# chapter``, ``## section``,
paragraphs, ``- `` and ``1. `` lists, ``![caption]`` figures and ``::: Box title`` … ``:::`` callout boxes. It is
typeset with WeasyPrint as a report: chapters and sections numbered, captions labelled ("Figuur 1.2:"), justified
and hyphenated (``hyphens: auto`` with ``lang``), in ligature-rich fonts (URW P052/C059, Source Serif), with running
heads (letter-spaced in one language), folios, a drop cap at each chapter start and a two-column chapter. The text
each extractor gets back (pypdf, pdfminer.six, PyMuPDF, poppler's pdftotext — in its default mode and with
``-raw`` —, pypdfium2) is stored next to the ground truth:

    bench/corpus/<lang>/text.md         the prose, as written
    bench/corpus/<lang>/truth.md        what the importer should give: the typed numbers and caption labels kept
                                        ("## 1.2 Titel", "![Figuur 1.2: Bijschrift]"; docs/source-format.md,
                                        "Typed numbers"), running heads and folios gone, words whole
    bench/corpus/<lang>/<extractor>.txt the extracted text, pages separated by a form feed

Run once to (re)build (needs the ``bench`` extra: pdfminer.six, pymupdf; and poppler-utils):
``.venv/bin/python bench/corpus/make_corpus.py``. ``bench/import_quality.py`` reads the stored pairs; it needs none
of the extractors. The PDFs go to ``bench/out/corpus/`` (ignored by git) for looking at.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out" / "corpus"

#: Per language: font, caption word and separator, running head, whether the running head is letter-spaced.
LANGUAGES = {
    "nl": {"font": "P052", "caption": ("Figuur", ":"), "head": "Jaarverslag {year}", "letterspaced": True},
    "de": {"font": "C059", "caption": ("Abbildung", ":"), "head": "Geschäftsbericht {year}", "letterspaced": False},
    "en": {"font": "Source Serif Pro", "caption": ("Figure", "."), "head": "Annual report {year}",
           "letterspaced": False},
}
#: The chapter set in two columns (as in many annual reports' data chapters).
TWO_COLUMN_CHAPTER = 3


def blocks(text: str) -> list[tuple[str, str]]:
    """``text.md`` → (kind, text) blocks: chapter, section, paragraph, bullet/number (items joined by newlines),
    figure, box (title, then its paragraphs joined by newlines)."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip()
        if chunk.startswith("# "):
            out.append(("chapter", chunk[2:].strip()))
        elif chunk.startswith("## "):
            out.append(("section", chunk[3:].strip()))
        elif chunk.startswith("![") and chunk.endswith("]"):
            out.append(("figure", chunk[2:-1].strip()))
        elif chunk.startswith(":::"):
            out.append(("box", chunk.strip(":").strip()))
        elif chunk.startswith("- "):
            out.append(("bullet", "\n".join(line[2:].strip() for line in chunk.split("\n"))))
        elif re.match(r"\d+\. ", chunk):
            out.append(("number", "\n".join(re.sub(r"^\d+\.\s+", "", line) for line in chunk.split("\n"))))
        else:
            out.append(("paragraph", " ".join(chunk.split())))
    return out


def generate(language: str) -> tuple[str, str]:
    """Return (HTML body, truth Markdown) for ``language``'s ``text.md``."""
    settings = LANGUAGES[language]
    caption_word, separator = settings["caption"]
    body: list[str] = []
    truth: list[str] = []
    chapter = section = figure = 0
    drop = False
    for kind, text in blocks((HERE / language / "text.md").read_text(encoding="utf-8")):
        if kind == "chapter":
            if chapter:
                body.append("</section>")
            chapter += 1
            section = figure = 0
            drop = True
            columns = " two-columns" if chapter == TWO_COLUMN_CHAPTER else ""
            body.append(f'<section class="chapter{columns}"><h1>{chapter} {html.escape(text)}</h1>')
            truth.append(f"# {chapter}. {text}")
        elif kind == "section":
            section += 1
            body.append(f"<h2>{chapter}.{section} {html.escape(text)}</h2>")
            truth.append(f"## {chapter}.{section} {text}")
        elif kind == "paragraph":
            if drop:  # a drop cap (WeasyPrint 70 cannot float ::first-letter)
                body.append(f'<p><span class="drop">{html.escape(text[0])}</span>{html.escape(text[1:])}</p>')
                drop = False
            else:
                body.append(f"<p>{html.escape(text)}</p>")
            truth.append(text)
        elif kind in ("bullet", "number"):
            items = text.split("\n")
            tag = "ul" if kind == "bullet" else "ol"
            body.append(f"<{tag}>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + f"</{tag}>")
            truth.append("\n".join(f"- {item}" if kind == "bullet" else f"{n}. {item}"
                                    for n, item in enumerate(items, 1)))
        elif kind == "figure":
            figure += 1
            label = f"{caption_word} {chapter}.{figure}{separator}"
            body.append(f'<figure><div class="art"></div><figcaption>{label} {html.escape(text)}</figcaption></figure>')
            truth.append(f"![{label} {text}]")
        elif kind == "box":
            head, *paragraphs = text.split("\n")
            body.append(f'<aside class="callout"><h3>{html.escape(head)}</h3>'
                        + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</aside>")
            truth.append(f"### {head}")
            truth.extend(paragraphs)
    body.append("</section>")
    return "\n".join(body), "\n\n".join(truth) + "\n"


CSS = """
@page { size: 148mm 210mm; margin: 20mm 16mm 22mm 16mm;
  @top-center { content: "%(head)s"; font-size: 8pt; %(spacing)s }
  @bottom-center { content: counter(page); font-size: 8pt; } }
body { margin: 0; font-family: "%(font)s", serif; font-size: 10.5pt; line-height: 1.38; text-align: justify;
  hyphens: auto; font-variant-ligatures: common-ligatures; }
h1 { break-before: page; font-size: 18pt; text-align: left; hyphens: manual; margin: 16mm 0 8mm; }
h2 { font-size: 12pt; text-align: left; hyphens: manual; margin: 1em 0 0.4em; }
h3 { font-size: 10pt; margin: 0 0 0.3em; text-align: left; hyphens: manual; }
p { margin: 0 0 0.5em; }
span.drop { float: left; font-size: 3.1em; line-height: 1; margin: 0.05em 0.08em 0 0; }
.two-columns { column-count: 2; column-gap: 6mm; }
.two-columns h1 { column-span: all; }
ul { list-style: square; padding-left: 5mm; }
ol { padding-left: 6mm; }
figure { margin: 0.8em 0; break-inside: avoid; }
.art { height: 42mm; border: 0.5pt solid #666; }
figcaption { font-size: 8.5pt; text-align: left; hyphens: manual; margin-top: 0.3em; }
aside.callout { border: 0.6pt solid #444; padding: 2mm 3mm; margin: 0.8em 0; background: #eee; }
"""


def typeset(language: str, body: str, pdf: Path) -> None:
    """Typeset ``body`` to ``pdf`` with WeasyPrint (justified, hyphenated, ligatures, furniture)."""
    from weasyprint import CSS as Css, HTML

    settings = LANGUAGES[language]
    head = settings["head"].format(year=2025)
    css = CSS % {"font": settings["font"], "head": head.upper() if settings["letterspaced"] else head,
                 "spacing": "letter-spacing: 0.35em;" if settings["letterspaced"] else "font-style: italic;"}
    document = f'<html lang="{language}"><head><meta charset="utf-8"></head><body>{body}</body></html>'
    HTML(string=document).write_pdf(pdf, stylesheets=[Css(string=css)])


def extract(pdf: Path) -> dict[str, str]:
    """The text of ``pdf`` from each extractor, pages separated by a form feed."""
    import pdfminer.high_level
    import pymupdf
    import pypdf
    import pypdfium2

    texts = {}
    texts["pypdf"] = "\f".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    texts["pdfminer"] = pdfminer.high_level.extract_text(pdf)
    with pymupdf.open(pdf) as document:
        texts["pymupdf"] = "\f".join(page.get_text() for page in document)
    # poppler's pdftotext in its default mode (its own reading order, rebuilt from the glyph positions) and with
    # -raw (the order of the page's content stream: the order a typesetting program set the text in), the mode the
    # importer's documentation tells users to use (README, "Importing a manuscript")
    for name, options in (("pdftotext", []), ("pdftotext-raw", ["-raw"])):
        texts[name] = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                     text=True, check=True).stdout
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range())
    texts["pypdfium2"] = "\f".join(pages)
    return {name: text.replace("\r\n", "\n") for name, text in texts.items()}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for language in sys.argv[1:] or LANGUAGES:
        body, truth = generate(language)
        pdf = OUT / f"{language}.pdf"
        typeset(language, body, pdf)
        folder = HERE / language
        folder.mkdir(exist_ok=True)
        (folder / "truth.md").write_text(truth, encoding="utf-8")
        for name, text in extract(pdf).items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        import pypdf

        print(f"{language}: {len(truth.split())} words, {len(pypdf.PdfReader(pdf).pages)} pages → {folder}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
