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
from bookpress.files import read_regular_text

CONFIG_NAME = "book.toml"


@dataclass(frozen=True)
class Creator:
    """A person or body responsible for the book.

    ``role`` is a MARC relator code (``aut`` author, ``aui`` author of introduction, ``trl`` translator, ``cov`` cover
    designer …; every code of https://www.loc.gov/marc/relators/relaterm.html is accepted, see
    :mod:`bookpress.relators`); ``file_as`` is the sort form ("Maes, Rik").
    """

    name: str
    role: str = "aut"
    file_as: str = ""


@dataclass(frozen=True)
class Isbn:
    """ISBN-13 per edition, normalised to the hyphenated form (``978-90-…``); empty until the publisher assigns
    them (never invented). Check digits are validated on load (python-stdnum)."""

    print: str = ""
    epub: str = ""


@dataclass(frozen=True)
class Contents:
    """Reading order: file names relative to ``source/``.

    Front matter is unnumbered, chapters are numbered 1…n, appendices are lettered A, B …, back matter (literature
    list, about the authors …) is unnumbered and follows the appendices. ``bibliography`` names the back-matter file
    that is the literature list (EPUB ``doc-bibliography``), or is empty.
    """

    chapters: tuple[str, ...]
    front_matter: tuple[str, ...] = ()
    appendices: tuple[str, ...] = ()
    back_matter: tuple[str, ...] = ()
    bibliography: str = ""


@dataclass(frozen=True)
class Labels:
    """The book's own words for generated text (Dutch for this book).

    ``roles`` maps MARC relator codes to the colophon's word for them; it is added to the built-in Dutch labels of
    :data:`bookpress.relators.ROLE_LABELS_NL` (a book's own entry wins).
    """

    chapter: str = "Hoofdstuk"
    appendix: str = "Bijlage"
    figure: str = "Figuur"
    figure_ref: str = "figuur"
    table: str = "Tabel"
    table_ref: str = "tabel"
    section_ref: str = "paragraaf"
    box_ref: str = "kader"
    footnotes: str = "Voetnoten"
    note_back: str = "Terug naar de tekst"
    contents: str = "Inhoud"
    cover: str = "Omslag"
    title_page: str = "Titelpagina"
    colophon: str = "Colofon"
    placeholder: str = "Afbeelding volgt"
    foreword_by: str = "Met een voorwoord van"
    isbn_print: str = "ISBN"
    isbn_epub: str = "ISBN e-book"
    printer: str = "Druk"
    nur: str = "NUR"
    pages: str = "Paginaoverzicht"
    landmarks: str = "Oriëntatiepunten"
    roles: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Fonts:
    """The book's typefaces, by family name, from installed font packages (see :mod:`bookpress.fonts`).

    ``text`` sets running text, ``display`` headings, captions, running heads and the cover; ``*_faces`` are the
    weights/styles embedded ("400", "600 italic" …; each must exist in the family). Styles refer to them as the CSS
    families ``"Book Text"`` and ``"Book Display"``; both editions embed the same faces. An unknown family or face
    is an error (:func:`bookpress.fonts.faces_for`), never a fallback font.
    """

    text: str = "Source Serif Pro"
    display: str = "Source Sans Pro"
    text_faces: tuple[str, ...] = ("400", "400 italic", "600", "600 italic")
    display_faces: tuple[str, ...] = ("400", "400 italic", "600", "700")


