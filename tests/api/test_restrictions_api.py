"""POST, GET and DELETE /v1/patients/{patient}/restrictions on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from api.config import get_settings
from api.main import create_app
from api.models import Restriction
from api.restrictions.store import PatientRestriction, restrictions_at
from tests.clients import api_client
from tests.people import PATIENT, SRC_A, WORKER_HPR
from tests.people import SECOND_PATIENT as OTHER
from tests.tokens import CLIENT

ARABIC = "٠٥٠٧٦٦٠٠٣٢٤"  # 05076600324 in Arabic-Indic digits
FIELDS = {
    "id",
    "patient",
    "kind",
    "target",
    "source",
    "document",
    "valid_from",
    "valid_to",
    "registered_at",
    "registered_by",
    "withdrawn_at",
    "registered_client",
    "withdrawn_client",
}

Json = dict[str, Any]


def url(patient: str = PATIENT) -> str:
    return f"/v1/patients/{patient}/restrictions"


def body(kind: str = "pjd_sperre", **fields: Any) -> Json:
    return {"kind": kind, "registered_by": "helsenorge", **fields}


def objection(**fields: Any) -> Json:
    base: Json = {"target": {"authorization": "SP"}, "source": SRC_A}
    return body("kilde_sperreregel", **(base | fields))


@pytest.fixture
def client(db_engine: Engine) -> Iterator[TestClient]:
    """The app built from settings on `db_engine`'s database (SQLite file or PostgreSQL)."""
    app = create_app(get_settings(database_url=db_engine.url.render_as_string(hide_password=False)))
    with api_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, data: Json, patient: str = PATIENT) -> Json:
    response = client.post(url(patient), json=data)
    assert response.status_code == 201, response.text
    answer: Json = response.json()
    return answer


def listed(client: TestClient, patient: str = PATIENT, history: bool = False) -> list[Json]:
    response = client.get(url(patient), params={"history": "true"} if history else {})
    assert response.status_code == 200, response.text
    answer: list[Json] = response.json()
    return answer


def rows(db_engine: Engine) -> int:
    with Session(db_engine) as session:
        return session.exec(select(func.count()).select_from(Restriction)).one()


def test_post_returns_the_stored_restriction(client: TestClient) -> None:
    before = datetime.now(UTC)
    data = objection(document="D1", valid_from="2026-01-01T10:00:00+01:00", valid_to="2030-01-01")
    answer = post(client, data | {"colour": "blue"})
    assert set(answer) == FIELDS
    assert uuid.UUID(answer["id"]).version == 4
    assert {k: v for k, v in answer.items() if k not in {"id", "registered_at"}} == {
        "patient": PATIENT,
        "kind": "kilde_sperreregel",
        "target": {"authorization": "SP"},
        "source": SRC_A,
        "document": "D1",
        "valid_from": "2026-01-01T09:00:00Z",
        "valid_to": "2029-12-31T23:00:00Z",  # R30: the date 2030-01-01 starts at Oslo midnight
        "registered_by": "helsenorge",
        "withdrawn_at": None,
        "registered_client": CLIENT,  # the token's client_id
        "withdrawn_client": None,
    }
    registered = datetime.fromisoformat(answer["registered_at"])
    assert registered.tzinfo is not None and before <= registered <= datetime.now(UTC)
    assert listed(client) == [answer]


def test_a_kind_without_target_answers_nulls(client: TestClient) -> None:
    answer = post(client, body("kj_reservasjon"))
    assert {k: answer[k] for k in ("target", "source", "document", "valid_from", "valid_to")} == {
        "target": None,
        "source": None,
        "document": None,
        "valid_from": None,
        "valid_to": None,
    }


def test_a_blokkering_targets_an_hpr_number(client: TestClient) -> None:
    answer = post(client, body("kj_blokkering", target={"hpr": WORKER_HPR}))
    assert answer["target"] == {"hpr": WORKER_HPR}


def test_get_lists_active_ones_and_history_lists_all(client: TestClient) -> None:
    open_ = post(client, body())
    future = post(client, body("kj_sperring", valid_from="2999-01-01"))
    expired = post(client, body("kj_reservasjon", valid_from="2019-01-01", valid_to="2020-01-01"))
    withdrawn = post(client, body("kj_blokkering", target={"hpr": WORKER_HPR}))
    post(client, body(), patient=OTHER)
    assert client.delete(f"{url()}/{withdrawn['id']}").status_code == 200
    assert [r["id"] for r in listed(client)] == [open_["id"], future["id"]]
    history = {r["id"]: r for r in listed(client, history=True)}
    assert set(history) == {open_["id"], future["id"], expired["id"], withdrawn["id"]}
    assert history[withdrawn["id"]]["withdrawn_at"] is not None
    assert client.get(url(), params={"history": "false"}).json() == listed(client)


def test_an_unknown_patient_has_no_restrictions(client: TestClient) -> None:
    post(client, body())
    assert listed(client, OTHER) == []
    assert listed(client, OTHER, history=True) == []


