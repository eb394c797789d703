"""``source/templates/`` and ``source/styles/`` → the template folders and stylesheets of an edition, the book's own
first: "the next book is just a new ``source/`` folder", design included.

- A template in ``source/templates/`` replaces the default of the same path (``print/book.html.j2``,
  ``colophon.html.j2`` …), like MkDocs' ``custom_dir`` or Sphinx's ``templates_path``.
- ``source/styles/print.css`` and ``source/styles/epub.css`` are added **after** the default stylesheet of that
  edition, so their rules win by the cascade (CSS Cascade 4 §6.4, order of appearance) while everything they do not
  mention keeps the house design.

A file there that matches no default would be ignored, so it is an error instead. Every stylesheet is checked for
font families (:func:`check_font_families`): styles name only the role families ``"Book Text"`` and
``"Book Display"``, which :func:`edition_css` replaces by the families chosen in ``book.toml [fonts]``.
"""

from __future__ import annotations

import re
from pathlib import Path

from bookpress.errors import BookError
from bookpress.fonts import GENERIC_FAMILIES, ROLE_FAMILIES

from bookpress.render.environment import TEMPLATES

STYLES = TEMPLATES.parent / "styles"
EDITION_STYLES = {"print": "print.css", "epub": "epub.css"}


def template_overrides(source_dir: Path) -> Path | None:
    """``source_dir/templates`` when it exists (checked: each file there replaces a default template), else None.

    Raises :class:`BookError` naming a file that overrides no default template.
    """
    folder = Path(source_dir) / "templates"
    for problem in _stray_templates(folder):
        raise problem
    return folder if folder.is_dir() else None


