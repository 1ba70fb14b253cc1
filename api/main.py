"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from starlette.middleware.base import RequestResponseEndpoint

from api import deadline
from api.access_log import routes as access_log
from api.authzen import routes as authzen
from api.authzen.docs import document_authzen
from api.bounded_input import BoundedInput, check_path_parameters
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


async def _echo_request_id(request: Request, call_next: RequestResponseEndpoint) -> Response:
    response = await call_next(request)
    request_id = request.headers.get("x-request-id")
    if request_id:
        response.headers["X-Request-ID"] = request_id
    return response


async def _deadline(request: Request, call_next: RequestResponseEndpoint) -> Response:
    """Every request's time on the database is bounded (api.deadline)."""
    with deadline.within(request.app.state.runtime.settings.request_deadline):
        return await call_next(request)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """Build the app; the runtime (policy pack, database) is started here unless given."""
    the_runtime = runtime or start_runtime(settings or get_settings())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        the_runtime.open()
        yield
        the_runtime.close()

    app = FastAPI(
        title="PJD tilgangstjeneste",
        version="0.1.0",
        lifespan=lifespan,
        dependencies=[Depends(check_path_parameters)],
    )
    app.state.runtime = the_runtime
    app.state.authenticator = authenticator(the_runtime.settings)
    install_error_handlers(app)
    # innermost of the middleware: its 400 and 413 carry the X-Request-ID too
    app.add_middleware(BoundedInput, max_body_bytes=the_runtime.settings.max_body_bytes)
    app.middleware("http")(_echo_request_id)
    app.middleware("http")(_deadline)
    for module in (health, pjd, registry, restrictions, access_log, authzen):
        app.include_router(module.router)
    document_errors(app, _UNDECLARED)
    document_authzen(app)
    return app
