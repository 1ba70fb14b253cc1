"""AuthZEN Authorization API 1.0: evaluation, evaluations (batch) and discovery.

The body is read raw so that every malformed request is a 400 naming the field (never 422) and
unknown fields are ignored; the meaning of a request is in `api.authzen`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api import authzen
from api.deps import get_runtime
from api.runtime import Runtime
from engine import RequestError

router = APIRouter(tags=["authzen"])
Evaluator = Callable[[Runtime, object], dict[str, Any]]


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


async def _json(request: Request) -> object:
    raw = await request.body()
    try:
        return json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise RequestError("body", f"is not valid JSON ({exc})") from exc


async def _decide(request: Request, evaluator: Evaluator) -> JSONResponse:
    """Run the evaluator; the PJD pack reads the database, so it runs off the event loop."""
    runtime = get_runtime(request)
    data = await _json(request)
    if runtime.is_pjd:
        return JSONResponse(await run_in_threadpool(evaluator, runtime, data))
    return JSONResponse(evaluator(runtime, data))


@router.post("/access/v1/evaluation")
async def evaluation(request: Request) -> JSONResponse:
    """Decide one subject, action, resource and context: `decision` true or false, and why."""
    return await _decide(request, authzen.evaluate)


@router.post("/access/v1/evaluations")
async def evaluations(request: Request) -> JSONResponse:
    """Decide a batch of evaluations under `options.evaluations_semantic`."""
    return await _decide(request, authzen.evaluate_batch)


@router.get("/.well-known/authzen-configuration")
def configuration(request: Request) -> dict[str, str]:
    """AuthZEN discovery: where this policy decision point answers."""
    base = str(request.base_url).rstrip("/")
    return {
        "policy_decision_point": base,
        "access_evaluation_endpoint": f"{base}/access/v1/evaluation",
        "access_evaluations_endpoint": f"{base}/access/v1/evaluations",
    }
