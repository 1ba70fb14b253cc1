"""The citizen's own log view binds the citizen's claims to the caller's token
(`api.pjd.citizens.bind_citizen`): the claims' `pid` must be the token's `pid`, and a person
they act for one of the token's `represents`; else `403 insufficient_scope` naming the field,
before anything is decided or logged."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.access_log.store import for_patient
from tests.api.demo_app import demo_app
from tests.builders import Json
from tests.clients import api_client
from tests.people import OTHER_PERSON, PATIENT, SECOND_PATIENT
from tests.tokens import citizen_bearer, token

LOG_URL = f"/v1/patients/{PATIENT}/access-log"
PARENT = "2.16.578.1.12.4.1.7.2.1.1"  # ACP .1: a parent acting for their child


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('binding') / 'pjd.db'}"
    with demo_app(url) as app, api_client(app) as test_client:
        yield test_client


def claims(pid: str, acting_for: str | None = None) -> Json:
    """A citizen's claims (level 4, aged 40); `acting_for`: as the parent of a ten-year-old."""
    citizen: Json = {"pid": pid, "security_level": "4", "age": 40}
    if acting_for is not None:
        citizen["representation"] = {"acp": PARENT, "pid": acting_for, "age": 10}
    return citizen


def sent(citizen: Json, pid: str, represents: tuple[str, ...] = ()) -> dict[str, str]:
    """`X-Citizen` with `citizen`, and a token for `pid` representing `represents`."""
    return {"X-Citizen": json.dumps(citizen), **citizen_bearer(pid, represents)}


def in_token(citizen: Json, pid: str) -> dict[str, str]:
    """A token for `pid` carrying `citizen` as its own verified claims (no `X-Citizen`)."""
    return {"Authorization": f"Bearer {token(('pjd:citizen',), pid=pid, citizen=citizen)}"}


def _views(client: TestClient) -> int:
    """How many `view_log` decisions the patient's log holds."""
    with Session(client.app.state.runtime.db) as session:  # type: ignore[attr-defined]
        return sum(r.action == "view_log" for r in for_patient(session, PATIENT))


MATCHING = {
    "own_log": sent(claims(PATIENT), PATIENT),
    "represented_child": sent(claims(OTHER_PERSON, PATIENT), OTHER_PERSON, (PATIENT,)),
    "own_log_in_token": in_token(claims(PATIENT), PATIENT),
}


@pytest.mark.parametrize("headers", MATCHING.values(), ids=MATCHING.keys())
def test_the_tokens_own_person_or_a_represented_one_reads_the_log(
    client: TestClient, headers: dict[str, str]
) -> None:
    before = _views(client)
    response = client.get(LOG_URL, headers=headers)
    assert response.status_code == 200, response.text
    assert _views(client) == before + 1


REFUSED = {  # the patient in the URL is the token's own person, or one it represents
    "another_person": (sent(claims(OTHER_PERSON), PATIENT), "X-Citizen.pid"),
    "unshown_representation": (
        sent(claims(OTHER_PERSON, SECOND_PATIENT), OTHER_PERSON, (PATIENT,)),
        "X-Citizen.representation.pid",
    ),
    "another_person_in_token": (in_token(claims(OTHER_PERSON), PATIENT), "token.citizen.pid"),
}


@pytest.mark.parametrize(("headers", "field"), REFUSED.values(), ids=REFUSED.keys())
def test_claims_not_the_tokens_are_a_403_naming_the_field_and_decide_nothing(
    client: TestClient, headers: dict[str, str], field: str
) -> None:
    before = _views(client)
    response = client.get(LOG_URL, headers=headers)
    assert response.status_code == 403, response.text
    answer = response.json()
    assert (answer["error"], answer.get("scopes")) == ("insufficient_scope", ["pjd:citizen"])
    assert answer["message"].startswith(f"{field} "), answer["message"]
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert _views(client) == before  # refused before the view_log decision: nothing logged
