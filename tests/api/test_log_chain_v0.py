"""A chain written by an earlier version still verifies: the hashing is byte-for-byte stable.

`data/chain_v0.jsonl` holds three records exactly as the service stored them before the log
fields became one SQLModel family and before chain versions (hashes computed by that code,
committed as constants). They are inserted as they are, into the table as it was then, and
must verify; chain version 0 hashes them byte for byte as then. Today's code writes chain
version 1 (which also hashes `anonymised` and the version, R22) after them: the mixed chain
verifies, and a version-1 record cannot be passed off as version 0.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, MetaData, Table, text

from api.access_log.models import GENESIS_HASH
from api.access_log.store import HEAD, LOG, LogEntry, _chain, append, record_hash, verify
from tests.api.test_access_log_store import FULL, entry
from tests.people import PATIENT

CHAIN_V0 = Path(__file__).parent / "data" / "chain_v0.jsonl"
RECORDED_AT = datetime(2026, 11, 26, 11, 0, 1, 5, tzinfo=timezone(timedelta(hours=1)))
CITIZEN = LogEntry(
    decision_id="c-1",
    at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC),
    subject_kind="innbygger",
    requester_pid="13116900216",
    representation="self",
    patient=PATIENT,
    action="list",
    decision="deny",
    rules=("ingen_tilgangsgrunnlag",),
)


def stored_rows() -> list[dict[str, Any]]:
    """The committed records, times parsed back to datetimes."""
    rows = [json.loads(line) for line in CHAIN_V0.read_text().splitlines()]
    for row in rows:
        for name in ("at", "recorded_at"):
            row[name] = datetime.fromisoformat(row[name])
    return rows


def insert_chain_v0(engine: Engine) -> list[dict[str, Any]]:
    """Store the committed records and the head as the earlier version left them."""
    rows = stored_rows()
    columns = [Column(c.name, c.type) for c in LOG.columns if c.name in rows[0]]
    then = Table(LOG.name, MetaData(), *columns)  # the table as it was then
    with engine.begin() as conn:
        conn.execute(then.insert(), rows)
        conn.execute(HEAD.insert().values(id=1, seq=rows[-1]["seq"], hash=rows[-1]["hash"]))
    return rows


def test_the_stored_hashes_are_recomputed_byte_for_byte() -> None:
    rows = stored_rows()
    assert [record_hash(row["prev_hash"], row) for row in rows] == [row["hash"] for row in rows]
    assert rows[0]["prev_hash"] == GENESIS_HASH


def test_todays_code_stores_the_same_entries_in_the_current_version() -> None:
    entries = [FULL, entry(2, decision="deny"), CITIZEN]
    chained = _chain(entries, RECORDED_AT, 0, GENESIS_HASH)
    assert [row["chain_version"] for row in chained] == [2, 2, 2]
    assert [row["anonymised"] for row in chained] == [None, None, None]
    assert [row["claims"] for row in chained] == [None, None, None]
    as_then = [
        {k: v for k, v in row.items() if k not in ("anonymised", "chain_version", "claims")}
        for row in chained
    ]
    hashes = ("hash", "prev_hash")
    assert [{k: v for k, v in row.items() if k not in hashes} for row in as_then] == [
        {k: v for k, v in row.items() if k not in hashes} for row in stored_rows()
    ]
    assert as_then[0]["hash"] != stored_rows()[0]["hash"]  # later versions hash more fields
    assert [
        record_hash(then["prev_hash"], row)
        for row, then in zip(as_then, stored_rows(), strict=True)
    ] == [row["hash"] for row in stored_rows()]  # …and the same fields as then hash as then


def test_a_chain_written_before_verifies_and_continues_in_the_current_version(
    db_engine: Engine,
) -> None:
    insert_chain_v0(db_engine)
    result = verify(db_engine)
    assert result.ok and result.records == 3
    assert append(
        db_engine, [entry(4), FULL.model_copy(update={"anonymised": True})], RECORDED_AT
    ) == [4, 5]
    with db_engine.connect() as conn:
        versions = conn.execute(text("SELECT chain_version FROM access_log ORDER BY seq")).all()
    assert [v for (v,) in versions] == [0, 0, 0, 2, 2]
    result = verify(db_engine)
    assert result.ok and result.records == 5


def _tampered(db_engine: Engine, statement: str) -> int | None:
    insert_chain_v0(db_engine)
    append(db_engine, [FULL.model_copy(update={"anonymised": True})], RECORDED_AT)
    with db_engine.begin() as conn:
        conn.execute(text(statement))
    return verify(db_engine).first_broken


def test_a_changed_anonymisation_breaks_the_chain(db_engine: Engine) -> None:
    assert _tampered(db_engine, "UPDATE access_log SET anonymised = false WHERE seq = 4") == 4


def test_a_version_1_record_cannot_pass_as_version_0(db_engine: Engine) -> None:
    assert _tampered(db_engine, "UPDATE access_log SET chain_version = 0 WHERE seq = 4") == 4


def test_an_unknown_chain_version_is_a_break(db_engine: Engine) -> None:
    assert _tampered(db_engine, "UPDATE access_log SET chain_version = 9 WHERE seq = 4") == 4
