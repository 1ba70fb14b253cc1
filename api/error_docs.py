"""The error answers as `/openapi.json` documents them: `error_responses` for a route's own
codes, `document_errors` for the 400 of every route that takes input, the 413 of every route
that takes a body and the 503 of all (FastAPI's default 422 is never answered, so never shown);
the 401 and 403 of a bearer token on every secured operation (`api.trust`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from api.error_models import (
    BadRequestError,
    ClaimsRefusedError,
    ConflictError,
    ForbiddenError,
    InsufficientScopeError,
    NotFoundError,
    TooLargeError,
    UnauthenticatedError,
    UnavailableError,
)

_DOCUMENTED: dict[int, tuple[type[BaseModel], str]] = {
    400: (BadRequestError, "The request is malformed; `field` names the offending field"),
    403: (ForbiddenError, "The policy denies the request: the deciding rules"),
    404: (NotFoundError, "No such resource"),
    409: (ConflictError, "The request conflicts with the resource's state"),
    413: (TooLargeError, "The request is too large; `field` names what"),
    503: (
        UnavailableError,
        "No policy pack is loaded, the database did not answer in time, or a fault; see "
        "`Retry-After`",
    ),
}
_SCOPE_ERRORS = (UnauthenticatedError, InsufficientScopeError, ClaimsRefusedError)
_CHALLENGE = {
    "WWW-Authenticate": {
        "description": 'RFC 6750\'s challenge: `Bearer realm="pjd", error=…`',
        "schema": {"type": "string"},
    }
}
RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "seconds to wait before asking again",
        "schema": {"type": "integer"},
    }
}
_BODY_METHODS = ("post", "put", "patch")
_REF = "#/components/schemas/"


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a route that can answer these error codes, with their real shapes."""
    return {
        code: {"model": _DOCUMENTED[code][0], "description": _DOCUMENTED[code][1]}
        | ({"headers": RETRY_AFTER_HEADER} if code == 503 else {})
        for code in codes
    }


def _takes_input(method: str, operation: dict[str, Any]) -> bool:
    return (
        method in _BODY_METHODS or "requestBody" in operation or bool(operation.get("parameters"))
    )


def _documented(code: int) -> dict[str, Any]:
    model, description = _DOCUMENTED[code]
    ref = {"$ref": _REF + model.__name__}
    documented = {"description": description, "content": {"application/json": {"schema": ref}}}
    return documented | ({"headers": RETRY_AFTER_HEADER} if code == 503 else {})


def _add_error_schemas(schema: dict[str, Any]) -> None:
    """The error bodies in `components.schemas`; FastAPI's validation error schemas removed."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    models = [(model, "serialization") for model, _ in _DOCUMENTED.values()]
    models += [(model, "serialization") for model in _SCOPE_ERRORS]
    _, top = models_json_schema(models, ref_template=_REF + "{model}")  # type: ignore[arg-type]
    for name, definition in top.get("$defs", {}).items():
        schemas.setdefault(name, definition)
    for unused in ("HTTPValidationError", "ValidationError"):
        if f'"{_REF}{unused}"' not in json.dumps(schema):
            schemas.pop(unused, None)


def _with_error_shapes(
    schema: dict[str, Any], extra: Mapping[str, Sequence[int]]
) -> dict[str, Any]:
    """Drop FastAPI's 422 everywhere; document 400 on every operation that takes input, 413 on
    every one that takes a body, 503 on all, and the `extra` codes of operations named
    `METHOD /path`."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation["responses"]
            responses.pop("422", None)
            codes = [400] if _takes_input(method, operation) else []
            codes += [413] if method in _BODY_METHODS or "requestBody" in operation else []
            # 503: the database, the pack or the catch-all, on every operation
            for code in [*codes, *extra.get(f"{method.upper()} {path}", ()), 503]:
                responses.setdefault(str(code), _documented(code))
            _document_security(operation)
    _add_error_schemas(schema)
    return schema


def _ref(model: type[BaseModel]) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": _REF + model.__name__}}}


def _document_security(operation: dict[str, Any]) -> None:
    """A secured operation: its scopes as alternatives (any one admits the caller), and its
    401 (no valid token) and 403 (no scope) answers."""
    security = operation.get("security")
    if not security:
        return
    operation["security"] = [
        {name: [scope]} if scope else {name: []}
        for requirement in security
        for name, scopes in requirement.items()
        for scope in scopes or [None]
    ]
    responses = operation["responses"]
    either = [{"$ref": _REF + m.__name__} for m in (UnauthenticatedError, ClaimsRefusedError)]
    responses["401"] = {
        "description": "No valid bearer access token, or the person's claims did not verify",
        "headers": _CHALLENGE,
        "content": {"application/json": {"schema": {"anyOf": either}}},
    }
    scope_error = {"$ref": _REF + InsufficientScopeError.__name__}
    if "403" in responses:  # a policy's deny, or the token's scope
        content = responses["403"]["content"]["application/json"]
        content["schema"] = {"anyOf": [content["schema"], scope_error]}
        responses["403"]["description"] += ", or the token lacks the operation's scope"
    else:
        responses["403"] = {
            "description": "The token lacks the operation's scope",
            "headers": _CHALLENGE,
            "content": _ref(InsufficientScopeError),
        }


def document_errors(app: FastAPI, extra: Mapping[str, Sequence[int]] | None = None) -> None:
    """Make `/openapi.json` (and `/docs`) show the error shapes this module really answers;
    `extra` adds codes to operations whose routes do not declare them (`"POST /path": (503,)`)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_error_shapes(generate(), extra or {})
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
