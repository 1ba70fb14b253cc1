"""The rule catalogue: every policy's annotations, read once, checked at start-up.

A policy must carry `@id`, `@tittel`, `@hjemmel`, `@bevisgrad` and `@sist_vurdert`; one whose
`@bevisgrad` is `antakelse` must also carry `@apent_sporsmal`. Optional: `@forpliktelse` (the
permit only adds an obligation, it grants nothing) and `@telles_som_skjult` (a denied list entry is
counted in `hidden_count`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import cedarpy

from engine.errors import PolicyError
from engine.model import RuleRef
from engine.pack import PolicyFile

REQUIRED = ("id", "tittel", "hjemmel", "bevisgrad", "sist_vurdert")
GRADES = ("lov", "forskrift", "spesifikasjon", "praksis", "antakelse")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_EFFECT_LINE = re.compile(r"^\s*(permit|forbid)\s*\(")

EVALUATION_ERROR = RuleRef(
    id="evaluation_error",
    title="Regelmotoren kunne ikke avgjøre forespørselen; tjenesten avslår (lukket ved feil)",
    legal_basis="pasientjournalloven § 22 (informasjonssikkerhet); lukket ved feil",
    evidence_grade="praksis",
    last_reviewed="2026-11-26",
    effect="system",
)
NO_BASIS = RuleRef(
    id="ingen_tilgangsgrunnlag",
    title="Ingen regel gir tilgang i denne situasjonen; tilgang avslås",
    legal_basis="helsepersonelloven § 21 a og pasientjournalloven § 16",
    evidence_grade="lov",
    last_reviewed="2026-11-26",
    effect="system",
)
LOG_FAILED = RuleRef(
    id="logg_ikke_skrevet",
    title="Tilgangen kunne ikke logges; uten logg gis ingen tilgang",
    legal_basis="pasientjournalloven § 22; helsepersonelloven § 21 a",
    evidence_grade="lov",
    last_reviewed="2026-11-26",
    effect="system",
)
SYSTEM_RULES = (EVALUATION_ERROR, NO_BASIS, LOG_FAILED)


def _effect_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if _EFFECT_LINE.match(line)]


def _policies_of(file: PolicyFile) -> list[tuple[str, Mapping[str, str]]]:
    try:
        est = json.loads(cedarpy.policies_to_json_str(file.text))
    except ValueError as exc:
        raise PolicyError(file.name, 0, f"the policy file does not parse: {exc}") from exc
    static = est.get("staticPolicies", {})
    ordered = sorted(static.items(), key=lambda kv: int(kv[0].removeprefix("policy")))
    return [(p["effect"], p.get("annotations", {})) for _, p in ordered]


def _check(file: str, line: int, notes: Mapping[str, str]) -> None:
    missing = [k for k in REQUIRED if not notes.get(k)]
    if missing:
        raise PolicyError(file, line, f"the policy lacks @{', @'.join(missing)}")
    if not _ID.match(notes["id"]):
        raise PolicyError(file, line, f"@id {notes['id']!r} is not ASCII snake_case")
    if notes["bevisgrad"] not in GRADES:
        raise PolicyError(file, line, f"@bevisgrad {notes['bevisgrad']!r} is not one of {GRADES}")
    if notes["bevisgrad"] == "antakelse" and not notes.get("apent_sporsmal"):
        raise PolicyError(file, line, "an `antakelse` must carry @apent_sporsmal")
    if "forpliktelse" in notes and not notes["forpliktelse"]:
        raise PolicyError(file, line, "@forpliktelse must name the obligation")
    try:
        date.fromisoformat(notes["sist_vurdert"])
    except ValueError as exc:
        raise PolicyError(file, line, "@sist_vurdert is not a date (YYYY-MM-DD)") from exc


def _ref(file: str, line: int, effect: str, notes: Mapping[str, str]) -> RuleRef:
    return RuleRef(
        id=notes["id"],
        title=notes["tittel"],
        legal_basis=notes["hjemmel"],
        evidence_grade=notes["bevisgrad"],
        last_reviewed=notes["sist_vurdert"],
        open_question=notes.get("apent_sporsmal") or None,
        effect="permit" if effect == "permit" else "forbid",
        obligation=notes.get("forpliktelse") or None,
        counts_as_hidden="telles_som_skjult" in notes,
        file=file,
        line=line,
    )


def rules_of_file(file: PolicyFile) -> list[RuleRef]:
    """Read and check the annotations of every policy in one file."""
    policies = _policies_of(file)
    lines = _effect_lines(file.text)
    if len(lines) != len(policies):
        raise PolicyError(file.name, 0, "put `permit (` / `forbid (` at the start of a line")
    refs = []
    for line, (effect, notes) in zip(lines, policies, strict=True):
        _check(file.name, line, notes)
        if effect != "permit" and "forpliktelse" in notes:
            raise PolicyError(file.name, line, "only a permit can carry @forpliktelse")
        refs.append(_ref(file.name, line, effect, notes))
    return refs


def build_catalogue(files: Iterable[PolicyFile]) -> dict[str, RuleRef]:
    """The catalogue of a pack: rule id → RuleRef, system rules included; ids must be unique."""
    catalogue = {r.id: r for r in SYSTEM_RULES}
    for file in files:
        for ref in rules_of_file(file):
            if ref.id in catalogue:
                raise PolicyError(ref.file, ref.line, f"@id {ref.id!r} is used twice")
            catalogue[ref.id] = ref
    return catalogue


@dataclass(frozen=True)
class RuleCount:
    """How many rules a catalogue holds: the pack's own, and the service's system rules apart."""

    pack: int
    system: int


def count_rules(catalogue: Mapping[str, RuleRef]) -> RuleCount:
    """The one way to count rules (`/health`, `pjd policies check`, `docs/regler.md`)."""
    system = sum(1 for rule in catalogue.values() if rule.effect == "system")
    return RuleCount(pack=len(catalogue) - system, system=system)
