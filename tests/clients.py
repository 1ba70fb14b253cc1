"""The one way a test talks to the app in process: `api_client(app)`.

Every test's `TestClient` is built here, so what every caller sends (the headers a deployed
retrieval service sends) is stated once, in `service_headers()`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.tokens import bearer


def service_headers() -> dict[str, str]:
    """The headers every in-process test client sends unless a test overrides them: a retrieval
    service's bearer token with the service scopes (`tests.tokens.SERVICE_SCOPES`)."""
    return bearer()


def api_client(app: FastAPI, **options: Any) -> TestClient:
    """A `TestClient` on `app` that sends `service_headers()` (a test's `headers=` win)."""
    headers = {**service_headers(), **options.pop("headers", {})}
    return TestClient(app, headers=headers, **options)
