"""What `/openapi.json` shows of the AuthZEN endpoints: request bodies and answers.

The routes read the raw body (so a malformed one is a 400 naming the field, never a 422); their
request schemas are the parsing models of `api.authzen.schemas` and `api.authzen.search`,
put into the document here (`requestBody` via `openapi_extra`, the schemas into `components`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from api.authzen.limits import MAX_EVALUATIONS
from api.authzen.schemas import ActionIn, EntityIn, EvaluationIn, In, OptionsIn
from api.authzen.search import ActionSearchIn, ResourceSearchIn, SubjectSearchIn
from api.error_docs import error_responses
from api.error_models import TooLargeError

_REF = "#/components/schemas/"


class EvaluationsItemIn(In):
    """One item of a batch; what it leaves out comes from the top level (`api.authzen.defaults`)."""

    subject: EntityIn | None = None
    action: ActionIn | None = None
    resource: EntityIn | None = None
    context: dict[str, Any] | None = None


class EvaluationsIn(In):
    """A batch: top-level defaults and at most 1000 `evaluations` (more is a 413); without
    items it is one evaluation of the top level."""

    subject: EntityIn | None = None
    action: ActionIn | None = None
    resource: EntityIn | None = None
    context: dict[str, Any] | None = None
    evaluations: list[EvaluationsItemIn] | None = Field(default=None, max_length=MAX_EVALUATIONS)
    options: OptionsIn | None = None


class EvaluationOut(BaseModel):
    """A decision; `context` carries reasons, obligations, or a failed item's `error`."""

    decision: bool
    context: dict[str, Any] | None = None


class EvaluationsOut(BaseModel):
    """One decision per item, in request order (fewer under a short-circuit semantic)."""

    evaluations: list[EvaluationOut]


# A batch without items is one evaluation of its top level, answered as one (AuthZEN 1.0 §7.1).
BATCH_ANSWER = (
    "One decision per item, in request order (fewer under a short-circuit semantic); without "
    "items, the one decision of the top level"
)


class PageOut(BaseModel):
    """`next_token` is empty on the last page; `count` on this page, `total` in all."""

    next_token: str
    count: int
    total: int


class EntityRef(BaseModel):
    """A subject or resource found."""

    type: str
    id: str


class ActionRef(BaseModel):
    """An action found."""

    name: str


class EntitySearchOut(BaseModel):
    """The subjects or resources found, of the searched type."""

    page: PageOut
    results: list[EntityRef]


class ActionSearchOut(BaseModel):
    """The actions found."""

    page: PageOut
    results: list[ActionRef]


REQUESTS: Sequence[type[BaseModel]] = (
    EvaluationIn,
    EvaluationsIn,
    SubjectSearchIn,
    ResourceSearchIn,
    ActionSearchIn,
)


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """The `openapi_extra` of a route whose body `model` describes."""
    schema = {"$ref": _REF + model.__name__}
    body = {"required": True, "content": {"application/json": {"schema": schema}}}
    return {"requestBody": body}


def answers(ok: Any, *codes: int, about: str | None = None) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of an AuthZEN route: its 200 body (a model, or a union of models
    described by `about`) and its own error codes."""
    out: dict[int | str, dict[str, Any]] = {200: {"model": ok, "description": about or ok.__doc__}}
    out |= error_responses(503)
    if 413 in codes:
        out[413] = {"model": TooLargeError, "description": TooLargeError.__doc__}
    if 404 in codes:
        out |= error_responses(404)
    return out


def document_authzen(app: FastAPI) -> None:
    """Put the AuthZEN request schemas into the app's OpenAPI components."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        models = [(model, "validation") for model in REQUESTS]
        _, top = models_json_schema(models, ref_template=_REF + "{model}")  # type: ignore[arg-type]
        for name, definition in top.get("$defs", {}).items():
            schemas.setdefault(name, definition)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
