"""AuthZEN onto Cedar for any policy pack: subject → principal, resource, action and context.

Pure: no I/O. The answer is Cedar's (`cedarpy.is_authorized` with the pack's policies, schema and
all its stored entities) for the request as the mapping builds it:

- A type or action name without `::` is looked up as Cedar looks names up: in the pack's
  namespace (`pack.json`), then in the empty one; a qualified name (`NS::Type`) as written.
- The subject's and the resource's entity is the stored one (entities.json: its attributes,
  parents and tags), with the AuthZEN `properties` the schema declares for its type put in place
  of the stored attributes of the same name (a whole attribute at a time); undeclared properties
  are ignored. With no declared property the entity is the stored one, or absent if none is.
- `action.properties` become `context.action_properties` where the action's context declares it;
  other context keys are kept where the context declares them and dropped where it does not.
- Values are Cedar's JSON, read by the declared type (with the schema, Cedar reads
  `{"type", "id"}` and `{"__entity": …}` as entities, `{"__extn": {"fn", "arg"}}` or a plain
  string as an extension value). One short form is added: a bare string where the schema declares
  an entity type is that entity's id (`"owner": "kari"` ≡ `{"type": "NS::User", "id": "kari"}`).
  The type comes from the schema, not from the request, so the form is not ambiguous. Nested
  records are passed whole: an undeclared key inside one is Cedar's error, as is any value of
  the wrong shape.

Fail closed: an entity type or action the schema does not declare is `ingen_tilgangsgrunnlag`;
anything Cedar cannot evaluate (a wrong shape, a missing attribute, a request the schema refuses)
is `evaluation_error` — never an exception, never a permit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.cedar_engine import CedarEngine
from engine.errors import RequestError
from engine.model import Decision, Query
from engine.schema_info import ActionDecl, CedarType, EntityDecl

ACTION_PROPERTIES = "action_properties"
Key = tuple[str, str]


@dataclass(frozen=True)
class Party:
    """An AuthZEN subject or resource: type (unqualified), id and properties."""

    type: str
    id: str
    properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    """One AuthZEN evaluation as the generic mapping takes it."""

    subject: Party
    action: str
    resource: Party
    action_properties: Mapping[str, Any] | None = None
    context: Mapping[str, Any] = field(default_factory=dict)


class UndeclaredError(RequestError):
    """The request names an entity type or an action the pack's schema does not declare."""


def _names(namespace: str, name: str) -> Iterator[str]:
    if namespace and "::" not in name:
        yield f"{namespace}::{name}"
    yield name


def entity_type(engine: CedarEngine, role: str, name: str) -> EntityDecl:
    """The entity type an AuthZEN type names; undeclared is an `UndeclaredError` on `role.type`."""
    for kind in _names(engine.pack.namespace, name):
        if kind in engine.info.entities:
            return engine.info.entities[kind]
    raise UndeclaredError(f"{role}.type", f"the pack declares no entity type {name!r}")


def action_types(engine: CedarEngine) -> tuple[str, ...]:
    """Where an action name is looked up: the pack's namespace's `Action`, then the empty one's."""
    return tuple(_names(engine.pack.namespace, "Action"))


def _action(engine: CedarEngine, name: str) -> ActionDecl:
    for kind in action_types(engine):
        if (kind, name) in engine.info.actions:
            return engine.info.actions[(kind, name)]
    raise UndeclaredError("action.name", f"the pack declares no action {name!r}")


def expand(declared: CedarType, value: Any) -> Any:
    """A value with the bare-id short form expanded where `declared` has an entity type."""
    if declared.kind == "Entity" and isinstance(value, str):
        return {"__entity": {"type": declared.name, "id": value}}
    if declared.kind == "Set" and declared.element is not None and isinstance(value, list):
        return [expand(declared.element, v) for v in value]
    if declared.kind == "Record" and isinstance(value, Mapping):
        attrs = declared.attributes
        return {k: expand(attrs[k].type, v) if k in attrs else v for k, v in value.items()}
    return value


