"""The request scope every HTTP request runs in (`api.main.RequestScope`, pure ASGI): the
request's deadline is in force in the route (on the event loop and in the thread pool), and the
answer echoes `X-Request-ID` — a 413 of the body limit, a 401 and a 404 too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api import deadline
from api.config import get_settings
from api.main import create_app
from tests.clients import api_client

PACK = Path(__file__).resolve().parents[2] / "policies" / "pjd"
DEADLINE = 7.5


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = get_settings(
        database_url=f"sqlite:///{tmp_path / 'pjd.db'}",
        policy_dir=PACK,
        request_deadline=DEADLINE,
        max_body_bytes=1000,
    )
    app = create_app(settings)

    async def on_the_loop() -> dict[str, float | None]:
        return {"left": deadline.remaining()}

    def in_a_thread() -> dict[str, float | None]:
        return {"left": deadline.remaining()}

    app.add_api_route("/probe/loop", on_the_loop)
    app.add_api_route("/probe/thread", in_a_thread)
    with api_client(app) as test_client:
        yield test_client


@pytest.mark.parametrize("where", ["loop", "thread"])
def test_the_request_deadline_is_in_force_in_the_route(client: TestClient, where: str) -> None:
    left = client.get(f"/probe/{where}").json()["left"]
    assert left is not None and 0 < left <= DEADLINE


def test_no_deadline_outside_a_request(client: TestClient) -> None:
    client.get("/probe/loop")
    assert deadline.current() is None


@pytest.mark.parametrize(
    ("method", "path", "options", "status"),
    [
        ("GET", "/probe/loop", {}, 200),
        ("POST", "/v1/pjd/decisions", {"content": b"{" + b" " * 2000 + b"}"}, 413),
        ("GET", "/v1/rules", {"headers": {"Authorization": ""}}, 401),
        ("GET", "/no/such/route", {}, 404),
    ],
)
def test_the_request_id_is_echoed_whatever_the_answer(
    client: TestClient, method: str, path: str, options: dict[str, Any], status: int
) -> None:
    headers = {"X-Request-ID": "r-1", **options.pop("headers", {})}
    response = client.request(method, path, headers=headers, **options)
    assert response.status_code == status
    assert response.headers.get_list("x-request-id") == ["r-1"]


def test_no_request_id_no_header(client: TestClient) -> None:
    assert "x-request-id" not in client.get("/probe/loop").headers
