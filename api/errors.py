"""Domain errors and their HTTP mapping, in one place.

400 — bad input (validation, malformed attestation, a request the engine cannot take as asked),
always naming the field; 403 — the policy denies what the request asks, naming the deciding
rules; 404 — the resource the request names does not exist; 409 — the request conflicts with the
resource's state; 413 — the request is larger than the service takes (body, documents, AuthZEN
evaluations, GP list), naming the field; 503 — the service cannot decide at all (no policy pack
loaded, or the database does not answer in time), always with `Retry-After`, and also any
unexpected error: never a 500, so never an answer a caller could mistake for a decision. Unknown
paths (404) and wrong methods (405) answer `{error, message}` too. The same shapes are documented
in `/openapi.json`: `error_responses` for a route's own codes, `document_errors` for the 400 of
every route that takes input and the 413 of every route that takes a body (FastAPI's default
422 is never answered, so never shown).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from api.error_models import BadRequestError as BadRequestError
from api.error_models import ConflictError as ConflictError
from api.error_models import ForbiddenError as ForbiddenError
from api.error_models import NotFoundError as NotFoundError
from api.error_models import TooLargeError as TooLargeError
from api.error_models import UnavailableError as UnavailableError
from api.trust.callers import InsufficientScope
from api.trust.claims import ClaimsRefused
from api.trust.tokens import TokenRefused
from engine import RequestError, RuleRef, TooLarge

_LOG = logging.getLogger("api")
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


class SearchUnsupported(Exception):
    """Search asked of a pack that has no store of entities to search (the PJD pack): 404, the
    endpoint is not offered (its discovery lists none)."""


_NO_SEARCH = (
    "search is offered for generic Cedar packs only: the PJD pack decides each document "
    "from the facts the request brings and holds no store of subjects or documents to search"
)


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


def too_large(field: str, message: str) -> JSONResponse:
    """The one shape of every 413 answer."""
    body = {"error": "too_large", "field": field, "message": f"{field}: {message}"}
    return JSONResponse(status_code=413, content=body)


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


async def _unauthenticated(_: Request, exc: Exception) -> JSONResponse:
    """401 with RFC 6750's challenge; no error code when no token was sent at all."""
    error = exc.error if isinstance(exc, TokenRefused) else "invalid_token"
    description = exc.description if isinstance(exc, TokenRefused) else str(exc)
    challenge = 'Bearer realm="pjd"' + (
        f', error="{error}", error_description="{_quoted(description)}"' if error else ""
    )
    body = {"error": "unauthenticated", "message": description}
    return JSONResponse(status_code=401, content=body, headers={"WWW-Authenticate": challenge})


async def _claims_refused(_: Request, exc: Exception) -> JSONResponse:
    """401: the person's claims did not verify (a token or assertion in the request), or came
    unsigned where the deployment takes only signed ones; `field` names what carried them."""
    field = exc.field if isinstance(exc, ClaimsRefused) else "body"
    message = exc.message if isinstance(exc, ClaimsRefused) else str(exc)
    body = {"error": "claims_refused", "field": field, "message": f"{field}: {message}"}
    challenge = 'Bearer realm="pjd", error="invalid_request"'
    return JSONResponse(status_code=401, content=body, headers={"WWW-Authenticate": challenge})


async def _insufficient_scope(_: Request, exc: Exception) -> JSONResponse:
    """403: a valid token without the scope the route takes."""
    scopes = exc.scopes if isinstance(exc, InsufficientScope) else ()
    description = exc.description if isinstance(exc, InsufficientScope) else str(exc)
    challenge = (
        f'Bearer realm="pjd", error="insufficient_scope", scope="{" ".join(scopes)}", '
        f'error_description="{_quoted(description)}"'
    )
    body = {"error": "insufficient_scope", "message": description, "scopes": list(scopes)}
    return JSONResponse(status_code=403, content=body, headers={"WWW-Authenticate": challenge})


def _quoted(text: str) -> str:
    """Text safe inside an RFC 6750 quoted string (printable ASCII, no quote or backslash)."""
    return "".join(c for c in text if " " <= c <= "~" and c not in '"\\')


def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    """Starlette's own errors (unknown path, wrong method, …) in the `{error, message}` shape."""
    path, method = request.url.path, request.method
    if exc.status_code == 400:  # FastAPI's own: a body it cannot parse (e.g. not UTF-8)
        return bad_request("body", f"the body cannot be read ({exc.detail})")
    if exc.status_code == 404:
        error, message = "not_found", f"there is no {path} (the API is described at /docs)"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        error, message = (
            "method_not_allowed",
            f"{method} is not allowed on {path} (allowed: {allowed})",
        )
    else:
        error = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
        message = str(exc.detail)
    body = {"error": error, "message": message}
    return JSONResponse(status_code=exc.status_code, content=body, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors to HTTP answers."""

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation(list(exc.errors()))

    @app.exception_handler(ValidationError)
    async def _model_invalid(_: Request, exc: ValidationError) -> JSONResponse:
        return _validation(list(exc.errors()))

    @app.exception_handler(RequestError)  # an `engine.pjd.AttestationError` among them
    async def _request(_: Request, exc: RequestError) -> JSONResponse:
        return bad_request(exc.field, exc.message)

    @app.exception_handler(TooLarge)
    async def _too_large(_: Request, exc: TooLarge) -> JSONResponse:
        return too_large(exc.field, exc.message)

    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(TokenRefused, _unauthenticated)
    app.add_exception_handler(InsufficientScope, _insufficient_scope)
    app.add_exception_handler(ClaimsRefused, _claims_refused)

    @app.exception_handler(HTTPException)
    async def _starlette(request: Request, exc: HTTPException) -> JSONResponse:
        return _http_error(request, exc)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"error": "not_found", "message": str(exc)})

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"error": "conflict", "message": str(exc)})

    @app.exception_handler(SearchUnsupported)
    async def _no_search(_: Request, __: SearchUnsupported) -> JSONResponse:
        content = {"error": "not_found", "message": _NO_SEARCH}
        return JSONResponse(status_code=404, content=content)

    @app.exception_handler(ServiceUnavailable)
    async def _unavailable(_: Request, exc: ServiceUnavailable) -> JSONResponse:
        return unavailable(str(exc))

    async def _database_fault(_: Request, exc: Exception) -> JSONResponse:
        return unavailable(str(database_unavailable(exc)))

    for fault in DATABASE_FAULTS:
        app.add_exception_handler(fault, _database_fault)
    app.add_exception_handler(Exception, _unexpected)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """The catch-all: an error nothing above maps is a 503, never a 500; it is logged (by the
    server too, which sees it re-raised after this answer)."""
    _LOG.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return unavailable(f"the service could not answer ({type(exc).__name__}); try again")


def unavailable(message: str) -> JSONResponse:
    """The one shape of every 503 answer, with `Retry-After`."""
    body = {"error": "unavailable", "message": message}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return JSONResponse(status_code=503, content=body, headers=headers)
