"""Restrictions registered through the API decide PJD requests (R10–R15): every kind, its paths,
the validity window, withdrawal, another patient's, NORS documents and BTG obligations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.builders import AT, Json, attestation, document, pjd_body, rfc3339
from tests.clients import api_client
from tests.people import (
    BERGEN,
    OSLO_KOMMUNE,
    OUS,
    PATIENT,
    RIKSHOSPITALET,
    SRC_A,
    WORKER_HPR,
    WORKER_PID,
)
from tests.people import SECOND_PATIENT as OTHER_PATIENT

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
DECISIONS = "/v1/pjd/decisions"

KJ = "kjernejournalforskriften"


def doc(doc_id: str = "D1", source: str = SRC_A, confidentiality: str = "N") -> Json:
    return document(doc_id, source=source, confidentiality=[confidentiality])


def request_body(
    action: str = "list",
    path: str | None = "hpl45",
    documents: list[Json] | None = None,
    access_basis: str | None = None,
    at: datetime = AT,
    **attested: str,
) -> Json:
    """BASE decided at `at`, its attestation issued before AT with `attested` changed
    (purpose, legal_entity, authorization)."""
    body = pjd_body(at, action=action, path=path, documents=documents)
    body["attestation"] = attestation(AT, **attested)
    if access_basis is not None:
        body["access_basis"] = access_basis
    return body


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app on a fresh SQLite file with the demo registry and no restrictions."""
    app = create_app(get_settings(database_url=f"sqlite:///{tmp_path}/x.db"))
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    with api_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def register(client: TestClient, kind: str, patient: str = PATIENT, **fields: Any) -> Json:
    body = {"kind": kind, "registered_by": "helsenorge", **fields}
    response = client.post(f"/v1/patients/{patient}/restrictions", json=body)
    assert response.status_code == 201, response.text
    stored: Json = response.json()
    return stored


def withdraw(client: TestClient, stored: Json) -> None:
    response = client.delete(f"/v1/patients/{stored['patient']}/restrictions/{stored['id']}")
    assert response.status_code == 200, response.text


def decide(client: TestClient, body: Json) -> Json:
    response = client.post(DECISIONS, json=body)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


def outcome(result: Json) -> tuple[str, list[str]]:
    return result["decision"], [reason["rule"] for reason in result["reasons"]]


def obligations(result: Json) -> set[tuple[str, str]]:
    return {(o["id"], o["rule"]) for o in result["obligations"]}


def only(client: TestClient, body: Json) -> tuple[str, list[str]]:
    """The outcome of a one-document request."""
    [result] = decide(client, body)["results"]
    return outcome(result)


LIST_HPL45 = ("permit", ["dokumentliste_hpl45"])
LIST_KJ = ("permit", ["dokumentliste_kjernejournal"])
READ = ("permit", ["dokumentvisning"])
LOG = ("logg", "tilgang_logges")

# (action, path, access basis) and the answer without restrictions
REQUESTS = {
    "list_hpl45": (("list", "hpl45", None), LIST_HPL45),
    "list_kj": (("list", KJ, "samtykke"), LIST_KJ),
    "read_hpl45": (("read", "hpl45", None), READ),
    "read_kj": (("read", KJ, "samtykke"), READ),
}


def _body(request: tuple[str, str | None, str | None], **changes: Any) -> Json:
    action, path, basis = request
    return request_body(action=action, path=path, access_basis=basis, **changes)


def test_without_restrictions_every_request_permits(client: TestClient) -> None:
    for request, permit in REQUESTS.values():
        assert only(client, _body(request)) == permit, request


# --- each kind --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REQUESTS)
def test_pjd_sperre_denies_on_both_paths(client: TestClient, name: str) -> None:
    request, permit = REQUESTS[name]
    assert only(client, _body(request)) == permit
    register(client, "pjd_sperre")
    assert only(client, _body(request)) == ("deny", ["pasient_sperret_pjd"])


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("list_kj", "pasient_reservert_kjernejournal"),
        ("read_kj", "pasient_reservert_kjernejournal"),
        ("list_hpl45", "pasient_reservert_hpl45"),
        ("read_hpl45", "pasient_reservert_hpl45"),
    ],
)
def test_kj_reservasjon_denies_kj_and_hpl45(client: TestClient, name: str, rule: str) -> None:
    request, _ = REQUESTS[name]
    register(client, "kj_reservasjon")
    assert only(client, _body(request)) == ("deny", [rule])


