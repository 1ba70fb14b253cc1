"""R21: every decision is recorded before the answer, and a record that cannot be written turns
the answer into a deny (rule `logg_ikke_skrevet`) — on SQLite and on PostgreSQL.

The fault is real, not a mock: a database trigger makes every insert into `access_log` fail,
so `api.access_log.store.append` fails inside the database and rolls back. Because the answer
changes with the outcome of that write, the write happens before the answer is made; a permit
without its record cannot leave the service. The other half: a decided request has its
records (one per document, with the fields R21 lists) in the database by the time its answer
arrives.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.access_log.models import LogRecord
from api.access_log.store import count, verify
from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.api.demo_app import BOTH_DATABASES, database_url, demo_app
from tests.builders import (
    AT,
    DECISION_REF,
    LISTED,
    Json,
    attestation,
    authzen_evaluation,
    document,
    pjd_body,
)
from tests.clients import api_client
from tests.people import BERGEN, PATIENT, SRC_A, WORKER_HPR, WORKER_PID

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "api" / "demo_registry.json"
PJD, EVAL, BATCH = "/v1/pjd/decisions", "/access/v1/evaluation", "/access/v1/evaluations"

LOG_FAILED = "logg_ikke_skrevet"
TRIGGER = "access_log_down"


@dataclass
class Service:
    """The app under test and its database engine (the runtime's own)."""

    client: TestClient
    db: Engine

    @property
    def dialect(self) -> str:
        return self.db.dialect.name


@pytest.fixture(params=BOTH_DATABASES)
def service(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Service]:
    """The app on a fresh SQLite file or the session's PostgreSQL, demo registry imported."""
    with demo_app(database_url(request, tmp_path)) as app:
        db: Engine = app.state.runtime.db
        try:
            with api_client(app) as client:
                yield Service(client, db)
        finally:
            _repair_log(db)


def _break_log(db: Engine) -> None:
    """A trigger that makes every insert into `access_log` fail, in the database itself."""
    with db.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON access_log "
                "BEGIN SELECT RAISE(ABORT, 'log down'); END"
            )
        else:
            conn.exec_driver_sql(
                f"CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'log down'; END $$"
            )
            conn.exec_driver_sql(
                f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON access_log "
                f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"
            )


def _repair_log(db: Engine) -> None:
    """Drop the trigger (and its function) again; harmless when they are not there."""
    with db.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER}")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TRIGGER} ON access_log")
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {TRIGGER}()")


def _pjd_body(*documents: Json) -> Json:
    """A list request on the hpl45 path at AT by the practitioner of Eksempel #3 (D1 of SRC-A
    and D2 of Helse Bergen unless `documents`)."""
    both = [document("D1", source=SRC_A), document("D2", source=BERGEN)]
    return pjd_body(AT, documents=list(documents) or both)


def _resource(doc_id: str, source: str) -> Json:
    resource: Json = authzen_evaluation(AT, doc=document(doc_id, source=source))["resource"]
    return resource


def _batch_body() -> Json:
    """D1 and D2 as an AuthZEN batch (defaults at the top level), with the context shown."""
    items = [{}, {"resource": _resource("D2", BERGEN)}]
    return authzen_evaluation(AT) | {"evaluations": items, "options": {"include_context": True}}


def _post(service: Service, url: str, body: Json) -> Json:
    response = service.client.post(url, json=body)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


def _rules(reasons: list[Json]) -> list[str]:
    return [reason["rule"] for reason in reasons]


def _logged(service: Service) -> int:
    with Session(service.db) as session:
        return count(session)


def _records(service: Service, decision_id: str) -> list[LogRecord]:
    with Session(service.db) as session:
        query = select(LogRecord).where(col(LogRecord.decision_id) == decision_id)
        return list(session.exec(query.order_by(col(LogRecord.seq))).all())


def _assert_chain(service: Service, records: int) -> None:
    result = verify(service.db)
    assert result.ok, result
    assert result.records == records


