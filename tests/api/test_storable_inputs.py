"""Whatever the API accepts, both databases store: free text with a NUL character (PostgreSQL
refuses it in text) is a 400 and stores nothing, never a 500 — on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.demo_app import BOTH_DATABASES, DEMO, database_url, demo_app
from tests.clients import api_client
from tests.people import BERGEN, PATIENT, WORKER_HPR

RESTRICTIONS = f"/v1/patients/{PATIENT}/restrictions"
OBJECTION = {"kind": "kilde_sperreregel", "source": BERGEN, "target": {"hpr": WORKER_HPR}}
Json = dict[str, Any]


@pytest.fixture(params=BOTH_DATABASES)
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    with demo_app(database_url(request, tmp_path)) as app, api_client(app) as test_client:
        yield test_client


def _refused(response: Any, field: str) -> None:
    assert response.status_code == 400, response.text
    assert (response.json()["error"], response.json()["field"]) == ("bad_request", field)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "pjd_sperre", "registered_by": "DIPS\x00Arena"}, "registered_by"),
        (OBJECTION | {"document": "D\x001", "registered_by": "DIPS Arena"}, "document"),
    ],
    ids=["registered_by", "document"],
)
def test_a_restriction_with_a_nul_is_refused_and_not_stored(
    client: TestClient, body: Json, field: str
) -> None:
    _refused(client.post(RESTRICTIONS, json=body), field)
    assert client.get(RESTRICTIONS, params={"history": "true"}).json() == []


def test_a_registry_with_a_nul_in_a_name_is_refused_and_the_registry_kept(
    client: TestClient,
) -> None:
    before = client.get("/v1/registry").json()
    body = json.loads(DEMO.read_text(encoding="utf-8"))
    body["organisations"][0]["name"] = "Fagersta\x00Testlegekontor"
    _refused(client.put("/v1/registry", json=body), "organisations[0].name")
    assert client.get("/v1/registry").json() == before


def test_withdrawing_an_id_with_a_nul_is_400_not_a_server_error(client: TestClient) -> None:
    response = client.delete(RESTRICTIONS + "/a%00b")
    assert response.status_code == 400
    assert response.json()["field"] == "id"
