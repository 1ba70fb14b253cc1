"""Bounded answers (issue 9): every input is bounded and strict before anything decides.

Over HTTP, against the demo registry: a body longer than `max_body_bytes` is a 413 naming
`body` (declared, chunked or lying about its length); a body, an attestation string and the
`X-Citizen` header are strict JSON (UTF-8, no duplicate names, bounded depth and numbers, no
control characters), else a 400 naming the JSON path; more than 1000 documents or 10000 GP list
entries is a 413 naming the list; a path or query parameter with a control character is a 400
naming it. None of these decides, so none is logged. An error nothing maps is a 503, and an
engine that fails denies `evaluation_error`.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from api.bounded_input import BoundedInput
from api.config import get_settings
from api.main import check_routes
from api.pjd.citizens import citizen_from_header
from engine import RequestError, strict_json
from tests.api.demo_app import demo_app
from tests.api.refusals import logged, refused
from tests.builders import AT, PERMIT, authzen_evaluation, outcome, pjd_body
from tests.clients import api_client
from tests.fixtures import pjd_codes
from tests.people import PATIENT
from tests.tokens import citizen_bearer

DECIDE, EVALUATION, EVALUATIONS = (
    "/v1/pjd/decisions",
    "/access/v1/evaluation",
    "/access/v1/evaluations",
)
LOG = f"/v1/patients/{PATIENT}/access-log"
LIMIT = 16_384
BIG = "1" * 5000  # a 5000-digit integer: json.loads alone fails on it with a ValueError


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app over SQLite with the demo registry, its body limit at LIMIT bytes."""
    url = f"sqlite:///{tmp_path / 'pjd.db'}"
    with (
        demo_app(url, max_body_bytes=LIMIT) as app,
        api_client(app, raise_server_exceptions=False) as test_client,
    ):
        yield test_client


def post_raw(client: TestClient, url: str, text: str | bytes) -> httpx.Response:
    return client.post(url, content=text, headers={"Content-Type": "application/json"})


def padded(size: int) -> bytes:
    """A valid decision body of exactly `size` bytes (padded with trailing JSON whitespace)."""
    body = json.dumps(pjd_body(AT)).encode()
    return body + b" " * (size - len(body))


def test_a_body_at_the_limit_is_decided_one_byte_more_is_413(client: TestClient) -> None:
    assert outcome(post_raw(client, DECIDE, padded(LIMIT)).json()) == PERMIT
    refused(post_raw(client, DECIDE, padded(LIMIT + 1)), 413, "body")
    assert logged(client) == 1


def test_a_chunked_body_without_length_is_cut_at_the_limit(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        body = padded(LIMIT + 1)
        yield from (body[i : i + 1000] for i in range(0, len(body), 1000))

    refused(post_raw(client, DECIDE, chunks()), 413, "body")  # type: ignore[arg-type]
    refused(post_raw(client, EVALUATION, chunks()), 413, "body")  # type: ignore[arg-type]
    assert logged(client) == 0


def test_the_default_limit_is_one_mebibyte() -> None:
    assert get_settings().max_body_bytes == 1_048_576


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"patient": "05076600324", "patient": "05076600324"}', "patient"),
        ('{"documents": [{"id": "D1", "id": "D2"}]}', "documents[0].id"),
        ('{"documents": [{"id": "D\\u0000"}]}', "documents[0].id"),
        ('{"documents": [{"id": "D\\u0085"}]}', "documents[0].id"),
        ('{"documents": [{"id": "D\\u007f"}]}', "documents[0].id"),
        ('{"documents": [{"id": "D\\ud800"}]}', "documents[0].id"),
        ('{"x\\u0000": 1}', "body"),
        ('{"at": ' + BIG + "}", "at"),
        ('{"at": 1e999}', "at"),
        ('{"at": NaN}', "body"),
        ('{"pad": ' + "[" * 33 + "]" * 33 + "}", "pad" + "[0]" * 31),
        ("[" * 3000 + "]" * 3000, "body"),
    ],
)
def test_a_body_that_is_not_strict_json_is_400_naming_the_path(
    client: TestClient, text: str, field: str
) -> None:
    for url in (DECIDE, EVALUATION, EVALUATIONS, "/v1/registry"):
        send = client.put if url == "/v1/registry" else client.post
        refused(send(url, content=text, headers={"Content-Type": "application/json"}), 400, field)
    assert logged(client) == 0


