"""The tillitsrammeverk attestation, parsed and normalised (v1.1, production, v1.0 names).

`parse_attestation` checks shapes and types only and maps every name variant to one
`Attestation`; a missing required object is None here and a policy denies naming the rule
(rules.md R1, R8, R23, R25). Codes and identifiers are judged against the pack's vocabulary by
`engine.pjd.vocabulary.check_attestation`, and what the rules allow by the policies. Errors carry
the dotted path of the offending field, in the names the caller sent; so does every `Ident` and
`Coded` (`path`), for the vocabulary's errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from engine import strict_json
from engine.errors import RequestError


class AttestationError(RequestError):
    """The attestation is malformed; `field` is the path of the offending field."""


@dataclass(frozen=True)
class Ident:
    """An identifier (`id` in `system`, OID without `urn:oid:`), with the name when given;
    `path` is where the caller sent it."""

    id: str
    system: str
    name: str | None = None
    path: str = field(default="attestation", compare=False)


@dataclass(frozen=True)
class Coded:
    """A code (`code` in `system`, OID without `urn:oid:`), with the text when given; `path`
    is where the caller sent it."""

    code: str
    system: str
    text: str | None = None
    path: str = field(default="attestation", compare=False)


@dataclass(frozen=True)
class AttestedPatient:
    identifier: Ident | None = None
    point_of_care: Ident | None = None
    department: Ident | None = None


@dataclass(frozen=True)
class Attestation:
    """The normalised attestation: one shape whatever names the caller used."""

    variant: Literal["v1.1", "production", "v1.0"]
    toa: int | None = None
    identifier: Ident | None = None
    hpr: Ident | None = None
    authorization: Coded | None = None
    legal_entity: Ident | None = None
    point_of_care: Ident | None = None
    department: Ident | None = None
    healthcare_service: Coded | None = None
    purpose_of_use: Coded | None = None
    purpose_of_use_details: Coded | None = None
    decision_ref_id: str | None = None
    user_selected: bool = False
    patients: tuple[AttestedPatient, ...] = ()

    @property
    def hpr_nr(self) -> str | None:
        """The attested HPR number (`practitioner.hpr_nr.id`), when given."""
        return None if self.hpr is None else self.hpr.id


PRODUCTION_TYPE = "nhn:tillitsrammeverk:parameters"
OID_PREFIX = "urn:oid:"
# v1.1, production and v1.0-text names; `_Node.member` adds each name's kebab-case form
# (`care-relationship` is the v1.0 JSON name), so kebab maps to snake in that one place.
_CARE_RELATION = ("care_relation", "care_relationship", "care-relation")
Variant = Literal["v1.1", "production", "v1.0"]


def parse_attestation(raw: object) -> Attestation:
    """Check the shape of an attestation (JSON text or decoded dict) and normalise its names."""
    top = _object(_decode(raw), "attestation", set())
    if "type" in top.data and top.data["type"] != PRODUCTION_TYPE:
        raise AttestationError("attestation.type", f"must be {PRODUCTION_TYPE!r} when given")
    who = top.child("practitioner") or _Node({}, "attestation.practitioner", top.seen)
    care = top.child(*_CARE_RELATION) or _Node({}, "attestation.care_relation", top.seen)
    decision_ref_id, user_selected = _decision_ref(care.child("decision_ref"))
    attestation = Attestation(
        variant="v1.1",
        toa=_toa(top),
        identifier=_ident(who.child("identifier")),
        hpr=_ident(who.child("hpr_nr")),
        authorization=_coded(who.child("authorization")),
        legal_entity=_ident(who.child("legal_entity")),
        point_of_care=_ident(who.child("point_of_care")),
        department=_ident(who.child("department")),
        healthcare_service=_coded(care.child("healthcare_service")),
        purpose_of_use=_coded(care.child("purpose_of_use")),
        purpose_of_use_details=_coded(care.child("purpose_of_use_details")),
        decision_ref_id=decision_ref_id,
        user_selected=user_selected,
        patients=_patients(top),
    )
    return replace(attestation, variant=_variant(top))


@dataclass
class _Node:
    """A JSON object at a dotted path; `seen` collects every member name the caller used."""

    data: dict[str, object]
    path: str
    seen: set[str]

    def member(self, *names: str) -> tuple[object, str]:
        """The value of the one of `names` (or kebab forms) present, else None; and its path."""
        found = [name for name in _spellings(names) if name in self.data]
        if len(found) > 1:
            raise AttestationError(f"{self.path}.{found[1]}", f"given twice, also as {found[0]!r}")
        if not found:
            return None, f"{self.path}.{names[0]}"
        self.seen.add(found[0])
        return self.data[found[0]], f"{self.path}.{found[0]}"

    def child(self, *names: str) -> _Node | None:
        """The member as an object; None when absent or null."""
        value, path = self.member(*names)
        return None if value is None else _object(value, path, self.seen)


_SPELLINGS: dict[tuple[str, ...], tuple[str, ...]] = {}  # bounded: the names are this module's


def _spellings(names: tuple[str, ...]) -> tuple[str, ...]:
    """Each of `names` and its kebab-case form, in order, once each (the same few every time)."""
    spellings = _SPELLINGS.get(names)
    if spellings is None:
        forms = (n for name in names for n in (name, name.replace("_", "-")))
        spellings = _SPELLINGS[names] = tuple(dict.fromkeys(forms))
    return spellings


def _decode(raw: object) -> object:
    if not isinstance(raw, str | bytes | bytearray):
        return raw
    try:
        return strict_json.loads(raw, "attestation")
    except RequestError as exc:
        raise AttestationError(exc.field, exc.message) from exc


def _object(value: object, path: str, seen: set[str]) -> _Node:
    if not isinstance(value, dict):
        raise AttestationError(path, "must be an object")
    return _Node(value, path, seen)


def _variant(top: _Node) -> Variant:
    if "type" in top.data or "care_relationship" in top.seen:
        return "production"
    if any("-" in name for name in top.seen):
        return "v1.0"
    return "v1.1"


def _optional_str(node: _Node, name: str) -> str | None:
    value, path = node.member(name)
    if value is not None and not isinstance(value, str):
        raise AttestationError(path, "must be a string")
    return value


def _required_str(node: _Node, name: str) -> str:
    value, path = node.member(name)
    if value is None:
        raise AttestationError(path, "is missing")
    if not isinstance(value, str):
        raise AttestationError(path, "must be a string")
    return value


def without_oid_prefix(system: str) -> str:
    """A `system` without its `urn:oid:` prefix (in any case, RFC 8141): the one normalisation
    of an input anywhere in the service; any other value unchanged."""
    if system[: len(OID_PREFIX)].lower() == OID_PREFIX:
        return system[len(OID_PREFIX) :]
    return system


def _system(node: _Node) -> str:
    return without_oid_prefix(_required_str(node, "system"))


def _ident(node: _Node | None) -> Ident | None:
    if node is None:
        return None
    return Ident(_required_str(node, "id"), _system(node), _optional_str(node, "name"), node.path)


def _coded(node: _Node | None) -> Coded | None:
    if node is None:
        return None
    return Coded(_required_str(node, "code"), _system(node), _optional_str(node, "text"), node.path)


def _toa(top: _Node) -> int | None:
    value, path = top.member("toa")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise AttestationError(path, "must be an integer (Unix seconds)")
    return value


def _decision_ref(ref: _Node | None) -> tuple[str | None, bool]:
    if ref is None:
        return None, False
    selected, path = ref.member("user_selected")
    if selected is not None and not isinstance(selected, bool):
        raise AttestationError(path, "must be a boolean")
    return _required_str(ref, "id"), selected is True


def _patients(top: _Node) -> tuple[AttestedPatient, ...]:
    value, path = top.member("patients")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise AttestationError(path, "must be a list")
    nodes = [_object(item, f"{path}[{i}]", top.seen) for i, item in enumerate(value)]
    return tuple(_patient(node) for node in nodes)


def _patient(node: _Node) -> AttestedPatient:
    return AttestedPatient(
        identifier=_ident(node.child("identifier")),
        point_of_care=_ident(node.child("point_of_care")),
        department=_ident(node.child("department")),
    )
