"""The access-log store (R21): append, the hash chain, verify, concurrency and the views' queries.

Every test runs on SQLite (a file) and on PostgreSQL (`db_engine`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

from api.access_log.models import GENESIS_HASH, LogHead, LogRecord
from api.access_log.store import (
    CHAIN_VERSION,
    HASHED,
    HASHED_FIELDS,
    LogEntry,
    LogWriteError,
    append,
    count,
    ensure_head,
    for_patient,
    for_source,
    record_hash,
    verify,
)
from api.db import make_engine
from tests.builders import AT as NOW
from tests.people import BERGEN, PATIENT, SRC_A, WORKER_HPR
from tests.people import SECOND_PATIENT as OTHER
from tests.people import SECOND_SOURCE as SRC_B

OSLO_WINTER = timezone(timedelta(hours=1))

FULL = LogEntry(
    decision_id="0b1f84dd-6a42-4597-a726-3c39bb69f0d6",
    at=datetime(2026, 11, 26, 10, 59, 58, 123456, tzinfo=OSLO_WINTER),
    subject_kind="helsepersonell",
    requester_name="Lege Legesen",
    requester_pid="13116900216",
    requester_hpr=WORKER_HPR,
    legal_entity=BERGEN,
    legal_entity_name="Helse Bergen HF",
    point_of_care="974557746",
    point_of_care_name="Haukeland universitetssjukehus",
    department="4208723",
    department_name="Anestesiavdelingen",
    healthcare_service="S03",
    purpose="TREAT",
    purpose_details="Anestesi – før operasjon",
    decision_ref="6e0f2f3e-8a54-4b5e-9a53-0c8e4c0b6c11",
    user_selected=True,
    representation=None,
    access_basis="samtykke",
    path="kjernejournalforskriften",
    patient=PATIENT,
    source=SRC_A,
    document="D1",
    action="read",
    decision="permit",
    rules=("kj_samtykke", "kilde_gir_lese"),
    obligations=("logg",),
    policy_revision="sha256:abc123",
    engine="cedar",
)


def entry(n: int = 0, **fields: Any) -> LogEntry:
    """A minimal entry, `n` seconds after NOW."""
    base: dict[str, Any] = {
        "decision_id": f"d-{n}",
        "at": NOW + timedelta(seconds=n),
        "subject_kind": "helsepersonell",
        "patient": PATIENT,
        "source": SRC_A,
        "document": f"D{n}",
        "action": "read",
        "decision": "permit",
        "rules": ("kilde_gir_lese",),
    }
    return LogEntry(**(base | fields))


def fill(engine: Engine, n: int) -> None:
    """Append `n` records, one per call; odd ones deny."""
    for i in range(1, n + 1):
        append(engine, [entry(i, decision="deny" if i % 2 else "permit")], NOW)


def rows(engine: Engine) -> list[LogRecord]:
    with Session(engine) as session:
        return for_patient(session, PATIENT, limit=10_000)[::-1]


def head(engine: Engine) -> tuple[int, str]:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT seq, hash FROM access_log_head")).one()
        return found.seq, found.hash


def sql(engine: Engine, statement: str, **params: Any) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def rehash(engine: Engine, seq: int, update_head: bool = False) -> None:
    """Recompute record `seq`'s own hash after an edit (and the head's), as a forger would."""
    with Session(engine) as session:
        record = session.get(LogRecord, seq)
        assert record is not None
        forged = record_hash(record.prev_hash, record.model_dump())
    sql(engine, "UPDATE access_log SET hash = :h WHERE seq = :s", h=forged, s=seq)
    if update_head:
        sql(engine, "UPDATE access_log_head SET hash = :h WHERE seq = :s", h=forged, s=seq)


# --- append and the chain ---------------------------------------------------------------------


def test_append_numbers_a_gapless_chain_and_verifies(db_engine: Engine) -> None:
    assert append(db_engine, [entry(1)], NOW) == [1]
    assert append(db_engine, [entry(2), entry(3, decision="deny")], NOW) == [2, 3]
    assert append(db_engine, [], NOW) == []
    assert append(db_engine, [entry(4)], NOW + timedelta(seconds=1)) == [4]
    stored = rows(db_engine)
    assert [r.seq for r in stored] == [1, 2, 3, 4]
    assert stored[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(stored))
    assert len({r.hash for r in stored}) == 4
    assert head(db_engine) == (4, stored[-1].hash)
    assert verify(db_engine) == verify(db_engine, page_size=1)
    assert verify(db_engine).ok and verify(db_engine).records == 4


def test_every_field_is_stored_as_given_and_times_in_utc(db_engine: Engine) -> None:
    later = datetime(2026, 11, 26, 11, 0, 1, 5, tzinfo=OSLO_WINTER)
    append(db_engine, [FULL], later)
    (record,) = rows(db_engine)
    stored = record.model_dump()
    for name in LogEntry.model_fields:
        if name not in ("rules", "obligations", "at"):
            assert stored[name] == getattr(FULL, name), name
    assert record.chain_version == CHAIN_VERSION == 2
    assert json.loads(record.rules) == ["kj_samtykke", "kilde_gir_lese"]
    assert json.loads(record.obligations) == ["logg"]
    assert record.at == FULL.at and record.at.tzinfo == UTC
    assert record.recorded_at == later and record.recorded_at.utcoffset() == timedelta(0)
    assert record.hash == record_hash(GENESIS_HASH, stored)
    assert verify(db_engine).ok


def test_the_hash_is_sha256_of_prev_hash_and_canonical_json() -> None:
    columns = set(SQLModel.metadata.tables["access_log"].columns.keys())
    assert set(HASHED_FIELDS) == columns - {"prev_hash", "hash"}  # every other column is hashed
    values = dict[str, Any].fromkeys(HASHED_FIELDS) | {
        "chain_version": 2,
        "anonymised": True,
        "claims": "helseid",
        "seq": 7,
        "recorded_at": datetime(2026, 11, 26, 11, 0, tzinfo=OSLO_WINTER),
        "decision": "deny",
        "user_selected": False,
        "rules": '["r1"]',
        "requester_name": "Åse Ødegård",
    }
    canonical = json.dumps(
        values | {"recorded_at": "2026-11-26T10:00:00.000000+00:00"},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    expected = hashlib.sha256(("a" * 64 + canonical).encode()).hexdigest()
    assert record_hash("a" * 64, values) == expected
    assert record_hash("b" * 64, values) != expected
    assert record_hash("a" * 64, values | {"user_selected": None}) != expected  # null ≠ false
    assert record_hash("a" * 64, values | {"anonymised": False}) != expected  # hashed from v1
    assert record_hash("a" * 64, values | {"claims": "unverified"}) != expected  # from v2


def test_a_version_0_record_hashes_the_fields_it_was_written_with() -> None:
    """Before versions (`chain_version` 0, the column's default) the hash covered neither
    `anonymised` nor the version: such records verify as they were written."""
    assert set(HASHED[1]) - set(HASHED[0]) == {"anonymised", "chain_version"}
    assert set(HASHED[2]) - set(HASHED[1]) == {"claims"}
    values = dict[str, Any].fromkeys(HASHED[0]) | {"seq": 1, "decision": "permit"}
    canonical = json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    expected = hashlib.sha256(("a" * 64 + canonical).encode()).hexdigest()
    assert record_hash("a" * 64, values) == expected
    assert record_hash("a" * 64, values | {"chain_version": 0, "anonymised": True}) == expected
    assert record_hash("a" * 64, values | {"chain_version": 1, "anonymised": None}) != expected
    with pytest.raises(ValueError, match="chain version"):
        record_hash("a" * 64, values | {"chain_version": 9})


def test_ensure_head_is_idempotent(db_engine: Engine) -> None:
    ensure_head(db_engine)
    ensure_head(db_engine)
    with Session(db_engine) as session:
        assert count(session) == 0
        assert session.get(LogHead, 1) == LogHead(id=1, seq=0, hash=GENESIS_HASH)
    assert verify(db_engine) == verify(db_engine)
    assert verify(db_engine).ok and verify(db_engine).records == 0
    assert append(db_engine, [entry()], NOW) == [1]


# --- what verify reports ----------------------------------------------------------------------


def test_an_edited_row_is_reported(db_engine: Engine) -> None:
    fill(db_engine, 5)
    assert rows(db_engine)[2].decision == "deny"
    sql(db_engine, "UPDATE access_log SET decision = 'permit' WHERE seq = 3")
    for page_size in (1, 2, 1000):
        result = verify(db_engine, page_size=page_size)
        assert (result.ok, result.first_broken, result.records) == (False, 3, 2)
        assert result.reason is not None and "record 3 was changed" in result.reason


@pytest.mark.parametrize("column", ["at", "recorded_at", "requester_pid", "patient"])
def test_an_edit_of_any_column_is_reported(db_engine: Engine, column: str) -> None:
    fill(db_engine, 3)
    value: Any = "99999999999" if "at" not in column else datetime(2020, 1, 1, tzinfo=UTC)
    with Session(db_engine) as session:
        record = session.get(LogRecord, 2)
        assert record is not None
        setattr(record, column, value)
        session.add(record)
        session.commit()
    assert verify(db_engine).first_broken == 2


def test_an_edited_row_with_its_hash_recomputed_breaks_the_next_link(db_engine: Engine) -> None:
    fill(db_engine, 5)
    sql(db_engine, "UPDATE access_log SET decision = 'permit' WHERE seq = 3")
    rehash(db_engine, 3)
    result = verify(db_engine)
    assert (result.ok, result.first_broken) == (False, 4)
    assert result.reason is not None and "prev_hash" in result.reason


@pytest.mark.parametrize(("deleted", "broken"), [(1, 1), (3, 3), (5, 5)])
def test_a_deleted_row_is_reported(db_engine: Engine, deleted: int, broken: int) -> None:
    fill(db_engine, 5)
    sql(db_engine, "DELETE FROM access_log WHERE seq = :s", s=deleted)
    result = verify(db_engine)
    assert (result.ok, result.first_broken) == (False, broken)
    assert result.reason is not None and "missing" in result.reason


def test_an_edited_last_row_is_caught_by_the_head(db_engine: Engine) -> None:
    fill(db_engine, 5)
    sql(db_engine, "UPDATE access_log SET decision = 'permit' WHERE seq = 5")
    rehash(db_engine, 5)
    result = verify(db_engine)
    assert (result.ok, result.first_broken) == (False, 5)
    assert result.reason is not None and "head" in result.reason


def test_a_consistent_rewrite_of_the_tail_needs_an_external_anchor(db_engine: Engine) -> None:
    """The documented limit: record and head rewritten together verify; the old head differs."""
    fill(db_engine, 5)
    anchor = head(db_engine)
    sql(db_engine, "UPDATE access_log SET decision = 'permit' WHERE seq = 5")
    rehash(db_engine, 5, update_head=True)
    assert verify(db_engine).ok
    assert head(db_engine) != anchor


def test_an_edited_or_missing_head_is_reported(db_engine: Engine) -> None:
    fill(db_engine, 4)
    sql(db_engine, "UPDATE access_log_head SET hash = :h", h="f" * 64)
    assert verify(db_engine).first_broken == 4
    sql(db_engine, "DELETE FROM access_log_head")
    result = verify(db_engine)
    assert (result.ok, result.first_broken) == (False, 1)
    assert result.reason is not None and "not covered by the head" in result.reason


def test_a_record_written_outside_append_is_reported_and_blocks_appends(db_engine: Engine) -> None:
    fill(db_engine, 3)
    forged = rows(db_engine)[-1].model_dump() | {"seq": 4, "decision_id": "forged"}
    forged |= {"prev_hash": forged["hash"], "hash": record_hash(forged["hash"], forged)}
    with Session(db_engine) as session:
        session.add(LogRecord.model_validate(forged))
        session.commit()
    result = verify(db_engine)
    assert (result.ok, result.first_broken, result.records) == (False, 4, 3)
    with pytest.raises(LogWriteError):  # seq 4 is taken: the log fails closed
        append(db_engine, [entry(9)], NOW)


def test_verify_while_others_append_reports_no_break(db_engine: Engine) -> None:
    fill(db_engine, 3)
    done = threading.Event()

    def writer() -> None:
        try:
            for i in range(60):
                append(db_engine, [entry(i), entry(i)], NOW)
        finally:
            done.set()

    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(writer)
        results = [verify(db_engine, page_size=7)]
        while not done.is_set():
            results.append(verify(db_engine, page_size=7))
        future.result()
    assert all(r.ok for r in results), [r for r in results if not r.ok][:1]
    assert verify(db_engine).records == 123


# --- failures write nothing -------------------------------------------------------------------


def assert_unchanged(engine: Engine, records: int, last: tuple[int, str]) -> None:
    with Session(engine) as session:
        assert count(session) == records
    assert head(engine) == last
    assert verify(engine) == verify(engine) and verify(engine).records == records
    assert verify(engine).ok


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (entry(9, decision="maybe"), "IntegrityError"),  # the database's CHECK, mid-batch
        (entry(9, subject_kind="robot"), "IntegrityError"),
        (entry(9, requester_name="x" * 513), "requester_name is longer than 512"),
        (entry(9, decision_id="d" * 65), "decision_id is longer than 64"),
        (entry(9, document="D\x001"), "document contains a NUL"),
        (entry(9, at=datetime(2026, 11, 26, 10, 0)), "naive datetime"),
        (entry(9).model_copy(update={"patient": None}), "IntegrityError"),  # NOT NULL, unvalidated
    ],
)
def test_a_batch_with_a_bad_entry_writes_nothing(db_engine: Engine, bad: Any, message: str) -> None:
    fill(db_engine, 2)
    before = head(db_engine)
    with pytest.raises(LogWriteError, match=message):
        append(db_engine, [entry(7), entry(8), bad], NOW)
    assert_unchanged(db_engine, 2, before)
    assert append(db_engine, [entry(10)], NOW) == [3]


def test_a_naive_now_writes_nothing(db_engine: Engine) -> None:
    fill(db_engine, 1)
    before = head(db_engine)
    with pytest.raises(LogWriteError, match="naive"):
        append(db_engine, [entry(2)], datetime(2026, 11, 26, 10, 0))
    assert_unchanged(db_engine, 1, before)


def test_a_database_without_the_log_tables_raises_log_write_error(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(LogWriteError, match="OperationalError"):
            append(engine, [entry()], NOW)
    finally:
        engine.dispose()


# --- concurrency ------------------------------------------------------------------------------


def batch(worker: int, round_: int) -> list[LogEntry]:
    return [entry(k, decision_id=f"w{worker}-{round_}-{k}") for k in range(1 + round_ % 3)]


def test_concurrent_threads_append_one_intact_chain(db_engine: Engine) -> None:
    workers, rounds = 8, 50

    def work(worker: int) -> list[list[int]]:
        return [append(db_engine, batch(worker, r), NOW) for r in range(rounds)]

    with ThreadPoolExecutor(workers) as pool:
        results = [seqs for done in pool.map(work, range(workers)) for seqs in done]
    expected = workers * sum(len(batch(0, r)) for r in range(rounds))
    assert sorted(s for seqs in results for s in seqs) == list(range(1, expected + 1))
    assert all(seqs == list(range(seqs[0], seqs[0] + len(seqs))) for seqs in results)
    result = verify(db_engine)
    assert (result.ok, result.records) == (True, expected)
    with Session(db_engine) as session:
        assert count(session) == expected


def append_in_process(url: str, worker: int, rounds: int) -> None:
    """A spawned process's work: its own engine, `rounds` batches."""
    engine = make_engine(url)
    try:
        for r in range(rounds):
            append(engine, batch(worker, r), NOW)
    finally:
        engine.dispose()


def test_concurrent_processes_append_one_intact_chain(db_engine: Engine) -> None:
    url = db_engine.url.render_as_string(hide_password=False)
    workers, rounds = 4, 30
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=append_in_process, args=(url, w, rounds)) for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * workers
    for process in processes:
        process.close()
    expected = workers * sum(len(batch(0, r)) for r in range(rounds))
    result = verify(db_engine)
    assert (result.ok, result.records) == (True, expected)
    with Session(db_engine) as session:
        assert count(session) == expected
        ids = {r.decision_id for r in for_patient(session, PATIENT, limit=expected + 1)}
    assert len(ids) == expected


