"""POST /v1/pjd/decisions — one call per document list or document fetch."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from api.deps import RuntimeDep, scoped
from api.error_docs import error_responses
from api.pjd import service
from api.pjd.schemas import PjdDecisionIn, PjdDecisionOut

router = APIRouter(tags=["pjd"])


@router.post(
    "/v1/pjd/decisions",
    response_model=PjdDecisionOut,
    responses=error_responses(503),
    dependencies=[scoped("pjd:decide")],
)
async def decide(body: PjdDecisionIn, runtime: RuntimeDep) -> PjdDecisionOut:
    """Decide each document of the request: permit or deny, with the deciding rules. The
    decision reads and writes the database, so it runs on the thread pool: one hop, the
    answer's serialisation back on the event loop."""
    return await run_in_threadpool(service.decide, runtime, body)
