"""Bounded answers (issue 9): lists, parameters, unexpected errors and the stored text.

At most 1000 documents per decision and 10000 GP list entries or persons per `PUT /v1/registry` (413
naming the list, nothing decided, nothing replaced; `pjd registry import` takes a national
list). A path or query parameter holding NUL or another control character is a 400 naming it,
and so is such a character in a restriction's `registered_by` or `document` or an
organisation's `name`, on SQLite and PostgreSQL alike (PostgreSQL refuses NUL in text: it used
to be a 500), with nothing written; the `pjd` command reads its JSON files as strictly. An
error nothing maps is a 503, never a 500; an engine that fails denies `evaluation_error`, and
that is logged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli import app as cli
from api.config import get_settings
from api.main import create_app
from api.registry.store import MAX_GP_LIST, MAX_PERSONS
from tests.api.demo_app import BOTH_DATABASES, DEMO, database_url, demo_app
from tests.api.refusals import broken, logged, refused
from tests.builders import AT, PERMIT, Json, outcome, pjd_body
from tests.clients import api_client
from tests.people import PATIENT, SRC_A, WORKER_HPR

DECIDE = "/v1/pjd/decisions"
RESTRICTIONS = f"/v1/patients/{PATIENT}/restrictions"
CONTROLS = {"nul": "\x00", "esc": "\x1b", "del": "\x7f", "c1": "\x85"}


@pytest.fixture(params=BOTH_DATABASES)
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """The app with the demo registry, over SQLite or PostgreSQL."""
    with (
        demo_app(database_url(request, tmp_path)) as app,
        api_client(app, raise_server_exceptions=False) as test_client,
    ):
        yield test_client


def registry() -> Json:
    data: Json = json.loads(DEMO.read_text(encoding="utf-8"))
    return data


def test_1000_documents_are_decided_1001_are_413(client: TestClient) -> None:
    body = pjd_body(AT)
    documents = [body["documents"][0] | {"id": f"D{i}"} for i in range(1001)]
    refused(client.post(DECIDE, json=body | {"documents": documents}), 413, "documents")
    assert logged(client) == 0
    answer = client.post(DECIDE, json=body | {"documents": documents[:1000]}).json()
    assert len(answer["results"]) == 1000 and logged(client) == 1000


def test_more_than_10000_gp_list_entries_is_413_and_nothing_replaced(client: TestClient) -> None:
    before = client.get("/v1/registry").json()
    entry = {"patient": PATIENT, "gp_hpr": "9144897", "from": "2020-01-01", "to": None}
    body = registry() | {"gp_list": [entry] * 10_001}
    refused(client.put("/v1/registry", json=body), 413, "gp_list")
    assert client.get("/v1/registry").json() == before


def test_more_than_10000_persons_is_413_and_nothing_replaced(client: TestClient) -> None:
    """R34: the population register's persons are bounded per PUT like the GP list."""
    before = client.get("/v1/registry").json()
    persons = [
        {"pid": f"{i:011d}", "address_protection": None, "deceased_on": None}
        for i in range(MAX_PERSONS + 1)
    ]
    refused(client.put("/v1/registry", json=registry() | {"persons": persons}), 413, "persons")
    assert client.get("/v1/registry").json() == before


@pytest.mark.parametrize("char", CONTROLS.values(), ids=CONTROLS)
def test_a_control_character_in_stored_text_is_400_and_nothing_written(
    client: TestClient, char: str
) -> None:
    sperre = {"kind": "pjd_sperre", "registered_by": f"helse{char}norge"}
    refused(client.post(RESTRICTIONS, json=sperre), 400, "registered_by")
    objection = {
        "kind": "kilde_sperreregel",
        "source": SRC_A,
        "target": {"hpr": WORKER_HPR},
        "document": f"D{char}1",
        "registered_by": "DIPS",
    }
    refused(client.post(RESTRICTIONS, json=objection), 400, "document")
    assert client.get(f"{RESTRICTIONS}?history=true").json() == []
    before = client.get("/v1/registry").json()
    body = registry()
    body["organisations"][1]["name"] = f"Helse{char} Bergen"
    refused(client.put("/v1/registry", json=body), 400, "organisations[1].name")
    assert client.get("/v1/registry").json() == before


