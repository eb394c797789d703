"""Build the importer's ground-truth corpus: known text → typeset PDF → text from five real extractors.

For each language (nl, de, en) a text is written by a seeded generator from the language's own words (wordfreq's
list: frequent function words mixed with rarer content words, so long compounds and rare words occur), with
numbered headings, lists, figure captions, callout boxes and real hyphenated words (a list per language:
"e-mail", "zee-egel", "well-known" …, and capital prefixes such as "ICT-…"). It is typeset with WeasyPrint: justified and hyphenated (``hyphens: auto`` with
``lang``), in ligature-rich fonts (URW P052/C059, Source Serif), with running heads (letter-spaced in one language),
folios, drop caps and a two-column chapter. The text each extractor gets back (pypdf, pdfminer.six, PyMuPDF,
poppler's pdftotext, pypdfium2) is stored next to the ground truth:

    bench/corpus/<lang>/truth.md        what the importer should give (headings without numbers, captions without
                                        their label: the build generates those)
    bench/corpus/<lang>/<extractor>.txt the extracted text, pages separated by a form feed

Run once to (re)build (needs the ``bench`` extra: pdfminer.six, pymupdf): ``.venv/bin/python
bench/corpus/make_corpus.py``. ``bench/import_quality.py`` reads the stored pairs; it needs none of the extractors.
The PDFs go to ``bench/out/corpus/`` (ignored by git) for looking at.
"""

from __future__ import annotations

import html
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "bench" / "out" / "corpus"

#: Per language: font, caption word and separator, callout word, running head, and whether nouns are capitalised.
LANGUAGES = {
    "nl": {"font": "P052", "caption": ("Figuur", ":"), "box": "Kader", "head": "Jaarverslag {year}",
           "letterspaced": True, "capitals": False, "seed": 11, "elision": "en", "prefixes": ["ICT", "EU", "HR"],
           "hyphenated": ["e-mail", "zee-egel", "mee-ontwikkelen", "na-apen", "privé-leven", "auto-industrie",
                          "ex-partner", "oud-voorzitter", "co-auteur", "kant-en-klaar", "Noord-Holland"]},
    "de": {"font": "C059", "caption": ("Abbildung", ":"), "box": "Kasten", "head": "Geschäftsbericht {year}",
           "letterspaced": False, "capitals": True, "seed": 12, "elision": "und", "prefixes": ["IT", "EU", "KI"],
           "hyphenated": ["E-Mail", "Max-Planck-Institut", "Ost-West-Konflikt", "Baden-Württemberg", "Know-how",
                          "Make-up", "Start-up", "Ich-Erzähler", "Schleswig-Holstein", "Vitamin-C-Mangel"]},
    "en": {"font": "Source Serif Pro", "caption": ("Figure", "."), "box": "Box", "head": "Annual report {year}",
           "letterspaced": False, "capitals": False, "seed": 13, "elision": "and", "prefixes": ["IT", "EU", "AI"],
           "hyphenated": ["well-known", "long-term", "decision-making", "real-time", "e-mail", "follow-up",
                          "self-esteem", "twenty-one", "state-of-the-art", "high-quality", "up-to-date", "so-called"]},
}
#: Words per language (about 25 pages at the page size below).
WORDS = 5000


class Writer:
    """A seeded text generator over one language's word list."""

    def __init__(self, language: str) -> None:
        import wordfreq

        settings = LANGUAGES[language]
        self.random = random.Random(settings["seed"])
        self.settings = settings
        words = [word for word in wordfreq.top_n_list(language, 30000) if word.isalpha() and word.islower()]
        self.function = words[:120]
        self.content = [word for word in words[120:] if len(word) >= 3]

    def word(self) -> str:
        if self.random.random() < 0.42:
            return self.random.choice(self.function)
        word = self.random.choice(self.content)
        if self.settings["capitals"] and self.random.random() < 0.45:
            word = word.capitalize()
        roll = self.random.random()
        if roll < 0.012:  # a real hyphenated word of the language
            word = self.random.choice(self.settings["hyphenated"])
        elif roll < 0.02:
            word = f"{self.random.choice(self.settings['prefixes'])}-{word}"
        elif roll < 0.024:  # an elision hyphen: "woning- en …"
            word = f"{word}- {self.settings['elision']} {self.random.choice(self.content)}"
        return word

    def sentence(self, low: int = 6, high: int = 22) -> str:
        words = [self.word() for _ in range(self.random.randint(low, high))]
        for index in range(2, len(words) - 2):
            if self.random.random() < 0.07:
                words[index] += ","
        if self.random.random() < 0.06:
            words.insert(self.random.randint(1, len(words) - 1), str(self.random.randint(2, 2030)))
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.random.choice(".......?!")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(3, 7)))

    def title(self) -> str:
        text = " ".join(self.random.choice(self.content) for _ in range(self.random.randint(2, 5)))
        return text[0].upper() + text[1:]


