"""/openapi.json documents every AuthZEN endpoint: its request body (the parsing models), its
200 answer, and its own errors (400, 413 for a batch over 1,000, 404 for a search of the PJD
pack, 503)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.config import get_settings
from api.main import create_app
from tests.clients import api_client
from tests.fixtures import PACKS

REF = "#/components/schemas/"
OPERATIONS = {  # path: (request schema, 200 schema, error codes beside 400, 413 and 503)
    "/access/v1/evaluation": ("EvaluationIn", "EvaluationOut", ()),
    # a batch without items is one evaluation, answered as one (AuthZEN 1.0 §7.1)
    "/access/v1/evaluations": ("EvaluationsIn", "EvaluationsOut | EvaluationOut", ()),
    "/access/v1/search/subject": ("SubjectSearchIn", "EntitySearchOut", ("404",)),
    "/access/v1/search/resource": ("ResourceSearchIn", "EntitySearchOut", ("404",)),
    "/access/v1/search/action": ("ActionSearchIn", "ActionSearchOut", ("404",)),
}
Json = dict[str, Any]


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Json]:
    url = f"sqlite:///{tmp_path_factory.mktemp('openapi')}/x.db"
    app = create_app(get_settings(database_url=url, policy_dir=PACKS / "certification"))
    with api_client(app) as client:
        yield client.get("/openapi.json").json()


def _ref(schema: Json) -> str:
    ref: str = schema["$ref"]
    return ref.removeprefix(REF)


def _body(response: Json) -> str:
    """The schema an answer names; a union as `A | B`."""
    schema = response["content"]["application/json"]["schema"]
    return " | ".join(_ref(s) for s in schema["anyOf"]) if "anyOf" in schema else _ref(schema)


@pytest.mark.parametrize("path", OPERATIONS)
def test_each_authzen_operation_documents_its_body_and_answers(openapi: Json, path: str) -> None:
    request, ok, errors = OPERATIONS[path]
    operation = openapi["paths"][path]["post"]
    assert operation["requestBody"]["required"] is True
    assert _body(operation["requestBody"]) == request
    assert request in openapi["components"]["schemas"]
    codes = operation["responses"]
    assert set(codes) == {"200", "400", "401", "403", "413", "503", *errors}
    assert _body(codes["200"]) == ok and _body(codes["400"]) == "BadRequestError"
    assert _body(codes["413"]) == "TooLargeError"  # the body limit; a batch over 1,000 too
    assert _body(codes["503"]) == "UnavailableError"
    refs = [_body(codes[c]) for c in errors]
    assert refs == ["NotFoundError" for _ in errors]


def test_the_request_schemas_name_what_is_required(openapi: Json) -> None:
    schemas = openapi["components"]["schemas"]
    assert set(schemas["EvaluationIn"]["required"]) == {"subject", "action", "resource"}
    assert set(schemas["SubjectSearchIn"]["required"]) == {"subject", "action", "resource"}
    assert set(schemas["ActionSearchIn"]["required"]) == {"subject", "resource"}
    assert schemas["SearchedIn"]["required"] == ["type"]
    assert set(schemas["EntityIn"]["required"]) == {"type", "id"}
    evaluations = schemas["EvaluationsIn"]["properties"]["evaluations"]["anyOf"][0]
    assert evaluations["maxItems"] == 1000
    assert schemas["TooLargeError"]["properties"]["field"]["type"] == "string"  # evaluations, body


def test_every_reference_resolves(openapi: Json) -> None:
    text = str(openapi)
    names = {part.split("'")[0] for part in text.split(REF)[1:]}
    assert names <= set(openapi["components"]["schemas"])
