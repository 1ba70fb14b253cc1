"""GET /health and GET /v1/rules — is the service able to decide, and by which rules.

/health is a readiness check: `ok` (a pack is loaded, the database answers), `degraded` (it
decides, but the last reload of the pack failed: it decides under the last good one) or
`unavailable` (no pack, or the database does not answer: 503 with `Retry-After`). It runs on the
event loop and probes the database on a thread of its own (`api.health.readiness`), so it
answers while every request thread waits on a database that does not.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.bounded_input import CheckedRoute
from api.deps import RuntimeDep, get_runtime, scoped
from api.error_docs import RETRY_AFTER_HEADER, error_responses
from api.errors import RETRY_AFTER_SECONDS, ServiceUnavailable
from api.runtime import PackState
from engine import PolicyEngine, RuleCount, count_rules

router = APIRouter(tags=["service"], route_class=CheckedRoute)


class DatabaseOut(BaseModel):
    """Whether the database answered the readiness probe in time."""

    status: Literal["ok", "unavailable"]
    error: str | None = None


class HealthOut(BaseModel):
    """The service's state: 200 when it can decide (`degraded`: the last reload failed and the
    pack in use stays), else 503 with the same body and `Retry-After`."""

    status: Literal["ok", "degraded", "unavailable"]
    database: DatabaseOut
    engine: str | None
    policy_revision: str | None
    loaded_at: str | None
    rules: int
    system_rules: int
    claims: Literal["verified_only", "unverified_accepted"] = Field(
        description="whether claims nobody signed decide here (PJD_ACCEPT_UNVERIFIED_CLAIMS)"
    )
    load_error: str | None = None
    reload_error: str | None = None
    reloaded_at: str | None = None


def _counts(engine: PolicyEngine | None) -> dict[str, int]:
    count = count_rules(engine.catalogue) if engine else RuleCount(pack=0, system=0)
    return {"rules": count.pack, "system_rules": count.system}


def _status(state: PackState, database: dict[str, Any]) -> str:
    return "unavailable" if database["status"] != "ok" else state.status


def _errors(state: PackState) -> dict[str, str]:
    errors = {"load_error": state.load_error, "reload_error": state.reload_error}
    if state.reloaded_at:
        errors["reloaded_at"] = state.reloaded_at.isoformat()
    return {k: v for k, v in errors.items() if v}


_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "model": HealthOut,
        "description": "No policy pack is loaded, or no database answers",
        "headers": RETRY_AFTER_HEADER,
    }
}


@router.get("/health", response_model=HealthOut, responses=_UNAVAILABLE)
async def health(request: Request) -> JSONResponse:
    """Status, database, engine, revision, load time, the pack's rule count; 503 when the
    service cannot decide (no pack loaded, or the database does not answer)."""
    runtime = get_runtime(request)  # no dependency: those of a `def` run on the thread pool
    database = await runtime.probe.status()
    state = runtime.state  # one read: engine and errors belong together
    engine = state.engine
    body: dict[str, Any] = {
        "status": _status(state, database),
        "database": database,
        "engine": engine.name if engine else None,
        "policy_revision": engine.revision if engine else None,
        "loaded_at": state.loaded_at.isoformat() if state.loaded_at else None,
        **_counts(engine),
        "claims": "unverified_accepted" if runtime.claims.accepts_unverified else "verified_only",
        **_errors(state),
    }
    if body["status"] == "unavailable":
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return JSONResponse(status_code=503, content=body, headers=headers)
    return JSONResponse(content=body)


@router.get("/v1/rules", responses=error_responses(503), dependencies=[scoped()])
def rules(runtime: RuntimeDep) -> dict[str, Any]:
    """The rule catalogue: every rule id with its title, legal basis and evidence grade."""
    engine = runtime.engine
    if engine is None:
        raise ServiceUnavailable("no policy pack is loaded")
    return {
        "policy_revision": engine.revision,
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "legal_basis": r.legal_basis,
                "evidence_grade": r.evidence_grade,
                "last_reviewed": r.last_reviewed,
                "open_question": r.open_question,
                "effect": r.effect,
                "obligation": r.obligation,
                "file": r.file,
                "line": r.line,
            }
            for r in sorted(engine.catalogue.values(), key=lambda r: (r.file, r.line, r.id))
        ],
    }