@dataclass(frozen=True)
class PrintEdition:
    """Page geometry and press setup of the print PDF. Lengths in mm, type sizes in pt.

    ``cover_pdf`` also writes ``dist/<name>-cover.pdf``: the supplied cover image (``cover``) on one page of trim
    size plus bleed. ``output_profile`` is the printer's CMYK ICC profile (a file in ``source/``); empty means the
    bundled FOGRA39 (coated offset, ISO 12647-2) profile. ``output_condition`` is its registered characterisation
    name (https://www.color.org/chardata/drsection1.xalter), written as the PDF/X output condition identifier.
    ``signature_pages`` pads the page count with blank pages to a multiple (2 = even; 16 or 32 for signatures).
    ``crop_marks`` draws 0.25 pt trim marks in registration colour outside the bleed (off: TrimBox/BleedBox carry
    the geometry, which is what printers ask for).
    """

    trim_width_mm: float = 170
    trim_height_mm: float = 240
    bleed_mm: float = 3
    crop_marks: bool = False
    output_profile: str = ""
    output_condition: str = "FOGRA39"
    signature_pages: int = 2
    margin_top_mm: float = 20
    margin_bottom_mm: float = 24
    margin_inside_mm: float = 22
    margin_outside_mm: float = 18
    font_size_pt: float = 10
    line_height_pt: float = 14
    running_head_gap_mm: float = 4.5    # running head / folio baseline → top of the text block
    drop_folio_gap_mm: float = 8.5      # bottom of the text block → baseline of a chapter opener's folio
    cover_pdf: bool = False


@dataclass(frozen=True)
class EpubEdition:
    """EPUB settings. ``foreword``/``preface``/``introduction`` name the front-matter file that has that role, so
    the EPUB tags it with the matching ``epub:type`` and DPUB-ARIA role (EPUB 3 Structural Semantics Vocabulary,
    https://www.w3.org/TR/epub-ssv-11/; https://www.w3.org/TR/dpub-aria-1.1/); other front matter is a plain
    section. ``accessibility_certified_by`` names who vouches for the conformance claim (default: the publisher).
    ``hyphenation``: ``"css"`` (the reading system hyphenates with its own dictionary, ``lang`` set) or
    ``"soft-hyphens"`` (the book's hyphenation policy written into the text as U+00AD).
    The EPUB cover is the book's ``cover`` image, or generated from the metadata."""

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
    """The whole validated ``book.toml``; ``source_dir`` is the folder it was read from.

    Colophon metadata: ``publisher`` (imprint), ``edition`` ("Eerste druk, 2016"), ``nur`` (the Dutch NUR subject
    code, three digits), ``printer``, ``credits`` (free colophon lines such as "Foto omslag: ANP") and ``rights``.
    ``cover`` is the front-cover image (JPEG or PNG, relative to ``source/``), empty for a generated cover.
    """

    title: str
    language: str
    identifier: str
    contents: Contents
    creators: tuple[Creator, ...]
    contributors: tuple[Creator, ...] = ()
    subtitle: str = ""
    year: int = 0
    publisher: str = ""
    edition: str = ""
    nur: str = ""
    printer: str = ""
    credits: tuple[str, ...] = ()
    rights: str = ""
    description: str = ""
    cover: str = ""
    isbn: Isbn = field(default_factory=Isbn)
    fonts: Fonts = field(default_factory=Fonts)
    labels: Labels = field(default_factory=Labels)
    print: PrintEdition = field(default_factory=PrintEdition)
    epub: EpubEdition = field(default_factory=EpubEdition)
    hyphenation: Hyphenation = field(default_factory=Hyphenation)
    source_dir: Path = Path("source")

    @property
    def authors(self) -> tuple[Creator, ...]:
        """Creators with role ``aut``, in file order."""
        return tuple(c for c in self.creators if c.role == "aut")

    @property
    def package_identifier(self) -> str:
        """The EPUB's unique identifier: ``urn:isbn:<13 digits>`` of the e-book ISBN, or the UUID ``identifier``
        while no e-book ISBN is assigned (the UUID is then the only identifier)."""
        return f"urn:isbn:{self.isbn.epub.replace('-', '')}" if self.isbn.epub else self.identifier

    @property
    def config_path(self) -> Path:
        """The ``book.toml`` this configuration was read from."""
        return self.source_dir / CONFIG_NAME

    def role_label(self, code: str) -> str:
        """The colophon's word for MARC relator ``code`` ("Vertaling" for ``trl``): the book's
        ``[labels.roles]`` first, then the built-in Dutch labels. Raises ``KeyError`` for a code with no label
        (:func:`load_config` has already refused such a book)."""
        from bookpress.relators import ROLE_LABELS_NL

        return self.labels.roles.get(code) or ROLE_LABELS_NL[code]


