"""``source/book.toml`` → a validated, frozen :class:`Config`.

The file has the book's metadata at the top level, then ``[[creators]]``, ``[isbn]``, ``[contents]``,
``[labels]`` and one table per edition (``[print]``, ``[epub]``) — the layout of Quarto's ``_quarto.yml``.
Every key is checked: an unknown key, a missing required key or a wrong type raises :class:`BookError`
naming the key, the file and (where it can be found) the line. TOML syntax: https://toml.io/en/v1.0.0.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from bookpress.errors import BookError

CONFIG_NAME = "book.toml"


@dataclass(frozen=True)
class Creator:
    """A contributor: ``role`` is a MARC relator code (``aut`` author, ``aui`` author of introduction, ``edt`` …),
    see https://www.loc.gov/marc/relators/relaterm.html; ``file_as`` is the sort form ("Maes, Rik")."""

    name: str
    role: str = "aut"
    file_as: str = ""


@dataclass(frozen=True)
class Isbn:
    """ISBNs per edition; empty until the publisher assigns them (never invented)."""

    print: str = ""
    epub: str = ""


@dataclass(frozen=True)
class Contents:
    """Reading order: file names relative to ``source/``. Front matter is unnumbered, chapters are numbered 1…n."""

    chapters: tuple[str, ...]
    front_matter: tuple[str, ...] = ()


@dataclass(frozen=True)
class Labels:
    """The book's own words for generated text (Dutch for this book)."""

    chapter: str = "Hoofdstuk"
    figure: str = "Figuur"
    figure_ref: str = "figuur"
    contents: str = "Inhoud"
    cover: str = "Omslag"
    title_page: str = "Titelpagina"
    colophon: str = "Colofon"
    placeholder: str = "Afbeelding volgt"
    role_aut: str = "Tekst"
    role_aui: str = "Voorwoord"
    role_edt: str = "Redactie"
    foreword_by: str = "Met een voorwoord van"
    pages: str = "Paginaoverzicht"
    landmarks: str = "Oriëntatiepunten"


@dataclass(frozen=True)
class PrintEdition:
    """Page geometry of the print PDF. Lengths in mm, type sizes in pt."""

    trim_width_mm: float = 170
    trim_height_mm: float = 240
    bleed_mm: float = 3
    crop_marks: bool = True
    margin_top_mm: float = 20
    margin_bottom_mm: float = 24
    margin_inside_mm: float = 22
    margin_outside_mm: float = 18
    font_size_pt: float = 10
    line_height_pt: float = 14
    running_head_gap_mm: float = 4.5    # running head / folio baseline → top of the text block
    drop_folio_gap_mm: float = 8.5      # bottom of the text block → baseline of a chapter opener's folio


@dataclass(frozen=True)
class EpubEdition:
    """EPUB settings. ``foreword``/``preface``/``introduction`` name the front-matter file that has that role, so
    the EPUB tags it with the matching ``epub:type`` and DPUB-ARIA role (EPUB 3 Structural Semantics Vocabulary,
    https://www.w3.org/TR/epub-ssv-11/; https://www.w3.org/TR/dpub-aria-1.1/); other front matter is a plain
    section. ``accessibility_certified_by`` names who vouches for the conformance claim (default: the publisher).
    ``hyphenation``: ``"css"`` (the reading system hyphenates with its own dictionary, ``lang`` set) or
    ``"soft-hyphens"`` (the book's hyphenation policy written into the text as U+00AD)."""

    foreword: str = ""
    preface: str = ""
    introduction: str = ""
    accessibility_certified_by: str = ""
    hyphenation: str = "css"

    def part_role(self, file_name: str) -> str:
        """The structural role (``foreword``, ``preface``, ``introduction``) of front-matter file ``file_name``, or ``""``."""
        for role in ("foreword", "preface", "introduction"):
            if getattr(self, role) and getattr(self, role) == file_name:
                return role
        return ""


#: Values of ``[epub] hyphenation``.
EPUB_HYPHENATION = ("css", "soft-hyphens")


