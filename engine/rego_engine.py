"""The Rego engine: the pack's Rego twin (`rego/*.rego`) compiled once, evaluated by regopy.

The twin must hold every Cedar rule with the same annotations, one `# METADATA` block per rule,
in the file of the same base name, and no rule Cedar lacks: checked at construction. The rules
read `input` (principal, action, resource, context with the patient inlined) and
`data.parametere` (parametere.json). Rego reads a missing attribute as "undefined", which would
silently switch a forbid off, so every input is first checked here against the contract the twin
declares (rego/inndata.rego, the vocabulary of schema.cedarschema). Fail closed: input outside the
contract, an undefined or malformed answer, a rule id the catalogue does not know, a RegoError or
any exception is a deny `evaluation_error`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regopy

from engine.catalogue import pack_catalogue, render_title
from engine.errors import PolicyError
from engine.model import (
    EVALUATION_ERROR,
    NO_BASIS,
    Decision,
    Obligation,
    Query,
    RuleRef,
    entity_uid,
    system_denial,
)
from engine.pack import Pack, PolicyFile

PACKAGE = "pjd"
ENTRYPOINT = f"{PACKAGE}/beslutning"
CONTRACT = f"{PACKAGE}/inndata_skjema"
ACTIONS = f"{PACKAGE}/inndata_handlinger"
_HEAD = re.compile(r"^(nekt|tillat|forplikt)\s+contains\s+(.+?)\s+if\b")
_FIELD = re.compile(r"^#(\s*)([a-z_]+):\s*(.*)$")
_KIND = {"forbid": "nekt", "permit": "tillat"}
_ANNOTATIONS = {  # METADATA `custom` key → RuleRef field
    "id": "id",
    "tittel": "title",
    "hjemmel": "legal_basis",
    "bevisgrad": "evidence_grade",
    "sist_vurdert": "last_reviewed",
    "apent_sporsmal": "open_question",
    "forpliktelse": "obligation",
}
Contract = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class RegoRule:
    """One rule of the Rego twin: where it is, what it adds to, and its METADATA."""

    file: str
    line: int
    kind: str  # nekt, tillat or forplikt
    id: str
    obligation: str | None
    meta: Mapping[str, str]


def twin_of(pack: Pack) -> tuple[PolicyFile, ...]:
    """The pack's Rego twin (`rego/*.rego`, read with the pack); refused when there is none."""
    if not pack.rego:
        raise PolicyError(
            str(pack.directory / "rego"), 0, "the pack has no Rego twin (rego/*.rego)"
        )
    return pack.rego