@pytest.mark.parametrize("action", ["list", "read"])
@pytest.mark.parametrize(
    ("basis", "purpose", "opens_locked"), [("samtykke", "TREAT", True), ("akutt", "ETREAT", None)]
)
def test_kj_sperring_opens_on_purpose_and_with_a_separate_log(
    client: TestClient, action: str, basis: str, purpose: str, opens_locked: bool | None
) -> None:
    """R32: consent confirmed to open the locked record, or an emergency (ETREAT or BTG)."""
    register(client, "kj_sperring")
    body = request_body(action, KJ, access_basis=basis, purpose=purpose)
    body["opens_locked"] = opens_locked
    [result] = decide(client, body)["results"]
    assert outcome(result) == (LIST_KJ if action == "list" else READ)
    assert obligations(result) == {LOG, ("saerskilt_logg", "kjernejournal_sperring_aapnet")}


@pytest.mark.parametrize(
    ("basis", "purpose", "opens_locked"),
    [("samtykke", "TREAT", None), ("samtykke", "TREAT", False), ("akutt", "TREAT", None)],
)
def test_kj_sperring_stays_locked_by_routine_consent_or_akutt_treat(
    client: TestClient, basis: str, purpose: str, opens_locked: bool | None
) -> None:
    register(client, "kj_sperring")
    body = request_body("read", KJ, access_basis=basis, purpose=purpose)
    body["opens_locked"] = opens_locked
    assert only(client, body) == ("deny", ["kjernejournal_sperret"])


@pytest.mark.parametrize("action", ["list", "read"])
def test_kj_sperring_with_unntak_denies(client: TestClient, action: str) -> None:
    body = request_body(action, KJ, access_basis="unntak")
    assert only(client, body)[0] == "permit"
    register(client, "kj_sperring")
    assert only(client, body) == ("deny", ["kjernejournal_sperret"])


def test_kj_sperring_leaves_the_hpl45_path_alone(client: TestClient) -> None:
    register(client, "kj_sperring")
    [result] = decide(client, request_body())["results"]
    assert outcome(result) == LIST_HPL45
    assert obligations(result) == {LOG}


def test_without_kj_sperring_consent_adds_no_separate_log(client: TestClient) -> None:
    [result] = decide(client, request_body(path=KJ, access_basis="samtykke"))["results"]
    assert obligations(result) == {LOG}


@pytest.mark.parametrize(
    ("path", "basis", "rule"),
    [
        (KJ, "akutt", "helsepersonell_blokkert"),
        (KJ, "samtykke", "helsepersonell_blokkert"),
        ("hpl45", None, "helsepersonell_blokkert_hpl45"),
    ],
)
@pytest.mark.parametrize("purpose", ["TREAT", "ETREAT", "BTG"])
@pytest.mark.parametrize("action", ["list", "read"])
def test_kj_blokkering_denies_always(
    client: TestClient, action: str, purpose: str, path: str, basis: str | None, rule: str
) -> None:
    body = request_body(action, path, access_basis=basis, purpose=purpose)
    assert only(client, body)[0] == "permit"
    register(client, "kj_blokkering", target={"hpr": WORKER_HPR})
    assert only(client, body) == ("deny", [rule])


def test_kj_blokkering_of_another_health_worker_permits(client: TestClient) -> None:
    register(client, "kj_blokkering", target={"hpr": "9144897"})
    assert only(client, request_body(path=KJ, access_basis="akutt", purpose="ETREAT")) == LIST_KJ
    assert only(client, request_body()) == LIST_HPL45


# --- source objections (R10) ------------------------------------------------------------------

