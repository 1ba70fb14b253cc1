"""GET /health and GET /v1/rules — is the service able to decide, and by which rules."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import get_runtime
from api.errors import ServiceUnavailable, error_responses
from api.runtime import Runtime
from engine import PolicyEngine, RuleCount, count_rules

router = APIRouter(tags=["service"])


class HealthOut(BaseModel):
    """The service's state: 200 when a pack is loaded (`degraded`: the last reload failed and the
    pack in use stays), else 503 with the same body."""

    status: Literal["ok", "degraded", "unavailable"]
    engine: str | None
    policy_revision: str | None
    loaded_at: str | None
    rules: int
    system_rules: int
    load_error: str | None = None
    reload_error: str | None = None
    reloaded_at: str | None = None


def _counts(engine: PolicyEngine | None) -> dict[str, int]:
    count = count_rules(engine.catalogue) if engine else RuleCount(pack=0, system=0)
    return {"rules": count.pack, "system_rules": count.system}


_UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"model": HealthOut, "description": "No policy pack is loaded"}
}


@router.get("/health", response_model=HealthOut, responses=_UNAVAILABLE)
def health(runtime: Annotated[Runtime, Depends(get_runtime)]) -> JSONResponse:
    """Status, engine, revision, load time, the pack's rule count; 503 when no pack is loaded."""
    state = runtime.state  # one read: engine and errors belong together
    engine = state.engine
    body: dict[str, Any] = {
        "status": state.status,
        "engine": engine.name if engine else None,
        "policy_revision": engine.revision if engine else None,
        "loaded_at": state.loaded_at.isoformat() if state.loaded_at else None,
        **_counts(engine),
    }
    if state.load_error:
        body["load_error"] = state.load_error
    if state.reload_error:
        body["reload_error"] = state.reload_error
    if state.reloaded_at:
        body["reloaded_at"] = state.reloaded_at.isoformat()
    return JSONResponse(status_code=200 if engine else 503, content=body)


@router.get("/v1/rules", responses=error_responses(503))
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