@pytest.mark.parametrize(
    "raw", ["{}".encode("utf-16"), b"\xef\xbb\xbf{}", b'{"a": "\xe6"}', b'{"a": "\xc0\xaf"}']
)
def test_a_body_that_is_not_utf8_is_400(client: TestClient, raw: bytes) -> None:
    refused(post_raw(client, DECIDE, raw), 400, "body")
    refused(post_raw(client, EVALUATION, raw), 400, "body")


def attestation_text(toa: str) -> str:
    """The body's attestation as JSON text, its `toa` replaced by `toa` as written."""
    text = json.dumps(pjd_body(AT)["attestation"])
    return text.replace(f'"toa": {pjd_body(AT)["attestation"]["toa"]}', f'"toa": {toa}')


@pytest.mark.parametrize(
    ("toa", "field"),
    [(BIG, "attestation.toa"), ('1, "toa": 2', "attestation.toa"), ("[" * 40 + "]" * 40, None)],
)
def test_an_attestation_string_is_strict_json(
    client: TestClient, toa: str, field: str | None
) -> None:
    where = field or "attestation.toa" + "[0]" * 31
    refused(
        client.post(DECIDE, json=pjd_body(AT) | {"attestation": attestation_text(toa)}), 400, where
    )
    body = authzen_evaluation(AT)
    body["subject"]["properties"]["attestation"] = attestation_text(toa)
    refused(client.post(EVALUATION, json=body), 400, f"subject.properties.{where}")
    assert logged(client) == 0


def test_one_bad_attestation_in_a_batch_fails_that_item_alone(client: TestClient) -> None:
    good = authzen_evaluation(AT)
    bad = json.loads(json.dumps(good))
    bad["subject"]["properties"]["attestation"] = attestation_text(BIG)
    items = [{k: body[k] for k in ("subject", "resource")} for body in (good, bad, good)]
    batch = {"action": good["action"], "context": good["context"], "evaluations": items}
    response = client.post(EVALUATIONS, json=batch)
    assert response.status_code == 200, response.text
    first, failed, last = response.json()["evaluations"]
    assert first == last == {"decision": True}
    assert failed["decision"] is False
    assert failed["context"]["error"]["status"] == 400
    assert "subject.properties.attestation.toa" in failed["context"]["error"]["message"]
    assert logged(client) == 2


CITIZEN = {"pid": PATIENT, "security_level": "4", "age": 60}
AS_PATIENT = citizen_bearer(PATIENT)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ('{"pid": "05076600324", "security_level": "4", "age": ' + BIG + "}", "X-Citizen.age"),
        (
            '{"pid": "05076600324", "pid": "05076600324", "security_level": "4", "age": 60}',
            "X-Citizen.pid",
        ),
        ('{"pid": "05076600324\\u0000", "security_level": "4", "age": 60}', "X-Citizen.pid"),
        (
            '{"pid": "05076600324", "security_level": "4", "age": 60, "x": '
            + "[" * 3000
            + "]" * 3000
            + "}",
            "X-Citizen",
        ),
        (
            '{"pid": "05076600324", "security_level": "4", "age": 60, "x": '
            + "[" * 40
            + "]" * 40
            + "}",
            "X-Citizen.x" + "[0]" * 31,
        ),
        ('{"pid": "05076600324", "security_level": "4", "age": NaN}', "X-Citizen"),
    ],
)
def test_the_citizen_header_is_strict_json(client: TestClient, header: str, field: str) -> None:
    refused(client.get(LOG, headers={"X-Citizen": header, **AS_PATIENT}), 400, field)
    assert logged(client) == 0


