"""The access log for its readers (R22): the patient's view, decided by the `view_log` policy,
and the data controller's view of one source. The clock is read once per request, here.

The citizen's `view_log` decision is itself a decision (R21): it is logged (subject
`innbygger`, path `helsenorge`, no source) before the answer; a record that cannot be written
turns it into a deny.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query

from api.access_log.shown_text import SafeJSONResponse
from api.access_log.store import LogEntry
from api.access_log.views import (
    ControllerLogPage,
    PatientLogPage,
    check_source,
    controller_page,
    paging,
    patient_page,
    window,
)
from api.bounded_input import CheckedRoute
from api.deps import CitizenCaller, DbSession, LogCaller, RuntimeDep
from api.error_docs import error_responses
from api.errors import Forbidden
from api.pjd.citizens import bind_citizen, citizen_of
from api.pjd.facts import FactsKey
from api.pjd.service import Question, decide_all, pjd_engine
from api.runtime import Runtime
from api.types import check_person_id
from engine import Decision, PolicyEngine
from engine.pjd import Citizen, RegistryFacts, codes, decide_view_log

router = APIRouter(tags=["access-log"], route_class=CheckedRoute)

CitizenHeader = Annotated[str | None, Header(alias="X-Citizen")]
Text = Annotated[str | None, Query()]


@router.get(
    "/v1/patients/{patient}/access-log",
    response_model=PatientLogPage,
    response_class=SafeJSONResponse,
    responses=error_responses(403, 503),
)
def patient_log(
    patient: str,
    runtime: RuntimeDep,
    session: DbSession,
    caller: CitizenCaller,
    x_citizen: CitizenHeader = None,
    limit: Text = None,
    offset: Text = None,
) -> PatientLogPage:
    """Who has accessed the patient's documents (health personnel, permitted), newest first.

    `X-Citizen` carries the citizen's verified claims; the `view_log` policy decides (403 with
    the deciding rules on a deny). `limit` 1..200 (default 50), `offset` 0 or more.
    """
    check_person_id(patient)
    citizen = citizen_of(caller, x_citizen, codes(pjd_engine(runtime).pack), runtime.claims)
    bind_citizen(caller, citizen)
    page = paging(limit, offset)
    claims = "token" if caller.citizen is not None else "unverified"
    decision = _view_log(runtime, citizen, patient, datetime.now(UTC), claims)
    if not decision.permitted:
        raise Forbidden(decision.reasons)
    return patient_page(
        session, patient, page, locks_shown=not _parent_of_a_child(runtime, citizen)
    )


def _parent_of_a_child(runtime: Runtime, citizen: Citizen) -> bool:
    """R33: a parent (ACP `.1`) acting for a child under the age of independent access
    (`innbygger_selvstendig_alder`): the child's restrictions are shown in no view."""
    if citizen.representation != "1":
        return False
    age = pjd_engine(runtime).pack.parameters.get("innbygger_selvstendig_alder")
    if not isinstance(age, int):
        return True  # no threshold known: hide, never reveal
    return citizen.represented_age is None or citizen.represented_age < age


@router.get(
    "/v1/access-log",
    response_model=ControllerLogPage,
    response_model_by_alias=True,
    responses=error_responses(503),
)
def source_log(
    session: DbSession,
    _: LogCaller,
    source: Text = None,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    limit: Text = None,
    offset: Text = None,
) -> ControllerLogPage:
    """The data controller's view: every record about `source`'s documents, permit and deny,
    with every stored field, recorded `from` (inclusive) … `to` (exclusive, RFC 3339), newest
    first; `recorded_at` is the service's clock, `at` the caller's asserted moment."""
    checked = check_source(source)
    first, last = window(start, end)
    return controller_page(session, checked, first, last, paging(limit, offset))


def _view_log(
    runtime: Runtime, citizen: Citizen, patient: str, now: datetime, claims: str
) -> Decision:
    """Decide `view_log` on the registry and restriction facts at `now`, and log it."""
    engine = pjd_engine(runtime)
    question = view_log_question(citizen, patient, now, claims)
    [[decision]] = decide_all(runtime, engine, [question], now)
    return decision


def view_log_question(
    citizen: Citizen, patient: str, now: datetime, claims: str = "unverified"
) -> Question:
    """The citizen's `view_log` as a question: no consumer, no source, the patient's facts;
    `claims` says where the citizen's claims came from (`token` or `unverified`)."""

    def decide(engine: PolicyEngine, facts: RegistryFacts) -> list[Decision]:
        return [decide_view_log(engine, citizen, patient, facts, now)]

    def record(
        engine: PolicyEngine, _facts: object, decisions: Sequence[Decision], _shown: object
    ) -> list[LogEntry]:
        return [_entry(engine, citizen, patient, decision, now, claims) for decision in decisions]

    key = FactsKey(None, frozenset(), patient, now, frozenset({citizen.pid}))
    return Question(key, 1, decide, record)


def _entry(
    engine: PolicyEngine,
    citizen: Citizen,
    patient: str,
    decision: Decision,
    now: datetime,
    claims: str,
) -> LogEntry:
    return LogEntry(
        decision_id=str(uuid.uuid4()),
        at=now,
        subject_kind="innbygger",
        requester_pid=citizen.pid,
        representation=citizen.representation,
        path="helsenorge",
        patient=patient,
        action="view_log",
        decision=decision.effect,
        rules=tuple(r.id for r in decision.reasons),
        obligations=tuple(o.id for o in decision.obligations),
        policy_revision=engine.revision,
        engine=engine.name,
        claims=claims,
    )
