"""/v1/patients/{patient}/restrictions — register, list and withdraw reservations, blocks and
objections (R10, R12–R14). The clock is read once per request here and passed down."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam

from api.bounded_input import CheckedRoute
from api.deps import DbSession, PatientParam, RestrictionsCaller, RuntimeDep
from api.error_docs import error_responses
from api.errors import ServiceUnavailable
from api.restrictions.store import (
    RestrictionIn,
    RestrictionOut,
    check_codes,
    list_restrictions,
    register,
    withdraw,
)
from api.runtime import Runtime
from engine.pjd import Vocabulary, codes

router = APIRouter(tags=["restrictions"], route_class=CheckedRoute)
URL = "/v1/patients/{patient}/restrictions"


def _codes(runtime: Runtime) -> Vocabulary:
    """The loaded PJD pack's code lists; without a pack no code can be judged (503)."""
    if runtime.engine is None or not runtime.is_pjd:
        raise ServiceUnavailable("no PJD policy pack is loaded: its code lists judge the body")
    return codes(runtime.engine.pack)


@router.post(URL, status_code=201, response_model=RestrictionOut, responses=error_responses(503))
def post_restriction(
    patient: PatientParam,
    body: RestrictionIn,
    session: DbSession,
    runtime: RuntimeDep,
    caller: RestrictionsCaller,
) -> RestrictionOut:
    """Register a restriction; it applies to every decision that starts after this returns."""
    check_codes(body, lambda: _codes(runtime))
    now = datetime.now(UTC)
    return RestrictionOut.of(register(session, patient, body, now, caller.client_id))


@router.get(URL, response_model=list[RestrictionOut], responses=error_responses(503))
def get_restrictions(
    patient: PatientParam, session: DbSession, _: RestrictionsCaller, history: bool = False
) -> list[RestrictionOut]:
    """The patient's active restrictions; `?history=true` for all, withdrawn ones included."""
    rows = list_restrictions(session, patient, datetime.now(UTC), history)
    return [RestrictionOut.of(row) for row in rows]


@router.delete(
    URL + "/{id}", response_model=RestrictionOut, responses=error_responses(404, 409, 503)
)
def delete_restriction(
    patient: PatientParam,
    restriction_id: Annotated[str, PathParam(alias="id")],
    session: DbSession,
    caller: RestrictionsCaller,
) -> RestrictionOut:
    """Withdraw a restriction (sets `withdrawn_at`; never deletes) and return it."""
    now = datetime.now(UTC)
    return RestrictionOut.of(withdraw(session, patient, restriction_id, now, caller.client_id))