MATCHING_TARGETS = {
    "hpr": {"hpr": WORKER_HPR},
    "pid": {"pid": WORKER_PID},
    "authorization": {"authorization": "LE"},
    "legal_entity": {"orgnr": OUS},
    "point_of_care": {"orgnr": RIKSHOSPITALET},
}
OTHER_TARGETS = {
    "hpr": {"hpr": "9144897"},
    "pid": {"pid": OTHER_PATIENT},
    "authorization": {"authorization": "SP"},
    "orgnr": {"orgnr": OSLO_KOMMUNE},
}
THREE_DOCUMENTS = [doc("D1"), doc("D2", BERGEN), doc("D3")]


@pytest.mark.parametrize("target", MATCHING_TARGETS.values(), ids=MATCHING_TARGETS.keys())
@pytest.mark.parametrize("action", ["list", "read"])
def test_a_whole_journal_objection_denies_every_document_at_its_source(
    client: TestClient, action: str, target: Json
) -> None:
    register(client, "kilde_sperreregel", target=target, source=SRC_A)
    body = request_body(action, documents=THREE_DOCUMENTS)
    answers = [outcome(r) for r in decide(client, body)["results"]]
    permit = LIST_HPL45 if action == "list" else READ
    deny = ("deny", ["sperreregel_hos_kilde"])
    assert answers == [deny, permit, deny]


def test_a_whole_journal_objection_covers_documents_written_later(client: TestClient) -> None:
    register(client, "kilde_sperreregel", target={"hpr": WORKER_HPR}, source=SRC_A)
    later = {**doc("NEW"), "service_time": None, "created": rfc3339(AT - timedelta(minutes=5))}
    assert only(client, request_body(documents=[later])) == ("deny", ["sperreregel_hos_kilde"])


@pytest.mark.parametrize("target", MATCHING_TARGETS.values(), ids=MATCHING_TARGETS.keys())
@pytest.mark.parametrize("action", ["list", "read"])
def test_a_document_objection_denies_that_document_only(
    client: TestClient, action: str, target: Json
) -> None:
    register(client, "kilde_sperreregel", target=target, source=SRC_A, document="D3")
    documents = [doc("D1"), doc("D3"), doc("D2", BERGEN), doc("D4")]
    answers = [
        outcome(r) for r in decide(client, request_body(action, documents=documents))["results"]
    ]
    permit = LIST_HPL45 if action == "list" else READ
    assert answers == [permit, ("deny", ["sperreregel_hos_kilde"]), permit, permit]


def test_a_document_objection_names_the_document_at_its_source(client: TestClient) -> None:
    register(client, "kilde_sperreregel", target={"hpr": WORKER_HPR}, source=BERGEN, document="D1")
    answers = [
        outcome(r) for r in decide(client, request_body(documents=THREE_DOCUMENTS))["results"]
    ]
    assert answers == [LIST_HPL45, LIST_HPL45, LIST_HPL45]


@pytest.mark.parametrize("target", OTHER_TARGETS.values(), ids=OTHER_TARGETS.keys())
def test_an_objection_against_someone_else_permits(client: TestClient, target: Json) -> None:
    register(client, "kilde_sperreregel", target=target, source=SRC_A)
    register(client, "kilde_sperreregel", target=target, source=SRC_A, document="D1")
    answers = [outcome(r) for r in decide(client, request_body("read", "hpl45"))["results"]]
    assert answers == [READ]


def test_case_15_objection_against_an_organisation(client: TestClient) -> None:
    register(client, "kilde_sperreregel", target={"orgnr": OSLO_KOMMUNE}, source=SRC_A)
    from_kommune = request_body("read", "hpl45", legal_entity=OSLO_KOMMUNE)
    assert only(client, from_kommune) == ("deny", ["sperreregel_hos_kilde"])
    assert only(client, request_body("read", "hpl45")) == READ


def test_case_16_objection_against_a_group(client: TestClient) -> None:
    register(client, "kilde_sperreregel", target={"authorization": "SP"}, source=SRC_A)
    assert only(client, request_body("read", "hpl45", authorization="LE")) == READ
    assert only(client, request_body("read", "hpl45", authorization="SP")) == (
        "deny",
        ["sperreregel_hos_kilde"],
    )


# --- validity, withdrawal, another patient ----------------------------------------------------


def _window(valid_from: datetime | None, valid_to: datetime | None) -> Json:
    fields: Json = {}
    if valid_from is not None:
        fields["valid_from"] = rfc3339(valid_from)
    if valid_to is not None:
        fields["valid_to"] = rfc3339(valid_to)
    return fields


SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "applies"),
    [
        (AT + SECOND, None, False),
        (AT + DAY, AT + 2 * DAY, False),
        (AT, None, True),  # valid_from is inclusive
        (AT - DAY, None, True),
        (None, AT, False),  # valid_to is exclusive
        (AT - 2 * DAY, AT - DAY, False),
        (AT - DAY, AT, False),
        (None, AT + SECOND, True),
        (AT - DAY, AT + DAY, True),
    ],
    ids=[
        "starts_after_at",
        "window_after_at",
        "starts_at_at",
        "started_before_at",
        "ends_at_at",
        "window_before_at",
        "window_ending_at_at",
        "ends_after_at",
        "window_around_at",
    ],
)
@pytest.mark.parametrize("kind", ["pjd_sperre", "kj_blokkering", "kilde_sperreregel"])
def test_a_restriction_applies_only_within_its_validity(
    client: TestClient,
    kind: str,
    valid_from: datetime | None,
    valid_to: datetime | None,
    applies: bool,
) -> None:
    fields = _window(valid_from, valid_to)
    if kind == "kj_blokkering":
        fields["target"] = {"hpr": WORKER_HPR}
    if kind == "kilde_sperreregel":
        fields |= {"target": {"hpr": WORKER_HPR}, "source": SRC_A}
    register(client, kind, **fields)
    rule = {
        "pjd_sperre": "pasient_sperret_pjd",
        "kj_blokkering": "helsepersonell_blokkert_hpl45",
        "kilde_sperreregel": "sperreregel_hos_kilde",
    }[kind]
    assert only(client, request_body()) == (("deny", [rule]) if applies else LIST_HPL45)


def test_validity_is_judged_at_the_requests_at(client: TestClient) -> None:
    register(client, "pjd_sperre", **_window(AT - DAY, AT + DAY))
    for at, expected in [
        (AT - 2 * DAY, LIST_HPL45),
        (AT, ("deny", ["pasient_sperret_pjd"])),
        (AT + 2 * DAY, LIST_HPL45),
    ]:
        body = request_body(at=at)
        body["attestation"] = attestation(at)
        assert only(client, body) == expected, at


@pytest.mark.parametrize(
    ("kind", "fields", "rule"),
    [
        ("pjd_sperre", {}, "pasient_sperret_pjd"),
        ("kj_reservasjon", {}, "pasient_reservert_hpl45"),
        ("kj_blokkering", {"target": {"hpr": WORKER_HPR}}, "helsepersonell_blokkert_hpl45"),
        (
            "kilde_sperreregel",
            {"target": {"pid": WORKER_PID}, "source": SRC_A, "document": "D1"},
            "sperreregel_hos_kilde",
        ),
    ],
)
def test_a_withdrawn_restriction_no_longer_applies(
    client: TestClient, kind: str, fields: Json, rule: str
) -> None:
    stored = register(client, kind, **fields)
    assert only(client, request_body()) == ("deny", [rule])
    withdraw(client, stored)
    assert only(client, request_body()) == LIST_HPL45


def test_withdrawing_one_of_two_keeps_the_other(client: TestClient) -> None:
    first = register(client, "pjd_sperre")
    register(client, "pjd_sperre")
    withdraw(client, first)
    assert only(client, request_body()) == ("deny", ["pasient_sperret_pjd"])


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("pjd_sperre", {}),
        ("kj_reservasjon", {}),
        ("kj_sperring", {}),
        ("kj_blokkering", {"target": {"hpr": WORKER_HPR}}),
        ("kilde_sperreregel", {"target": {"hpr": WORKER_HPR}, "source": SRC_A}),
    ],
)
def test_another_patients_restriction_has_no_effect(
    client: TestClient, kind: str, fields: Json
) -> None:
    register(client, kind, patient=OTHER_PATIENT, **fields)
    assert only(client, request_body()) == LIST_HPL45
    [result] = decide(client, request_body(path=KJ, access_basis="unntak"))["results"]
    assert outcome(result) == LIST_KJ
    assert obligations(result) == {LOG}


