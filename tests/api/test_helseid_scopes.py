"""R28: the path of a request is the HelseID token's, never the caller's choice. The EPJ's token
for the PJD API names the list scopes it holds (`nhn:phr/mhd/read-documentreferences` for
hpl45, `…/kjernejournalforskriften` for the Kjernejournal); a list or read on a path its scopes
do not give, or a read without `nhn:phr/mhd/read-document`, is refused (401 `claims_refused`
naming `path` or `action`; AuthZEN: `context.path`, `action.name`) and never decided."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.trust.helseid import LIST_SCOPES, READ_SCOPE
from tests.api.signed_claims import WORKER, helseid_token, published, runtime_trusting
from tests.api.test_authzen_signed_claims import EVAL, evaluation
from tests.api.test_saml_decisions import documents
from tests.clients import api_client
from tests.people import PATIENT

HPL45, KJ = "hpl45", "kjernejournalforskriften"
SCOPE_OF = {path: scope for scope, path in LIST_SCOPES.items()}
URL = "/v1/pjd/decisions"
Json = dict[str, Any]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A deployment that accepts only signed claims."""
    runtime = runtime_trusting(tmp_path_factory.mktemp("s"), [], accept_unverified_claims=False)
    with api_client(create_app(runtime=runtime)) as test_client:
        yield test_client


def _token(*scopes: str) -> str:
    return helseid_token(published(), scope=" ".join(scopes))


def _body(action: str, path: str, value: str) -> Json:
    body = {"action": action, "path": path, "patient": PATIENT, "helseid_token": value}
    extra = {"access_basis": "samtykke"} if path == KJ else {}
    return body | extra | {"documents": documents()[:1]}


def _refusal(response: Any, field: str) -> str:
    assert response.status_code == 401, response.text
    answer = response.json()
    assert (answer["error"], answer["field"]) == ("claims_refused", field), answer
    message: str = answer["message"]
    return message


@pytest.mark.parametrize("path", [HPL45, KJ])
def test_a_list_is_decided_on_the_path_the_tokens_scope_gives(
    client: TestClient, path: str
) -> None:
    response = client.post(URL, json=_body("list", path, _token(SCOPE_OF[path])))
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["reasons"]  # decided, naming its rule


@pytest.mark.parametrize(("held", "asked"), [(HPL45, KJ), (KJ, HPL45)])
def test_a_path_the_tokens_scope_does_not_give_is_refused(
    client: TestClient, held: str, asked: str
) -> None:
    response = client.post(URL, json=_body("list", asked, _token(SCOPE_OF[held], READ_SCOPE)))
    message = _refusal(response, "path")
    assert f"does not give the path {asked}: it needs {SCOPE_OF[asked]}" in message


def test_a_token_without_scope_gives_no_path(client: TestClient) -> None:
    value = helseid_token(published(), scope=None)
    _refusal(client.post(URL, json=_body("list", HPL45, value)), "path")


def test_a_read_needs_the_read_scope_besides_its_lists(client: TestClient) -> None:
    listed_only = _token(SCOPE_OF[HPL45])
    message = _refusal(client.post(URL, json=_body("read", HPL45, listed_only)), "action")
    assert message.endswith(f"it needs {READ_SCOPE}")
    both = _token(SCOPE_OF[HPL45], READ_SCOPE)
    assert client.post(URL, json=_body("read", HPL45, both)).status_code == 200


def test_authzen_names_its_own_field_for_the_path(client: TestClient) -> None:
    asked = evaluation(WORKER["pid"], {"helseid_token": _token(SCOPE_OF[KJ])})
    asked["context"]["path"] = HPL45
    _refusal(client.post(EVAL, json=asked), "context.path")


def test_a_path_sent_as_nhns_scope_string_is_judged_as_its_path(client: TestClient) -> None:
    as_scope = SCOPE_OF[KJ]  # the path named as NHN names it: the Kjernejournal path
    body = _body("list", KJ, _token(SCOPE_OF[KJ])) | {"path": as_scope}
    assert client.post(URL, json=body).status_code == 200
    body = _body("list", KJ, _token(SCOPE_OF[HPL45])) | {"path": as_scope}
    _refusal(client.post(URL, json=body), "path")
