"""What the tests of bounded input check after each request: the refusal's shape, how many
records the access log holds, and a stand-in for code that fails unforeseen."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.access_log.store import count


def logged(client: TestClient) -> int:
    """The number of access log records of the client's app."""
    app: Any = client.app
    with Session(app.state.runtime.db) as session:
        return count(session)


def refused(response: httpx.Response, status: int, field: str) -> None:
    """A 400 `bad_request` or 413 `too_large` naming `field`, its message led by the field."""
    assert response.status_code == status, response.text
    answer = response.json()
    assert answer["error"] == {400: "bad_request", 413: "too_large"}[status]
    assert answer["field"] == field, answer
    assert answer["message"].startswith(f"{field}: ")


def broken(*_: object) -> None:
    """In place of a function of the service: it fails as nothing foresaw."""
    raise RuntimeError("a fault nobody foresaw")
