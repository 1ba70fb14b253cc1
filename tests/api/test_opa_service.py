"""The service with `PJD_ENGINE=opa`: decisions come from the OPA-protocol test server
(tests/opa_server.py, the twin published to it) through opa-python-client, name the engine,
match Cedar's, and deny with `evaluation_error` (HTTP 200, never 500) when the server is down.
A server that does not hold the pack's twin is not loaded, and the errors name the settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.api.test_pjd_endpoint import DEMO, KJ, URL
from tests.builders import Json, document, identity, pjd_body
from tests.clients import api_client
from tests.opa_server import OpaServer, published, running

BODIES: dict[str, Json] = {
    "permit_hpl45": pjd_body(),
    "permit_kj_read": pjd_body(action="read", path=KJ, access_basis="samtykke"),
    "deny_class": pjd_body(documents=[document(class_code="B00-1"), document("D2")]),
    "deny_level": pjd_body(identity=identity(security_level="3")),
    "deny_no_basis": pjd_body(path=KJ),
}


def _client(folder: Path, **settings: Any) -> TestClient:
    app = create_app(get_settings(database_url=f"sqlite:///{folder / 'pjd.db'}", **settings))
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    return api_client(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def server() -> Iterator[OpaServer]:
    with published() as opa:
        yield opa


@pytest.fixture(scope="module")
def clients(
    server: OpaServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, TestClient]]:
    """The service on the `opa` engine and on `cedar`, each on a fresh SQLite file."""
    opa = _client(tmp_path_factory.mktemp("opa"), engine="opa", opa_url=server.url)
    cedar = _client(tmp_path_factory.mktemp("cedar"))
    with opa, cedar:
        yield opa, cedar


def _post(client: TestClient, body: Json) -> Json:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


def _seen(answer: Json) -> list[tuple[str, str, list[str], list[Json]]]:
    return [
        (r["document"], r["decision"], [x["rule"] for x in r["reasons"]], r["obligations"])
        for r in answer["results"]
    ]


def test_health_names_the_opa_engine(clients: tuple[TestClient, TestClient]) -> None:
    opa, cedar = clients
    health = opa.get("/health").json()
    assert (health["status"], health["engine"]) == ("ok", "opa")
    assert cedar.get("/health").json()["engine"] == "cedar"
    assert "load_error" not in health


@pytest.mark.parametrize("name", list(BODIES))
def test_opa_decides_as_cedar_and_names_itself(
    server: OpaServer, clients: tuple[TestClient, TestClient], name: str
) -> None:
    opa, cedar = clients
    before = server.evaluations
    by_opa, by_cedar = _post(opa, BODIES[name]), _post(cedar, BODIES[name])
    assert by_opa["engine"] == "opa"
    assert by_cedar["engine"] == "cedar"
    assert _seen(by_opa) == _seen(by_cedar)
    assert server.evaluations > before
    assert by_opa["policy_revision"] == opa.get("/health").json()["policy_revision"]
    assert all(r["reasons"][0]["rule"] != "evaluation_error" for r in by_opa["results"])


def test_the_table_holds_permits_and_denies(clients: tuple[TestClient, TestClient]) -> None:
    decisions = {r[1] for body in BODIES.values() for r in _seen(_post(clients[0], body))}
    assert decisions == {"permit", "deny"}


def test_an_undefined_answer_is_a_deny_not_an_error(
    server: OpaServer, clients: tuple[TestClient, TestClient]
) -> None:
    server.undefined = True
    try:
        answer = _post(clients[0], BODIES["permit_hpl45"])
    finally:
        server.undefined = False
    assert answer["engine"] == "opa"
    assert _seen(answer) == [("D1", "deny", ["evaluation_error"], [])]


def test_with_the_server_down_a_decision_is_200_deny(tmp_path: Path) -> None:
    with published() as opa_server:
        client = _client(tmp_path, engine="opa", opa_url=opa_server.url, opa_timeout=0.5)
        with client:
            assert _post(client, BODIES["permit_hpl45"])["results"][0]["decision"] == "permit"
            opa_server.stop()
            answer = _post(client, BODIES["permit_hpl45"])
            assert answer["engine"] == "opa"
            assert _seen(answer) == [("D1", "deny", ["evaluation_error"], [])]
            assert client.get("/health").json()["engine"] == "opa"


def test_a_server_unreachable_at_start_up_is_reported_not_loaded(tmp_path: Path) -> None:
    with running() as gone:
        url = gone.url
    with _client(tmp_path, engine="opa", opa_url=url, opa_timeout=0.5) as client:
        response = client.get("/health")
        assert response.status_code == 503
        assert url in response.json()["load_error"]
        assert client.post(URL, json=BODIES["permit_hpl45"]).status_code == 503


def test_a_server_without_the_twin_is_reported_not_loaded(tmp_path: Path) -> None:
    with running() as empty, _client(tmp_path, engine="opa", opa_url=empty.url) as client:
        response = client.get("/health")
        assert response.status_code == 503
        assert (
            f"{empty.url}:0: the server's package pjd is not the pack's twin"
            in (response.json()["load_error"])
        )
        assert client.post(URL, json=BODIES["permit_hpl45"]).status_code == 503
        assert empty.policies() == {}  # the service pushes nothing


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"engine": "opa"}, "PJD_OPA_URL"),
        ({"engine": "opa", "opa_url": "http://127.0.0.1:8181/v1"}, "PJD_OPA_URL"),
        ({"engine": "cerbos"}, "PJD_ENGINE"),
    ],
)
def test_an_engine_setting_it_cannot_use_is_named(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    with _client(tmp_path, **settings) as client:
        response = client.get("/health")
        assert response.status_code == 503
        assert response.json()["load_error"].startswith(f"{named}:0: ")


def test_the_opa_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PJD_ENGINE", "opa")
    monkeypatch.setenv("PJD_OPA_URL", "http://127.0.0.1:8181")
    monkeypatch.setenv("PJD_OPA_TIMEOUT", "0.75")
    settings = get_settings()
    assert (settings.engine, settings.opa_url, settings.opa_timeout) == (
        "opa",
        "http://127.0.0.1:8181",
        0.75,
    )
    monkeypatch.delenv("PJD_OPA_URL")
    monkeypatch.delenv("PJD_OPA_TIMEOUT")
    assert (get_settings().opa_url, get_settings().opa_timeout) == (None, 2.0)