def test_delete_withdraws_and_never_deletes(client: TestClient, db_engine: Engine) -> None:
    stored = post(client, body())
    response = client.delete(f"{url()}/{stored['id']}")
    assert response.status_code == 200, response.text
    withdrawn = response.json()
    assert withdrawn["withdrawn_at"] is not None
    assert withdrawn["withdrawn_client"] == CLIENT
    assert withdrawn | {"withdrawn_at": None, "withdrawn_client": None} == stored
    assert rows(db_engine) == 1
    assert listed(client) == []
    assert listed(client, history=True) == [withdrawn]


def test_delete_of_a_withdrawn_one_is_409_and_changes_nothing(client: TestClient) -> None:
    stored = post(client, body())
    first = client.delete(f"{url()}/{stored['id']}").json()
    again = client.delete(f"{url()}/{stored['id']}")
    assert again.status_code == 409
    assert again.json()["error"] == "conflict"
    assert listed(client, history=True) == [first]


def test_delete_of_an_unknown_or_another_patients_id_is_404(client: TestClient) -> None:
    theirs = post(client, body(), patient=OTHER)
    for restriction_id in (theirs["id"], str(uuid.uuid4()), "not-a-uuid"):
        response = client.delete(f"{url()}/{restriction_id}")
        assert response.status_code == 404, response.text
        assert response.json()["error"] == "not_found"
    assert listed(client, OTHER) == [theirs]


def test_a_decision_after_the_answer_obeys_it(client: TestClient, db_engine: Engine) -> None:
    now = datetime.now(UTC) + timedelta(seconds=1)
    stored = post(client, body("kj_blokkering", target={"hpr": WORKER_HPR}))
    with Session(db_engine) as session:
        assert restrictions_at(session, PATIENT, now) == (
            PatientRestriction("kj_blokkering", "hpr", WORKER_HPR, None, None),
        )
    assert client.delete(f"{url()}/{stored['id']}").status_code == 200
    with Session(db_engine) as session:
        assert restrictions_at(session, PATIENT, now) == ()


INVALID: dict[str, tuple[Json, str]] = {
    "unknown_kind": (body("sperre"), "kind"),
    "target_for_pjd_sperre": (body(target={"hpr": WORKER_HPR}), "target"),
    "blokkering_without_target": (body("kj_blokkering"), "target"),
    "target_two_keys": (objection(target={"hpr": WORKER_HPR, "orgnr": SRC_A}), "target"),
    "target_empty": (objection(target={}), "target"),
    "blokkering_by_pid": (body("kj_blokkering", target={"pid": PATIENT}), "target.pid"),
    "hpr_5_digits": (body("kj_blokkering", target={"hpr": "12345"}), "target.hpr"),
    "hpr_10_digits": (objection(target={"hpr": "1234567890"}), "target.hpr"),
    "pid_arabic_digits": (objection(target={"pid": ARABIC}), "target.pid"),
    "authorization_lower": (objection(target={"authorization": "sp"}), "target.authorization"),
    "orgnr_10_digits": (objection(target={"orgnr": "9975064990"}), "target.orgnr"),
    "source_for_sperring": (body("kj_sperring", source=SRC_A), "source"),
    "kilde_without_source": (objection(source=None), "source"),
    "document_without_source": (objection(source=None, document="D1"), "document"),
    "document_for_reservasjon": (body("kj_reservasjon", document="D1"), "document"),
    "valid_to_before_valid_from": (
        body(valid_from="2026-02-01", valid_to="2026-01-01"),
        "valid_to",
    ),
    "valid_from_without_offset": (body(valid_from="2026-01-01T10:00:00"), "valid_from"),
    "registered_by_missing": ({"kind": "pjd_sperre"}, "registered_by"),
    "registered_by_blank": (body(registered_by=" "), "registered_by"),
}


@pytest.mark.parametrize(("data", "field"), INVALID.values(), ids=INVALID.keys())
def test_a_bad_body_is_400_naming_the_field_and_stores_nothing(
    client: TestClient, db_engine: Engine, data: Json, field: str
) -> None:
    response = client.post(url(), json=data)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert set(answer) == {"error", "field", "message"}
    assert (answer["error"], answer["field"]) == ("bad_request", field)
    assert answer["message"].startswith(f"{field}: ")
    assert rows(db_engine) == 0


def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    response = client.post(url(), content=b"{kind", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["field"] == "body"


@pytest.mark.parametrize(
    "patient",
    [ARABIC, "０５０７６６００３２４", "0507660032", "050766003245", "0507660032x"],
    ids=["arabic_digits", "fullwidth_digits", "10_digits", "12_digits", "letter"],
)
def test_a_bad_patient_is_400_naming_patient(
    client: TestClient, db_engine: Engine, patient: str
) -> None:
    for response in (
        client.post(url(patient), json=body()),
        client.post(url(patient), json={"kind": "unknown"}),  # the patient is checked first
        client.get(url(patient)),
        client.get(url(patient), params={"history": "true"}),
        client.delete(f"{url(patient)}/{uuid.uuid4()}"),
    ):
        assert response.status_code == 400, response.text
        assert response.json()["field"] == "patient"
    assert rows(db_engine) == 0


def test_a_patient_failing_mod11_is_accepted(client: TestClient) -> None:
    stored = post(client, body(), patient="05076600324")
    assert stored["patient"] == "05076600324"
    assert listed(client, "05076600324") == [stored]