def _declared(declared: CedarType, values: Mapping[str, Any]) -> dict[str, Any]:
    """The declared keys of a record's values, expanded; the others dropped."""
    attrs = declared.attributes
    return {k: expand(attrs[k].type, v) for k, v in values.items() if k in attrs}


def _overlay(
    engine: CedarEngine, parties: Sequence[tuple[EntityDecl, Party]]
) -> list[dict[str, Any]]:
    """The entities the request changes: stored ones with properties overlaid, or new ones."""
    out: dict[Key, dict[str, Any]] = {}
    for decl, party in parties:
        given = _declared(CedarType("Record", attributes=decl.attributes), party.properties)
        key = (decl.name, party.id)
        base = out.get(key) or engine.stored.get(key)
        if not given:
            continue
        entity = {**(base or {"parents": []}), "uid": {"type": decl.name, "id": party.id}}
        out[key] = entity | {"attrs": {**entity.get("attrs", {}), **given}}
    return [e for key, e in out.items() if not _same(e, engine.stored.get(key))]


def _same(entity: Mapping[str, Any], stored: Mapping[str, Any] | None) -> bool:
    """Equal as JSON (in Python `True == 1 == 1.0`; in Cedar they are three values)."""
    return stored is not None and json.dumps(entity, sort_keys=True) == json.dumps(
        stored, sort_keys=True
    )


def to_cedar(engine: CedarEngine, ev: Evaluation) -> tuple[Query, list[dict[str, Any]]]:
    """Map an evaluation onto Cedar: the query, and the entities it overlays on the stored ones."""
    subject = entity_type(engine, "subject", ev.subject.type)
    resource = entity_type(engine, "resource", ev.resource.type)
    action = _action(engine, ev.action)
    given = {k: v for k, v in ev.context.items() if k != ACTION_PROPERTIES}
    context = _declared(action.context, given)
    if ev.action_properties is not None and ACTION_PROPERTIES in action.context.attributes:
        context |= _declared(action.context, {ACTION_PROPERTIES: dict(ev.action_properties)})
    query = Query(
        principal={"type": subject.name, "id": ev.subject.id},
        action=action.id,
        resource={"type": resource.name, "id": ev.resource.id},
        context=context,
        action_type=action.type,
    )
    return query, _overlay(engine, [(subject, ev.subject), (resource, ev.resource)])


def _mapped(engine: CedarEngine, ev: Evaluation) -> tuple[Query, str, list[Any]] | Decision:
    """The query, a key for the entities it overlays and those entities; or a deny."""
    try:
        query, overlay = to_cedar(engine, ev)
        json.dumps(query.context)  # a value JSON cannot carry fails this evaluation alone
        return query, json.dumps(overlay, sort_keys=True), overlay
    except UndeclaredError:
        return engine.no_basis
    except Exception:  # fail closed: a request the mapping cannot read is not decided
        return engine.failed


def decide_generic_batch(engine: CedarEngine, evaluations: Sequence[Evaluation]) -> list[Decision]:
    """Decide many evaluations; those that overlay the same entities share one cedarpy call."""
    out: list[Decision | None] = [None] * len(evaluations)
    groups: dict[str, tuple[list[Any], list[tuple[int, Query]]]] = {}
    for index, ev in enumerate(evaluations):
        mapped = _mapped(engine, ev)
        if isinstance(mapped, Decision):
            out[index] = mapped
            continue
        query, key, overlay = mapped
        groups.setdefault(key, (overlay, []))[1].append((index, query))
    for overlay, items in groups.values():
        decisions = engine.decide_replacing([q for _, q in items], overlay)
        for (index, _), decision in zip(items, decisions, strict=True):
            out[index] = decision
    return [d if d is not None else engine.failed for d in out]


def decide_generic(engine: CedarEngine, ev: Evaluation) -> Decision:
    """Decide one AuthZEN evaluation for any pack; an undeclared name or any error denies."""
    return decide_generic_batch(engine, [ev])[0]
