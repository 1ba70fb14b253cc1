"""GET /health and GET /v1/rules — is the service able to decide, and by which rules.

/health is a readiness check: `ok` (a pack is loaded, the database answers), `degraded` (it
decides, but the last reload of the pack failed: it decides under the last good one) or
`unavailable` (no pack, or the database does not answer: 503 with `Retry-After`). It runs on the
event loop and probes the database on a thread of its own (`api.readiness`), so it answers while
every request thread waits on a database that does not.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from api.deps import get_runtime
from api.errors import RETRY_AFTER_SECONDS, ServiceUnavailable
from api.runtime import Runtime

router = APIRouter(tags=["service"])


def _status(runtime: Runtime, database: dict[str, Any]) -> str:
    if runtime.engine is None or database["status"] != "ok":
        return "unavailable"
    return "degraded" if runtime.load_error else "ok"


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    """Status, database, engine, policy revision and when it was loaded; 503 when the service
    cannot decide (no pack loaded, or the database does not answer)."""
    runtime = get_runtime(request)  # no dependency: those of a `def` run on the thread pool
    database = await runtime.probe.status()
    engine = runtime.engine
    body: dict[str, Any] = {
        "status": _status(runtime, database),
        "database": database,
        "engine": engine.name if engine else None,
        "policy_revision": engine.revision if engine else None,
        "loaded_at": runtime.loaded_at.isoformat() if runtime.loaded_at else None,
        "rules": len(engine.catalogue) if engine else 0,
    }
    if runtime.load_error:
        body["load_error"] = runtime.load_error
    if body["status"] == "unavailable":
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return JSONResponse(status_code=503, content=body, headers=headers)
    return JSONResponse(content=body)


@router.get("/v1/rules")
def rules(runtime: Annotated[Runtime, Depends(get_runtime)]) -> dict[str, Any]:
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