# --- NORS (R11) ---------------------------------------------------------------------------------


def test_a_nors_document_is_hidden_from_the_list(client: TestClient) -> None:
    documents = [doc("D1"), doc("D2", confidentiality="NORS"), doc("D3", BERGEN)]
    answer = decide(client, request_body(documents=documents))
    assert [outcome(r) for r in answer["results"]] == [
        LIST_HPL45,
        ("deny", ["dokument_sperret_nors"]),
        LIST_HPL45,
    ]
    assert answer["hidden_count"] == 1


def test_a_nors_document_is_hidden_on_the_kj_path_too(client: TestClient) -> None:
    documents = [doc("D1", confidentiality="NORS"), doc("D2")]
    answer = decide(client, request_body(path=KJ, access_basis="samtykke", documents=documents))
    assert [outcome(r) for r in answer["results"]] == [("deny", ["dokument_sperret_nors"]), LIST_KJ]
    assert answer["hidden_count"] == 1


def test_a_nors_document_is_not_read(client: TestClient) -> None:
    answer = decide(client, request_body("read", "hpl45", [doc("D1", confidentiality="NORS")]))
    assert [outcome(r) for r in answer["results"]] == [("deny", ["dokument_sperret_nors"])]
    assert answer["hidden_count"] == 0


def test_a_denied_document_that_is_not_nors_is_not_counted_hidden(client: TestClient) -> None:
    register(client, "kilde_sperreregel", target={"hpr": WORKER_HPR}, source=SRC_A, document="D1")
    answer = decide(client, request_body(documents=[doc("D1"), doc("D2", confidentiality="NORS")]))
    assert [r["decision"] for r in answer["results"]] == ["deny", "deny"]
    assert answer["hidden_count"] == 1


def test_btg_does_not_open_a_nors_document(client: TestClient) -> None:
    body = request_body("read", "hpl45", [doc("D1", confidentiality="NORS")], purpose="BTG")
    assert only(client, body) == ("deny", ["dokument_sperret_nors"])


# --- emergency (R15) ----------------------------------------------------------------------------

BTG_OBLIGATIONS = {
    LOG,
    ("saerskilt_logg", "noedtilgang_saerskilt_logg"),
    ("varsle_pasient", "noedtilgang_varsle_pasient"),
}


@pytest.mark.parametrize("name", REQUESTS)
def test_btg_permits_with_separate_log_and_patient_notice(client: TestClient, name: str) -> None:
    request, permit = REQUESTS[name]
    [result] = decide(client, _body(request, purpose="BTG"))["results"]
    assert outcome(result) == permit
    assert obligations(result) == BTG_OBLIGATIONS


@pytest.mark.parametrize("purpose", ["TREAT", "ETREAT"])
def test_no_btg_obligations_without_btg(client: TestClient, purpose: str) -> None:
    [result] = decide(client, request_body(purpose=purpose))["results"]
    assert obligations(result) == {LOG}


@pytest.mark.parametrize(
    ("kind", "fields", "rule"),
    [
        ("pjd_sperre", {}, "pasient_sperret_pjd"),
        ("kj_reservasjon", {}, "pasient_reservert_hpl45"),
        (
            "kilde_sperreregel",
            {"target": {"hpr": WORKER_HPR}, "source": SRC_A},
            "sperreregel_hos_kilde",
        ),
    ],
)
@pytest.mark.parametrize("purpose", ["ETREAT", "BTG"])
def test_emergency_never_overrides_a_restriction(
    client: TestClient, purpose: str, kind: str, fields: Json, rule: str
) -> None:
    register(client, kind, **fields)
    [result] = decide(client, request_body(purpose=purpose))["results"]
    assert outcome(result) == ("deny", [rule])
    assert result["obligations"] == []


def test_akutt_opens_a_kj_sperring_but_not_a_reservasjon(client: TestClient) -> None:
    register(client, "kj_sperring")
    body = request_body(path=KJ, access_basis="akutt", purpose="ETREAT")
    assert only(client, body) == LIST_KJ
    register(client, "kj_reservasjon")
    assert only(client, body) == ("deny", ["pasient_reservert_kjernejournal"])
