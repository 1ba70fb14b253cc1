"""Closed vocabularies and canonical identifiers: the one place a coded input is judged.

The code lists are the pack's (`parametere.json`, `kodeverk`: reviewed like policy), read once
when the pack loads (`read_vocabulary`, which also checks that the rules' own lists — roles,
purposes, classes, person-id systems — hold only codes of those lists). Every other input is
exact: nothing is trimmed, case-folded, digit-folded or stripped of leading zeros; the one
normalisation is the `urn:oid:` prefix of a `system` (any case, RFC 8141), by
`engine.pjd.attestation.without_oid_prefix`. An unknown or malformed code is a
`RequestError` naming the field (a 400) — except a confidentiality label, since that list may
grow: an unknown one reads as the most restrictive known (`labels`), never as no label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, get_args

from engine.errors import PolicyError, RequestError
from engine.pack import Pack
from engine.pjd.attestation import OID_PREFIX, Attestation, Ident, without_oid_prefix
from engine.pjd.kj_types import KjTypes, read_kj_types
from engine.pjd.model import AccessBasis, Document, Path
from engine.pjd.withheld import Withheld, read_withheld, withheld_from

# Canonical identifiers (ASCII digits; a check digit is never checked: the specification's own
# example patient 05076600324 fails mod-11). HPR: the register's number as an integer, 6 to 9
# digits, so without a leading zero: "0222200068" and "222200068" are one number, not two.
PERSON_ID = r"[0-9]{11}"
ORGNR = r"[0-9]{9}"
HPR_NUMBER = r"[1-9][0-9]{5,8}"
# Formats where the brief does not hold the whole list (Q21): a 9602 type code (`A01-2`) and a
# healthcare service code (`S03`, `KX17`, `300`, `01`, `FR`).
TYPE_CODE = r"[A-Z][0-9]{2}-[0-9]{1,2}"
SERVICE_CODE = r"[0-9A-Z]{1,8}"
# An unknown confidentiality label reads as both: sperret for health personnel (R11, counted
# as hidden) and nektet innsyn for citizens and representatives (R17, the family marker).
NORN, NORN_MARKER, NORS = "NORN_", "NORN_*", "NORS"
MOST_RESTRICTIVE = frozenset({NORS, NORN_MARKER})
_FILE = "parametere.json"


def canonical(pattern: str, value: str) -> bool:
    """Is `value` exactly of the form `pattern` (no surrounding or trailing character)?"""
    return re.fullmatch(pattern, value) is not None


def shown(value: str) -> str:
    """A value quoted for an error message, cut short (the caller may send 10 000 characters)."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


@dataclass(frozen=True)
class CodeList:
    """One list: the `system`s its codes come from, and its codes (None: only `fmt` is known)."""

    name: str
    systems: frozenset[str]
    codes: frozenset[str] | None
    fmt: str | None = None

    def check(self, code: str, system: str, field: str) -> None:
        """A coded value (`code` in `system`, without `urn:oid:`) of this list; else 400."""
        if system not in self.systems:
            raise RequestError(f"{field}.system", f"{shown(system)} is not a {self.name} system")
        self.check_code(code, f"{field}.code")

    def check_code(self, code: str, field: str) -> None:
        """A code of this list (one the input names no system for); else 400 naming `field`."""
        known = self.codes is None or code in self.codes
        if not known or (self.fmt is not None and not canonical(self.fmt, code)):
            raise RequestError(field, f"{shown(code)} is not a code of {self.name}")


