"""The rule catalogue: every policy's annotations, read once, checked at start-up.

Which annotations a policy must carry is the pack's choice (`pack.json` `required_annotations`;
the PJD pack: `id`, `tittel`, `hjemmel`, `bevisgrad`, `sist_vurdert`). A required annotation
follows the legal conventions: `@id` ASCII snake_case, `@bevisgrad` one of GRADES (an
`antakelse` also carries `@apent_sporsmal`), `@sist_vurdert` a date. A pack without the list
requires nothing, and a policy without `@id` is named by Cedar's own policy id (`policy0`, …, in
the order of the joined pack). Optional, read by the service: `@forpliktelse` (the permit only
adds an obligation, it grants nothing) and `@telles_som_skjult` (a denied list entry is counted
in `hidden_count` when every rule that denies it counts). A title may name a parameter: `{navn}`
shows its value, `{navn:minutter}` a number of seconds in minutes (also `timer`, `dager`).

The three system rules (no basis, evaluation error, log not written) have neutral texts; a pack
gives them its own (`pack.json` `system_rules`, keyed by id, with the policies' annotations).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import cedarpy

from engine.conventions import GRADES as GRADES  # re-exported: the grades a rule may carry
from engine.conventions import check_legal_notes
from engine.errors import PolicyError
from engine.model import SYSTEM_RULES, RuleRef
from engine.pack import Pack, PolicyFile
from engine.parameters import parameter_users

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_POLICY_ID = re.compile(r"^policy([0-9]+)$")
_EFFECT = re.compile(r"\b(permit|forbid)\s*\(")
_NOISE = re.compile(r'//[^\n]*|"(?:[^"\\\n]|\\.)*"')
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([a-z]+))?\}")
_UNITS = {"minutter": 60, "timer": 3600, "dager": 86400}


@dataclass(frozen=True)
class Conventions:
    """What a pack asks of its rules: required annotations, parameters for titles, system texts."""

    required: tuple[str, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    system: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, pack: Pack) -> Conventions:
        """The conventions `pack.json` and `parametere.json` set for a pack."""
        return cls(pack.required_annotations, pack.parameters, pack.system_rules)


def _effect_lines(text: str) -> list[int]:
    """The 1-based line of every `permit (` / `forbid (` outside comments and strings."""
    blanked = _NOISE.sub(lambda m: "\n" * m.group(0).count("\n") or " ", text)
    return [blanked.count("\n", 0, m.start()) + 1 for m in _EFFECT.finditer(blanked)]


def _policies_of(file: PolicyFile) -> tuple[int, list[tuple[int, str, Mapping[str, str]]]]:
    """How many policies Cedar numbers in the file, and (index, effect, annotations) of each
    static one, in text order (templates take a number too)."""
    try:
        est = json.loads(cedarpy.policies_to_json_str(file.text))
    except ValueError as exc:
        raise PolicyError(file.name, 0, f"the policy file does not parse: {exc}") from exc
    static = est.get("staticPolicies", {})
    order = sorted({**static, **est.get("templates", {})}, key=lambda k: int(k[len("policy") :]))
    found = [
        (n, static[k]["effect"], static[k].get("annotations", {})) for n, k in enumerate(order)
    ]
    return len(order), [(n, effect, notes) for n, effect, notes in found if order[n] in static]


def _check(file: str, line: int, notes: Mapping[str, str], required: tuple[str, ...]) -> None:
    missing = [k for k in required if not notes.get(k)]
    if missing:
        raise PolicyError(file, line, f"the policy lacks @{', @'.join(missing)}")
    if "id" in required and not _ID.match(notes["id"]):
        raise PolicyError(file, line, f"@id {notes['id']!r} is not ASCII snake_case")
    check_legal_notes(file, line, notes, required, "@")
    if "forpliktelse" in notes and not notes["forpliktelse"]:
        raise PolicyError(file, line, "@forpliktelse must name the obligation")


def render_title(text: str, parameters: Mapping[str, Any], file: str = "", line: int = 0) -> str:
    """A title with `{parameter}` / `{parameter:minutter}` replaced by the parameter's value."""

    def value(match: re.Match[str]) -> str:
        name, unit = match.group(1), match.group(2)
        if name not in parameters:
            raise PolicyError(file, line, f"the title names an unknown parameter {name!r}")
        shown = parameters[name]
        if unit is not None:
            if unit not in _UNITS or type(shown) is not int or shown % _UNITS[unit]:
                where = f"the title at {file}:{line}"
                message = f"{name} is not a whole number of {unit}, as {where} reads it"
                raise PolicyError("parametere.json", 0, message)
            shown //= _UNITS[unit]
        if isinstance(shown, list):
            return ", ".join(str(v) for v in shown)
        return str(shown)

    return _PLACEHOLDER.sub(value, text)


