"""GET /health and GET /v1/rules — is the service able to decide, and by which rules."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from api.deps import get_runtime
from api.errors import ServiceUnavailable
from api.runtime import Runtime

router = APIRouter(tags=["service"])


@router.get("/health")
def health(runtime: Annotated[Runtime, Depends(get_runtime)]) -> JSONResponse:
    """Status, engine, policy revision and when it was loaded; 503 when no pack is loaded."""
    engine = runtime.engine
    body: dict[str, Any] = {
        "status": "ok" if engine else "unavailable",
        "engine": engine.name if engine else None,
        "policy_revision": engine.revision if engine else None,
        "loaded_at": runtime.loaded_at.isoformat() if runtime.loaded_at else None,
        "rules": len(engine.catalogue) if engine else 0,
    }
    if runtime.load_error:
        body["load_error"] = runtime.load_error
    return JSONResponse(status_code=200 if engine else 503, content=body)


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