def generate(language: str) -> tuple[str, str]:
    """Return (HTML body, truth Markdown) for ``language``."""
    writer = Writer(language)
    caption_word, separator = writer.settings["caption"]
    body: list[str] = []
    truth: list[str] = []
    count = 0
    chapter = 0
    while count < WORDS:
        chapter += 1
        title = writer.title()
        columns = " two-columns" if chapter == 3 else ""
        body.append(f'<section class="chapter{columns}"><h1>{chapter} {html.escape(title)}</h1>')
        truth.append(f"# {title}")
        for section in range(1, 4):
            heading = writer.title()
            body.append(f"<h2>{chapter}.{section} {html.escape(heading)}</h2>")
            truth.append(f"## {heading}")
            for index in range(writer.random.randint(2, 4)):
                text = writer.paragraph()
                if section == 1 and index == 0:  # a drop cap (WeasyPrint 70 cannot float ::first-letter)
                    body.append(f'<p><span class="drop">{html.escape(text[0])}</span>{html.escape(text[1:])}</p>')
                else:
                    body.append(f"<p>{html.escape(text)}</p>")
                truth.append(text)
                count += len(text.split())
            roll = writer.random.random()
            if roll < 0.35:
                items = [writer.sentence(4, 12).rstrip(".?!") for _ in range(writer.random.randint(3, 5))]
                body.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
                truth.append("\n".join(f"- {item}" for item in items))
                text = writer.paragraph()
                body.append(f"<p>{html.escape(text)}</p>")
                truth.append(text)
            elif roll < 0.6:
                caption = writer.sentence(3, 9).rstrip(".?!")
                label = f"{caption_word} {chapter}.{section}{separator}"
                body.append(f'<figure><div class="art"></div><figcaption>{label} {html.escape(caption)}'
                            "</figcaption></figure>")
                truth.append(f"![{caption}]")
            elif roll < 0.8:
                head, text = writer.title(), writer.paragraph()
                body.append(f'<aside class="callout"><h3>{html.escape(head)}</h3><p>{html.escape(text)}</p></aside>')
                truth.append(f"### {head}")
                truth.append(text)
        body.append("</section>")
    return "\n".join(body), "\n\n".join(truth) + "\n"


CSS = """
@page { size: 148mm 210mm; margin: 20mm 16mm 22mm 16mm;
  @top-center { content: "%(head)s"; font-size: 8pt; %(spacing)s }
  @bottom-center { content: counter(page); font-size: 8pt; } }
body { margin: 0; font-family: "%(font)s", serif; font-size: 10pt; line-height: 1.3; text-align: justify;
  hyphens: auto; font-variant-ligatures: common-ligatures; }
h1 { break-before: page; font-size: 16pt; text-align: left; hyphens: manual; }
h2 { font-size: 12pt; text-align: left; hyphens: manual; margin: 1em 0 0.4em; }
h3 { font-size: 10pt; margin: 0 0 0.3em; text-align: left; hyphens: manual; }
p { margin: 0 0 0.5em; }
span.drop { float: left; font-size: 3.1em; line-height: 1; margin: 0.05em 0.08em 0 0; }
.two-columns { column-count: 2; column-gap: 6mm; }
.two-columns h1 { column-span: all; }
ul { list-style: square; padding-left: 5mm; }
figure { margin: 0.8em 0; break-inside: avoid; }
.art { height: 30mm; border: 0.5pt solid #666; }
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
    texts["pdftotext"] = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
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
    for language in LANGUAGES:
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
