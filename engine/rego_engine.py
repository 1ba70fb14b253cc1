"""The Rego engine: the pack's Rego twin (`rego/*.rego`) compiled once, evaluated by regopy.

The twin is checked against the Cedar rules at construction (`engine.rego_twin`). The rules
read `input` (principal, action, resource, context with its entities inlined) and
`data.parametere` (parametere.json); the package is the one every file of the twin declares,
its entry points `beslutning`, `inndata_skjema` and `inndata_handlinger`. Rego reads a missing
attribute as "undefined", which would silently switch a forbid off, so every input is first
checked here against the contract the twin declares (rego/inndata.rego, the vocabulary of
schema.cedarschema). Fail closed: input outside the contract, an undefined or malformed answer,
a rule id the catalogue does not know, a RegoError or any exception is a deny
`evaluation_error`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import regopy

from engine.catalogue import pack_catalogue
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
from engine.rego_twin import check_twins, package_of, twin_of

DECISION, CONTRACT, ACTIONS = "beslutning", "inndata_skjema", "inndata_handlinger"  # in the package
Contract = Mapping[str, Mapping[str, str]]
Store = Mapping[tuple[str, str], Any]  # an entity's attributes by (type, id)


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
        self.package = package_of(self.files)
        self.entrypoint = f"{self.package}/{DECISION}"
        self.revision = _revision(pack, self.files)
        self._prefix = f"{pack.namespace}::" if pack.namespace else ""
        self._lock = threading.Lock()
        self._rego = regopy.Interpreter()
        self._bundle = self._compile()
        self.contract: Contract = self._constant(CONTRACT)
        self.actions: Mapping[str, Mapping[str, list[str]]] = self._constant(ACTIONS)
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
            paths = [self.entrypoint, *(f"{self.package}/{c}" for c in (CONTRACT, ACTIONS))]
            bundle = self._rego.build(None, paths)
        except regopy.RegoError as exc:
            raise PolicyError("rego", 0, f"the Rego twin does not compile: {exc}") from exc
        if not bundle.ok():
            raise PolicyError("rego", 0, f"the Rego twin does not compile: {bundle.node()}")
        return bundle

    def _constant(self, name: str) -> Any:
        entrypoint = f"{self.package}/{name}"
        try:
            value = _answer(self._rego.query_bundle_entrypoint(self._bundle, entrypoint))
        except (regopy.RegoError, ValueError) as exc:
            raise PolicyError("rego/inndata.rego", 0, f"{entrypoint}: {exc}") from exc
        if not isinstance(value, dict):
            raise PolicyError("rego/inndata.rego", 0, f"{entrypoint} must be an object")
        return value

    def verify(self) -> None:
        """Nothing outside the process to check: the twin was checked when it was built."""

    def store(self, entities: list[dict[str, Any]]) -> Store | None:
        """The attributes of the pack's entities plus `entities` by uid; None (decide nothing,
        as Cedar) when an entity is given twice."""
        everything = [*self.pack.entities, *entities]
        store = {entity_uid(e): e.get("attrs", {}) for e in everything}
        return store if len(store) == len(everything) else None

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; errors deny."""
        store = self.store(entities)
        if store is None:
            return [self.failed for _ in queries]
        return [self._decide(q, store) for q in queries]

    def _decide(self, q: Query, store: Store) -> Decision:
        try:
            data = regopy.Input(self.input(q, store))
            with self._lock:
                self._rego.set_input(data)
                output = self._rego.query_bundle_entrypoint(self._bundle, self.entrypoint)
            return self.decision(_answer(output))
        except Exception:  # fail closed: whatever goes wrong, nothing is permitted
            return self.failed

    def _entity(self, uid: Mapping[str, Any], store: Store) -> Any:
        key = entity_uid({"uid": uid})
        return {"type": key[0].removeprefix(self._prefix), "id": key[1], "attrs": store[key]}

    def _inlined(self, value: Any, store: Store) -> Any:
        """A context value: an entity reference (`{"__entity": …}`) as the entity's attributes."""
        if isinstance(value, Mapping) and set(value) == {"__entity"}:
            return self._entity(value, store)["attrs"]
        return value

    def input(self, q: Query, store: Store) -> dict[str, Any]:
        """The Rego input: entities resolved and inlined, checked against the contract."""
        context = {k: self._inlined(v, store) for k, v in q.context.items() if k != "parametere"}
        data = {
            "principal": self._entity(q.principal, store),
            "action": q.action,
            "resource": self._entity(q.resource, store),
            "context": context,
        }
        allowed = self.actions[q.action]
        for role in ("principal", "resource"):
            kind = data[role]["type"]
            if kind not in allowed[role] or not fits(data[role]["attrs"], kind, self.contract):
                raise ValueError(f"the {role} does not fit rego/inndata.rego")
        if not fits(context, "Kontekst", self.contract):
            raise ValueError("the context does not fit rego/inndata.rego")
        return data

    def decision(self, answer: Any) -> Decision:
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
