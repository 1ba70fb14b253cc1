"""Deciding a PJD request: gather facts, call the engine, answer. The one path every caller uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Session

from api.errors import ServiceUnavailable
from api.facts import build_request
from api.runtime import Runtime
from api.schemas import ObligationOut, PjdDecisionIn, PjdDecisionOut, ReasonOut, ResultOut
from engine import Decision, decide_pjd


def _result(document: str, d: Decision) -> ResultOut:
    return ResultOut(
        document=document,
        decision=d.effect,
        reasons=[ReasonOut(rule=r.id, title=r.title, legal_basis=r.legal_basis) for r in d.reasons],
        obligations=[ObligationOut(id=o.id, rule=o.rule) for o in d.obligations],
    )


def decide(runtime: Runtime, body: PjdDecisionIn, now: datetime | None = None) -> PjdDecisionOut:
    """Decide every document of a PJD request; the clock is read once, here, if `at` is absent."""
    engine = runtime.engine
    if engine is None or not runtime.is_pjd:
        raise ServiceUnavailable("no PJD policy pack is loaded")
    now = now or datetime.now(UTC)
    with Session(runtime.db) as session:
        request = build_request(body, session, now)
    decisions = decide_pjd(engine, request)
    results = [_result(doc.id, d) for doc, d in zip(request.documents, decisions, strict=True)]
    hidden = sum(1 for d in decisions if d.hidden) if request.action == "list" else 0
    return PjdDecisionOut(
        decision_id=str(uuid.uuid4()),
        policy_revision=engine.revision,
        engine=engine.name,
        at=request.at,
        results=results,
        hidden_count=hidden,
    )