# --- the views' queries -----------------------------------------------------------------------


def test_for_patient_is_newest_first_and_pages(db_engine: Engine) -> None:
    for i in range(1, 8):
        append(db_engine, [entry(i, patient=OTHER if i in (2, 5) else PATIENT)], NOW)
    with Session(db_engine) as session:
        assert [r.seq for r in for_patient(session, PATIENT)] == [7, 6, 4, 3, 1]
        assert [r.seq for r in for_patient(session, PATIENT, limit=2)] == [7, 6]
        assert [r.seq for r in for_patient(session, PATIENT, limit=2, offset=2)] == [4, 3]
        assert [r.seq for r in for_patient(session, PATIENT, limit=2, offset=4)] == [1]
        assert [r.seq for r in for_patient(session, OTHER)] == [5, 2]
        assert for_patient(session, "00000000000") == []
        assert count(session) == 7


def test_for_source_filters_a_half_open_window_newest_first_on_recorded_at(
    db_engine: Engine,
) -> None:
    recorded = {1: 50, 2: 10, 3: 30, 4: 20, 5: 40, 6: 30}  # seq → seconds after NOW
    for seq, seconds in recorded.items():
        source = SRC_B if seq == 4 else SRC_A
        asserted = NOW + timedelta(seconds=60 - seconds)  # the caller's `at`: reversed, ignored
        append(
            db_engine,
            [entry(seconds, source=source, at=asserted)],
            NOW + timedelta(seconds=seconds),
        )
    with Session(db_engine) as session:
        assert [r.seq for r in for_source(session, SRC_A)] == [1, 5, 6, 3, 2]
        assert [r.seq for r in for_source(session, SRC_B)] == [4]
        window = {"start": NOW + timedelta(seconds=30), "end": NOW + timedelta(seconds=50)}
        assert [r.seq for r in for_source(session, SRC_A, **window)] == [5, 6, 3]
        assert [r.seq for r in for_source(session, SRC_A, **window, limit=2)] == [5, 6]
        assert [r.seq for r in for_source(session, SRC_A, **window, limit=2, offset=2)] == [3]
        since = NOW + timedelta(seconds=40)
        assert [r.seq for r in for_source(session, SRC_A, start=since)] == [1, 5]
        assert [r.seq for r in for_source(session, SRC_A, end=since)] == [6, 3, 2]
