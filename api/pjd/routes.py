"""POST /v1/pjd/decisions — one call per document list or document fetch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from api.bounded_input import CheckedRoute
from api.deps import get_runtime, scoped
from api.error_docs import error_responses
from api.pjd import service
from api.pjd.schemas import PjdDecisionIn, PjdDecisionOut

router = APIRouter(tags=["pjd"], route_class=CheckedRoute)


@router.post(
    "/v1/pjd/decisions",
    response_model=PjdDecisionOut,
    responses=error_responses(503),
    dependencies=[scoped("pjd:decide")],
)
async def decide(body: PjdDecisionIn, request: Request) -> PjdDecisionOut:
    """Decide each document of the request: permit or deny, with the deciding rules. The
    decision reads and writes the database, so it runs on the thread pool: one hop, the
    answer's serialisation back on the event loop."""
    # the runtime is read off the request, not a dependency: on the hottest route each costs
    return await run_in_threadpool(service.decide, get_runtime(request), body)