def _metadata(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """Read the METADATA block opening at `start`: top-level and `custom:` fields, flattened."""
    meta: dict[str, str] = {}
    i = start + 1
    while i < len(lines) and lines[i].startswith("#"):
        match = _FIELD.match(lines[i])
        if match and match.group(2) != "custom":
            prefix = "custom." if len(match.group(1)) > 1 else ""
            raw = match.group(3).strip()
            meta[prefix + match.group(2)] = str(json.loads(raw)) if raw[:1] == '"' else raw
        i += 1
    return meta, i


def _head(file: str, line: int, text: str) -> tuple[str, str, str | None]:
    """The rule head after a METADATA block: kind, rule id and obligation."""
    match = _HEAD.match(text)
    try:
        term = json.loads(match.group(2)) if match else None
    except json.JSONDecodeError:
        term = None
    if match and match.group(1) != "forplikt" and isinstance(term, str):
        return match.group(1), term, None
    if match and isinstance(term, dict) and set(term) == {"id", "rule"}:
        return match.group(1), str(term["rule"]), str(term["id"])
    raise PolicyError(
        file,
        line,
        'write `nekt|tillat contains "<id>" if` or `forplikt contains '
        '{"id": "<forpliktelse>", "rule": "<id>"} if` after # METADATA',
    )


def rules_of_rego(file: PolicyFile) -> list[RegoRule]:
    """Every rule of a Rego file; a `nekt`/`tillat`/`forplikt` head without METADATA is refused."""
    lines = file.text.splitlines()
    rules, annotated = [], set()
    for n, text in enumerate(lines):
        if text.strip() == "# METADATA":
            meta, head = _metadata(lines, n)
            kind, rule_id, obligation = _head(
                file.name, head + 1, lines[head] if head < len(lines) else ""
            )
            rules.append(RegoRule(file.name, head + 1, kind, rule_id, obligation, meta))
            annotated.add(head)
        elif _HEAD.match(text) and n not in annotated:
            raise PolicyError(file.name, n + 1, "a rule without a # METADATA block")
    return rules


def _differences(rule: RegoRule, ref: RuleRef, parameters: Mapping[str, Any]) -> list[str]:
    """The annotations in which a rule and its Cedar twin differ (with the kind of rule head)."""
    m = rule.meta.get
    mine = {k: m(f"custom.{k}") for k in _ANNOTATIONS} | {
        "tittel": render_title(m("custom.tittel") or "", parameters, rule.file, rule.line),
        "title": render_title(m("title") or "", parameters, rule.file, rule.line),
        "scope": m("scope"),
        "telles_som_skjult": "custom.telles_som_skjult" in rule.meta,
        "head": (rule.kind, rule.obligation),
    }
    cedar = {k: getattr(ref, attr) for k, attr in _ANNOTATIONS.items()} | {
        "title": ref.title,
        "scope": "rule",
        "telles_som_skjult": ref.counts_as_hidden,
        "head": ("forplikt" if ref.obligation else _KIND[ref.effect], ref.obligation),
    }
    return [k for k in cedar if cedar[k] != mine[k]]


def check_twins(
    files: Sequence[PolicyFile],
    catalogue: Mapping[str, RuleRef],
    parameters: Mapping[str, Any],
) -> None:
    """Refuse a Rego twin that lacks a Cedar rule, adds one, or annotates one differently."""
    seen: set[str] = set()
    for rule in (r for f in files for r in rules_of_rego(f)):
        ref = catalogue.get(rule.id)
        if ref is None or ref.effect == "system":
            raise PolicyError(rule.file, rule.line, f"{rule.id!r} is not a rule of the Cedar pack")
        if rule.id in seen:
            raise PolicyError(rule.file, rule.line, f"{rule.id!r} is defined twice")
        seen.add(rule.id)
        if Path(rule.file).stem != Path(ref.file).stem:
            raise PolicyError(rule.file, rule.line, f"{rule.id!r} belongs in {ref.file}'s twin")
        differing = _differences(rule, ref, parameters)
        if differing:
            where = f"{ref.file}:{ref.line}"
            raise PolicyError(rule.file, rule.line, f"differs from {where} in {differing}")
    for ref in catalogue.values():
        if ref.effect != "system" and ref.id not in seen:
            twin = f"rego/{Path(ref.file).stem}.rego"
            raise PolicyError(twin, 0, f"no Rego twin of {ref.id!r} ({ref.file}:{ref.line})")


def _revision(pack: Pack, files: Sequence[PolicyFile]) -> str:
    digest = hashlib.sha256(pack.revision.encode())
    for f in files:
        digest.update(b"\0" + f.name.encode() + b"\0" + f.text.encode())
    return digest.hexdigest()[:16]


_SCALARS: dict[str, Callable[[Any], bool]] = {
    "String": lambda v: isinstance(v, str),
    "Bool": lambda v: isinstance(v, bool),
    "Long": lambda v: type(v) is int and -(2**63) <= v < 2**63,
}


def fits(value: Any, kind: str, contract: Contract) -> bool:
    """Does `value` fit type `kind` of the input contract (rego/inndata.rego) as Cedar's would?"""
    if kind in _SCALARS:
        return _SCALARS[kind](value)
    if kind.startswith("Set<") and kind.endswith(">"):
        return isinstance(value, list) and all(fits(v, kind[4:-1], contract) for v in value)
    if not isinstance(value, dict):
        return False
    fields = {name.removesuffix("?"): (name.endswith("?"), t) for name, t in contract[kind].items()}
    return set(value) <= set(fields) and all(
        fits(value[name], t, contract) if name in value else optional
        for name, (optional, t) in fields.items()
    )


def _answer(output: Any) -> Any:
    """The one value of an entrypoint's output; an error or undefined raises."""
    if not output.ok() or len(output.results) != 1:
        raise ValueError(f"no result: {output}")
    expressions = output.results[0].expressions
    if len(expressions) != 1:
        raise ValueError("undefined")
    return expressions[0]


class RegoEngine:
    """Decides queries with the Rego twin of one pack; immutable once built."""

    name = "rego"

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.catalogue: dict[str, RuleRef] = pack_catalogue(pack)
        self.failed = system_denial(self.catalogue, EVALUATION_ERROR)
        self.no_basis = system_denial(self.catalogue, NO_BASIS)
        self.files = twin_of(pack)
        check_twins(self.files, self.catalogue, pack.parameters)
        self.revision = _revision(pack, self.files)
        self._prefix = f"{pack.namespace}::" if pack.namespace else ""
        self._lock = threading.Lock()
        self._rego = regopy.Interpreter()
        self._bundle = self._compile()
        self.contract: Contract = self._constant(CONTRACT)
        self._actions: Mapping[str, Mapping[str, list[str]]] = self._constant(ACTIONS)
        declared = self.contract.get("Parametere", {})
        used = {k: v for k, v in pack.parameters.items() if f"{k}?" in declared or k in declared}
        if not fits(used, "Parametere", self.contract):
            raise PolicyError("parametere.json", 0, "the parameters do not fit rego/inndata.rego")

    def _compile(self) -> Any:
        """Compile the twin once, with the parameters as `data.parametere`."""
        for f in self.files:
            try:
                self._rego.add_module(f.name, f.text)
            except regopy.RegoError as exc:
                raise PolicyError(f.name, 0, f"the Rego file does not compile: {exc}") from exc
        try:
            self._rego.add_data_json(json.dumps({"parametere": self.pack.parameters}))
            bundle = self._rego.build(None, [ENTRYPOINT, CONTRACT, ACTIONS])
        except regopy.RegoError as exc:
            raise PolicyError("rego", 0, f"the Rego twin does not compile: {exc}") from exc
        if not bundle.ok():
            raise PolicyError("rego", 0, f"the Rego twin does not compile: {bundle.node()}")
        return bundle

    def _constant(self, entrypoint: str) -> Any:
        try:
            value = _answer(self._rego.query_bundle_entrypoint(self._bundle, entrypoint))
        except (regopy.RegoError, ValueError) as exc:
            raise PolicyError("rego/inndata.rego", 0, f"{entrypoint}: {exc}") from exc
        if not isinstance(value, dict):
            raise PolicyError("rego/inndata.rego", 0, f"{entrypoint} must be an object")
        return value

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; errors deny."""
        everything = [*self.pack.entities, *entities]
        store = {entity_uid(e): e.get("attrs", {}) for e in everything}
        if len(store) != len(everything):  # as Cedar: an entity given twice decides nothing
            return [self.failed for _ in queries]
        return [self._decide(q, store) for q in queries]

    def _decide(self, q: Query, store: Mapping[tuple[str, str], Any]) -> Decision:
        try:
            data = regopy.Input(self._input(q, store))
            with self._lock:
                self._rego.set_input(data)
                answer = _answer(self._rego.query_bundle_entrypoint(self._bundle, ENTRYPOINT))
            return self._decision(answer)
        except Exception:  # fail closed: whatever goes wrong, nothing is permitted
            return self.failed

    def _entity(self, uid: Mapping[str, Any], store: Mapping[tuple[str, str], Any]) -> Any:
        key = entity_uid({"uid": uid})
        return {"type": key[0].removeprefix(self._prefix), "id": key[1], "attrs": store[key]}

    def _input(self, q: Query, store: Mapping[tuple[str, str], Any]) -> dict[str, Any]:
        """The Rego input: entities resolved, the patient inlined, checked against the contract."""
        context = {k: v for k, v in q.context.items() if k != "parametere"}
        if "pasient" in context:
            context["pasient"] = self._entity(context["pasient"], store)["attrs"]
        data = {
            "principal": self._entity(q.principal, store),
            "action": q.action,
            "resource": self._entity(q.resource, store),
            "context": context,
        }
        allowed = self._actions[q.action]
        for role in ("principal", "resource"):
            kind = data[role]["type"]
            if kind not in allowed[role] or not fits(data[role]["attrs"], kind, self.contract):
                raise ValueError(f"the {role} does not fit rego/inndata.rego")
        if not fits(context, "Kontekst", self.contract):
            raise ValueError("the context does not fit rego/inndata.rego")
        return data

    def _decision(self, answer: Any) -> Decision:
        """The answer as a Decision, checked against the catalogue; anything odd denies."""
        if not isinstance(answer, dict) or set(answer) != {"decision", "rules", "obligations"}:
            return self.failed
        rules = sorted({self.catalogue[r] for r in answer["rules"]}, key=lambda r: r.id)
        obligations = self._obligations(answer["obligations"])
        if answer["decision"] == "deny" and rules and not obligations:
            denied = [r.id for r in rules] == [NO_BASIS.id] or all(
                r.effect == "forbid" for r in rules
            )
            return Decision("deny", tuple(rules)) if denied else self.failed
        granting = all(r.effect == "permit" and r.obligation is None for r in rules)
        if answer["decision"] == "permit" and rules and granting:
            return Decision("permit", tuple(rules), obligations)
        return self.failed

    def _obligations(self, found: list[dict[str, str]]) -> tuple[Obligation, ...]:
        """Obligations in Cedar's order (by rule id); each must be its rule's @forpliktelse."""
        out = sorted({Obligation(o["id"], o["rule"]) for o in found}, key=lambda o: (o.rule, o.id))
        if any(self.catalogue[o.rule].obligation != o.id for o in out):
            raise ValueError("an obligation its rule does not carry")
        return tuple(out)
