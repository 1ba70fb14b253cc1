"""The log cannot be dodged (R21, R22), on SQLite and on PostgreSQL: every answered decision has
its records — a text the log cannot store is refused (400) before anything is decided, never
answered unrecorded — and what the patient reads of a caller's text is the registry's name of a
known organisation, or the caller's text fit to show."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, inspect
from sqlmodel import Session, select

from api.access_log import group_commit
from api.access_log.entries import check_storable
from api.access_log.models import LogRecord
from api.access_log.store import LogWriteError, count, verify
from api.db import init_db
from api.pjd.schemas import PjdDecisionIn
from engine import RequestError
from engine.pjd import RegistryFacts
from tests.api.demo_app import BOTH_DATABASES, database_url, demo_app
from tests.api.pjd_requests import build_request
from tests.builders import AT, PERMIT, authzen_evaluation, outcome, pjd_body
from tests.clients import api_client
from tests.fixtures import pjd_codes
from tests.people import PATIENT, SRC_A
from tests.tokens import citizen_headers

LOG_URL = f"/v1/patients/{PATIENT}/access-log"
CITIZEN = {"pid": PATIENT, "security_level": "4", "age": 40}

Json = dict[str, Any]


@pytest.fixture(params=BOTH_DATABASES)
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    with demo_app(database_url(request, tmp_path)) as app, api_client(app) as test_client:
        yield test_client


def _db(client: TestClient) -> Engine:
    db: Engine = client.app.state.runtime.db  # type: ignore[attr-defined]
    return db


def _records(client: TestClient) -> int:
    with Session(_db(client)) as session:
        return count(session)


def _post(client: TestClient, url: str, body: Json) -> Any:
    """POST `body` as JSON text with ASCII escapes: a lone surrogate travels as `\\ud800`."""
    headers = {"Content-Type": "application/json"}
    return client.post(url, content=json.dumps(body), headers=headers)


def _practitioner(body: Json, member: str, **values: str) -> Json:
    body["attestation"]["practitioner"][member] |= values
    return body


def _as_text(body: Json) -> str:
    """The attestation sent as JSON text (a lone surrogate escaped in it: `\\ud83d`)."""
    return json.dumps(body["attestation"])


# --- what the log cannot store is refused before deciding ----------------------------------------

UNSTORABLE = {
    "surrogate_in_a_name": (
        lambda b: _practitioner(b, "legal_entity", name="OUS \ud800"),
        "attestation.practitioner.legal_entity.name",
    ),
    "surrogate_in_an_id": (
        lambda b: _practitioner(b, "department", id="\udfff1"),
        "attestation.practitioner.department.id",
    ),
    "nul_in_a_name": (
        lambda b: _practitioner(b, "identifier", name="Ben\x00Reddik"),
        "attestation.practitioner.identifier.name",
    ),
    "nul_in_a_document_id": (
        lambda b: b | {"documents": [b["documents"][0] | {"id": "D\x001"}]},
        "documents[0].id",
    ),
    "surrogate_in_attestation_text": (
        lambda b: b | {"attestation": _as_text(_practitioner(b, "point_of_care", name="\ud83d"))},
        "attestation.practitioner.point_of_care.name",
    ),
}


@pytest.mark.parametrize(("change", "field"), UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_a_text_the_log_cannot_store_is_a_400_and_nothing_is_decided(
    client: TestClient, change: Any, field: str
) -> None:
    before = _records(client)
    response = _post(client, "/v1/pjd/decisions", change(pjd_body(AT)))
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_request"
    assert _records(client) == before  # refused, so no decision was answered unrecorded
    assert verify(_db(client)).ok


def test_authzen_refuses_it_too_naming_its_own_field(client: TestClient) -> None:
    body = authzen_evaluation(AT)
    attestation = body["subject"]["properties"]["attestation"]
    attestation["practitioner"]["legal_entity"]["name"] = "OUS \ud800"
    response = _post(client, "/access/v1/evaluation", body)
    assert response.status_code == 400, response.text
    field = "subject.properties.attestation.practitioner.legal_entity.name"
    assert response.json()["field"] == field
    assert _records(client) == 0


@pytest.mark.parametrize(("change", "field"), UNSTORABLE.values(), ids=UNSTORABLE.keys())
def test_the_refusal_names_the_field_the_caller_sent(change: Any, field: str) -> None:
    body = PjdDecisionIn.model_validate(change(pjd_body(AT)))
    with pytest.raises(RequestError) as refused:  # attestation text: already when it is read
        check_storable(build_request(body, lambda *_: RegistryFacts(), AT, pjd_codes()))
    assert refused.value.field == field


def test_odd_but_storable_texts_are_decided_and_recorded_whole_or_cut(client: TestClient) -> None:
    name = "Ben \u202e\u200b😀 " + "x" * 5000  # bidi, zero-width, astral: stored as sent
    body = _practitioner(pjd_body(AT), "identifier", name=name)
    body = _practitioner(body, "legal_entity", name="ø" * 600)
    response = _post(client, "/v1/pjd/decisions", body)
    assert response.status_code == 200, response.text
    assert outcome(response.json()) == PERMIT
    with Session(_db(client)) as session:
        [record] = session.exec(select(LogRecord)).all()
    assert record.requester_name == name[:511] + "…"  # longer than its column: cut, marked
    assert record.legal_entity_name == "ø" * 511 + "…"
    assert verify(_db(client)).ok


def test_if_the_log_write_fails_the_answer_is_a_deny_naming_it_never_a_permit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> list[int]:
        raise LogWriteError("access log not written (OperationalError)")

    monkeypatch.setattr(group_commit, "write", broken)
    response = _post(client, "/v1/pjd/decisions", pjd_body(AT))
    assert response.status_code == 200
    assert outcome(response.json()) == ("deny", ("logg_ikke_skrevet",))
    assert _records(client) == 0


# --- what the patient reads ---------------------------------------------------------------------


def _decide(client: TestClient, body: Json) -> None:
    response = _post(client, "/v1/pjd/decisions", body)
    assert response.status_code == 200, response.text
    assert outcome(response.json()) == PERMIT


def test_the_patient_reads_the_registrys_names_and_the_callers_text_fit_to_show(
    client: TestClient,
) -> None:
    body = _practitioner(pjd_body(AT), "legal_entity", name="Falsk <b>Sykehus</b> & Co")
    point = "Post\u202eemos\u202c <script>x()</script>\n2\u200b"  # unknown org.nr: asserted
    body = _practitioner(body, "point_of_care", name=point)
    body["documents"][0]["id"] = "D\u20661\u2069\t<i>"
    _decide(client, body)
    _decide(client, _practitioner(pjd_body(AT), "point_of_care", id=SRC_A, name="Feil navn"))
    response = client.get(LOG_URL, headers=citizen_headers(CITIZEN))
    assert response.status_code == 200
    second, first = response.json()["entries"]
    assert first["organisation"] == second["organisation"] == "Oslo universitetssykehus HF"
    assert first["point_of_care"] == "Postemos <script>x()</script> 2"  # bidi, zero-width gone
    assert second["point_of_care"] == "Kilde A (SRC-A) Testklinikk"  # the registry's name
    assert first["document"] == "D1 <i>"
    assert not set("<>&") & set(response.text)  # on the wire: \u003c, \u003e, \u0026
    assert "\\u003cscript\\u003e" in response.text


def test_an_older_database_gets_the_new_indexes_and_columns(client: TestClient) -> None:
    db = _db(client)
    with db.begin() as conn:  # as a version before migrations left it (no alembic_version)
        conn.exec_driver_sql("DROP TABLE alembic_version")
        conn.exec_driver_sql("DROP INDEX ix_access_log_source_recorded_at")
        conn.exec_driver_sql("ALTER TABLE organisation DROP COLUMN log_anonymised")
        conn.exec_driver_sql("ALTER TABLE access_log DROP COLUMN anonymised")
        conn.exec_driver_sql("ALTER TABLE access_log DROP COLUMN chain_version")
        conn.exec_driver_sql("ALTER TABLE access_log DROP COLUMN claims")  # revision 0005
        conn.exec_driver_sql("DROP TABLE person")  # revision 0003
        conn.exec_driver_sql("ALTER TABLE registry_version DROP COLUMN changed_by")  # 0004
        conn.exec_driver_sql("ALTER TABLE restriction DROP COLUMN registered_client")
        conn.exec_driver_sql("ALTER TABLE restriction DROP COLUMN withdrawn_client")
    init_db(db)
    logged = {column["name"] for column in inspect(db).get_columns("access_log")}
    assert {"anonymised", "chain_version", "claims"} <= logged  # revisions 0002 (R22), 0005
    present = {index["name"] for index in inspect(db).get_indexes("access_log")}
    assert {"ix_access_log_source_recorded_at", "ix_access_log_patient_recorded_at"} <= present
    assert "log_anonymised" in {
        column["name"] for column in inspect(db).get_columns("organisation")
    }
