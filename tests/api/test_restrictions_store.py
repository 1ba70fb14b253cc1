"""The restriction store (R10, R12–R14): bodies, register/list/withdraw, validity and the index."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, event, func, insert, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from api.errors import Conflict, NotFound, field_path
from api.models import Restriction
from api.restrictions.store import (
    KINDS,
    PatientRestriction,
    RestrictionIn,
    check_codes,
    check_patient,
    list_restrictions,
    register,
    restrictions_at,
    withdraw,
)
from engine import RequestError
from engine.pjd import Vocabulary
from tests.builders import AT as NOW
from tests.fixtures import pjd_codes
from tests.people import OSLO_KOMMUNE, PATIENT, SRC_A, WORKER_HPR
from tests.people import SECOND_PATIENT as OTHER

ARABIC = "٠٥٠٧٦٦٠٠٣٢٤"  # 05076600324 in Arabic-Indic digits: str.isdigit() but not 0-9
FULLWIDTH = "０５０７６６００３２４"
OSLO_WINTER = timezone(timedelta(hours=1))

Json = dict[str, Any]


def body(kind: str = "pjd_sperre", **fields: Any) -> Json:
    return {"kind": kind, "registered_by": "helsenorge", **fields}


def objection(**fields: Any) -> Json:
    return body(
        "kilde_sperreregel", **({"target": {"authorization": "SP"}, "source": SRC_A} | fields)
    )


def store(session: Session, data: Json, now: datetime = NOW, patient: str = PATIENT) -> Restriction:
    return register(session, patient, RestrictionIn.model_validate(data), now)


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Restriction)).one()


# --- bodies ------------------------------------------------------------------------------------

VALID: dict[str, Json] = {
    "pjd_sperre": body(),
    "kj_reservasjon": body("kj_reservasjon"),
    "kj_sperring": body("kj_sperring"),
    "kj_blokkering": body("kj_blokkering", target={"hpr": WORKER_HPR}),
    "kilde_hpr": body("kilde_sperreregel", target={"hpr": "123456"}, source=SRC_A),
    "kilde_pid": body("kilde_sperreregel", target={"pid": "45076600324"}, source=SRC_A),
    "kilde_authorization": objection(),
    "kilde_orgnr": body("kilde_sperreregel", target={"orgnr": OSLO_KOMMUNE}, source=SRC_A),
    "kilde_document": objection(document="D1"),
    "nulls_for_unused_fields": body(target=None, source=None, document=None, valid_to=None),
    "unknown_fields_ignored": body(patient="xx", colour="blue", id="mine"),
    "target_unknown_key_ignored": body("kj_blokkering", target={"hpr": WORKER_HPR, "name": "Kari"}),
    "registered_by_200": body(registered_by="x" * 200),
    "document_256": objection(document="d" * 256),
    "only_valid_to": body(valid_to="2027-01-01"),
    "hpr_9_digits": body("kj_blokkering", target={"hpr": "123456789"}),
}


@pytest.mark.parametrize("data", VALID.values(), ids=VALID.keys())
def test_a_valid_body_is_accepted(data: Json) -> None:
    parsed = RestrictionIn.model_validate(data)
    assert parsed.kind == data["kind"]
    assert parsed.kind in KINDS


INVALID: dict[str, tuple[Json, str]] = {
    "unknown_kind": (body("sperre"), "kind"),
    "kind_missing": ({"registered_by": "x"}, "kind"),
    "kind_not_a_string": ({"kind": 1, "registered_by": "x"}, "kind"),
    "pjd_sperre_with_target": (body(target={"hpr": WORKER_HPR}), "target"),
    "reservasjon_with_source": (body("kj_reservasjon", source=SRC_A), "source"),
    "sperring_with_document": (body("kj_sperring", document="D1"), "document"),
    "blokkering_with_source": (
        body("kj_blokkering", target={"hpr": WORKER_HPR}, source=SRC_A),
        "source",
    ),
    "blokkering_with_document": (
        body("kj_blokkering", target={"hpr": WORKER_HPR}, document="D"),
        "document",
    ),
    "blokkering_without_target": (body("kj_blokkering"), "target"),
    "blokkering_by_pid": (body("kj_blokkering", target={"pid": PATIENT}), "target.pid"),
    "blokkering_by_group": (
        body("kj_blokkering", target={"authorization": "LE"}),
        "target.authorization",
    ),
    "blokkering_by_orgnr": (body("kj_blokkering", target={"orgnr": SRC_A}), "target.orgnr"),
    "target_empty": (objection(target={}), "target"),
    "target_two_keys": (objection(target={"hpr": WORKER_HPR, "orgnr": SRC_A}), "target"),
    "target_only_unknown_key": (objection(target={"name": "Kari"}), "target"),
    "target_null": (objection(target=None), "target"),
    "target_not_an_object": (objection(target=WORKER_HPR), "target"),
    "kilde_without_source": (body("kilde_sperreregel", target={"hpr": WORKER_HPR}), "source"),
    "document_without_source": (
        body("kilde_sperreregel", target={"hpr": WORKER_HPR}, document="D1"),
        "document",
    ),
    "source_8_digits": (objection(source="91463765"), "source"),
    "source_arabic_digits": (objection(source="٩١٤٦٣٧٦٥١"), "source"),
    "hpr_5_digits": (body("kj_blokkering", target={"hpr": "12345"}), "target.hpr"),
    "hpr_10_digits": (body("kj_blokkering", target={"hpr": "1234567890"}), "target.hpr"),
    "hpr_number": (body("kj_blokkering", target={"hpr": 222200068}), "target.hpr"),
    "hpr_arabic_digits": (body("kj_blokkering", target={"hpr": "٢٢٢٢٠٠٠٦٨"}), "target.hpr"),
    "pid_10_digits": (objection(target={"pid": "0507660032"}), "target.pid"),
    "pid_fullwidth": (objection(target={"pid": FULLWIDTH}), "target.pid"),
    "pid_trailing_newline": (objection(target={"pid": PATIENT + "\n"}), "target.pid"),
    "authorization_empty": (objection(target={"authorization": ""}), "target.authorization"),
    "hpr_leading_zero": (body("kj_blokkering", target={"hpr": "0" + WORKER_HPR}), "target.hpr"),
    "hpr_trailing_space": (body("kj_blokkering", target={"hpr": WORKER_HPR + " "}), "target.hpr"),
    "orgnr_8_digits": (objection(target={"orgnr": "99750649"}), "target.orgnr"),
    "document_empty": (objection(document=""), "document"),
    "document_257": (objection(document="d" * 257), "document"),
    "document_number": (objection(document=1), "document"),
    "valid_to_equal": (body(valid_from="2026-01-01", valid_to="2026-01-01"), "valid_to"),
    "valid_to_before": (body(valid_from="2026-01-02", valid_to="2026-01-01"), "valid_to"),
    "valid_to_before_by_offset": (
        body(valid_from="2026-01-01T00:30:00Z", valid_to="2026-01-01T01:00:00+01:00"),
        "valid_to",
    ),
    "valid_from_naive": (body(valid_from="2026-01-01T10:00:00"), "valid_from"),
    "valid_from_impossible_day": (body(valid_from="2026-02-30"), "valid_from"),
    "valid_from_hour_24": (body(valid_from="2026-01-01T24:00:00Z"), "valid_from"),
    "valid_from_epoch_number": (body(valid_from=1767225600), "valid_from"),
    "valid_from_arabic_digits": (body(valid_from="٢٠٢٦-٠١-٠١"), "valid_from"),
    "valid_from_out_of_range": (body(valid_from="0001-01-01T00:00:00+01:00"), "valid_from"),
    "valid_to_word": (body(valid_to="tomorrow"), "valid_to"),
    "registered_by_missing": ({"kind": "pjd_sperre"}, "registered_by"),
    "registered_by_empty": (body(registered_by=""), "registered_by"),
    "registered_by_blank": (body(registered_by="   "), "registered_by"),
    "registered_by_201": (body(registered_by="x" * 201), "registered_by"),
    "registered_by_number": (body(registered_by=7), "registered_by"),
}


@pytest.mark.parametrize(("data", "field"), INVALID.values(), ids=INVALID.keys())
def test_an_invalid_body_names_the_field(data: Json, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RestrictionIn.model_validate(data)
    assert field_path(tuple(caught.value.errors()[0]["loc"])) == field


@pytest.mark.parametrize("code", ["le", "LEGE1", "L", "ZZ", "LE ", "ＬＥ", "FA1"])
def test_a_group_objection_names_an_authorization_of_the_code_list(code: str) -> None:
    with pytest.raises(RequestError) as caught:
        check_codes(
            RestrictionIn.model_validate(objection(target={"authorization": code})), pjd_codes
        )
    assert caught.value.field == "target.authorization"


def test_a_known_authorization_passes_and_other_kinds_need_no_code_list() -> None:
    check_codes(RestrictionIn.model_validate(objection()), pjd_codes)

    def no_pack() -> Vocabulary:
        raise AssertionError("the code lists were asked for")

    check_codes(RestrictionIn.model_validate(body("pjd_sperre")), no_pack)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2026-01-01", datetime(2025, 12, 31, 23, tzinfo=UTC)),  # a date: Oslo midnight (R30)
        ("2026-07-01", datetime(2026, 6, 30, 22, tzinfo=UTC)),  # summer time: UTC+2
        ("2026-01-01T10:00:00Z", datetime(2026, 1, 1, 10, tzinfo=UTC)),
        ("2026-01-01t10:00:00z", datetime(2026, 1, 1, 10, tzinfo=UTC)),
        ("2026-01-01T10:00:00+01:00", datetime(2026, 1, 1, 9, tzinfo=UTC)),
        ("2026-01-01T10:00:00.250-02:30", datetime(2026, 1, 1, 12, 30, 0, 250000, tzinfo=UTC)),
    ],
)
def test_moments_are_normalised_to_utc(given: str, stored: datetime) -> None:
    parsed = RestrictionIn.model_validate(body(valid_from=given)).valid_from
    assert parsed == stored
    assert parsed is not None and parsed.tzinfo is UTC


def test_check_patient_takes_11_ascii_digits_without_a_mod11_check() -> None:
    assert check_patient(PATIENT) == PATIENT
    for bad in (ARABIC, FULLWIDTH, "0507660032", "050766003245", PATIENT + "\n", "0507660032x"):
        with pytest.raises(RequestError) as caught:
            check_patient(bad)
        assert caught.value.field == "patient"


# --- register, list, withdraw ------------------------------------------------------------------


def test_register_round_trips_every_field(session: Session, db_engine: Engine) -> None:
    data = objection(document="D1", valid_from="2026-01-01T10:00:00+01:00", valid_to="2027-01-01")
    stored = store(session, data, now=NOW.astimezone(OSLO_WINTER))
    assert uuid.UUID(stored.id).version == 4
    with Session(db_engine) as fresh:
        if db_engine.dialect.name == "postgresql":
            fresh.connection().execute(text("SET TIME ZONE 'Europe/Oslo'"))
        row = fresh.get(Restriction, stored.id)
        assert row is not None
        assert (row.patient, row.kind, row.target_type, row.target_value) == (
            PATIENT,
            "kilde_sperreregel",
            "authorization",
            "SP",
        )
        assert (row.source, row.document, row.registered_by) == (SRC_A, "D1", "helsenorge")
        assert row.valid_from == datetime(2026, 1, 1, 9, tzinfo=UTC)
        assert row.valid_to == datetime(2026, 12, 31, 23, tzinfo=UTC)  # 2027-01-01 in Oslo
        assert row.registered_at == NOW
        assert row.withdrawn_at is None
        for moment in (row.valid_from, row.valid_to, row.registered_at):
            assert moment is not None and moment.tzinfo is UTC


def test_register_stores_no_target_for_a_kind_without_one(session: Session) -> None:
    stored = store(session, body("kj_sperring"))
    assert (stored.target_type, stored.target_value, stored.source, stored.document) == (None,) * 4
    assert (stored.valid_from, stored.valid_to) == (None, None)


def test_register_checks_the_patient(session: Session) -> None:
    with pytest.raises(RequestError) as caught:
        store(session, body(), patient=ARABIC)
    assert caught.value.field == "patient"
    assert count(session) == 0


def test_a_naive_clock_is_refused(session: Session) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        store(session, body(), now=datetime(2026, 11, 26, 10, 0))


def test_list_is_sorted_by_registration_then_id(session: Session) -> None:
    late = store(session, body(), now=NOW + timedelta(hours=1))
    tied = [store(session, body("kj_sperring"), now=NOW) for _ in range(3)]
    early = store(session, body("kj_reservasjon"), now=NOW - timedelta(days=1))
    listed = [r.id for r in list_restrictions(session, PATIENT, NOW + timedelta(hours=2))]
    assert listed == [early.id, *sorted(r.id for r in tied), late.id]


def test_list_shows_active_ones_and_history_shows_all(session: Session) -> None:
    open_ = store(session, body())
    future = store(session, body("kj_sperring", valid_from="2027-01-01"))
    expired = store(session, body("kj_reservasjon", valid_to="2026-11-26T10:00:00Z"))
    withdrawn = store(session, body("kj_blokkering", target={"hpr": WORKER_HPR}))
    store(session, body(), patient=OTHER)
    withdraw(session, PATIENT, withdrawn.id, NOW)
    active = list_restrictions(session, PATIENT, NOW)
    assert {r.id for r in active} == {open_.id, future.id}
    everything = list_restrictions(session, PATIENT, NOW, history=True)
    assert {r.id for r in everything} == {open_.id, future.id, expired.id, withdrawn.id}
    assert {r.id for r in list_restrictions(session, PATIENT, NOW - timedelta(seconds=1))} == {
        open_.id,
        future.id,
        expired.id,
    }


def test_withdraw_sets_withdrawn_at_and_never_deletes(session: Session, db_engine: Engine) -> None:
    kept = store(session, body())
    gone = store(session, body("kj_sperring"))
    before = count(session)
    later = NOW + timedelta(minutes=5)
    withdrawn = withdraw(session, PATIENT, gone.id, later)
    assert (withdrawn.id, withdrawn.withdrawn_at) == (gone.id, later)
    assert count(session) == before == 2
    with Session(db_engine) as fresh:  # committed: visible to the next request
        row = fresh.get(Restriction, gone.id)
        assert row is not None and row.withdrawn_at == later
        assert [r.id for r in list_restrictions(fresh, PATIENT, later)] == [kept.id]
        history = list_restrictions(fresh, PATIENT, later, history=True)
        assert {r.id: r.withdrawn_at for r in history} == {kept.id: None, gone.id: later}


def test_withdrawing_twice_is_a_conflict_and_changes_nothing(session: Session) -> None:
    stored = store(session, body())
    withdraw(session, PATIENT, stored.id, NOW)
    with pytest.raises(Conflict):
        withdraw(session, PATIENT, stored.id, NOW + timedelta(days=1))
    row = session.get(Restriction, stored.id)
    assert row is not None and row.withdrawn_at == NOW


def test_withdrawing_an_unknown_or_another_patients_id_is_not_found(session: Session) -> None:
    theirs = store(session, body(), patient=OTHER)
    for patient, id in ((PATIENT, str(uuid.uuid4())), (PATIENT, theirs.id), (PATIENT, "x" * 300)):
        with pytest.raises(NotFound):
            withdraw(session, patient, id, NOW)
    row = session.get(Restriction, theirs.id)
    assert row is not None and row.withdrawn_at is None


# --- restrictions in force for a decision ------------------------------------------------------


def test_restrictions_at_honours_the_validity_bounds(session: Session) -> None:
    """Dates are Oslo dates (R30): 2026-01-01 begins 23:00Z the day before, 2026-07-01 at
    22:00Z (summer time)."""
    start = datetime(2025, 12, 31, 23, tzinfo=UTC)
    end = datetime(2026, 6, 30, 22, tzinfo=UTC)
    store(session, objection(valid_from="2026-01-01", valid_to="2026-07-01"))
    expected = (PatientRestriction("kilde_sperreregel", "authorization", "SP", SRC_A, None),)
    assert restrictions_at(session, PATIENT, start - timedelta(microseconds=1)) == ()
    assert restrictions_at(session, PATIENT, start) == expected  # from: inclusive
    assert restrictions_at(session, PATIENT, end - timedelta(microseconds=1)) == expected
    assert restrictions_at(session, PATIENT, end) == ()  # to: exclusive
    assert restrictions_at(session, PATIENT, end.astimezone(OSLO_WINTER)) == ()
    assert restrictions_at(session, OTHER, start) == ()


def test_restrictions_at_open_bounds_and_every_field(session: Session) -> None:
    store(session, body("kj_blokkering", target={"hpr": WORKER_HPR}), now=NOW)
    store(session, objection(document="D9", target={"orgnr": OSLO_KOMMUNE}), now=NOW + timedelta(1))
    assert restrictions_at(session, PATIENT, datetime(1900, 1, 1, tzinfo=UTC)) == (
        PatientRestriction("kj_blokkering", "hpr", WORKER_HPR, None, None),
        PatientRestriction("kilde_sperreregel", "orgnr", OSLO_KOMMUNE, SRC_A, "D9"),
    )


def test_a_withdrawn_restriction_no_longer_applies(session: Session) -> None:
    stored = store(session, body())
    assert restrictions_at(session, PATIENT, NOW) == (
        PatientRestriction("pjd_sperre", None, None, None, None),
    )
    withdraw(session, PATIENT, stored.id, NOW + timedelta(hours=1))
    assert restrictions_at(session, PATIENT, NOW) == ()
    assert restrictions_at(session, PATIENT, NOW + timedelta(days=1)) == ()


@pytest.fixture
def statements(db_engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        seen.append((args[2], args[3]))

    event.listen(db_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db_engine, "before_cursor_execute", record)


def _restriction_queries(seen: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [(sql, params) for sql, params in seen if "restriction" in sql.lower()]


def test_restrictions_at_takes_one_query(
    session: Session, statements: list[tuple[str, Any]]
) -> None:
    for kind in ("pjd_sperre", "kj_reservasjon", "kj_sperring"):
        store(session, body(kind))
    statements.clear()
    assert len(restrictions_at(session, PATIENT, NOW)) == 3
    assert len(_restriction_queries(statements)) == 1, statements


def _fill(session: Session, patients: int, per_patient: int) -> None:
    rows = [
        {
            "id": str(uuid.uuid4()),
            "patient": f"{10000000000 + p:011d}",
            "kind": "pjd_sperre",
            "registered_at": NOW,
            "registered_by": "fill",
            "withdrawn_at": NOW if i % 2 else None,
        }
        for p in range(patients)
        for i in range(per_patient)
    ]
    session.exec(insert(Restriction), params=rows)
    session.commit()


def test_the_lookup_by_patient_uses_an_index(
    session: Session, db_engine: Engine, statements: list[tuple[str, Any]]
) -> None:
    _fill(session, patients=300, per_patient=10)
    store(session, body())
    session.connection().exec_driver_sql("ANALYZE")
    statements.clear()
    restrictions_at(session, PATIENT, NOW)
    [(sql, params)] = _restriction_queries(statements)
    connection = session.connection()
    if db_engine.dialect.name == "postgresql":
        connection.exec_driver_sql("SET enable_seqscan = off")
        plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql, params))
        assert re.search(r"Index (Only )?Scan (using|on) ix_restriction_patient_withdrawn_at", plan)
        assert "Seq Scan" not in plan, plan
    else:
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
        plan = "\n".join(str(row[3]) for row in rows)
        assert re.search(r"SEARCH restriction USING (COVERING )?INDEX ix_restriction_patient", plan)


# --- the table's own guards --------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "sperre"},
        {"target_type": "hpr"},
        {"target_type": "name", "target_value": "Kari"},
        {"document": "D1"},
        {"valid_from": NOW, "valid_to": NOW},
    ],
    ids=["kind", "target_pair", "target_type", "document_without_source", "period"],
)
def test_the_table_refuses_inconsistent_rows(session: Session, fields: Json) -> None:
    row: Json = {
        "patient": PATIENT,
        "kind": "pjd_sperre",
        "registered_at": NOW,
        "registered_by": "x",
    }
    session.add(Restriction(**(row | fields)))
    with pytest.raises(IntegrityError):
        session.commit()
