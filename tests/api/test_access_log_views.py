"""The access log's two views (R22), end to end on SQLite and PostgreSQL: decisions are made
through POST /v1/pjd/decisions, then read by the patient (decided by `view_log`) and by the
data controller of the source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.access_log import group_commit
from api.access_log.store import LogEntry, LogWriteError, append, for_patient
from api.config import get_settings
from api.main import create_app
from api.runtime import PackState
from tests.builders import AT, Json, attestation, document, pjd_body
from tests.clients import api_client
from tests.people import AMK, BERGEN, OTHER_PERSON, OUS, PATIENT, SRC_A, WORKER_HPR, WORKER_PID
from tests.tokens import citizen_bearer, citizen_headers

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
KJ = "kjernejournalforskriften"
LOG_URL = f"/v1/patients/{PATIENT}/access-log"


def registry(amk_anonymised: bool = True) -> Json:
    """The demo registry with AMK Oslo, a consumer whose health workers the log anonymises."""
    data: Json = json.loads(DEMO.read_text(encoding="utf-8"))
    consumer = {"helsenett_member": True, "pjd_terms": True, "active_from": "2024-01-01"}
    consumer |= {"active_to": None, "log_anonymised": amk_anonymised}
    amk = {"orgnr": AMK, "name": "AMK Oslo", "category": "legevakt", "consumer": consumer}
    others = [org for org in data["organisations"] if org["orgnr"] != AMK]
    data["organisations"] = sorted([*others, amk | {"source": None}], key=lambda o: o["orgnr"])
    return data


@pytest.fixture
def client(db_engine: Engine) -> Iterator[TestClient]:
    app = create_app(get_settings(database_url=db_engine.url.render_as_string(False)))
    with api_client(app, raise_server_exceptions=False) as test_client:
        assert test_client.put("/v1/registry", json=registry()).status_code == 200
        yield test_client


def decide(client: TestClient, action: str, docs: list[Json], **options: Any) -> list[str]:
    """A health worker's decision at `at` (default AT); the effects, in document order."""
    at: datetime = options.pop("at", AT)
    changes: dict[str, str] = {"purpose": options.pop("purpose", "TREAT")}
    if (organisation := options.pop("org", None)) is not None:
        changes |= {"legal_entity": organisation[0], "legal_entity_name": organisation[1]}
    body = pjd_body(at, action=action, path=options.pop("path", "hpl45"), documents=docs)
    body |= {"attestation": attestation(at, **changes), **options}
    response = client.post("/v1/pjd/decisions", json=body)
    assert response.status_code == 200, response.text
    return [result["decision"] for result in response.json()["results"]]


def citizen(
    pid: str = PATIENT, level: str = "4", age: int = 40, parent_of_age: int | None = None
) -> dict[str, str]:
    """The `X-Citizen` header; `parent_of_age`: acting as parent (ACP .1) of a child that old."""
    claims: Json = {"pid": pid, "security_level": level, "age": age}
    if parent_of_age is not None:
        claims["representation"] = {
            "acp": "2.16.578.1.12.4.1.7.2.1.1",
            "pid": PATIENT,
            "age": parent_of_age,
        }
    return citizen_headers(claims)


def read_log(client: TestClient, headers: dict[str, str] | None = None, **params: Any) -> Json:
    response = client.get(LOG_URL, headers=citizen() if headers is None else headers, params=params)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


# --- the patient's view -------------------------------------------------------------------------


