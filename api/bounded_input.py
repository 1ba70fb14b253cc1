"""Bounded, strict input before any route runs: a pure ASGI middleware.

Every request's body is at most `max_body_bytes` (413 naming `body`, whether `Content-Length`
says so, lies or is absent and the body is chunked) and, when not empty, strict JSON
(`engine.strict_json`: UTF-8 only, no duplicate member names, bounded depth and numbers, no
control characters; 400 naming the JSON path), so the pydantic bodies and the AuthZEN raw
bodies alike get only such input. The path and the query string must be UTF-8 without control
characters: a 400 names the query parameter, or the path parameter (`CheckedRoute`, the class
of every route, once routing has named them). The body read here is handed on to the app
unchanged, and the value read from it too (`STRICT_BODY`): a route reads its JSON body once.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from anyio import to_thread
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import bad_request, too_large
from engine import RequestError, strict_json
from engine.strict_json import has_control_characters

_INLINE_BYTES = 65_536  # a body up to this long is checked on the event loop itself
STRICT_BODY = "pjd.strict_body"  # the scope's key of the value `BoundedInput` read from the body


class BodyTooLarge(Exception):
    """The body is longer than the limit (internal to this module)."""


class BoundedInput:
    """Refuse an oversized or non-strict body and a malformed path or query before routing."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal: Response | None = None
        try:
            _check_path(scope)
            _check_query(scope)
            body = await _read_body(scope, receive, self.max_body_bytes)
            if body:
                scope[STRICT_BODY] = await _strict_body(body)
        except RequestError as exc:
            refusal = bad_request(exc.field, exc.message)
        except BodyTooLarge:
            refusal = too_large("body", f"the body may have at most {self.max_body_bytes} bytes")
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


async def _strict_body(body: bytes) -> object:
    """A body that is not empty is strict JSON; a long one is read off the event loop."""
    if len(body) > _INLINE_BYTES:
        return await to_thread.run_sync(strict_json.loads, body, "body", "")
    return strict_json.loads(body, "body", "")


async def strict_body(request: Request) -> object:
    """The request's body as strict JSON: the value `BoundedInput` read, else read here."""
    if STRICT_BODY in request.scope:
        return request.scope[STRICT_BODY]
    return strict_json.loads(await request.body(), "body", "")


class _StrictRequest(Request):
    """A request whose JSON (`json()`, what FastAPI validates a body model from) is the value
    `BoundedInput` read strictly from the same bytes, rather than the body parsed again."""

    async def json(self) -> Any:
        if STRICT_BODY not in self.scope:
            return await super().json()
        return self.scope[STRICT_BODY]


class CheckedRoute(APIRoute):
    """The class of every route (`route_class` of each router, checked by `api.main`): a path
    parameter with NUL or another control character is a 400 naming it, before any dependency
    reads it; and the JSON body is read once, by `BoundedInput`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            check_path_parameters(request)
            return await handler(_StrictRequest(request.scope, request.receive))

        return checked


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
    """The whole body, or `BodyTooLarge` as soon as it (or its declared length) passes `limit`."""
    declared = _declared_length(scope)
    if declared is not None and declared > limit:
        raise BodyTooLarge()
    chunks: list[bytes] = []
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away: the app sees an empty body and the disconnect
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge()
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read here once, then whatever the client sends next."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


def _utf8(raw: bytes, field: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestError(field, f"is not UTF-8 (byte {exc.start})") from exc


def _check_path(scope: Scope) -> None:
    """The path is UTF-8 (its parameters' control characters: `check_path_parameters`)."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8")
    _utf8(unquote_to_bytes(raw.split(b"?", 1)[0]), "path")


def check_path_parameters(request: Request) -> None:
    """A path parameter with NUL or another control character is a 400 naming it."""
    for name, value in request.path_params.items():
        if isinstance(value, str) and has_control_characters(value):
            raise RequestError(name, "must not hold NUL or control characters")


def _check_query(scope: Scope) -> None:
    """The query string is UTF-8; a parameter with a control character is a 400 naming it."""
    query = _utf8(unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" ")), "query")
    if not has_control_characters(query):
        return
    for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
        if has_control_characters(name):
            raise RequestError("query", "a parameter name must not hold control characters")
        if has_control_characters(value):
            raise RequestError(name, "must not hold NUL or control characters")
    raise RequestError("query", "must not hold NUL or control characters")