@pytest.mark.parametrize("char", ["%00", "%1B", "%7F", "%C2%85", "%09"])
def test_a_control_character_in_a_path_or_query_parameter_is_400_naming_it(
    client: TestClient, char: str
) -> None:
    created = client.post(RESTRICTIONS, json={"kind": "pjd_sperre", "registered_by": "x"}).json()
    refused(client.delete(f"{RESTRICTIONS}/{created['id']}{char}"), 400, "id")
    refused(client.get(f"/v1/patients/{PATIENT}{char}/restrictions"), 400, "patient")
    refused(client.get(f"/v1/access-log?source={SRC_A}{char}"), 400, "source")
    refused(client.get(f"/v1/access-log?source={SRC_A}&from=2026{char}"), 400, "from")
    refused(client.get(f"{RESTRICTIONS}?history=true{char}"), 400, "history")
    assert client.get(RESTRICTIONS).json()[0]["withdrawn_at"] is None


def test_a_path_or_query_that_is_not_utf8_is_400(client: TestClient) -> None:
    refused(client.get("/v1/patients/0507660032%FF/restrictions"), 400, "path")
    refused(client.get(f"/v1/access-log?source={SRC_A}%C0%AF"), 400, "query")


def test_an_unexpected_error_is_503_never_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.registry.routes.export_registry", broken)
    response = client.get("/v1/registry")
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "unavailable" and "Retry-After" in response.headers
    assert "nobody foresaw" not in response.text


def test_an_engine_that_fails_denies_evaluation_error_and_logs_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("api.pjd.service.decide_pjd", broken)
    answer = client.post(DECIDE, json=pjd_body(AT)).json()
    assert outcome(answer) == ("deny", ("evaluation_error",))
    assert logged(client) == 1


def test_an_in_memory_database_starts_and_decides() -> None:
    app = create_app(get_settings(database_url="sqlite:///:memory:"))
    with api_client(app) as client:
        assert client.get("/health").json()["status"] == "ok"
        assert client.put("/v1/registry", json=registry()).status_code == 200
        assert outcome(client.post(DECIDE, json=pjd_body(AT)).json()) == PERMIT
        assert logged(client) == 1


@pytest.mark.parametrize(
    ("command", "text", "line"),
    [
        ("registry", '{"organisations": [], "gp_list": [], "gp_list": []}', "gp_list: is given"),
        ("registry", '{"organisations": [{"name": "A\\u0000"}], "gp_list": []}', "organisations"),
        ("decide", '{"action": "list", "at": ' + "9" * 5000 + "}", "at: a number may have"),
        ("decide", '{"documents": [' + ", ".join(["{}"] * 1001) + "]}", "documents: at most"),
    ],
)
def test_the_cli_reads_its_json_files_as_strictly(
    env: Path, command: str, text: str, line: str
) -> None:
    (env / "r.json").write_text(text, encoding="utf-8")
    args = ["registry", "import"] if command == "registry" else ["decide"]
    result = CliRunner().invoke(cli, [*args, str(env / "r.json")])
    assert result.exit_code == 1
    assert line in result.stderr and result.stderr.count("\n") == 1  # one line, no traceback


def test_pjd_registry_import_takes_a_gp_list_beyond_the_put_limit(env: Path) -> None:
    entries = [
        {"patient": f"{i:011d}", "gp_hpr": "9144897", "from": "2020-01-01", "to": None}
        for i in range(MAX_GP_LIST + 1)
    ]
    (env / "r.json").write_text(json.dumps(registry() | {"gp_list": entries}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["registry", "import", str(env / "r.json")])
    assert result.exit_code == 0, result.stderr
    assert f"{MAX_GP_LIST + 1} GP list entries" in result.stdout