def load_config(source_dir: Path) -> Config:
    """Read and validate ``source_dir/book.toml``.

    Raises :class:`BookError` with ``book.toml:line`` when the file is missing, is not valid TOML (with the parser's
    line), has an unknown key, lacks a required key, has a value of the wrong type, an ISBN that is not a valid
    ISBN-13 (check digit, python-stdnum), an unknown MARC relator role or a role without a colophon label, a NUR code
    that is not three digits, or a back-matter listing that does not add up.
    """
    path = Path(source_dir) / CONFIG_NAME
    if not path.exists():
        raise BookError("no book.toml found", path, hint=f"create {path} (see docs/source-format.md)")
    try:
        text = read_regular_text(path, "utf-8-sig")  # never a named pipe or a device: BookError
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
    config = _build(Config, data, (), path, text)
    config = _check_values(config, path, text)
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
                        _locate(text, _parse_key(key)), hint="retype the value; letters may be missing where it stands")



def line_of(config: Config, key: str) -> int | None:
    """1-based line of ``key`` in the config's ``book.toml`` (``"isbn.print"``, ``"creators[1].role"``), or None.

    For messages about a value that is valid TOML but not acceptable (an empty ISBN at release, a missing cover …).
    """
    try:
        text = config.config_path.read_text(encoding="utf-8-sig")
    except OSError:
        return None
    return _locate(text, _parse_key(key))


def unfilled_metadata(config: Config) -> list[BookError]:
    """Metadata a published book needs but ``book.toml`` leaves empty: ``isbn.print``, ``isbn.epub``, ``publisher``.

    Each is a :class:`BookError` (``book.toml:line``, message, hint) so a draft build can report it as a warning and a
    release build can refuse it. Nothing is ever filled in by guessing.
    """
    gaps = []
    for key, what in (("isbn.print", "the print edition's ISBN"), ("isbn.epub", "the e-book's ISBN"),
                      ("publisher", "the publisher")):
        value = config
        for name in key.split("."):
            value = getattr(value, name)
        if not value:
            gaps.append(BookError(f"'{key}' is empty: {what} is not in the book yet", config.config_path,
                                  line_of(config, key), hint=f"fill in {key} in book.toml before release"))
    return gaps


