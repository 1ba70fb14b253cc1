"""/openapi.json shows the error shapes the service really answers: never 422, a 400 with the
error body on every operation that takes input, the route's own 403/404/409/503; an unknown path
and a wrong method answer `{error, message}` like every other error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.config import get_settings
from api.errors import (
    BadRequestError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    UnavailableError,
)
from api.main import create_app
from tests.clients import api_client
from tests.people import PATIENT
from tests.tokens import bearer, citizen_headers

PACK = Path(__file__).resolve().parents[2] / "policies" / "pjd"
REF = "#/components/schemas/"
RESTRICTIONS = f"/v1/patients/{PATIENT}/restrictions"

Json = dict[str, Any]


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=PACK)
    with api_client(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def openapi(client: TestClient) -> Json:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    schema: Json = response.json()
    return schema


def operations(openapi: Json) -> Iterator[tuple[str, Json]]:
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def schema_of(operation: Json, code: int) -> str:
    """The documented body's model (`A | B` for either)."""
    schema = operation["responses"][str(code)]["content"]["application/json"]["schema"]
    refs = [s["$ref"] for s in schema["anyOf"]] if "anyOf" in schema else [schema["$ref"]]
    return " | ".join(ref.removeprefix(REF) for ref in refs)


def test_no_operation_documents_a_422(openapi: Json) -> None:
    shown = [name for name, op in operations(openapi) if "422" in op["responses"]]
    assert shown == []
    assert not {"HTTPValidationError", "ValidationError"} & set(openapi["components"]["schemas"])


def test_every_operation_that_takes_input_documents_the_400_body(openapi: Json) -> None:
    taking_input = [
        (name, op)
        for name, op in operations(openapi)
        if "requestBody" in op or op.get("parameters") or name.split()[0] in {"POST", "PUT"}
    ]
    assert len(taking_input) >= 9  # decisions, registry, restrictions, logs, AuthZEN
    for name, operation in taking_input:
        assert schema_of(operation, 400) == "BadRequestError", name
    body = openapi["components"]["schemas"]["BadRequestError"]
    assert set(body["required"]) == {"error", "field", "message"}
    assert body["properties"]["error"]["const"] == "bad_request"


@pytest.mark.parametrize(
    ("operation", "code", "model"),
    [
        ("POST /v1/pjd/decisions", 503, "UnavailableError"),
        ("GET /v1/rules", 503, "UnavailableError"),
        ("POST /access/v1/evaluation", 503, "UnavailableError"),
        ("POST /access/v1/evaluations", 503, "UnavailableError"),
        ("GET /v1/patients/{patient}/access-log", 403, "ForbiddenError | InsufficientScopeError"),
        ("GET /v1/patients/{patient}/access-log", 401, "UnauthenticatedError | ClaimsRefusedError"),
        ("PUT /v1/registry", 403, "InsufficientScopeError"),
        ("GET /v1/patients/{patient}/access-log", 503, "UnavailableError"),
        ("DELETE /v1/patients/{patient}/restrictions/{id}", 404, "NotFoundError"),
        ("DELETE /v1/patients/{patient}/restrictions/{id}", 409, "ConflictError"),
        ("GET /health", 503, "HealthOut"),
        *(
            (operation, 503, "UnavailableError")  # the database did not answer in time
            for operation in (
                "GET /v1/registry",
                "PUT /v1/registry",
                "POST /v1/patients/{patient}/restrictions",
                "GET /v1/patients/{patient}/restrictions",
                "DELETE /v1/patients/{patient}/restrictions/{id}",
                "GET /v1/access-log",
            )
        ),
    ],
)
def test_a_route_documents_the_errors_it_can_answer(
    openapi: Json, operation: str, code: int, model: str
) -> None:
    assert schema_of(dict(operations(openapi))[operation], code) == model
    assert set(model.split(" | ")) <= set(openapi["components"]["schemas"])


def test_every_documented_503_names_its_retry_after_header(openapi: Json) -> None:
    documented = [
        (n, op["responses"]["503"]) for n, op in operations(openapi) if "503" in op["responses"]
    ]
    assert len(documented) >= 12
    for name, response in documented:
        assert response["headers"]["Retry-After"]["schema"] == {"type": "integer"}, name


def test_the_description_is_for_authenticated_callers_only_by_default(
    client: TestClient,
) -> None:
    """PJD_API_DOCS_PUBLIC off (the default): /openapi.json needs a valid token, of any scope,
    and the browser pages that cannot send one are not served."""
    assert client.get("/openapi.json").status_code == 200  # the service's token
    assert client.get("/openapi.json", headers={"Authorization": ""}).status_code == 401
    assert client.get("/openapi.json", headers=bearer(("pjd:citizen",))).status_code == 200
    assert [client.get(page).status_code for page in ("/docs", "/redoc")] == [404, 404]


def test_with_a_public_description_the_docs_page_is_served(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'pjd.db'}"
    settings = get_settings(database_url=database, policy_dir=PACK, api_docs_public=True)
    with api_client(create_app(settings), headers={"Authorization": ""}) as anonymous:
        response = anonymous.get("/docs")
        assert response.status_code == 200
        assert "/openapi.json" in response.text
        assert anonymous.get("/openapi.json").json()["paths"]


def _shaped(response: Any, code: int, model: type[BaseModel]) -> Json:
    """The answer has this status and exactly the documented model's fields."""
    assert response.status_code == code, response.text
    answer: Json = response.json()
    assert set(answer) == set(model.model_fields)
    model.model_validate(answer)
    return answer


def test_the_documented_shapes_are_the_answers(client: TestClient) -> None:
    _shaped(client.post("/v1/pjd/decisions", json={"action": "list"}), 400, BadRequestError)
    _shaped(client.get(RESTRICTIONS + "?history=perhaps"), 400, BadRequestError)
    _shaped(client.post("/access/v1/evaluation", content=b"{"), 400, BadRequestError)
    not_utf8 = {"content": b'{"action": "\xff"}', "headers": {"Content-Type": "application/json"}}
    unreadable = _shaped(client.post("/v1/pjd/decisions", **not_utf8), 400, BadRequestError)
    assert unreadable["field"] == "body"
    _shaped(client.delete(RESTRICTIONS + "/nope"), 404, NotFoundError)
    created = client.post(RESTRICTIONS, json={"kind": "pjd_sperre", "registered_by": "test"})
    withdraw = f"{RESTRICTIONS}/{created.json()['id']}"
    assert client.delete(withdraw).status_code == 200
    _shaped(client.delete(withdraw), 409, ConflictError)
    citizen = citizen_headers({"pid": "13116900216", "security_level": "4", "age": 60})
    log = client.get(f"/v1/patients/{PATIENT}/access-log", headers=citizen)
    _shaped(log, 403, ForbiddenError)


def test_unavailable_is_the_documented_shape(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=empty)
    with api_client(create_app(settings)) as client:
        _shaped(client.get("/v1/rules"), 503, UnavailableError)


def test_an_unknown_path_is_404_with_error_and_message(client: TestClient) -> None:
    answer = _shaped(client.get("/v1/nothing-here"), 404, NotFoundError)
    assert "/v1/nothing-here" in answer["message"]


def test_a_wrong_method_is_405_with_error_message_and_allow(client: TestClient) -> None:
    response = client.delete("/v1/pjd/decisions")
    assert response.status_code == 405
    assert response.json() == {
        "error": "method_not_allowed",
        "message": "DELETE is not allowed on /v1/pjd/decisions (allowed: POST)",
    }
    assert response.headers["Allow"] == "POST"
