"""The one decision path: facts → engine → log → answer.

Every decision the service makes goes through `decide_all`: the PJD endpoint's request, each
AuthZEN form on the PJD pack (one evaluation, or a whole batch at once) and the citizen's
`view_log`. The facts of all its questions are read in one transaction (`api.pjd.facts.read_all`),
each question is one engine call, and the answered decisions are logged in one transaction
before the answer (shared with the other decisions of the moment: `api.access_log.group_commit`);
a log that cannot be written turns every answered decision into the deny `logg_ikke_skrevet`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from api.access_log.entries import log_entries
from api.access_log.store import LogEntry, LogWriteError
from api.errors import ServiceUnavailable
from api.pjd.facts import FactsKey, prepare, read_all, request_time
from api.pjd.schemas import ObligationOut, PjdDecisionIn, PjdDecisionOut, ReasonOut, ResultOut
from api.runtime import Runtime, is_pjd
from engine import EVALUATION_ERROR, LOG_FAILED, Decision, PolicyEngine, RequestError, system_denial
from engine.pjd import DecisionRequest, RegistryFacts, codes, decide_pjd

# which decisions of each question are answered, hence logged (all, unless a batch stops early)
Answered = Callable[[list[list[Decision]]], list[list[bool]]]


@dataclass(frozen=True)
class Question:
    """One engine call's worth of deciding: what it reads, how many decisions it makes, how the
    engine makes them, and the log's records of the answered ones."""

    key: FactsKey
    size: int
    decide: Callable[[PolicyEngine, RegistryFacts], list[Decision]]
    record: Callable[
        [PolicyEngine, RegistryFacts, Sequence[Decision], Sequence[bool]], list[LogEntry]
    ]


def pjd_engine(runtime: Runtime) -> PolicyEngine:
    """The loaded PJD engine, taken once: a reload meanwhile does not change this decision."""
    engine = runtime.engine
    if engine is None or not is_pjd(engine):
        raise ServiceUnavailable("no PJD policy pack is loaded")
    return engine


def _all(decided: list[list[Decision]]) -> list[list[bool]]:
    return [[True] * len(decisions) for decisions in decided]


def _decided(engine: PolicyEngine, question: Question, facts: RegistryFacts) -> list[Decision]:
    """The engine's decisions; if deciding fails unexpectedly, each is the deny
    `evaluation_error` (logged like any decision), never an error a caller could misread."""
    try:
        return question.decide(engine, facts)
    except RequestError:
        raise  # the request cannot be decided as asked: a 400 naming the field
    except Exception:
        return [system_denial(engine.catalogue, EVALUATION_ERROR)] * question.size


def _logged(
    runtime: Runtime,
    engine: PolicyEngine,
    read: tuple[Sequence[Question], Sequence[RegistryFacts]],
    decided: list[list[Decision]],
    answered: list[list[bool]],
    now: datetime,
) -> list[list[Decision]]:
    """Write every answered decision to the access log, in one transaction, before answering,
    with the facts it was decided on (R22: anonymisation as at the access); unlogged, nothing
    answered is permitted."""
    questions, facts = read
    entries = [
        entry
        for question, f, decisions, shown in zip(questions, facts, decided, answered, strict=True)
        for entry in question.record(engine, f, decisions, shown)
    ]
    try:
        runtime.log.append(entries, now)  # with the decisions answered at the same moment
    except LogWriteError:
        failed = system_denial(engine.catalogue, LOG_FAILED)
        return [
            [failed if shown else d for d, shown in zip(decisions, mask, strict=True)]
            for decisions, mask in zip(decided, answered, strict=True)
        ]
    return decided


def decide_all(
    runtime: Runtime,
    engine: PolicyEngine,
    questions: Sequence[Question],
    now: datetime,
    *,
    log: bool = True,
    answered: Answered = _all,
) -> list[list[Decision]]:
    """Decide every question on one read of the facts and log the answered decisions (`log=False`,
    the CLI's dry run, logs nothing): each question's decisions, in order."""
    facts = read_all(runtime.db, runtime.registry, [q.key for q in questions])
    decided = [_decided(engine, q, f) for q, f in zip(questions, facts, strict=True)]
    if not log:
        return decided
    return _logged(runtime, engine, (questions, facts), decided, answered(decided), now)


def pjd_question(request: DecisionRequest, key: FactsKey, ids: Sequence[str]) -> Question:
    """A PJD request as a question: its documents' decisions, each logged under its decision id
    (`ids`, one per document: one request's documents share one, a batch's items each have
    their own)."""

    def decide(engine: PolicyEngine, facts: RegistryFacts) -> list[Decision]:
        return decide_pjd(engine, replace(request, facts=facts))

    def record(
        engine: PolicyEngine,
        facts: RegistryFacts,
        decisions: Sequence[Decision],
        shown: Sequence[bool],
    ) -> list[LogEntry]:
        decided = replace(request, facts=facts)
        return [
            entry
            for doc, d, decision_id, answered in zip(
                request.documents, decisions, ids, shown, strict=True
            )
            if answered
            for entry in log_entries(
                replace(decided, documents=(doc,)), [d], decision_id, engine.revision, engine.name
            )
        ]

    return Question(key, len(request.documents), decide, record)


def _result(document: str, d: Decision) -> ResultOut:
    return ResultOut(
        document=document,
        decision=d.effect,
        reasons=[ReasonOut(rule=r.id, title=r.title, legal_basis=r.legal_basis) for r in d.reasons],
        obligations=[ObligationOut(id=o.id, rule=o.rule) for o in d.obligations],
    )


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
    engine = engine or pjd_engine(runtime)
    if not is_pjd(engine):
        raise ServiceUnavailable("no PJD policy pack is loaded")
    clock = request_time(runtime.settings, now)  # the clock is read once, here (R26)
    request, key = prepare(body, clock, codes(engine.pack), runtime.claims)
    decision_id = str(uuid.uuid4())
    question = pjd_question(request, key, [decision_id] * len(request.documents))
    [decisions] = decide_all(runtime, engine, [question], clock.now, log=log)
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
