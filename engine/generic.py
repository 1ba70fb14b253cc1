"""AuthZEN onto Cedar for any policy pack: subject → principal, resource, action and context.

Pure: no I/O. An entity's attributes are those the pack stores for its uid (entities.json),
overlaid by the request's `properties`, kept only where the schema declares them; the
`action.properties` become `context.action_properties` when the action's context declares it;
context keys the action does not declare are dropped. Fail closed: an entity type or action the
schema does not declare is `ingen_tilgangsgrunnlag`, anything Cedar cannot evaluate (a missing or
ill-typed attribute, a request the schema refuses) is `evaluation_error` — never a permit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.cedar_engine import CedarEngine, Query, entity_uid
from engine.errors import RequestError
from engine.model import Decision, GenericRequest

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


def _qualified(engine: CedarEngine, name: str) -> str:
    namespace = engine.pack.namespace
    return f"{namespace}::{name}" if namespace else name


def _overlaid(engine: CedarEngine, parties: Sequence[tuple[str, Party]]) -> dict[Key, Any]:
    """Each party's entity: stored attributes overlaid by its properties, declared ones only."""
    stored = {entity_uid(e): e for e in engine.pack.entities}
    out: dict[Key, dict[str, Any]] = {}
    for role, party in parties:
        kind = _qualified(engine, party.type)
        declared = engine.info.entities.get(kind)
        if declared is None:
            raise UndeclaredError(f"{role}.type", f"the pack declares no entity type {kind!r}")
        key = (kind, party.id)
        base = out.get(key) or stored.get(key) or {}
        attrs = {**base.get("attrs", {}), **party.properties}
        out[key] = {
            "uid": {"type": kind, "id": party.id},
            "attrs": {name: value for name, value in attrs.items() if name in declared},
            "parents": list(base.get("parents", [])),
        }
    return out


def _context(engine: CedarEngine, ev: Evaluation) -> dict[str, Any]:
    """The declared context keys of the request, plus `action_properties` when declared."""
    action = f'{engine.action_type}::"{ev.action}"'
    declared = engine.info.contexts.get(action)
    if declared is None:
        raise UndeclaredError("action.name", f"the pack declares no action {action}")
    context = {k: v for k, v in ev.context.items() if k in declared and k != ACTION_PROPERTIES}
    if ev.action_properties is not None and ACTION_PROPERTIES in declared:
        context[ACTION_PROPERTIES] = dict(ev.action_properties)
    return context


def to_cedar(engine: CedarEngine, ev: Evaluation) -> GenericRequest:
    """Map an evaluation onto Cedar: uids, the overlaid entities and the declared context."""
    entities = _overlaid(engine, [("subject", ev.subject), ("resource", ev.resource)])
    return GenericRequest(
        principal=(_qualified(engine, ev.subject.type), ev.subject.id),
        action=ev.action,
        resource=(_qualified(engine, ev.resource.type), ev.resource.id),
        context=_context(engine, ev),
        entities=tuple(entities.values()),
    )


def decide_cedar(engine: CedarEngine, req: GenericRequest) -> Decision:
    """Decide a mapped request over its own entity store; any error is `evaluation_error`."""
    query = Query(
        principal={"type": req.principal[0], "id": req.principal[1]},
        action=req.action,
        resource={"type": req.resource[0], "id": req.resource[1]},
        context=req.context,
    )
    return engine.decide_replacing([query], [dict(e) for e in req.entities])[0]


def decide_generic(engine: CedarEngine, ev: Evaluation) -> Decision:
    """Decide one AuthZEN evaluation for any pack; an undeclared name or any error denies."""
    try:
        req = to_cedar(engine, ev)
    except UndeclaredError:
        return engine.no_basis
    except (RequestError, ValueError, TypeError):
        return engine.failed
    return decide_cedar(engine, req)
