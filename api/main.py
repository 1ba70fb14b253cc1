"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.datastructures import MutableHeaders
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import deadline
from api.access_log import routes as access_log
from api.api_docs import add_description, description_urls
from api.authzen import routes as authzen
from api.authzen.docs import document_authzen
from api.bounded_input import BoundedInput, CheckedRoute
from api.config import Settings, get_settings
from api.error_docs import document_errors
from api.errors import install_error_handlers
from api.health import routes as health
from api.pjd import routes as pjd
from api.registry import routes as registry
from api.restrictions import routes as restrictions
from api.runtime import Runtime, start_runtime
from api.trust.callers import authenticator

# The AuthZEN decision routes answer 503 without a pack (api.authzen.evaluation); their module
# does not declare it, so it is documented here.
_UNDECLARED = {"POST /access/v1/evaluation": (503,), "POST /access/v1/evaluations": (503,)}


class RequestScope:
    """Pure ASGI middleware around every HTTP request: it runs within the request's deadline
    (api.deadline, `PJD_REQUEST_DEADLINE`), and its answer echoes the caller's `X-Request-ID`
    (a 400 or 413 of `BoundedInput` too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        if request_id:
            send = _echoing(send, request_id)
        with deadline.within(scope["app"].state.runtime.settings.request_deadline):
            await self.app(scope, receive, send)


def _request_id(scope: Scope) -> str | None:
    """The request's first `X-Request-ID` header, as Starlette's `Request.headers` reads it."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            return str(value.decode("latin-1"))
    return None


def _echoing(send: Send, request_id: str) -> Send:
    """`send` with `X-Request-ID: request_id` set on the response's start."""

    async def echo(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message)["X-Request-ID"] = request_id
        await send(message)

    return echo


def check_routes(routes: list[BaseRoute]) -> None:
    """Every route is a `CheckedRoute`: one that is not would let a path parameter with a
    control character through (and parse its body a second time)."""
    for route in routes:
        if isinstance(route, APIRoute) and not isinstance(route, CheckedRoute):
            raise TypeError(f"the route {route.path} is not a CheckedRoute (route_class)")


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """Build the app; the runtime (policy pack, database) is started here unless given."""
    the_runtime = runtime or start_runtime(settings or get_settings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        the_runtime.open()
        yield
        the_runtime.close()

    public = the_runtime.settings.api_docs_public
    app = FastAPI(
        title="PJD tilgangstjeneste",
        version="0.1.0",
        lifespan=lifespan,
        **description_urls(public),
    )
    app.state.runtime = the_runtime
    app.state.authenticator = authenticator(the_runtime.settings)
    install_error_handlers(app)
    # innermost of the middleware: its 400 and 413 carry the X-Request-ID too
    app.add_middleware(BoundedInput, max_body_bytes=the_runtime.settings.max_body_bytes)
    app.add_middleware(RequestScope)
    for module in (health, pjd, registry, restrictions, access_log, authzen):
        check_routes(module.router.routes)
        app.include_router(module.router)
    if not public:
        add_description(app)
    document_errors(app, _UNDECLARED)
    document_authzen(app)
    return app
