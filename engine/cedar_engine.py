"""The Cedar engine: a pack parsed once into cedarpy handles, every call checked by the schema.

Fail closed: NoDecision, any diagnostic error, an unknown rule id or a permit without a
granting policy is a deny; a deny always names at least one rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import cedarpy

from engine.catalogue import EVALUATION_ERROR, NO_BASIS, pack_catalogue, system_denial
from engine.errors import PolicyError
from engine.model import Decision, Obligation, RuleRef
from engine.pack import Pack
from engine.schema_info import SchemaInfo, read_schema

FAILED = Decision("deny", (EVALUATION_ERROR,))


@dataclass(frozen=True)
class Query:
    """One Cedar request: principal and resource uids, action id, context."""

    principal: Mapping[str, str]
    action: str
    resource: Mapping[str, str]
    context: Mapping[str, Any]


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
        self.base = self._entities(list(pack.entities) + self._parameter_entities(), None)

    def _parameter_entities(self) -> list[dict[str, Any]]:
        kind = f"{self.pack.namespace}::Parametere" if self.pack.namespace else "Parametere"
        declared = self.info.entities.get(kind)
        if declared is None:
            return []
        attrs = {k: v for k, v in self.pack.parameters.items() if k in declared}
        return [{"uid": {"type": kind, "id": "gjeldende"}, "attrs": attrs, "parents": []}]

    def _entities(self, data: list[dict[str, Any]], base: Any) -> Any:
        data = [{"parents": [], **e} for e in data]
        try:
            if base is None:
                return cedarpy.Entities.from_json_str(json.dumps(data), schema=self.schema)
            return base.with_added_json_str(json.dumps(data), schema=self.schema)
        except ValueError as exc:
            raise PolicyError("entities", 0, f"entities do not fit the schema: {exc}") from exc

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query over the pack's entities plus `entities`; errors deny."""
        return self._run(queries, lambda: self._entities(entities, self.base))

    def decide_replacing(
        self, queries: Sequence[Query], entities: list[dict[str, Any]]
    ) -> list[Decision]:
        """Decide over the pack's entities with `entities` in place of stored ones of equal uid."""
        replaced = {entity_uid(e) for e in entities}
        kept = [e for e in self.pack.entities if entity_uid(e) not in replaced]
        everything = kept + self._parameter_entities() + list(entities)
        return self._run(queries, lambda: self._entities(everything, None))

    def _run(self, queries: Sequence[Query], store: Callable[[], Any]) -> list[Decision]:
        if not queries:
            return []
        try:
            results = cedarpy.is_authorized_batch(
                [self._request(q) for q in queries], self.policies, store(), self.schema
            )
        except Exception:  # fail closed: whatever goes wrong, nothing is permitted
            return [self.failed for _ in queries]
        return [self._decision(r) for r in results]

    def _request(self, q: Query) -> dict[str, Any]:
        return {
            "principal": dict(q.principal),
            "action": {"type": self.action_type, "id": q.action},
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


def entity_uid(entity: Mapping[str, Any]) -> tuple[str, str]:
    """The (type, id) of an entity in Cedar's JSON form."""
    uid = entity.get("uid", {})
    uid = uid.get("__entity", uid)
    return (str(uid.get("type")), str(uid.get("id")))


def _permit(rules: list[RuleRef], no_basis: Decision) -> Decision:
    """A Cedar Allow is a permit only if a granting policy (one without @forpliktelse) holds."""
    granting = tuple(r for r in rules if r.obligation is None)
    if not granting:
        return no_basis
    obligations = tuple(Obligation(r.obligation, r.id) for r in rules if r.obligation)
    return Decision("permit", granting, obligations)
