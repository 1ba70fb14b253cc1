"""AuthZEN Authorization API 1.0 onto the engine: what a request means and what it answers.

The PJD pack: subject `helsepersonell` and resource `dokument` become a one-document PJD request
decided by `api.service.decide` — the PJD endpoint's own path — so both endpoints decide alike.
Any other pack: the generic Cedar mapping (`engine.generic`). A deny is a decision; bad input is
a `RequestError` naming the AuthZEN field, which the api answers with 400. Obligations are
`{"id", "type": "obligation", "properties": {"rule"}}` in `context.obligations` (the PJD
endpoint's own answer keeps `{id, rule}`).
"""

from __future__ import annotations

import uuid
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from api import service
from api.authzen_defaults import KEYS, with_defaults
from api.authzen_limits import MAX_EVALUATIONS, SearchUnsupported
from api.errors import ServiceUnavailable, field_path
from api.runtime import Runtime, is_pjd
from api.schemas import PjdDecisionIn, PjdDecisionOut
from engine import (
    NO_BASIS,
    CedarEngine,
    Decision,
    PolicyEngine,
    RequestError,
    TooLarge,
    system_denial,
)
from engine.generic import Evaluation, Party, decide_generic
from engine.pjd import AttestationError

Semantic = Literal["execute_all", "deny_on_first_deny", "permit_on_first_permit"]
PJD_SUBJECT, PJD_RESOURCE = "helsepersonell", "dokument"
DOCUMENT_FIELDS = (
    "source",
    "class_code",
    "type_code",
    "confidentiality",
    "service_time",
    "created",
)
# PJD field → AuthZEN field, matched on whole path segments, first match wins.
RENAMES = (
    ("documents[0].id", "resource.id"),
    ("documents[0]", "resource.properties"),
    ("documents", "resource"),
    ("identity.pid", "subject.id"),
    ("identity", "subject.properties.identity"),
    ("attestation", "subject.properties.attestation"),
    ("patient", "resource.properties.patient"),
    ("action", "action.name"),
    ("path", "context.path"),
    ("access_basis", "context.access_basis"),
    ("at", "context.at"),
)
M = TypeVar("M", bound=BaseModel)


class In(BaseModel):
    """An AuthZEN request object: unknown fields ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class EntityIn(In):
    """An AuthZEN subject or resource."""

    type: StrictStr = Field(min_length=1)
    id: StrictStr = Field(min_length=1)
    properties: dict[str, Any] | None = None


class ActionIn(In):
    """An AuthZEN action."""

    name: StrictStr = Field(min_length=1)
    properties: dict[str, Any] | None = None


class EvaluationIn(In):
    """One AuthZEN access evaluation request."""

    subject: EntityIn
    action: ActionIn
    resource: EntityIn
    context: dict[str, Any] | None = None


class OptionsIn(In):
    """The options of a batch."""

    evaluations_semantic: Semantic = "execute_all"
    include_context: StrictBool = False


class BatchIn(In):
    """The batch envelope; its subject, action, resource and context are read raw as defaults."""

    evaluations: list[Any] | None = None
    options: OptionsIn | None = None


def rename(pjd_field: str) -> str:
    """The AuthZEN name of a PJD field: `documents[0].source` → `resource.properties.source`."""
    for old, new in RENAMES:
        if pjd_field == old or (pjd_field.startswith(old) and pjd_field[len(old)] in ".["):
            return new + pjd_field[len(old) :]
    return pjd_field


def _first_error(exc: ValidationError, prefix: str = "") -> RequestError:
    first = exc.errors()[0]
    return RequestError(prefix + field_path(tuple(first["loc"])), str(first["msg"]))


def parse(model: type[M], data: object) -> M:
    """The request as `model`; anything malformed is a `RequestError` naming the field."""
    if not isinstance(data, dict):
        raise RequestError("body", "must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from exc


def obligation(obligation_id: str, rule: str) -> dict[str, Any]:
    """An obligation as AuthZEN carries it in `context.obligations`: `{id, type, properties}`."""
    return {"id": obligation_id, "type": "obligation", "properties": {"rule": rule}}


def _answer(d: Decision, engine: PolicyEngine, decision_id: str | None = None) -> dict[str, Any]:
    context = {
        "decision_id": decision_id or str(uuid.uuid4()),
        "policy_revision": engine.revision,
        "engine": engine.name,
        "reasons": [
            {"rule": r.id, "title": r.title, "legal_basis": r.legal_basis} for r in d.reasons
        ],
        "obligations": [obligation(o.id, o.rule) for o in d.obligations],
    }
    return {"decision": d.permitted, "context": context}


def _identity(subject: EntityIn) -> dict[str, Any]:
    identity = (subject.properties or {}).get("identity")
    identity = {} if identity is None else identity
    if not isinstance(identity, dict):
        raise RequestError("subject.properties.identity", "must be an object")
    pid = identity.get("pid")
    if pid is not None and pid != subject.id:
        raise RequestError("subject.properties.identity.pid", "must equal subject.id when given")
    return {**identity, "pid": subject.id}


def pjd_body(ev: EvaluationIn) -> dict[str, Any]:
    """The PJD endpoint's body for one evaluation (one document); absent fields stay absent."""
    subject, resource = ev.subject.properties or {}, ev.resource.properties or {}
    context = ev.context or {}
    body: dict[str, Any] = {"action": ev.action.name, "identity": _identity(ev.subject)}
    body |= {k: context[k] for k in ("path", "access_basis", "at") if k in context}
    body |= {k: resource[k] for k in ("patient",) if k in resource}
    body |= {k: subject[k] for k in ("attestation",) if k in subject}
    document = {k: resource[k] for k in DOCUMENT_FIELDS if k in resource}
    body["documents"] = [{"id": ev.resource.id, **document}]
    return body