@dataclass(frozen=True)
class Vocabulary:
    """The pack's closed vocabularies, read once (`read_vocabulary`)."""

    confidentiality: frozenset[str]
    class_codes: CodeList
    type_codes: CodeList
    authorization: CodeList
    purpose: CodeList
    service: CodeList
    representation: CodeList
    access_bases: frozenset[str]
    paths: Mapping[str, str]
    person_systems: frozenset[str]
    hpr_system: str
    orgnr_system: str
    withheld: Withheld
    kj_types: KjTypes

    def withheld_from(self, codes: Iterable[str]) -> list[str]:
        """Whom a document's confidentiality codes withhold it from (R17, `nektet_innsyn`)."""
        return withheld_from(self.withheld, self.confidentiality, codes)

    def labels(self, codes: Iterable[str]) -> list[str]:
        """A document's confidentiality as the rules see it (R11, R17, R18): known codes as
        given, `NORN_*` when a NORN code is set; an unknown one as `NORS` and `NORN_*`."""
        found: set[str] = set()
        for code in codes:
            found |= {code} if code in self.confidentiality else MOST_RESTRICTIVE
        if any(code.startswith(NORN) for code in found):
            found.add(NORN_MARKER)
        return sorted(found)

    def path(self, value: str, field: str = "path") -> str:
        """The path a request names (its name or NHN's scope string); else 400."""
        if value not in self.paths:
            raise RequestError(field, f"{shown(value)} is not one of {sorted(self.paths)}")
        return self.paths[value]

    def access_basis(self, value: str | None, field: str = "access_basis") -> str | None:
        """The access basis (`samtykke`, `akutt`, `unntak`) or none; else 400."""
        if value is not None and value not in self.access_bases:
            message = f"{shown(value)} is not one of {sorted(self.access_bases)}"
            raise RequestError(field, message)
        return value

    def acp(self, value: str, field: str) -> str:
        """A citizen's representation: the last part of the ACP code `<system>.N`; else 400."""
        system, dot, code = without_oid_prefix(value).rpartition(".")
        if not dot or system not in self.representation.systems:
            raise RequestError(field, f"{shown(value)} is not an ACP representation code")
        self.representation.check_code(code, field)
        return code


def read_vocabulary(parameters: Mapping[str, Any]) -> Vocabulary:
    """The `kodeverk` of a pack's parameters, checked; a `PolicyError` names what is wrong."""
    lists = parameters.get("kodeverk")
    if not isinstance(lists, dict):
        raise PolicyError(_FILE, 0, "kodeverk: the pack's code lists are missing")
    vocabulary = Vocabulary(
        confidentiality=_codes(lists, "konfidensialitet"),
        class_codes=CodeList("Volven 9602 (class)", frozenset(), _codes(lists, "dokumentklasse")),
        type_codes=CodeList("Volven 9602 (type)", frozenset(), None, TYPE_CODE),
        authorization=_list(lists, "autorisasjon", "Volven 9060"),
        purpose=_list(lists, "formaal", "HL7 PurposeOfUse"),
        service=CodeList(
            "healthcare services", _systems(lists, "tjenestetype"), None, SERVICE_CODE
        ),
        representation=_list(lists, "representasjon", "ACP"),
        access_bases=_bounded(_codes(lists, "tilgangsgrunnlag"), AccessBasis, "tilgangsgrunnlag"),
        paths=_paths(lists),
        person_systems=_systems(lists, "personidentifikator"),
        hpr_system=_system(lists, "hpr_nummer"),
        orgnr_system=_system(lists, "organisasjonsnummer"),
        withheld=read_withheld(parameters, _codes(lists, "konfidensialitet")),
        kj_types=read_kj_types(parameters, _codes(lists, "dokumentklasse"), TYPE_CODE),
    )
    _check_rule_lists(parameters, vocabulary)
    return vocabulary


