"""api.errors: the field path of a validation error, and every handler's status code and body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from api.errors import ServiceUnavailable, bad_request, field_path, install_error_handlers
from api.pjd.schemas import PjdDecisionIn
from engine import RequestError
from engine.pjd import parse_attestation
from tests.clients import api_client


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        ((), "body"),
        (("body",), "body"),
        (("body", "patient"), "patient"),
        (("patient",), "patient"),
        (("body", "documents", 0, "source"), "documents[0].source"),
        (("documents", 12, "id"), "documents[12].id"),
        (("body", "identity", "pid"), "identity.pid"),
        (("organisations", 0, "consumer", "active_to"), "organisations[0].consumer.active_to"),
        (("matrix", 0, 1), "matrix[0][1]"),
        (("body", 0), "[0]"),
        (("gp_list", 3, "from"), "gp_list[3].from"),
    ],
)
def test_field_path_formats_a_location(loc: tuple[int | str, ...], path: str) -> None:
    assert field_path(loc) == path


def test_bad_request_has_one_shape() -> None:
    response = bad_request("documents[0].source", "must be 9 digits")
    assert response.status_code == 400
    assert response.body == (
        b'{"error":"bad_request","field":"documents[0].source",'
        b'"message":"documents[0].source: must be 9 digits"}'
    )


class _Item(BaseModel):
    code: str = Field(pattern=r"^[0-9]{3}$")


class _Body(BaseModel):
    name: str
    items: list[_Item] = []
    tags: dict[str, int] = {}
    kinds: dict[Literal["a", "b"], int] = {}
    payload: dict[str, Any] | str = ""


@pytest.fixture
def client() -> Iterator[TestClient]:
    """A bare app with the handlers and one route per error kind."""
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/body")
    def take_body(body: _Body) -> dict[str, str]:
        return {"name": body.name}

    @app.get("/model")
    def model_error() -> None:
        PjdDecisionIn.model_validate({"action": "list"})  # raises pydantic's ValidationError

    @app.get("/attestation")
    def attestation_error() -> None:
        parse_attestation('{"patients": {}}')

    @app.get("/request")
    def request_error() -> None:
        raise RequestError("documents[1].id", "document id 'D1' appears twice")

    @app.get("/unavailable")
    def unavailable() -> None:
        raise ServiceUnavailable("no PJD policy pack is loaded")

    with api_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _bad(response: Any, field: str) -> None:
    assert response.status_code == 400, response.text
    answer = response.json()
    assert set(answer) == {"error", "field", "message"}
    assert (answer["error"], answer["field"]) == ("bad_request", field)
    assert answer["message"].startswith(f"{field}: ")


def test_request_validation_is_400_not_422(client: TestClient) -> None:
    _bad(client.post("/body", json={"name": "x", "items": [{"code": "12"}]}), "items[0].code")


def test_a_missing_field_is_400_naming_it(client: TestClient) -> None:
    _bad(client.post("/body", json={}), "name")


def test_invalid_json_is_400_naming_the_body(client: TestClient) -> None:
    response = client.post("/body", content=b"{", headers={"content-type": "application/json"})
    _bad(response, "body")
    assert "not valid JSON" in response.json()["message"]


def test_a_bad_dict_key_value_names_the_key(client: TestClient) -> None:
    _bad(client.post("/body", json={"name": "x", "tags": {"a": "many"}}), "tags.a")


def test_a_bad_dict_key_names_the_key(client: TestClient) -> None:
    # pydantic adds a "[key]" marker to the location ("kinds", "c", "[key]")
    _bad(client.post("/body", json={"name": "x", "kinds": {"c": 1}}), "kinds.c")


def test_a_union_mismatch_names_the_field_not_the_union_member(client: TestClient) -> None:
    # pydantic adds the failing union member to the location ("payload", "dict[str,any]")
    _bad(client.post("/body", json={"name": "x", "payload": [1]}), "payload")


def test_a_model_validation_error_is_400(client: TestClient) -> None:
    response = client.get("/model")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert response.json()["field"] in {"patient", "identity", "attestation", "documents"}


def test_an_attestation_error_is_400_with_its_path(client: TestClient) -> None:
    _bad(client.get("/attestation"), "attestation.patients")


def test_a_request_error_is_400_with_its_field(client: TestClient) -> None:
    response = client.get("/request")
    _bad(response, "documents[1].id")
    assert response.json()["message"] == "documents[1].id: document id 'D1' appears twice"


def test_service_unavailable_is_503(client: TestClient) -> None:
    response = client.get("/unavailable")
    assert response.status_code == 503
    assert response.json() == {"error": "unavailable", "message": "no PJD policy pack is loaded"}


def test_an_unknown_route_is_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/nothing")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert set(response.json()) == {"error", "message"}