_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _check_values(config: Config, path: Path, text: str) -> Config:
    """Checks on values that TOML types cannot express (non-empty, ranges, codes); returns the config with ISBNs
    normalised to their hyphenated form."""
    from bookpress.relators import ROLE_LABELS_NL, is_relator, relator_terms

    def fail(key: str, message: str, hint: str) -> None:
        raise BookError(f"'{key}' {message}", path, _locate(text, _parse_key(key)), hint=hint)

    for key in ("title", "identifier"):
        if not getattr(config, key).strip():
            fail(key, "must not be empty", f'write {key} = "…"')
    if not _LANGUAGE.match(config.language):
        fail("language", f"is not a BCP 47 language tag ({config.language!r})", 'e.g. language = "nl"')
    if config.year < 0:
        fail("year", "must be a year such as 2016", "write year = 2016")
    if config.nur and not re.fullmatch(r"[1-9]\d\d", config.nur):
        fail("nur", f"must be a three-digit NUR code, not {config.nur!r}", 'e.g. nur = "801" (see nur.nl)')
    for table in ("creators", "contributors"):
        for index, creator in enumerate(getattr(config, table)):
            key = f"{table}[{index}]"
            if not creator.name.strip():
                fail(f"{key}.name", "must not be empty", 'write name = "…"')
            if not is_relator(creator.role):
                fail(f"{key}.role", f"'{creator.role}' is not a MARC relator code",
                     "use a code from https://www.loc.gov/marc/relators/relaterm.html, e.g. aut, trl, ill, edt")
            if creator.role not in config.labels.roles and creator.role not in ROLE_LABELS_NL:
                fail(f"{key}.role", f"'{creator.role}' ({relator_terms()[creator.role]}) has no colophon label",
                     f'add it under [labels.roles]: {creator.role} = "…"')
    for code in config.labels.roles:
        if not is_relator(code):
            fail(f"labels.roles.{code}", f"'{code}' is not a MARC relator code",
                 "use a code from https://www.loc.gov/marc/relators/relaterm.html")
    isbn = {}
    for edition in ("print", "epub"):
        value = getattr(config.isbn, edition)
        if value:
            isbn[edition] = _isbn13(value, f"isbn.{edition}", fail)
    if isbn.get("print") and isbn.get("print") == isbn.get("epub"):
        fail("isbn.epub", "is the same as isbn.print", "each edition (print, e-book) has its own ISBN")
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
    contents = config.contents
    listed = [*contents.front_matter, *contents.chapters, *contents.appendices, *contents.back_matter]
    for name in listed:
        if listed.count(name) > 1:
            fail("contents", f"lists '{name}' twice", "list each file once, in reading order")
    if contents.bibliography and contents.bibliography not in contents.back_matter:
        fail("contents.bibliography", f"'{contents.bibliography}' is not in contents.back_matter",
             "list the literature list in back_matter too; bibliography only marks which one it is")
    if config.print.cover_pdf and not config.cover:
        fail("print.cover_pdf", "needs a cover image", 'set cover = "omslag.jpg" (a file in source/)')
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
    if p.signature_pages < 1 or p.signature_pages not in (1, 2) and p.signature_pages % 4:
        fail("print.signature_pages", f"must be 1, 2 or a multiple of 4, not {p.signature_pages}",
             "e.g. signature_pages = 16 (or 2 for an even page count)")
    if p.output_profile:
        profile = Path(path.parent) / p.output_profile
        if not profile.is_file() or profile.suffix.lower() not in (".icc", ".icm"):
            fail("print.output_profile", f"'{p.output_profile}' is not an ICC profile file in {path.parent}",
                 "put the printer's .icc file in source/ and name it here, or leave it empty for FOGRA39")
    if p.running_head_gap_mm >= p.margin_top_mm or p.drop_folio_gap_mm >= p.margin_bottom_mm:
        fail("print.running_head_gap_mm", "puts the running head or the drop folio outside the page margin",
             "keep running_head_gap_mm below margin_top_mm and drop_folio_gap_mm below margin_bottom_mm")
    return replace(config, isbn=replace(config.isbn, **isbn))


def _isbn13(value: str, key: str, fail) -> str:
    """Validate an ISBN-13 (ISO 2108; check digit and ranges via python-stdnum) and return it hyphenated."""
    from stdnum import ean
    from stdnum import isbn as stdnum_isbn
    from stdnum.exceptions import InvalidChecksum, ValidationError

    try:
        number = stdnum_isbn.validate(value)
    except InvalidChecksum:
        digits = stdnum_isbn.compact(value)
        expected = ean.calc_check_digit(digits[:-1]) if len(digits) == 13 else "?"
        fail(key, f"= {value!r} has a wrong check digit (the last digit should be {expected} for these first 12)",
             "copy the ISBN exactly as the ISBN agency assigned it (a typing error is the usual cause)")
    except ValidationError as error:
        fail(key, f"= {value!r} is not a valid ISBN ({error})", 'write the 13 digits, e.g. isbn.print = "978-90-…"')
    if len(number) != 13:
        fail(key, f"= {value!r} is an ISBN-10; books need the ISBN-13",
             f'write {stdnum_isbn.format(stdnum_isbn.to_isbn13(number))!r}')
    return stdnum_isbn.format(number)


# --- positions in book.toml ---------------------------------------------------------------------------------------

_KEY_PART = re.compile(r"([A-Za-z0-9_-]+)(?:\[(\d+)\])?")


