"""MARC relator codes (``aut``, ``trl``, ``cov`` …) → their English term and the book's Dutch colophon word.

The code list is the Library of Congress "MARC Code List for Relators" (https://id.loc.gov/vocabulary/relators),
shipped as ``bookpress/data/marc-relators.tsv``. EPUB 3 writes a creator's role as
``<meta refines="#id" property="role" scheme="marc:relators">`` (EPUB 3.3 §D.3, "role"), so every code in that list
is a valid role; the colophon needs a word for it in the book's language (:data:`ROLE_LABELS_NL`, extended or
overridden per book in ``book.toml [labels.roles]``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_TABLE = Path(__file__).resolve().parent / "data" / "marc-relators.tsv"

#: Dutch colophon words for the roles a book commonly credits ("Vertaling: …"). Codes not listed here need a
#: ``[labels.roles]`` entry in book.toml before they can be used.
ROLE_LABELS_NL: dict[str, str] = {
    "aut": "Auteur", "cre": "Auteur", "aui": "Inleiding", "win": "Inleiding", "wpr": "Voorwoord",
    "wfw": "Voorwoord", "aft": "Nawoord", "waw": "Nawoord", "edt": "Redactie", "red": "Eindredactie",
    "edc": "Samenstelling", "com": "Samenstelling", "trl": "Vertaling", "adp": "Bewerking", "abr": "Verkorting",
    "ill": "Illustraties", "art": "Beeld", "pht": "Fotografie", "ctg": "Kaarten", "clr": "Inkleuring",
    "cov": "Omslagontwerp", "bjd": "Omslagontwerp", "bkd": "Boekverzorging", "dsr": "Ontwerp",
    "tyg": "Typografie", "tyd": "Letterontwerp", "cmt": "Zetwerk", "pfr": "Correctie", "crr": "Correctie",
    "ctb": "Met bijdragen van", "cwt": "Commentaar", "cmm": "Commentaar", "ann": "Annotaties",
    "csl": "Advies", "sad": "Wetenschappelijk advies", "res": "Onderzoek", "pbl": "Uitgever", "prt": "Druk",
    "bnd": "Bindwerk", "nrt": "Verteller", "cph": "Rechthebbende", "spn": "Sponsor", "fnd": "Met steun van",
}


@lru_cache(maxsize=1)
def relator_terms() -> dict[str, str]:
    """Every MARC relator code → its English term (``{"trl": "Translator", …}``), from the LoC list."""
    terms = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, term = line.split("\t", 1)
            terms[code] = term
    return terms


def is_relator(code: str) -> bool:
    """True when ``code`` is a MARC relator code (lower case, three letters, in the LoC list)."""
    return code in relator_terms()
