"""Property-based API testing (schemathesis over /openapi.json): for every operation, 1,000
generated requests — valid ones and invalid ones (wrong types, missing or extra fields, bodies
that are not JSON, odd headers and query strings) — with a fixed seed, against the app in the
process with the demo registry, over SQLite and over PostgreSQL (which refuses text SQLite
stores, such as a NUL character). No answer may be a 5xx, have a status code the operation does
not document, or differ from its documented body (error bodies included) or content type.

The schema is the app's own `/openapi.json`, built by an app that has routes but opens nothing
(the operations are known when the tests are collected); the requests go to the demo app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import create_engine

from api.config import get_settings
from api.main import create_app
from api.runtime import Runtime
from tests.api.demo_app import BOTH_DATABASES, database_url, demo_app
from tests.clients import service_headers

EXAMPLES = 1000  # per operation; an operation with fewer distinct inputs runs them all
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
Asgi = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def _routes_only() -> FastAPI:
    """The app's routes over an engine that never connects and no pack: its schema only."""
    unused = get_settings(database_url="sqlite://")
    return create_app(runtime=Runtime(settings=unused, db=create_engine("sqlite://")))


schema = schemathesis.openapi.from_dict(_routes_only().openapi())


@pytest.fixture(scope="module", params=BOTH_DATABASES)
def app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Asgi]:
    """The demo app on a fresh SQLite file or the session's PostgreSQL; its lifespan is not run
    (nothing in the background), and its tables are dropped afterwards."""
    url = database_url(request, tmp_path_factory.mktemp("schemathesis"))
    with demo_app(url) as demo:

        async def requests_only(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "http":
                await demo(scope, receive, send)

        yield requests_only


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the fixed seed: every run sends the same requests
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_none_is_a_server_error(
    app: Asgi, case: schemathesis.Case
) -> None:
    case.call_and_validate(app=app, checks=CHECKS, headers=service_headers())