def _ref(at: tuple[str, int], effect: str, notes: Mapping[str, str], **more: Any) -> RuleRef:
    return RuleRef(
        id=notes["id"],
        title=notes.get("tittel", ""),
        legal_basis=notes.get("hjemmel", ""),
        evidence_grade=notes.get("bevisgrad", ""),
        last_reviewed=notes.get("sist_vurdert", ""),
        open_question=notes.get("apent_sporsmal") or None,
        effect="permit" if effect == "permit" else "forbid",
        obligation=notes.get("forpliktelse") or None,
        counts_as_hidden="telles_som_skjult" in notes,
        file=at[0],
        line=at[1],
        **more,
    )


def _file_rules(
    file: PolicyFile, conventions: Conventions, offset: int
) -> tuple[list[RuleRef], int]:
    """The checked rules of one file and how many policies Cedar numbers in it."""
    total, policies = _policies_of(file)
    lines = _effect_lines(file.text)
    if len(lines) != total:  # a layout the scanner misreads: no line rather than a wrong one
        lines = [0] * total
    refs = []
    for n, effect, written in policies:
        line, policy_id = lines[n], f"policy{offset + n}"
        _check(file.name, line, written, conventions.required)
        notes = {**written, "id": written.get("id") or policy_id}
        if effect != "permit" and "forpliktelse" in notes:
            raise PolicyError(file.name, line, "only a permit can carry @forpliktelse")
        ref = _ref((file.name, line), effect, notes, policy_id=policy_id)
        title = render_title(ref.title, conventions.parameters, file.name, line)
        refs.append(replace(ref, title=title))
    return refs, total


def rule_ids(files: Iterable[PolicyFile]) -> dict[str, list[str]]:
    """Each file's rule ids as the catalogue names them (`@id`, else Cedar's `policyN`), sorted."""
    out, offset = {}, 0
    for file in files:
        total, policies = _policies_of(file)
        out[file.name] = sorted(
            notes.get("id") or f"policy{offset + n}" for n, _, notes in policies
        )
        offset += total
    return out


def written_annotations(files: Iterable[PolicyFile]) -> dict[str, dict[str, str]]:
    """Each rule's annotations exactly as its Cedar file writes them (titles unrendered), by the
    id the catalogue gives it."""
    out, offset = {}, 0
    for file in files:
        total, policies = _policies_of(file)
        for n, _, notes in policies:
            out[notes.get("id") or f"policy{offset + n}"] = dict(notes)
        offset += total
    return out


def _system_rules(conventions: Conventions) -> dict[str, RuleRef]:
    """The system rules, each with the pack's own texts where the pack gives them."""
    out = {r.id: r for r in SYSTEM_RULES}
    for rule_id, notes in conventions.system.items():
        if rule_id not in out:
            raise PolicyError("pack.json", 0, f"system_rules: {rule_id!r} is not a system rule")
        _check("pack.json", 0, {"id": rule_id, **notes}, conventions.required)
        ref = _ref(("pack.json", 0), "permit", {"id": rule_id, **notes})
        out[rule_id] = replace(ref, effect="system", file="", line=0)
    return out


def build_catalogue(
    files: Iterable[PolicyFile], conventions: Conventions | None = None
) -> dict[str, RuleRef]:
    """The catalogue of a pack: rule id → RuleRef, system rules included; ids must be unique."""
    conventions = conventions or Conventions()
    catalogue = _system_rules(conventions)
    offset = 0
    for file in files:
        refs, total = _file_rules(file, conventions, offset)
        for ref in refs:
            if ref.id in catalogue:
                raise PolicyError(ref.file, ref.line, f"@id {ref.id!r} is used twice")
            catalogue[ref.id] = ref
        offset += total
    return catalogue


def pack_catalogue(pack: Pack) -> dict[str, RuleRef]:
    """The catalogue of a loaded pack, under the conventions its pack.json sets; a parameter
    with metadata that no rule reads refuses the pack."""
    parameter_users(((f.name, f.text) for f in pack.policies), pack.parameter_notes)
    return build_catalogue(pack.policies, Conventions.of(pack))


@dataclass(frozen=True)
class RuleCount:
    """How many rules a catalogue holds: the pack's own, and the service's system rules apart."""

    pack: int
    system: int


def count_rules(catalogue: Mapping[str, RuleRef]) -> RuleCount:
    """The one way to count rules (`/health`, `pjd policies check`, `docs/regler.md`)."""
    system = sum(1 for rule in catalogue.values() if rule.effect == "system")
    return RuleCount(pack=len(catalogue) - system, system=system)