def test_the_patient_sees_a_permitted_read_by_name_and_never_the_workers_ids(
    client: TestClient,
) -> None:
    started = datetime.now(UTC)
    assert decide(client, "read", [document("D1")]) == ["permit"]
    decided = datetime.now(UTC)
    response = client.get(LOG_URL, headers=citizen())
    assert response.status_code == 200
    answer = response.json()
    recorded = datetime.fromisoformat(answer["entries"][0].pop("time"))
    assert started <= recorded <= decided  # the service's clock, not the asserted `at`
    assert answer == {
        "patient": PATIENT,
        "entries": [
            {
                "decided_at": "2026-11-26T10:00:00Z",
                "health_worker": "Ben Reddik",
                "organisation": "Oslo universitetssykehus HF",
                "point_of_care": "OSLO UNIVERSITETSSYKEHUS HF RIKSHOSPITALET - SOMATIKK",
                "department": "Anestesiologi Seksjon RH",
                "purpose": "TREAT",
                "access_basis": None,
                "action": "read",
                "description": "Åpnet dokumentet",
                "path": "hpl45",
                "document": "D1",
            }
        ],
        "limit": 50,
        "offset": 0,
        "next_offset": None,
    }
    assert WORKER_PID not in response.text and WORKER_HPR not in response.text


def test_denials_and_citizens_own_requests_are_not_shown(client: TestClient) -> None:
    assert decide(client, "read", [document("denied-doc", class_code="B00-1")]) == ["deny"]
    shared = registry()
    [src_a] = [o for o in shared["organisations"] if o["orgnr"] == SRC_A]
    src_a["source"]["grants"]["innbygger"] = {"list": True, "read": True}
    assert client.put("/v1/registry", json=shared).status_code == 200
    own = {"action": "read", "patient": PATIENT, "documents": [document("own-doc")]}
    own["citizen"] = {"pid": PATIENT, "security_level": "4", "age": 40}
    response = client.post("/v1/pjd/decisions", json=own)
    assert response.json()["results"][0]["decision"] == "permit"
    read_log(client)  # the view_log decision is logged too, and not shown either
    assert read_log(client)["entries"] == []


def test_on_the_kj_path_a_decision_is_one_entry_naming_no_document(client: TestClient) -> None:
    listed = [
        document("kj-listed-1"),
        document("kj-listed-2"),
        document("kj-denied", class_code="B00-1"),
    ]
    assert decide(client, "list", listed, path=KJ, access_basis="samtykke") == [
        "permit",
        "permit",
        "deny",
    ]
    later = AT + timedelta(minutes=1)
    read = [document("kj-read-1"), document("kj-read-2")]
    decide(client, "read", read, path=KJ, access_basis="samtykke", at=later)
    response = client.get(LOG_URL, headers=citizen())
    entries = response.json()["entries"]
    assert [(e["action"], e["description"], e["document"]) for e in entries] == [
        ("read", "Dokumenter ble lest via kjernejournal", None),
        ("list", "Så dokumentlisten via kjernejournal", None),
    ]
    assert {(e["path"], e["access_basis"]) for e in entries} == {(KJ, "samtykke")}
    assert "kj-" not in response.text


def test_a_break_the_glass_access_and_an_opened_locked_kj_are_named_as_such(
    client: TestClient,
) -> None:
    """R32: the patient's view names them in plain Norwegian."""
    decide(client, "read", [document("btg-doc")], purpose="BTG")
    restriction = {"kind": "kj_sperring", "registered_by": "helsenorge"}
    response = client.post(f"/v1/patients/{PATIENT}/restrictions", json=restriction)
    assert response.status_code == 201, response.text
    later = AT + timedelta(minutes=1)
    opened = {"path": KJ, "access_basis": "samtykke", "opens_locked": True, "at": later}
    assert decide(client, "list", [document("kj-doc")], **opened) == ["permit"]
    emergency = {"path": KJ, "access_basis": "akutt", "purpose": "BTG", "at": later}
    assert decide(client, "read", [document("kj-btg")], **emergency) == ["permit"]
    descriptions = [e["description"] for e in read_log(client)["entries"]]
    assert descriptions == [
        "Nødtilgang, åpnet sperret kjernejournal: Dokumenter ble lest via kjernejournal",
        "Åpnet sperret kjernejournal: Så dokumentlisten via kjernejournal",
        "Nødtilgang: Åpnet dokumentet",
    ]
    # R33: a parent reading a ten-year-old's log is not shown the child's lock
    as_parent = read_log(client, citizen(pid=OTHER_PERSON, parent_of_age=10))["entries"]
    assert [e["description"] for e in as_parent] == [
        "Nødtilgang: Dokumenter ble lest via kjernejournal",
        "Så dokumentlisten via kjernejournal",
        "Nødtilgang: Åpnet dokumentet",
    ]


