"""The Cedar engine: a pack parsed once into cedarpy handles, every call checked by the schema.

Fail closed: NoDecision, any diagnostic error, an unknown rule id or a permit without a
granting policy is a deny; a deny always names at least one rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import cedarpy

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
from engine.pack import Pack
from engine.schema_info import SchemaInfo, read_schema

WITHOUT_CACHE = 16  # entity stores kept with some stored entities left out (for overlays)


def _validate(pack: Pack, schema: cedarpy.Schema) -> None:
    for file in pack.policies:
        result = cedarpy.validate_policies(file.text, schema)
        if not result.validation_passed:
            raise PolicyError(file.name, 0, "; ".join(e.error for e in result.errors))


class CedarEngine:
    """Decides Cedar queries for one pack; immutable once built."""

    name = "cedar"

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.revision = pack.revision
        self.catalogue: dict[str, RuleRef] = pack_catalogue(pack)
        self.failed = system_denial(self.catalogue, EVALUATION_ERROR)
        self.no_basis = system_denial(self.catalogue, NO_BASIS)
        self._by_policy = {r.policy_id: r for r in self.catalogue.values() if r.policy_id}
        self.info: SchemaInfo = read_schema(pack.schema)
        try:
            self.schema = cedarpy.Schema.from_str(pack.schema)
            self.policies_text = "\n".join(f.text for f in pack.policies)
            self.policies = cedarpy.PolicySet.from_str(self.policies_text)
        except ValueError as exc:
            raise PolicyError("schema.cedarschema", 0, str(exc)) from exc
        _validate(pack, self.schema)
        _check_numbering(self.policies_text, len(self._by_policy), self.catalogue)
        self.action_type = f"{pack.namespace}::Action" if pack.namespace else "Action"
        stored = [{"parents": [], **e} for e in [*pack.entities, *self._parameter_entities()]]
        self.stored: dict[tuple[str, str], dict[str, Any]] = {entity_uid(e): e for e in stored}
        self.base = self._entities(stored, None)
        self._without = lru_cache(maxsize=WITHOUT_CACHE)(self._store_without)

    def _parameter_entities(self) -> list[dict[str, Any]]:
        kind = f"{self.pack.namespace}::Parametere" if self.pack.namespace else "Parametere"
        declared = self.info.entities.get(kind)
        if declared is None:
            return []
        attrs = {k: v for k, v in self.pack.parameters.items() if k in declared.attributes}
        return [{"uid": {"type": kind, "id": "gjeldende"}, "attrs": attrs, "parents": []}]

    def _store_without(self, left_out: frozenset[tuple[str, str]]) -> Any:
        kept = [e for uid, e in self.stored.items() if uid not in left_out]
        return self._entities(kept, None)

    def overlaid(self, entities: list[dict[str, Any]]) -> Any:
        """The pack's entity store with `entities` added, each in place of a stored one of its uid.

        Only `entities` are parsed; a store without the replaced ones is built once and kept.
        """
        if not entities:
            return self.base
        replaced = frozenset(uid for uid in map(entity_uid, entities) if uid in self.stored)
        return self._entities(entities, self._without(replaced) if replaced else self.base)

    def _entities(self, data: list[dict[str, Any]], base: Any) -> Any:
        data = [{"parents": [], **e} for e in data]
        try:
            if base is None:
                return cedarpy.Entities.from_json_str(json.dumps(data), schema=self.schema)
            return base.with_added_json_str(json.dumps(data), schema=self.schema)
        except ValueError as exc:
            raise PolicyError("entities", 0, f"entities do not fit the schema: {exc}") from exc

    def verify(self) -> None:
        """Nothing outside the process to check: the pack was checked when it was parsed."""

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; errors deny."""
        return self._run(queries, lambda: self._entities(entities, self.base))

    def decide_replacing(
        self, queries: Sequence[Query], entities: list[dict[str, Any]]
    ) -> list[Decision]:
        """Decide over the pack's entities with `entities` in place of stored ones of equal uid."""
        return self._run(queries, lambda: self.overlaid(entities))

    def _run(self, queries: Sequence[Query], store: Callable[[], Any]) -> list[Decision]:
        """One cedarpy call for all; if it raises, each query alone, so one cannot fail another."""
        if not queries:
            return []
        try:
            entities = store()
        except Exception:  # fail closed: whatever goes wrong, nothing is permitted
            return [self.failed for _ in queries]
        try:
            requests = [self._request(q) for q in queries]
            results = cedarpy.is_authorized_batch(requests, self.policies, entities, self.schema)
        except Exception:
            if len(queries) == 1:
                return [self.failed]
            return [d for q in queries for d in self._run([q], lambda: entities)]
        return [self._decision(r) for r in results]

    def _request(self, q: Query) -> dict[str, Any]:
        return {
            "principal": dict(q.principal),
            "action": {"type": q.action_type or self.action_type, "id": q.action},
            "resource": dict(q.resource),
            "context": dict(q.context),
        }

    def _decision(self, result: cedarpy.AuthzResult) -> Decision:
        """Cedar's answer as a Decision; its reasons are Cedar's policy ids, mapped to rules."""
        diagnostics = result.diagnostics
        if result.decision not in (cedarpy.Decision.Allow, cedarpy.Decision.Deny):
            return self.failed
        if diagnostics.errors or any(r not in self._by_policy for r in diagnostics.reasons):
            return self.failed
        rules = sorted({self._by_policy[r] for r in diagnostics.reasons}, key=lambda r: r.id)
        if result.decision == cedarpy.Decision.Deny:
            return Decision("deny", tuple(rules)) if rules else self.no_basis
        return _permit(rules, self.no_basis)


def _check_numbering(text: str, count: int, catalogue: Mapping[str, RuleRef]) -> None:
    """Cedar numbers the joined pack's policies as the catalogue does, or reasons would lie."""
    est = json.loads(cedarpy.policies_to_json_str(text))
    static = est.get("staticPolicies", {})
    if len(static) != count or any(
        r.policy_id and static.get(r.policy_id, {}).get("effect") != _EFFECTS[r.effect]
        for r in catalogue.values()
    ):
        raise PolicyError("pack", 0, "Cedar numbers the joined policies unlike the catalogue")


_EFFECTS = {"permit": "permit", "forbid": "forbid", "system": None}


def _permit(rules: list[RuleRef], no_basis: Decision) -> Decision:
    """A Cedar Allow is a permit only if a granting policy (one without @forpliktelse) holds."""
    granting = tuple(r for r in rules if r.obligation is None)
    if not granting:
        return no_basis
    obligations = tuple(Obligation(r.obligation, r.id) for r in rules if r.obligation)
    return Decision("permit", granting, obligations)