def _stray_templates(folder: Path):
    if not folder.is_dir():
        return
    known = ", ".join(sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.j2")))
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            relative = path.relative_to(folder)
            if not (TEMPLATES / relative).is_file():
                yield BookError(f"template override '{relative.as_posix()}' replaces no template", path,
                                hint=f"name it like the template it replaces: {known}")


def _stray_styles(folder: Path):
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.name not in EDITION_STYLES.values():
            yield BookError(f"stylesheet '{path.name}' belongs to no edition", path,
                            hint=f"name it {' or '.join(EDITION_STYLES.values())} (added after the default "
                                 "design of that edition)")


def design_problems(source_dir: Path) -> list[BookError]:
    """Every problem in the book's own design folders and in the stylesheets of both editions (for ``check``):
    override files that replace nothing, and font families a stylesheet names that are not the book's."""
    source_dir = Path(source_dir)
    problems = [*_stray_templates(source_dir / "templates"), *_stray_styles(source_dir / "styles")]
    for name in EDITION_STYLES.values():
        for sheet in (STYLES / name, source_dir / "styles" / name):
            if sheet.is_file():
                problems += font_family_problems(sheet.read_text(encoding="utf-8"), sheet)
    return problems


def stylesheets(source_dir: Path, edition: str) -> list[Path]:
    """The stylesheets of ``edition`` (``print``/``epub``) in cascade order: the default, then the book's own.

    Raises :class:`BookError` for a stylesheet in ``source/styles/`` that belongs to no edition, and for any font
    family a stylesheet names that is not a book role family (:func:`check_font_families`).
    """
    own = Path(source_dir) / "styles"
    for problem in _stray_styles(own):
        raise problem
    sheets = [STYLES / EDITION_STYLES[edition]]
    if (own / EDITION_STYLES[edition]).is_file():
        sheets.append(own / EDITION_STYLES[edition])
    for sheet in sheets:
        check_font_families(sheet.read_text(encoding="utf-8"), sheet)
    return sheets


_ROLE_NAME = re.compile(r"""(["']?)Book\s+(Text|Display)\1""")
_RELATIVE_URL = re.compile(r"""url\(\s*(["']?)(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"')]+)\1\s*\)""")


def edition_css(source_dir: Path, fonts, edition: str) -> str:
    """The stylesheets of ``edition`` (:func:`stylesheets`, checked) as one CSS text, with the role families
    ``"Book Text"``/``"Book Display"`` replaced by the families chosen in ``fonts`` (a
    :class:`bookpress.config.Fonts`) — so a PDF names its fonts by their real names — and relative ``url()``s made
    absolute ``file:`` URLs against the stylesheet's own folder (CSS Values 4 §4.5.1.1)."""
    return "\n".join(f"/* {sheet.name} */\n{css}" for sheet, css in _edition_parts(source_dir, fonts, edition))


def _edition_parts(source_dir: Path, fonts, edition: str) -> list[tuple[Path, str]]:
    """(stylesheet, its CSS as :func:`edition_css` gives it) in cascade order; the rewriting keeps every line."""
    families = {"Text": fonts.text, "Display": fonts.display}
    parts = []
    for sheet in stylesheets(source_dir, edition):
        css = sheet.read_text(encoding="utf-8")
        css = _ROLE_NAME.sub(lambda m: f'"{families[m.group(2)]}"', css)
        css = _RELATIVE_URL.sub(lambda m: f'url("{(sheet.parent / m.group(2)).resolve().as_uri()}")', css)
        parts.append((sheet, css))
    return parts


def edition_css_lines(source_dir: Path, fonts, edition: str) -> list[tuple[Path, int, int]]:
    """Where each stylesheet's lines are in :func:`edition_css`'s text: (stylesheet, 1-based line of its first
    line there, its number of lines) — to name the file and line of a problem a CSS parser reports by line."""
    spans, line = [], 1
    for sheet, css in _edition_parts(source_dir, fonts, edition):
        count = css.count("\n") + 1
        spans.append((sheet, line + 1, count))  # after its "/* name */" line
        line += 1 + count
    return spans


def check_font_families(css: str, path: Path | str) -> None:
    """Raise :class:`BookError` (``path:line``) for the first ``font-family``/``font`` declaration that names a
    family other than ``"Book Text"``/``"Book Display"`` or a generic family (see :func:`font_family_problems`)."""
    for problem in font_family_problems(css, path):
        raise problem


def font_family_problems(css: str, path: Path | str) -> list[BookError]:
    """Every ``font-family``/``font`` declaration in ``css`` that names a family other than ``"Book Text"``/
    ``"Book Display"`` or a generic family, as :class:`BookError` with ``path:line``: such a font would not be
    embedded, and WeasyPrint would silently set the text in a fallback font. ``@font-face`` rules are skipped.
    Parsed with tinycss2 (CSS Syntax 3)."""
    import tinycss2

    allowed = {name.lower() for name in ROLE_FAMILIES.values()} | GENERIC_FAMILIES

    def declarations(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                yield from tinycss2.parse_declaration_list(rule.content, skip_whitespace=True, skip_comments=True)
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword != "font-face":
                inner = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                yield from declarations([r for r in inner if r.type in ("qualified-rule", "at-rule")])
                yield from (d for d in inner if d.type == "declaration")

    problems = []
    for declaration in declarations(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)):
        if declaration.type != "declaration" or declaration.lower_name not in ("font-family", "font"):
            continue
        for name in _family_names(declaration):
            if name.lower() not in allowed:
                problems.append(BookError(
                    f"font family '{name}' in {declaration.lower_name} is not one of the book's fonts", path,
                    declaration.source_line, hint='use "Book Text" or "Book Display"; the fonts themselves are '
                                                  'chosen in book.toml [fonts]'))
    return problems


def _family_names(declaration) -> list[str]:
    """Family names of a ``font-family`` value, or of the family part of a ``font`` shorthand (after the size)."""
    tokens = [t for t in declaration.value if t.type not in ("whitespace", "comment")]
    if declaration.lower_name == "font":
        sizes = [i for i, t in enumerate(tokens) if t.type in ("dimension", "percentage") or
                 t.type == "number" and t.value == 0 or t.type == "ident" and t.lower_value in
                 ("small", "medium", "large", "x-small", "x-large", "xx-small", "xx-large", "smaller", "larger")]
        if not sizes:
            return []  # a system font keyword (caption, menu …) or var(): nothing to check
        tokens = tokens[sizes[0] + 1:]
        if tokens and tokens[0].type == "literal" and tokens[0].value == "/":
            tokens = tokens[2:]
    names, current = [], []
    for token in tokens + [None]:
        if token is None or token.type == "literal" and token.value == ",":
            if current:
                names.append(" ".join(current))
            current = []
        elif token.type == "string":
            current.append(token.value)
        elif token.type == "ident":
            current.append(token.value)
        elif token.type == "function" and token.lower_name == "var":
            return []
    return names
