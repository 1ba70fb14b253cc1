"""AuthZEN Authorization API 1.0 onto the engine: what a request means and what it answers.

The PJD pack: subject `helsepersonell` and resource `dokument` become a one-document PJD request
(`api.authzen.pjd`) decided on the PJD endpoint's own path (`api.pjd.service.decide_all`), so both
endpoints decide alike; a batch is decided as one request (`api.authzen.batch`). Any other pack:
the generic Cedar mapping (`engine.generic`). A deny is a decision; bad input is a
`RequestError` naming the AuthZEN field, which the api answers with 400. Obligations are
`{"id", "type": "obligation", "properties": {"rule"}}` in `context.obligations` (the PJD
endpoint's own answer keeps `{id, rule}`).
"""

from __future__ import annotations

import uuid
from typing import Any

from api.authzen.batch import decide_pjd_batch, pjd_answer
from api.authzen.defaults import KEYS, with_defaults
from api.authzen.limits import MAX_EVALUATIONS
from api.authzen.pjd import is_pjd_evaluation, prepared
from api.authzen.schemas import (
    BatchIn,
    EvaluationIn,
    Item,
    OptionsIn,
    Semantic,
    failed,
    obligation,
    parse,
    refused,
)
from api.errors import SearchUnsupported, ServiceUnavailable
from api.pjd.facts import request_time
from api.pjd.service import decide_all, pjd_question
from api.runtime import Runtime, is_pjd
from engine import (
    NO_BASIS,
    CedarEngine,
    Decision,
    PolicyEngine,
    RequestError,
    TooLarge,
    system_denial,
)
from engine.generic import Evaluation, Party, decide_generic, decide_generic_batch
from engine.pjd import codes


def answer(d: Decision, engine: PolicyEngine, decision_id: str | None = None) -> dict[str, Any]:
    """An AuthZEN answer: `{"decision": bool, "context": {decision_id, …, obligations}}`."""
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


def _pjd(runtime: Runtime, engine: PolicyEngine, ev: EvaluationIn) -> dict[str, Any]:
    if not is_pjd_evaluation(ev):
        return answer(system_denial(engine.catalogue, NO_BASIS), engine)
    clock = request_time(runtime.settings)  # the clock is read once, here (R26)
    request, key = prepared(ev, clock, codes(engine.pack), runtime.claims)
    decision_id = str(uuid.uuid4())
    question = pjd_question(request, key, [decision_id])
    [[decision]] = decide_all(runtime, engine, [question], clock.now)
    return pjd_answer(decision, engine, decision_id)


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


def _evaluate(runtime: Runtime, engine: PolicyEngine, data: object) -> dict[str, Any]:
    ev = parse(EvaluationIn, data)
    if is_pjd(engine):  # the engine taken once decides, even if a reload swaps it
        return _pjd(runtime, engine, ev)
    return answer(decide_generic(_cedar(engine), _generic(ev)), engine)


def evaluate(runtime: Runtime, data: object) -> dict[str, Any]:
    """Decide one AuthZEN evaluation: `{"decision": bool, "context": {...}}`."""
    return _evaluate(runtime, _loaded(runtime), data)


def _parsed(merged: Item) -> Evaluation | dict[str, Any]:
    """One item of a generic pack's batch, read; a bad item is its failed deny, not a failed
    batch."""
    try:
        if isinstance(merged, RequestError):
            raise merged
        return _generic(parse(EvaluationIn, merged))
    except RequestError as exc:
        return failed(exc)
    except ServiceUnavailable:
        raise  # the service cannot decide at all: the whole batch is a 503
    except Exception:  # an item that cannot be read is a deny; the others stand
        return refused(503, "the evaluation could not be completed")


def stops(semantic: Semantic, decision: bool) -> bool:
    """Does this decision end the batch's answer under `semantic`?"""
    if semantic == "deny_on_first_deny":
        return not decision
    return semantic == "permit_on_first_permit" and decision


def _generic_batch(engine: PolicyEngine, items: list[Item], semantic: Semantic) -> list[Any]:
    """Every readable item decided at once (those overlaying the same entities in one cedarpy
    call), answered in order up to where `semantic` stops; deciding has no side effects."""
    read = [_parsed(merged) for merged in items]
    decided = iter(_decided(_cedar(engine), [i for i in read if isinstance(i, Evaluation)]))
    results: list[Any] = []
    for item in read:
        outcome = next(decided) if isinstance(item, Evaluation) else item
        results.append(answer(outcome, engine) if isinstance(outcome, Decision) else outcome)
        if stops(semantic, results[-1]["decision"]):
            break
    return results


def _decided(engine: CedarEngine, evaluations: list[Evaluation]) -> list[Decision | Any]:
    """The evaluations decided together; if that fails unexpectedly, each alone, so that the
    one that cannot be decided is a deny (503 in its context) and the others stand."""
    try:
        return list(decide_generic_batch(engine, evaluations))
    except Exception:
        return [_alone(engine, ev) for ev in evaluations]


def _alone(engine: CedarEngine, ev: Evaluation) -> Decision | dict[str, Any]:
    try:
        return decide_generic_batch(engine, [ev])[0]
    except Exception:
        return refused(503, "the evaluation could not be completed")


def _items(batch: BatchIn, data: dict[str, Any]) -> list[Item]:
    """The items with the batch's defaults; an item that is not an object is its error."""
    assert batch.evaluations is not None
    count = len(batch.evaluations)
    if count > MAX_EVALUATIONS:
        message = (
            f"{count} evaluations; at most {MAX_EVALUATIONS} in one request (nothing was decided)"
        )
        raise TooLarge("evaluations", message)
    defaults = {k: data[k] for k in KEYS if data.get(k) is not None}
    return [
        with_defaults(defaults, item)
        if isinstance(item, dict)
        else RequestError(f"evaluations[{index}]", "must be an object")
        for index, item in enumerate(batch.evaluations)
    ]


def evaluate_batch(runtime: Runtime, data: object) -> dict[str, Any]:
    """Decide an AuthZEN batch; without items it is one evaluation of the top level."""
    if not isinstance(data, dict):
        raise RequestError("body", "must be a JSON object")
    batch = parse(BatchIn, data)
    engine = _loaded(runtime)
    if not batch.evaluations:
        return _evaluate(runtime, engine, data)
    items, options = _items(batch, data), batch.options or OptionsIn()
    semantic = options.evaluations_semantic
    if is_pjd(engine):
        results = decide_pjd_batch(runtime, engine, items, semantic)
    else:
        results = _generic_batch(engine, items, semantic)
    return {"evaluations": [_shown(r, options.include_context) for r in results]}


def _shown(result: dict[str, Any], include_context: bool) -> dict[str, Any]:
    """An item's answer; its context only when asked for, or when it carries an error."""
    return (
        result
        if include_context or "error" in result["context"]
        else {"decision": result["decision"]}
    )