def _assert_permitted(service: Service) -> None:
    """The request permits through both endpoints, and each decision is logged."""
    before = _logged(service)
    answer = _post(service, PJD, _pjd_body())
    assert [r["decision"] for r in answer["results"]] == ["permit", "permit"]
    assert all(_rules(r["reasons"]) == [LISTED] for r in answer["results"])
    assert len(_records(service, answer["decision_id"])) == 2
    evaluation = _post(service, EVAL, authzen_evaluation(AT))
    assert evaluation["decision"] is True
    assert _rules(evaluation["context"]["reasons"]) == [LISTED]
    assert len(_records(service, evaluation["context"]["decision_id"])) == 1
    batch = _post(service, BATCH, _batch_body())["evaluations"]
    assert [item["decision"] for item in batch] == [True, True]
    assert _logged(service) == before + 2 + 1 + 2
    _assert_chain(service, before + 5)


# --- the log cannot be written: every answer is a deny ----------------------------------------


def test_an_unwritable_log_turns_every_permit_into_a_deny(service: Service) -> None:
    _assert_permitted(service)  # the chain has records before the fault
    before = _logged(service)
    _break_log(service.db)

    response = service.client.post(PJD, json=_pjd_body())
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "permit" not in response.text  # no result, rule or title says permit
    assert [r["document"] for r in answer["results"]] == ["D1", "D2"]
    for result in answer["results"]:
        assert result["decision"] == "deny"
        assert _rules(result["reasons"]) == [LOG_FAILED]
        assert all(reason["title"] and reason["legal_basis"] for reason in result["reasons"])
        assert result["obligations"] == []
    assert answer["hidden_count"] == 0

    evaluation = _post(service, EVAL, authzen_evaluation(AT))
    assert evaluation["decision"] is False
    assert _rules(evaluation["context"]["reasons"]) == [LOG_FAILED]
    assert evaluation["context"]["obligations"] == []

    batch = _post(service, BATCH, _batch_body())["evaluations"]
    assert [item["decision"] for item in batch] == [False, False]
    for item in batch:
        assert _rules(item["context"]["reasons"]) == [LOG_FAILED]
        assert item["context"]["obligations"] == []
    plain = _post(service, BATCH, _batch_body() | {"options": {}})["evaluations"]
    assert plain == [{"decision": False}, {"decision": False}]

    assert _logged(service) == before  # nothing of any batch was written
    assert _records(service, answer["decision_id"]) == []
    _assert_chain(service, before)

    _repair_log(service.db)
    _assert_permitted(service)  # the same requests permit again, and are logged


def test_a_deny_is_still_a_deny_when_the_log_cannot_be_written(service: Service) -> None:
    _break_log(service.db)
    answer = _post(service, PJD, _pjd_body(document("D9", source=SRC_A, class_code="B00-1")))
    [result] = answer["results"]
    assert result["decision"] == "deny"
    assert _rules(result["reasons"]) == [LOG_FAILED]
    assert _logged(service) == 0
    _assert_chain(service, 0)


# --- the log can be written: one record per document, before the answer ----------------------