@dataclass(frozen=True)
class Hyphenation:
    """The hyphenation policy's settings (``[hyphenation]``): letters per word and per side of a break, and the
    exceptions file in ``source/`` (empty: ``hyphenation.txt`` when that file exists)."""

    min_word: int = 6
    min_before: int = 2
    min_after: int = 3
    exceptions: str = ""


@dataclass(frozen=True)
class Config:
    """The whole validated ``book.toml``; ``source_dir`` is the folder it was read from."""

    title: str
    language: str
    identifier: str
    contents: Contents
    creators: tuple[Creator, ...]
    subtitle: str = ""
    year: int = 0
    publisher: str = ""
    rights: str = ""
    description: str = ""
    isbn: Isbn = field(default_factory=Isbn)
    labels: Labels = field(default_factory=Labels)
    print: PrintEdition = field(default_factory=PrintEdition)
    epub: EpubEdition = field(default_factory=EpubEdition)
    hyphenation: Hyphenation = field(default_factory=Hyphenation)
    source_dir: Path = Path("source")

    @property
    def authors(self) -> tuple[Creator, ...]:
        """Creators with role ``aut``, in file order."""
        return tuple(c for c in self.creators if c.role == "aut")


def load_config(source_dir: Path) -> Config:
    """Read and validate ``source_dir/book.toml``.

    Raises :class:`BookError` when the file is missing, is not valid TOML (with the parser's line), has an unknown
    key, lacks a required key, or has a value of the wrong type.
    """
    path = Path(source_dir) / CONFIG_NAME
    if not path.is_file():
        raise BookError("no book.toml found", path, hint=f"create {path} (see docs/source-format.md)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes().count(b"\n", 0, error.start) + 1
        raise BookError("book.toml is not UTF-8 text", path, line, hint="save the file as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise BookError(f"not valid TOML: {error}", path, int(match.group(1)) if match else None,
                        hint="fix the syntax; strings need double quotes, tables [name]") from None
    _check_control_characters(data, "", path, text)
    config = _build(Config, data, "", path, text)
    _check_values(config, path, text)
    return replace(config, source_dir=Path(source_dir))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _check_control_characters(data, key: str, path: Path, text: str) -> None:
    """Refuse an invisible control character (C0 except tab and line feed, DEL, C1) in any string value: it would
    end up in the OPF, the PDF metadata and the title page, where XML forbids most of them."""
    if isinstance(data, dict):
        for name, value in data.items():
            _check_control_characters(value, f"{key}.{name}" if key else name, path, text)
    elif isinstance(data, list):
        for value in data:
            _check_control_characters(value, key, path, text)
    elif isinstance(data, str) and (found := _CONTROL.search(data)):
        raise BookError(f"'{key}' contains the invisible control character U+{ord(found.group()):04X}", path,
                        _line_of(key, text), hint="retype the value; letters may be missing where it stands")


#: MARC relator codes the templates have labels for (``labels.role_<code>``).
ROLES = ("aut", "aui", "edt")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _check_values(config: Config, path: Path, text: str) -> None:
    """Checks on values that TOML types cannot express (non-empty, ranges, codes)."""
    def fail(key: str, message: str, hint: str) -> None:
        raise BookError(f"'{key}' {message}", path, _line_of(key, text), hint=hint)

    for key in ("title", "identifier"):
        if not getattr(config, key).strip():
            fail(key, "must not be empty", f'write {key} = "…"')
    if not _LANGUAGE.match(config.language):
        fail("language", f"is not a BCP 47 language tag ({config.language!r})", 'e.g. language = "nl"')
    if config.year < 0:
        fail("year", "must be a year such as 2016", "write year = 2016")
    for creator in config.creators:
        if creator.role not in ROLES:
            fail("role", f"'{creator.role}' is not a known creator role", f"use one of {', '.join(ROLES)}")
    for role in ("foreword", "preface", "introduction"):
        name = getattr(config.epub, role)
        if name and name not in config.contents.front_matter:
            fail(f"epub.{role}", f"names '{name}', which is not listed in contents.front_matter",
                 f"write one of: {', '.join(config.contents.front_matter) or '(no front matter)'}")
    if config.epub.hyphenation not in EPUB_HYPHENATION:
        fail("epub.hyphenation", f"must be one of {', '.join(EPUB_HYPHENATION)}, not {config.epub.hyphenation!r}",
             'write hyphenation = "css" (the reader hyphenates) or "soft-hyphens" (the book\'s policy)')
    h = config.hyphenation
    for name in ("min_word", "min_before", "min_after"):
        if not 1 <= getattr(h, name) <= 20:
            fail(f"hyphenation.{name}", f"must be a whole number from 1 to 20, not {getattr(h, name)}",
                 "e.g. min_before = 2")
    if h.min_before + h.min_after > h.min_word:
        fail("hyphenation.min_word", f"must be at least min_before + min_after ({h.min_before + h.min_after})",
             "raise min_word or lower min_before/min_after")
    p = config.print
    for name in ("trim_width_mm", "trim_height_mm", "font_size_pt", "line_height_pt", "margin_top_mm",
                 "margin_bottom_mm", "margin_inside_mm", "margin_outside_mm", "bleed_mm", "running_head_gap_mm",
                 "drop_folio_gap_mm"):
        value = getattr(p, name)
        if not math.isfinite(value) or value < 0 or (value == 0 and name != "bleed_mm"):
            fail(f"print.{name}", f"must be a positive number, not {value}", "e.g. trim_width_mm = 170")
    if p.margin_inside_mm + p.margin_outside_mm > p.trim_width_mm - 40 or \
            p.margin_top_mm + p.margin_bottom_mm > p.trim_height_mm - 40:
        fail("print.trim_width_mm", "leaves less than 40 mm for the text block between the margins",
             "make the margins smaller or the trim larger")
    if p.running_head_gap_mm >= p.margin_top_mm or p.drop_folio_gap_mm >= p.margin_bottom_mm:
        fail("print.running_head_gap_mm", "puts the running head or the drop folio outside the page margin",
             "keep running_head_gap_mm below margin_top_mm and drop_folio_gap_mm below margin_bottom_mm")


def _line_of(key: str, text: str) -> int | None:
    name = key.rsplit(".", 1)[-1]
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*(\[\[?\s*)?{re.escape(name)}\s*(=|\]\]?)", line):
            return number
    return None


def _build(cls: type, data: Any, prefix: str, path: Path, text: str) -> Any:
    if not isinstance(data, dict):
        raise BookError(f"'{prefix.rstrip('.')}' must be a table", path, _line_of(prefix.rstrip("."), text),
                        hint=f"write it as a [{prefix.rstrip('.')}] section")
    hints = get_type_hints(cls)
    known = {f.name: f for f in fields(cls) if f.name != "source_dir"}
    for key in data:
        if key not in known:
            raise BookError(f"unknown key '{prefix}{key}'", path, _line_of(prefix + key, text),
                            hint=f"allowed here: {', '.join(sorted(known))}")
    values = {}
    for name, spec in known.items():
        key = prefix + name
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise BookError(f"missing required key '{key}'", path, hint=f"add {key} = … to book.toml")
            continue
        values[name] = _convert(hints[name], data[name], key, path, text)
    return cls(**values)


_TYPE_HINTS = {str: 'write text in double quotes: key = "text"', int: "write a whole number without quotes",
               float: "write a number without quotes, e.g. 170 or 3.5", bool: "write true or false without quotes"}


def _convert(kind: Any, value: Any, key: str, path: Path, text: str) -> Any:
    origin = get_origin(kind)
    if origin is tuple:
        item = get_args(kind)[0]
        if not isinstance(value, list):
            raise BookError(f"'{key}' must be a list", path, _line_of(key, text), hint='write ["a.md", "b.md"]')
        return tuple(_convert(item, v, f"{key}", path, text) for v in value)
    if isinstance(kind, type) and hasattr(kind, "__dataclass_fields__"):
        return _build(kind, value, key + ".", path, text)
    expected = {str: str, int: int, float: (int, float), bool: bool}[kind]
    if isinstance(value, bool) and kind is not bool or not isinstance(value, expected):
        raise BookError(f"'{key}' must be {kind.__name__}, not {type(value).__name__} ({value!r})", path,
                        _line_of(key, text), hint=_TYPE_HINTS[kind])
    return float(value) if kind is float else value
