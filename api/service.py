"""Deciding a PJD request: gather facts, call the engine, answer. The one path every caller uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import Engine

from api.access_log import LogWriteError, append
from api.errors import ServiceUnavailable
from api.facts import build_request, read_facts
from api.log_entries import check_storable, log_entries
from api.runtime import Runtime, is_pjd
from api.schemas import ObligationOut, PjdDecisionIn, PjdDecisionOut, ReasonOut, ResultOut
from engine import EVALUATION_ERROR, LOG_FAILED, Decision, PolicyEngine, RequestError, system_denial
from engine.pjd import DecisionRequest, codes, decide_pjd


def _result(document: str, d: Decision) -> ResultOut:
    return ResultOut(
        document=document,
        decision=d.effect,
        reasons=[ReasonOut(rule=r.id, title=r.title, legal_basis=r.legal_basis) for r in d.reasons],
        obligations=[ObligationOut(id=o.id, rule=o.rule) for o in d.obligations],
    )


def _logged(
    db: Engine,
    engine: PolicyEngine,
    req: DecisionRequest,
    decisions: list[Decision],
    decision_id: str,
    now: datetime,
) -> list[Decision]:
    """Write every decision to the access log before answering; unlogged, nothing is permitted."""
    entries = log_entries(req, decisions, decision_id, engine.revision, engine.name)
    try:
        append(db, entries, now)
    except LogWriteError:
        return [system_denial(engine.catalogue, LOG_FAILED) for _ in decisions]
    return decisions


def _decided(engine: PolicyEngine, request: DecisionRequest) -> list[Decision]:
    """The engine's decisions; if deciding fails unexpectedly, each document is the deny
    `evaluation_error` (logged like any decision), never an error a caller could misread."""
    try:
        return decide_pjd(engine, request)
    except RequestError:
        raise  # the request cannot be decided as asked: a 400 naming the field
    except Exception:
        return [system_denial(engine.catalogue, EVALUATION_ERROR) for _ in request.documents]


def decide(
    runtime: Runtime,
    body: PjdDecisionIn,
    now: datetime | None = None,
    *,
    log: bool = True,
    engine: PolicyEngine | None = None,
) -> PjdDecisionOut:
    """Decide each document of a PJD request and log it; `log=False` (the CLI's dry run) doesn't.
    The engine is taken once (or given): a reload meanwhile does not change this decision."""
    engine = engine or runtime.engine
    if engine is None or not is_pjd(engine):
        raise ServiceUnavailable("no PJD policy pack is loaded")
    now = now or datetime.now(UTC)  # the clock is read once, here, if `at` is absent
    reader = partial(read_facts, runtime.db, runtime.registry)
    request = build_request(body, reader, now, codes(engine.pack))
    check_storable(request)  # what the log cannot store is refused, not decided unrecorded
    decision_id = str(uuid.uuid4())
    decisions = _decided(engine, request)
    if log:
        decisions = _logged(runtime.db, engine, request, decisions, decision_id, now)
    results = [_result(doc.id, d) for doc, d in zip(request.documents, decisions, strict=True)]
    hidden = sum(1 for d in decisions if d.hidden) if request.action == "list" else 0
    return PjdDecisionOut(
        decision_id=decision_id,
        policy_revision=engine.revision,
        engine=engine.name,
        at=request.at,
        results=results,
        hidden_count=hidden,
    )