def test_every_document_of_a_decision_is_recorded_with_the_r21_fields(service: Service) -> None:
    revision = service.client.get("/health").json()["policy_revision"]
    documents = [
        document("D1", source=SRC_A),
        document("D2", source=BERGEN),
        document("D3", source=SRC_A, class_code="B00-1"),
    ]
    started = datetime.now(UTC)
    answer = _post(service, PJD, _pjd_body(*documents))
    arrived = datetime.now(UTC)
    records = _records(service, answer["decision_id"])  # there when the answer arrives
    assert [r["decision"] for r in answer["results"]] == ["permit", "permit", "deny"]
    assert [(r.document, r.source) for r in records] == [
        ("D1", SRC_A),
        ("D2", BERGEN),
        ("D3", SRC_A),
    ]
    assert [r.seq for r in records] == [1, 2, 3]
    attested = attestation(AT)
    practitioner, care = attested["practitioner"], attested["care_relation"]
    for record, result in zip(records, answer["results"], strict=True):
        assert record.decision_id == answer["decision_id"]
        assert record.decision == result["decision"]
        assert json.loads(record.rules) == _rules(result["reasons"])
        assert json.loads(record.obligations) == [o["id"] for o in result["obligations"]]
        assert record.policy_revision == revision == answer["policy_revision"]
        assert record.engine == answer["engine"] == "cedar"
        assert record.at == AT
        assert started <= record.recorded_at <= arrived
        assert (record.patient, record.action, record.path) == (PATIENT, "list", "hpl45")
        assert record.access_basis is None
        assert record.subject_kind == "helsepersonell"
        assert record.requester_name == practitioner["identifier"]["name"] == "Ben Reddik"
        assert (record.requester_pid, record.requester_hpr) == (WORKER_PID, WORKER_HPR)
        assert record.legal_entity == practitioner["legal_entity"]["id"]
        assert record.legal_entity_name == practitioner["legal_entity"]["name"]
        assert record.point_of_care == practitioner["point_of_care"]["id"]
        assert record.department == practitioner["department"]["id"]
        assert record.healthcare_service == care["healthcare_service"]["code"]
        assert record.purpose == care["purpose_of_use"]["code"] == "TREAT"
        assert record.purpose_details == care["purpose_of_use_details"]["code"]
        assert record.decision_ref == DECISION_REF["id"]
        assert record.user_selected is False
    assert json.loads(records[0].obligations) == ["logg"]
    assert json.loads(records[2].rules) == ["dokumentklasse_ikke_tillatt"]
    assert _logged(service) == 3
    _assert_chain(service, 3)


def test_an_authzen_decision_is_recorded_under_its_decision_id(service: Service) -> None:
    evaluation = _post(service, EVAL, authzen_evaluation(AT))
    [record] = _records(service, evaluation["context"]["decision_id"])
    assert (record.document, record.source, record.decision) == ("D1", SRC_A, "permit")
    assert json.loads(record.rules) == [LISTED]
    assert record.policy_revision == evaluation["context"]["policy_revision"]
    batch = _post(service, BATCH, _batch_body())["evaluations"]
    ids = [item["context"]["decision_id"] for item in batch]
    assert len(set(ids)) == 2  # each item of a batch is a decision of its own
    assert [[r.document for r in _records(service, i)] for i in ids] == [["D1"], ["D2"]]
    assert _logged(service) == 3
    _assert_chain(service, 3)


# --- SQLite locked by another writer: bounded by the busy timeout -----------------------------


def test_a_sqlite_database_locked_by_another_writer_denies_within_the_busy_timeout(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pjd.db"
    app = create_app(get_settings(database_url=f"sqlite:///{path}", db_lock_timeout=1.0))
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    with api_client(app) as client:
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock; readers go on (WAL)
        try:
            started = time.monotonic()
            answer = client.post(PJD, json=_pjd_body())
            decided = time.monotonic() - started
            restriction = {"kind": "pjd_sperre", "registered_by": "helsenorge"}
            started = time.monotonic()
            refused = client.post(f"/v1/patients/{PATIENT}/restrictions", json=restriction)
            registered = time.monotonic() - started
        finally:
            holder.rollback()
            holder.close()
        assert answer.status_code == 200, answer.text
        assert {_rules(r["reasons"])[0] for r in answer.json()["results"]} == {LOG_FAILED}
        assert (refused.status_code, refused.json()["error"]) == (503, "unavailable")
        assert refused.headers["Retry-After"].isdigit()
        assert decided < 1.0 + 2 and registered < 1.0 + 2, (decided, registered)
        after = client.post(PJD, json=_pjd_body())
        assert [r["decision"] for r in after.json()["results"]] == ["permit", "permit"]
