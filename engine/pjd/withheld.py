"""R17 per code: whom each `NORN_*` code (nektet innsyn) withholds a document from.

The table is the parameter `nektet_innsyn` (`parametere.json`): per code whether it denies the
citizen (`innbygger`) and representatives (`representant`), with its legal basis (`hjemmel`)
and grade (`bevisgrad`; an `antakelse` names its open question). It is read and checked once,
when the pack loads: every `NORN_` code of `kodeverk.konfidensialitet` has an entry, or the pack
is refused. A document's `nektet_innsyn_for` is then the union of its codes' entries; a code the
code list does not hold (read as the most restrictive) withholds from both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from engine.conventions import check_legal_notes
from engine.errors import PolicyError

PARAMETER = "nektet_innsyn"
WHOM = ("innbygger", "representant")
_NOTES = ("hjemmel", "bevisgrad")
_FILE = "parametere.json"
Withheld = Mapping[str, frozenset[str]]


def _entry(code: str, entry: Any) -> frozenset[str]:
    where = f"{PARAMETER}.{code}"
    if not isinstance(entry, dict) or not set(WHOM) <= set(entry):
        raise PolicyError(_FILE, 0, f"{where}: an entry says {WHOM} (true or false)")
    unknown = sorted(set(entry) - {*WHOM, *_NOTES, "apent_sporsmal"})
    if unknown or not all(isinstance(entry[w], bool) for w in WHOM):
        raise PolicyError(_FILE, 0, f"{where}: {unknown or WHOM} is not an entry's shape")
    notes = {k: v for k, v in entry.items() if k not in WHOM}
    if not all(isinstance(v, str) and v.strip() for v in notes.values()) or not set(_NOTES) <= set(
        notes
    ):
        raise PolicyError(_FILE, 0, f"{where}: an entry names its {_NOTES} as texts")
    check_legal_notes(_FILE, 0, notes, _NOTES, f"{where}.")
    return frozenset(w for w in WHOM if entry[w])


def read_withheld(parameters: Mapping[str, Any], confidentiality: Iterable[str]) -> Withheld:
    """The table, checked against the code list: one entry per `NORN_` code, no other."""
    table = parameters.get(PARAMETER)
    if not isinstance(table, dict):
        raise PolicyError(_FILE, 0, f"{PARAMETER}: the table of NORN codes is missing")
    codes = {c for c in confidentiality if c.startswith("NORN_")}
    if set(table) != codes:
        wrong = sorted(set(table) ^ codes)
        raise PolicyError(_FILE, 0, f"{PARAMETER}: the table and the code list differ on {wrong}")
    return {code: _entry(code, entry) for code, entry in sorted(table.items())}


def withheld_from(table: Withheld, known: frozenset[str], codes: Iterable[str]) -> list[str]:
    """Whom a document with `codes` is withheld from (R17): its NORN codes' entries; a code not
    in the code list (`known`) withholds from both."""
    whom: set[str] = set()
    for code in codes:
        whom |= table.get(code, frozenset()) if code in known else set(WHOM)
    return sorted(whom)