def test_the_citizen_header_is_utf8(client: TestClient) -> None:
    text = '{"pid": "05076600324", "security_level": "4", "age": 60, "n": "æ"}'
    # read as UTF-8, the JSON is parsed: what is refused is the unknown field, not the bytes
    refused(client.get(LOG, headers={"X-Citizen": text.encode(), **AS_PATIENT}), 400, "X-Citizen.n")
    as_latin1 = text.replace("æ", "\xe6")  # the header as the server hands on the byte E6
    with pytest.raises(RequestError) as error:
        citizen_from_header(as_latin1, pjd_codes())
    assert error.value.field == "X-Citizen"


def run_asgi(length: bytes | None, chunks: list[bytes], limit: int = 10) -> tuple[int, list[bytes]]:
    """Send `chunks` through BoundedInput with `length` as Content-Length: the status it answers
    (0: it passed the request on) and the body the app received."""
    received: list[bytes] = []
    status = 0

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        received.append((await receive())["body"])

    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive() -> Message:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        status = message.get("status", status)

    headers = [] if length is None else [(b"content-length", length)]
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers, "query_string": b""}
    asyncio.run(BoundedInput(app, max_body_bytes=limit)(scope, receive, send))
    return status, received


def test_a_body_longer_than_its_declared_length_is_still_cut_at_the_limit() -> None:
    assert run_asgi(b"2", [b"[1,", b"2,3,4,5,6]"]) == (413, [])  # says 2, sends 13
    assert run_asgi(b"11", [b"[1]"]) == (413, [])  # says more than the limit: not read
    assert run_asgi(None, [b"[1,", b"2,3,4,5]"]) == (413, [])  # chunked, 13 bytes
    assert run_asgi(b"9", [b"[1,2,", b"3,4]"]) == (0, [b"[1,2,3,4]"])  # within: handed on


def test_a_long_body_is_as_strict_as_a_short_one() -> None:
    long = b'["' + b"x" * 100_000 + b'"]'  # read off the event loop
    assert run_asgi(None, [long], limit=200_000) == (0, [long])
    assert run_asgi(None, [long.replace(b'x"', b'\\u0000"')], limit=200_000) == (400, [])


def test_the_openapi_documents_413_on_every_body_and_503_on_every_operation(
    client: TestClient,
) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    ref = "#/components/schemas/TooLargeError"
    for path, method in [
        (DECIDE, "post"),
        (EVALUATION, "post"),
        (EVALUATIONS, "post"),
        ("/v1/registry", "put"),
        ("/v1/patients/{patient}/restrictions", "post"),
    ]:
        schema = paths[path][method]["responses"]["413"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": ref}, path
    assert "413" not in paths["/v1/registry"]["get"]["responses"]
    for item in paths.values():
        for operation in item.values():
            assert "503" in operation["responses"]  # the catch-all may answer any of them


def test_a_route_reads_the_value_bounded_input_read_not_the_body_again(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    strict = strict_json.loads

    def counted(raw: str | bytes | bytearray, field: str, prefix: str | None = None) -> object:
        reads.append(field)
        return strict(raw, field, prefix)

    async def parsed_again(_: Request) -> None:
        raise AssertionError("the body was parsed a second time")

    monkeypatch.setattr(Request, "json", parsed_again)
    monkeypatch.setattr(strict_json, "loads", counted)
    assert outcome(post_raw(client, DECIDE, json.dumps(pjd_body(AT))).json()) == PERMIT
    evaluation = post_raw(client, EVALUATION, json.dumps(authzen_evaluation(AT)))
    assert evaluation.status_code == 200, evaluation.text
    assert reads.count("body") == 2  # once per request, by BoundedInput


def test_a_route_without_the_checks_is_refused_at_start() -> None:
    router = APIRouter()

    @router.get("/v1/unchecked/{name}")
    async def unchecked(name: str) -> str:
        return name

    with pytest.raises(TypeError, match=re.escape("/v1/unchecked/{name} is not a CheckedRoute")):
        check_routes(router.routes)
