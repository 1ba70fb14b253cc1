"""Domain errors and their HTTP mapping, in one place.

400 — bad input (validation, malformed attestation, a request the engine cannot take as asked),
always naming the field; 403 — the policy denies what the request asks, naming the deciding
rules; 404 — the resource the request names does not exist; 409 — the request conflicts with the
resource's state; 503 — the service cannot decide at all (no policy pack loaded, or the
database does not answer in time), always with `Retry-After`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from engine import AttestationError, RequestError, RuleRef

RETRY_AFTER_SECONDS = 2  # what a 503 tells the caller to wait before asking again

# What the database driver raises when the database is down, frozen, locked or too slow (through
# SQLAlchemy): connection refused or lost, connect/statement/lock timeout, SQLite busy, no free
# connection in the pool. Other database errors are faults of the service, not of the database.
DATABASE_FAULTS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, PoolTimeout)


class ServiceUnavailable(Exception):
    """The service cannot decide at all (e.g. no policy pack loaded)."""


class DatabaseUnavailable(ServiceUnavailable):
    """The database did not answer in time: down, frozen, locked, or the deadline passed."""


def database_unavailable(exc: Exception) -> DatabaseUnavailable:
    """The domain error for a database fault (one of `DATABASE_FAULTS`), naming its kind only."""
    if isinstance(exc, DatabaseUnavailable):
        return exc
    if isinstance(exc, PoolTimeout):
        return DatabaseUnavailable("the database is unavailable: no free connection in time")
    kind = type(getattr(exc, "orig", None) or exc).__name__  # never the SQL or the server's text
    return DatabaseUnavailable(f"the database is unavailable ({kind})")


class Forbidden(Exception):
    """The policy denies the request (e.g. a citizen reading a log they may not); `reasons` are
    the deciding rules."""

    def __init__(self, reasons: tuple[RuleRef, ...]) -> None:
        super().__init__(", ".join(reason.id for reason in reasons))
        self.reasons = reasons


class NotFound(Exception):
    """The resource the request names does not exist (e.g. an unknown restriction id)."""


class Conflict(Exception):
    """The request conflicts with the resource's state (e.g. withdrawing a withdrawn one)."""


def field_path(loc: tuple[int | str, ...]) -> str:
    """A pydantic error location as a dotted path (`documents[0].source`)."""
    out = ""
    for part in loc:
        if part == "body" or (isinstance(part, str) and ("[" in part or "-" in part)):
            continue  # pydantic's own markers: `[key]`, `function-after[...]`, union members
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def bad_request(field: str, message: str) -> JSONResponse:
    """The one shape of every 400 answer."""
    body = {"error": "bad_request", "field": field, "message": f"{field}: {message}"}
    return JSONResponse(status_code=400, content=body)


def _validation(errors: list[Any]) -> JSONResponse:
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    if first.get("type") == "json_invalid":
        return bad_request("body", f"the body is not valid JSON ({first.get('msg', '')})")
    return bad_request(field_path(tuple(first.get("loc", ()))), str(first.get("msg", "invalid")))


async def _forbidden(_: Request, exc: Exception) -> JSONResponse:
    reasons = exc.reasons if isinstance(exc, Forbidden) else ()
    body = {
        "error": "forbidden",
        "decision": "deny",
        "reasons": [
            {"rule": r.id, "title": r.title, "legal_basis": r.legal_basis} for r in reasons
        ],
    }
    return JSONResponse(status_code=403, content=body)


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors to HTTP answers."""

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation(list(exc.errors()))

    @app.exception_handler(ValidationError)
    async def _model_invalid(_: Request, exc: ValidationError) -> JSONResponse:
        return _validation(list(exc.errors()))

    @app.exception_handler(AttestationError)
    async def _attestation(_: Request, exc: AttestationError) -> JSONResponse:
        return bad_request(exc.field, exc.message)

    @app.exception_handler(RequestError)
    async def _request(_: Request, exc: RequestError) -> JSONResponse:
        return bad_request(exc.field, exc.message)

    app.add_exception_handler(Forbidden, _forbidden)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"error": "not_found", "message": str(exc)})

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"error": "conflict", "message": str(exc)})

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(_: Request, exc: ServiceUnavailable) -> JSONResponse:
        return unavailable(str(exc))

    async def _database_fault(_: Request, exc: Exception) -> JSONResponse:
        return unavailable(str(database_unavailable(exc)))

    for fault in DATABASE_FAULTS:
        app.add_exception_handler(fault, _database_fault)


def unavailable(message: str) -> JSONResponse:
    """The one shape of every 503 answer, with `Retry-After`."""
    body = {"error": "unavailable", "message": message}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return JSONResponse(status_code=503, content=body, headers=headers)