def _parse_key(key: str) -> tuple:
    """``"creators[1].role"`` → ``("creators", 1, "role")``."""
    path: list = []
    for part in key.split("."):
        match = _KEY_PART.fullmatch(part)
        if not match:
            path.append(part)
            continue
        path.append(match.group(1))
        if match.group(2) is not None:
            path.append(int(match.group(2)))
    return tuple(path)


_HEADER = re.compile(r"\s*(\[\[?)\s*([A-Za-z0-9_.\-\s\"]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"\s*([A-Za-z0-9_.\-\"\s]+?)\s*=")


def _locate(text: str, path: tuple) -> int | None:
    """1-based line where ``path`` (from :func:`_parse_key`) is defined in the TOML ``text``; for a list item the
    line of its key; falls back to the nearest enclosing table's header; None when nothing matches."""
    table: tuple = ()
    counts: dict[tuple, int] = {}
    best: tuple[int, int] | None = None  # (matched length, line)
    in_string = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.count('"""') % 2:
            in_string = not in_string
            continue
        if in_string:
            continue
        header = _HEADER.match(line)
        if header and not _ASSIGN.match(line):
            names = tuple(n.strip().strip('"') for n in header.group(2).split("."))
            if header.group(1) == "[[":
                counts[names] = counts.get(names, -1) + 1
                table = names + (counts[names],)
            else:
                table = names
            candidate = table
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            candidate = table + tuple(n.strip().strip('"') for n in assign.group(1).split("."))
        length = _common(candidate, path)
        if length == len(path) and len(candidate) == len(path) or \
                length == len(candidate) == len(path) - 1 and isinstance(path[-1], int):
            return number
        if length == len(candidate) and (best is None or length > best[0]):
            best = (length, number)
    return best[1] if best else None


def _common(a: tuple, b: tuple) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# --- TOML tables → dataclasses --------------------------------------------------------------------------------------

def _key(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _build(cls: type, data: Any, path: tuple, file: Path, text: str) -> Any:
    if not isinstance(data, dict):
        raise BookError(f"'{_key(path)}' must be a table", file, _locate(text, path),
                        hint=f"write it as a [{_key(path)}] section")
    hints = get_type_hints(cls)
    known = {f.name: f for f in fields(cls) if f.name != "source_dir"}
    for key in data:
        if key not in known:
            raise BookError(f"unknown key '{_key(path + (key,))}'", file, _locate(text, path + (key,)),
                            hint=f"allowed here: {', '.join(sorted(known))}")
    values = {}
    for name, spec in known.items():
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise BookError(f"missing required key '{_key(path + (name,))}'", file, _locate(text, path) if path
                                else None, hint=f"add {_key(path + (name,))} = … to book.toml")
            continue
        values[name] = _convert(hints[name], data[name], path + (name,), file, text)
    return cls(**values)


_TYPE_HINTS = {str: 'write text in double quotes: key = "text"', int: "write a whole number without quotes",
               float: "write a number without quotes, e.g. 170 or 3.5", bool: "write true or false without quotes"}


def _convert(kind: Any, value: Any, path: tuple, file: Path, text: str) -> Any:
    origin = get_origin(kind)
    key = _key(path)
    if origin is tuple:
        item = get_args(kind)[0]
        if not isinstance(value, list):
            raise BookError(f"'{key}' must be a list", file, _locate(text, path), hint='write ["a", "b"]')
        return tuple(_convert(item, v, path + (i,), file, text) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise BookError(f"'{key}' must be a table", file, _locate(text, path), hint=f"write it as [{key}]")
        return {k: _convert(get_args(kind)[1], v, path + (k,), file, text) for k, v in value.items()}
    if isinstance(kind, type) and hasattr(kind, "__dataclass_fields__"):
        return _build(kind, value, path, file, text)
    expected = {str: str, int: int, float: (int, float), bool: bool}[kind]
    if isinstance(value, bool) and kind is not bool or not isinstance(value, expected):
        raise BookError(f"'{key}' must be {kind.__name__}, not {type(value).__name__} ({value!r})", file,
                        _locate(text, path), hint=_TYPE_HINTS[kind])
    return float(value) if kind is float else value