def test_only_an_organisation_granted_anonymisation_hides_the_workers_name(
    client: TestClient,
) -> None:
    decide(client, "read", [document("by-amk")], org=(AMK, "AMK Oslo"))
    decide(client, "list", [document("etreat")], path=KJ, access_basis="akutt", purpose="ETREAT")
    by_document = {e["document"] or e["purpose"]: e for e in read_log(client)["entries"]}
    assert by_document["by-amk"]["health_worker"] == "Anonymisert helsepersonell"
    assert by_document["by-amk"]["organisation"] == "AMK Oslo"  # the organisation stays visible
    assert by_document["ETREAT"]["health_worker"] == "Ben Reddik"  # not ETREAT alone (R22)


def test_anonymisation_is_fixed_at_the_time_of_access(client: TestClient) -> None:
    """R22: the record stores whether the registry granted anonymisation when the access was
    made; a later change of the registry changes no earlier entry, either way."""
    decide(client, "read", [document("anonymous-then")], org=(AMK, "AMK Oslo"))
    assert client.put("/v1/registry", json=registry(amk_anonymised=False)).status_code == 200
    decide(client, "read", [document("named-then")], org=(AMK, "AMK Oslo"))
    assert client.put("/v1/registry", json=registry(amk_anonymised=True)).status_code == 200
    shown = {e["document"]: e["health_worker"] for e in read_log(client)["entries"]}
    assert shown == {"anonymous-then": "Anonymisert helsepersonell", "named-then": "Ben Reddik"}
    with Session(client.app.state.runtime.db) as session:  # type: ignore[attr-defined]
        records = for_patient(session, PATIENT)
    stored = {r.document: r.anonymised for r in records if r.subject_kind == "helsepersonell"}
    assert stored == {"anonymous-then": True, "named-then": False}
    assert {r.anonymised for r in records if r.subject_kind == "innbygger"} == {None}


def test_a_record_written_before_anonymisation_was_stored_reads_the_registry_now(
    client: TestClient,
) -> None:
    """A record of chain version 0 has no stored anonymisation (null): the registry as it is
    now is the only fact there is."""
    decide(client, "read", [document("old")], org=(AMK, "AMK Oslo"))
    with client.app.state.runtime.db.begin() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql("UPDATE access_log SET anonymised = NULL")
    [entry] = read_log(client)["entries"]
    assert entry["health_worker"] == "Anonymisert helsepersonell"
    assert client.put("/v1/registry", json=registry(amk_anonymised=False)).status_code == 200
    assert read_log(client)["entries"][0]["health_worker"] == "Ben Reddik"