def _decide_pjd(runtime: Runtime, engine: PolicyEngine, ev: EvaluationIn) -> PjdDecisionOut:
    try:
        body = PjdDecisionIn.model_validate(pjd_body(ev))
        return service.decide(runtime, body, engine=engine)
    except ValidationError as exc:
        error = _first_error(exc)
        raise RequestError(rename(error.field), error.message) from exc
    except (AttestationError, RequestError) as exc:
        raise RequestError(rename(exc.field), exc.message) from exc


def _pjd(runtime: Runtime, engine: PolicyEngine, ev: EvaluationIn) -> dict[str, Any]:
    if ev.subject.type != PJD_SUBJECT or ev.resource.type != PJD_RESOURCE:
        return _answer(system_denial(engine.catalogue, NO_BASIS), engine)
    out = _decide_pjd(runtime, engine, ev)
    result = out.results[0]
    return {
        "decision": result.decision == "permit",
        "context": {
            "decision_id": out.decision_id,
            "policy_revision": out.policy_revision,
            "engine": out.engine,
            "reasons": [r.model_dump() for r in result.reasons],
            "obligations": [obligation(o.id, o.rule) for o in result.obligations],
        },
    }


def _generic(ev: EvaluationIn) -> Evaluation:
    return Evaluation(
        subject=Party(ev.subject.type, ev.subject.id, ev.subject.properties or {}),
        action=ev.action.name,
        resource=Party(ev.resource.type, ev.resource.id, ev.resource.properties or {}),
        action_properties=ev.action.properties,
        context=ev.context or {},
    )


def _loaded(runtime: Runtime) -> PolicyEngine:
    engine = runtime.engine
    if engine is None:
        raise ServiceUnavailable("no policy pack is loaded")
    return engine


def _cedar(engine: PolicyEngine) -> CedarEngine:
    if not isinstance(engine, CedarEngine):
        raise ServiceUnavailable(f"the {engine.name} engine decides only the PJD pack")
    return engine


def generic_engine(runtime: Runtime) -> CedarEngine:
    """The loaded engine, if it decides a generic pack; the PJD pack offers no search."""
    engine = _loaded(runtime)
    if is_pjd(engine):
        raise SearchUnsupported
    return _cedar(engine)


def evaluate(runtime: Runtime, data: object) -> dict[str, Any]:
    """Decide one AuthZEN evaluation: `{"decision": bool, "context": {...}}`."""
    ev = parse(EvaluationIn, data)
    engine = _loaded(runtime)
    if is_pjd(engine):  # the engine taken once above decides, even if a reload swaps it
        return _pjd(runtime, engine, ev)
    return _answer(decide_generic(_cedar(engine), _generic(ev)), engine)


def _failed(exc: RequestError) -> dict[str, Any]:
    return _refused(400, f"{exc.field}: {exc.message}")


def _refused(status: int, message: str) -> dict[str, Any]:
    return {"decision": False, "context": {"error": {"status": status, "message": message}}}


def _item(runtime: Runtime, defaults: dict[str, Any], item: object, index: int) -> dict[str, Any]:
    """One batch item with the batch's defaults; a bad item is a failed deny, not a failed batch."""
    if not isinstance(item, dict):
        return _failed(RequestError(f"evaluations[{index}]", "must be an object"))
    merged = with_defaults(defaults, item)
    try:
        return evaluate(runtime, merged)
    except RequestError as exc:
        return _failed(exc)
    except ServiceUnavailable:
        raise  # the service cannot decide at all: the whole batch is a 503
    except Exception:  # an item that cannot be decided is a deny; the others stand
        return _refused(503, "the evaluation could not be completed")


def _stops(semantic: Semantic, decision: bool) -> bool:
    if semantic == "deny_on_first_deny":
        return not decision
    return semantic == "permit_on_first_permit" and decision


def evaluate_batch(runtime: Runtime, data: object) -> dict[str, Any]:
    """Decide an AuthZEN batch; without items it is one evaluation of the top level."""
    if not isinstance(data, dict):
        raise RequestError("body", "must be a JSON object")
    batch = parse(BatchIn, data)
    if not batch.evaluations:
        return evaluate(runtime, data)
    if len(batch.evaluations) > MAX_EVALUATIONS:
        count = len(batch.evaluations)
        message = (
            f"{count} evaluations; at most {MAX_EVALUATIONS} in one request (nothing was decided)"
        )
        raise TooLarge("evaluations", message)
    defaults = {k: data[k] for k in KEYS if data.get(k) is not None}
    options, results = batch.options or OptionsIn(), []
    for index, item in enumerate(batch.evaluations):
        result = _item(runtime, defaults, item, index)
        shown = options.include_context or "error" in result["context"]
        results.append(result if shown else {"decision": result["decision"]})
        if _stops(options.evaluations_semantic, result["decision"]):
            break
    return {"evaluations": results}
