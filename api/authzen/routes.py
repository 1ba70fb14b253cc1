"""AuthZEN Authorization API 1.0: evaluation, evaluations (batch), search and discovery.

The body is read raw so that every malformed request is a 400 naming the field (never 422) and
unknown fields are ignored; the meaning of a request is in `api.authzen.evaluation` and
`api.authzen.search`, what `/openapi.json` shows of it in `api.authzen.docs`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.authzen import evaluation as authzen
from api.authzen import schemas as authzen_schemas
from api.authzen import search as authzen_search
from api.authzen.docs import (
    BATCH_ANSWER,
    ActionSearchOut,
    EntitySearchOut,
    EvaluationOut,
    EvaluationsIn,
    EvaluationsOut,
    answers,
    request_body,
)
from api.authzen.search import ActionSearchIn, Kind, ResourceSearchIn, SubjectSearchIn
from api.bounded_input import CheckedRoute, strict_body
from api.deps import get_runtime, scoped
from api.runtime import Runtime, is_pjd
from engine import CedarEngine, RequestError

router = APIRouter(tags=["authzen"], route_class=CheckedRoute)
Evaluator = Callable[[Runtime, object], dict[str, Any]]
DECIDE = scoped("pjd:decide")


async def _json(request: Request) -> object:
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if kind != "application/json" and not kind.endswith("+json"):
        raise RequestError("Content-Type", f"must be application/json, not {kind!r}")
    return await strict_body(request)


class _Answer(JSONResponse):
    """A decision's JSON as Starlette writes it (compact, UTF-8, non-string keys as strings),
    encoded by orjson: the decision path's answers are its hottest JSON."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


async def _decide(request: Request, evaluator: Evaluator) -> JSONResponse:
    """Run the evaluator; the PJD pack reads the database, so it runs off the event loop."""
    runtime = get_runtime(request)
    data = await _json(request)
    if runtime.is_pjd:
        return _Answer(await run_in_threadpool(evaluator, runtime, data))
    return _Answer(evaluator(runtime, data))


@router.post(
    "/access/v1/evaluation",
    openapi_extra=request_body(authzen_schemas.EvaluationIn),
    responses=answers(EvaluationOut),
    dependencies=[DECIDE],
)
async def evaluation(request: Request) -> JSONResponse:
    """Decide one subject, action, resource and context: `decision` true or false, and why."""
    return await _decide(request, authzen.evaluate)


@router.post(
    "/access/v1/evaluations",
    openapi_extra=request_body(EvaluationsIn),
    responses=answers(EvaluationsOut | EvaluationOut, 413, about=BATCH_ANSWER),
    dependencies=[DECIDE],
)
async def evaluations(request: Request) -> JSONResponse:
    """Decide a batch of at most 1000 evaluations under `options.evaluations_semantic`; more is
    a 413 and nothing is decided. Without `evaluations` the answer is one evaluation's."""
    return await _decide(request, authzen.evaluate_batch)


SEARCHES: dict[Kind, tuple[type[BaseModel], type[BaseModel], str]] = {
    "subject": (
        SubjectSearchIn,
        EntitySearchOut,
        "The subjects of `subject.type` in the pack's store that may do `action` on `resource`.",
    ),
    "resource": (
        ResourceSearchIn,
        EntitySearchOut,
        "The resources of `resource.type` in the pack's store `subject` may do `action` on.",
    ),
    "action": (
        ActionSearchIn,
        ActionSearchOut,
        "The actions the pack declares that `subject` may do on `resource`.",
    ),
}


def _add_search(kind: Kind, body: type[BaseModel], ok: type[BaseModel], doc: str) -> None:
    async def search(request: Request) -> JSONResponse:
        return await _decide(request, partial(authzen_search.search, kind=kind))

    router.add_api_route(
        f"/access/v1/search/{kind}",
        search,
        methods=["POST"],
        name=f"search_{kind}",
        summary=f"Search {kind.capitalize()}",
        description=doc + " Generic Cedar packs only: the PJD pack answers 404.",
        openapi_extra=request_body(body),
        responses=answers(ok, 404),
        dependencies=[DECIDE],
    )


for _kind, (_body, _ok, _doc) in SEARCHES.items():
    _add_search(_kind, _body, _ok, _doc)


@router.get("/.well-known/authzen-configuration")
def configuration(request: Request) -> dict[str, str]:
    """AuthZEN discovery: where this policy decision point answers. The search endpoints are
    listed only while a generic Cedar pack is loaded: the PJD pack offers no search (404)."""
    base = str(request.base_url).rstrip("/")
    out = {
        "policy_decision_point": base,
        "access_evaluation_endpoint": f"{base}/access/v1/evaluation",
        "access_evaluations_endpoint": f"{base}/access/v1/evaluations",
    }
    engine = get_runtime(request).engine
    if isinstance(engine, CedarEngine) and not is_pjd(engine):
        out |= {f"search_{k}_endpoint": f"{base}/access/v1/search/{k}" for k in SEARCHES}
    return out