def test_entries_are_newest_recorded_first_and_paged(client: TestClient) -> None:
    for minute in (3, 1, 5, 2, 4):  # asserted out of time order: the order recorded counts
        decide(client, "read", [document(f"m{minute}")], at=AT + timedelta(minutes=minute))
    everything = [e["document"] for e in read_log(client)["entries"]]
    assert everything == ["m4", "m2", "m5", "m1", "m3"]
    pages = [read_log(client, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [page["next_offset"] for page in pages] == [2, 4, None]
    assert [e["document"] for page in pages for e in page["entries"]] == everything
    assert read_log(client, limit=5)["next_offset"] is None
    assert read_log(client, offset=9)["entries"] == []


@pytest.mark.parametrize(
    ("headers", "rule"),
    [
        (citizen(pid=OTHER_PERSON), "innbygger_ikke_pasienten"),
        (citizen(age=15), "innbygger_under_selvstendig_alder"),
        (citizen(pid=OTHER_PERSON, parent_of_age=13), "foreldre_barn_for_gammelt"),
        (citizen(level="3"), "innbygger_sikkerhetsnivaa_for_lavt"),
    ],
    ids=["another_citizen", "aged_15", "parent_of_13", "level_3"],
)
def test_view_log_denies_with_403_naming_the_rule(
    client: TestClient, headers: dict[str, str], rule: str
) -> None:
    decide(client, "read", [document("D1")])
    response = client.get(LOG_URL, headers=headers)
    assert response.status_code == 403
    catalogue = {r["id"]: r for r in client.get("/v1/rules").json()["rules"]}
    assert response.json() == {
        "error": "forbidden",
        "decision": "deny",
        "reasons": [
            {
                "rule": rule,
                "title": catalogue[rule]["title"],
                "legal_basis": catalogue[rule]["legal_basis"],
            }
        ],
    }
    assert "Ben Reddik" not in response.text


def test_a_parent_of_a_ten_year_old_reads_the_childs_log(client: TestClient) -> None:
    decide(client, "read", [document("D1")])
    entries = read_log(client, citizen(pid=OTHER_PERSON, parent_of_age=10))["entries"]
    assert [e["document"] for e in entries] == ["D1"]


def test_view_log_decisions_are_logged_and_unlogged_means_denied(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_log(client)
    assert client.get(LOG_URL, headers=citizen(pid=OTHER_PERSON)).status_code == 403
    with Session(client.app.state.runtime.db) as session:
        records = for_patient(session, PATIENT)
    assert [
        (r.action, r.subject_kind, r.requester_pid, r.path, r.decision, r.rules) for r in records
    ] == [
        (
            "view_log",
            "innbygger",
            OTHER_PERSON,
            "helsenorge",
            "deny",
            '["innbygger_ikke_pasienten"]',
        ),
        ("view_log", "innbygger", PATIENT, "helsenorge", "permit", '["innsyn_i_logg"]'),
    ]

    def broken(*_: object) -> list[int]:
        raise LogWriteError("disk full")

    monkeypatch.setattr(group_commit, "write", broken)
    response = client.get(LOG_URL, headers=citizen())
    assert response.status_code == 403
    assert [r["rule"] for r in response.json()["reasons"]] == ["logg_ikke_skrevet"]


BAD_PATIENT_VIEW = {
    "patient": ("/v1/patients/0507660032/access-log", citizen(), {}, "patient"),
    "no_header": (LOG_URL, citizen_bearer(PATIENT), {}, "X-Citizen"),
    "header_not_json": (LOG_URL, {"X-Citizen": "{pid", **citizen_bearer(PATIENT)}, {}, "X-Citizen"),
    "header_pid": (LOG_URL, citizen(pid="123"), {}, "X-Citizen.pid"),
    "limit_0": (LOG_URL, citizen(), {"limit": "0"}, "limit"),
    "limit_201": (LOG_URL, citizen(), {"limit": "201"}, "limit"),
    "limit_text": (LOG_URL, citizen(), {"limit": "ten"}, "limit"),
    "offset_negative": (LOG_URL, citizen(), {"offset": "-1"}, "offset"),
}


@pytest.mark.parametrize(
    ("url", "headers", "params", "field"), BAD_PATIENT_VIEW.values(), ids=BAD_PATIENT_VIEW.keys()
)
def test_a_bad_patient_view_request_is_a_400_naming_the_field(
    client: TestClient, url: str, headers: dict[str, str], params: Json, field: str
) -> None:
    response = client.get(url, headers=headers, params=params)
    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == ("bad_request", field)


def test_without_a_pjd_pack_the_patient_view_is_unavailable(client: TestClient) -> None:
    client.app.state.runtime.state = PackState()  # no pack loaded
    assert client.get(LOG_URL, headers=citizen()).status_code == 503


# --- the data controller's view -----------------------------------------------------------------


def controller(client: TestClient, **params: Any) -> Json:
    response = client.get("/v1/access-log", params=params)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


def test_the_controller_sees_every_record_of_its_source_with_every_field(
    client: TestClient,
) -> None:
    decide(
        client,
        "list",
        [document("a-1"), document("b-1", source=BERGEN), document("a-2", class_code="B00-1")],
    )
    records = controller(client, source=SRC_A)["records"]
    assert [(r["document"], r["decision"]) for r in records] == [("a-2", "deny"), ("a-1", "permit")]
    denied, permitted = records
    assert (permitted["requester_pid"], permitted["requester_hpr"]) == (WORKER_PID, WORKER_HPR)
    assert (permitted["rules"], permitted["obligations"]) == (["dokumentliste_hpl45"], ["logg"])
    assert (denied["rules"], denied["obligations"]) == (["dokumentklasse_ikke_tillatt"], [])
    assert permitted["seq"] == denied["seq"] - 2 and len(permitted["hash"]) == 64
    assert denied["prev_hash"] != permitted["hash"]  # b-1 (Bergen) lies between them
    assert {r["legal_entity"] for r in records} == {OUS}
    assert [r["document"] for r in controller(client, source=BERGEN)["records"]] == ["b-1"]


def test_the_controller_view_filters_by_a_half_open_window_of_recording(
    client: TestClient,
) -> None:
    for hour in (0, 1, 2):  # recorded at AT + hour, asserted (`at`) in the reverse order
        asserted = AT + timedelta(hours=2 - hour)
        record = LogEntry(
            decision_id=f"d{hour}",
            at=asserted,
            subject_kind="helsepersonell",
            patient=PATIENT,
            source=SRC_A,
            document=f"h{hour}",
            action="read",
            decision="permit",
        )
        append(client.app.state.runtime.db, [record], AT + timedelta(hours=hour))
    window = {"from": "2026-11-26T11:00:00Z", "to": "2026-11-26T12:00:00+00:00"}
    answer = controller(client, source=SRC_A, **window)
    assert [r["document"] for r in answer["records"]] == ["h1"]  # from inclusive, to exclusive
    assert (answer["from"], answer["to"]) == ("2026-11-26T11:00:00Z", "2026-11-26T12:00:00Z")
    assert [
        r["document"]
        for r in controller(client, source=SRC_A, to="2026-11-26T11:00:00Z")["records"]
    ] == ["h0"]
    first = controller(client, source=SRC_A, limit=2)
    assert ([r["document"] for r in first["records"]], first["next_offset"]) == (["h2", "h1"], 2)
    assert controller(client, source=SRC_A, limit=2, offset=2)["next_offset"] is None


BAD_CONTROLLER_VIEW = {
    "no_source": ({}, "source"),
    "source_8_digits": ({"source": "91463765"}, "source"),
    "from_not_a_time": ({"source": SRC_A, "from": "yesterday"}, "from"),
    "from_without_offset": ({"source": SRC_A, "from": "2026-11-26T10:00:00"}, "from"),
    "to_not_a_day": ({"source": SRC_A, "to": "2026-02-30T10:00:00Z"}, "to"),
    "to_not_after_from": (
        {"source": SRC_A, "from": "2026-11-26T10:00:00Z", "to": "2026-11-26T10:00:00Z"},
        "to",
    ),
    "limit_201": ({"source": SRC_A, "limit": "201"}, "limit"),
    "offset_text": ({"source": SRC_A, "offset": "x"}, "offset"),
}


@pytest.mark.parametrize(
    ("params", "field"), BAD_CONTROLLER_VIEW.values(), ids=BAD_CONTROLLER_VIEW.keys()
)
def test_a_bad_controller_view_request_is_a_400_naming_the_field(
    client: TestClient, params: Json, field: str
) -> None:
    response = client.get("/v1/access-log", params=params)
    assert response.status_code == 400
    assert (response.json()["error"], response.json()["field"]) == ("bad_request", field)


def test_the_registry_round_trips_log_anonymised(client: TestClient) -> None:
    exported = client.get("/v1/registry").json()
    assert exported == registry()
    flags = {
        o["orgnr"]: o["consumer"]["log_anonymised"]
        for o in exported["organisations"]
        if o["consumer"]
    }
    assert {orgnr for orgnr, flag in flags.items() if flag} == {AMK}
