"""Dutch micro-typography: text → text with no-break spaces, en dashes in number ranges and the ellipsis character.

Only spaces become no-break spaces (U+00A0) and only a hyphen-minus between two numbers becomes an en dash
(U+2013); three full stops become U+2026. Words are never changed, so the text of both editions still matches the
source word for word. Applied identically to the print edition and the EPUB. Rules (Leidraad Taalunie, "Spaties",
"Streepjes"; Bringhurst §2.4.6–2.4.8):

- a number stays with the word after it ("67 jaar", "35 medewerkers", "22 maart"), except a year (1500–2099)
  and a function word after it ("in 2015 geldt", "3.0 en");
- a number range stays together: "25 tot 30 jaar", "1960 tot 2020";
- a label stays with its number: "p. 13", "blz. 4", "nr. 5", "§ 4", "hoofdstuk 3", "figuur 1.2", "€ 5", "10 %";
- an acronym stays with its number ("CIO 3.0", "Web 2.0");
- initials stay together and with the name: "J.P. Balkenende", "M. de Vries";
- a hyphen between two numbers is an en dash: "2008-2010" → "2008–2010", "p. 13-15";
- "..." → "…".
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
EN_DASH = "\u2013"
_NUMBER = r"\d+(?:[.,]\d+)*"
_YEAR = re.compile(r"(1[5-9]|20)\d\d")
#: Words after a number that do not belong to it (the number ends a phrase: "3.0 en", "in 2015 is").
FUNCTION_WORDS = frozenset(
    "aan als bij dan dat de die dit door een en er het in is maar met na naar niet nog of om omdat op over per te tot "
    "uit van voor was wat werd wel wordt zal zijn zou".split())
LABELS = ("p.", "pp.", "blz.", "nr.", "nrs.", "fig.", "art.", "hfst.", "par.", "bijl.", "vol.", "jrg.", "§", "€", "$",
          "hoofdstuk", "Hoofdstuk", "paragraaf", "Paragraaf", "figuur", "Figuur", "tabel", "Tabel", "bijlage",
          "Bijlage", "kader", "Kader", "pagina", "artikel", "Artikel", "deel", "Deel", "versie", "nummer")
UNITS = ("%", "‰", "°", "€", "mm", "cm", "m", "km", "g", "kg", "l", "ml", "s", "min", "u", "uur", "pt", "px", "MB",
         "GB", "TB", "kB")

_RANGE = re.compile(rf"(?<![\w.,\-\u2013])({_NUMBER})-({_NUMBER})(?![\w-])")
_NUMBER_RANGE_WORDS = re.compile(rf"\b({_NUMBER}) (tot|à) ({_NUMBER})\b")
_NUMBER_WORD = re.compile(rf"(?<![\w.,\-])({_NUMBER}) (?=([^\W\d_]+|[%‰°€]))")
_LABEL = re.compile(r"(?<![\w.])(" + "|".join(re.escape(label) for label in LABELS) + rf") (?=\d)")
_UNIT = re.compile(rf"(?<=\d) (?=(?:{'|'.join(re.escape(u) for u in UNITS)})(?![\w]))")
_ACRONYM = re.compile(rf"\b([A-Z][A-Za-z]*[A-Z]|Web) (?={_NUMBER}\b)")
_INITIALS = re.compile(r"(?<![\w.])((?:[A-Z]\.){1,4}) (?=[A-Z][a-z]|(?:van|de|der|den|ter|ten|te|in 't|'t)\b)")
_ELLIPSIS = re.compile(r"\.\.\.")


def microtype(text: str) -> str:
    """Apply every rule of the module docstring to ``text`` (plain text of one inline run) and return it.

    Idempotent: ``microtype(microtype(t)) == microtype(t)``. ``microtype("25 tot 30 jaar")`` →
    ``"25\\xa0tot\\xa030\\xa0jaar"``.
    """
    text = _ELLIPSIS.sub("\u2026", text)
    text = _RANGE.sub(lambda m: f"{m.group(1)}{EN_DASH}{m.group(2)}", text)
    text = _NUMBER_RANGE_WORDS.sub(lambda m: NBSP.join(m.groups()), text)
    text = _LABEL.sub(lambda m: m.group(1) + NBSP, text)
    text = _UNIT.sub(NBSP, text)
    text = _ACRONYM.sub(lambda m: m.group(1) + NBSP, text)
    text = _INITIALS.sub(lambda m: m.group(1) + NBSP, text)
    text = _NUMBER_WORD.sub(_number_word, text)
    return text


def _number_word(match: re.Match) -> str:
    number, word = match.group(1), match.group(2)
    if _YEAR.fullmatch(number) or word.lower() in FUNCTION_WORDS:
        return match.group(0)
    return number + NBSP