def _entry(lists: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    entry = lists.get(name)
    if not isinstance(entry, dict):
        raise PolicyError(_FILE, 0, f"kodeverk.{name} must be an object")
    return entry


def _strings(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise PolicyError(_FILE, 0, f"{where} must be a non-empty list of codes")
    return frozenset(value)


def _codes(lists: Mapping[str, Any], name: str) -> frozenset[str]:
    return _strings(_entry(lists, name).get("koder"), f"kodeverk.{name}.koder")


def _systems(lists: Mapping[str, Any], name: str) -> frozenset[str]:
    return _strings(_entry(lists, name).get("systemer"), f"kodeverk.{name}.systemer")


def _system(lists: Mapping[str, Any], name: str) -> str:
    system = _entry(lists, name).get("system")
    if not isinstance(system, str) or not system or system.lower().startswith(OID_PREFIX):
        raise PolicyError(_FILE, 0, f"kodeverk.{name}.system must be an OID without urn:oid:")
    return system


def _list(lists: Mapping[str, Any], name: str, title: str) -> CodeList:
    return CodeList(title, frozenset({_system(lists, name)}), _codes(lists, name))


def _bounded(codes: frozenset[str], names: Any, name: str) -> frozenset[str]:
    """Codes the engine's own type `names` (a Literal) knows: the rules understand no other."""
    if not codes <= set(get_args(names)):
        raise PolicyError(_FILE, 0, f"kodeverk.{name} may hold only {sorted(get_args(names))}")
    return codes


def _paths(lists: Mapping[str, Any]) -> Mapping[str, str]:
    paths = _entry(lists, "sti").get("koder")
    if (
        not isinstance(paths, dict)
        or not paths
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in paths.items())
    ):
        raise PolicyError(_FILE, 0, "kodeverk.sti.koder must map each spelling to a path")
    _bounded(frozenset(paths.values()), Path, "sti")
    return dict(paths)


_RULE_LISTS = {  # parameter the rules read → the code list its codes must come from
    "dokumentklasser": "class_codes",
    "tilbakeblikk_aar": "class_codes",
    "roller_liste": "authorization",
    "roller_lese": "authorization",
    "roller_aldri": "authorization",
    "formaal": "purpose",
    "formaal_kun_liste": "purpose",
}


def _check_rule_lists(parameters: Mapping[str, Any], vocabulary: Vocabulary) -> None:
    """The rules' own lists may name only codes of the vocabulary: a typo would never match."""
    for name, attr in _RULE_LISTS.items():
        known: CodeList = getattr(vocabulary, attr)
        unknown = sorted(set(parameters.get(name, ())) - (known.codes or frozenset()))
        if unknown:
            raise PolicyError(_FILE, 0, f"{name}: {unknown} not in the code list {known.name}")
    systems = set(parameters.get("personidentifikatorer", ())) - vocabulary.person_systems
    if systems:
        message = f"personidentifikatorer: {sorted(systems)} not in kodeverk.personidentifikator"
        raise PolicyError(_FILE, 0, message)


def check_attestation(a: Attestation, v: Vocabulary) -> None:
    """Every code of the attestation is of its list and every identifier canonical (R1, R7,
    R8, R23); a 400 names the field as the caller sent it. What is absent stays for the rules;
    `department` and `purpose_of_use_details` are open (ATT-28: local systems; ATT-45: any)."""
    _identifier(a.identifier, v.person_systems, PERSON_ID, "a national id (11 digits)")
    _identifier(a.hpr, {v.hpr_system}, HPR_NUMBER, "an HPR number (6-9 digits, no leading 0)")
    for org in (a.legal_entity, a.point_of_care):
        _identifier(org, {v.orgnr_system}, ORGNR, "an org.nr (9 digits)")
    for code, codes in (
        (a.authorization, v.authorization),
        (a.healthcare_service, v.service),
        (a.purpose_of_use, v.purpose),
    ):
        if code is not None:
            codes.check(code.code, code.system, code.path)
    for p in a.patients:
        _identifier(p.identifier, v.person_systems, PERSON_ID, "a national id (11 digits)")
        _identifier(p.point_of_care, {v.orgnr_system}, ORGNR, "an org.nr (9 digits)")


def _identifier(ident: Ident | None, systems: Iterable[str], pattern: str, what: str) -> None:
    if ident is None:
        return
    if ident.system not in systems:
        raise RequestError(
            f"{ident.path}.system", f"{shown(ident.system)} is not a system of {what}"
        )
    if not canonical(pattern, ident.id):
        raise RequestError(f"{ident.path}.id", f"{shown(ident.id)} is not {what}")


def check_documents(documents: Iterable[Document], v: Vocabulary) -> None:
    """Each document's class (Volven 9602) and type code; its confidentiality reads by `labels`."""
    for i, doc in enumerate(documents):
        v.class_codes.check_code(doc.class_code, f"documents[{i}].class_code")
        if doc.type_code:
            v.type_codes.check_code(doc.type_code, f"documents[{i}].type_code")


def codes(pack: Pack) -> Vocabulary:
    """The code lists of a PJD pack, read when it loaded; a pack without them cannot judge a PJD
    request's codes."""
    if not isinstance(pack.kind_data, Vocabulary):
        raise PolicyError(_FILE, 0, "the pack has no code lists (kodeverk)")
    return pack.kind_data
