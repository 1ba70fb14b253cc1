"""A chain written by an earlier version still verifies: the hashing is byte-for-byte stable.

`data/chain_v0.jsonl` holds three records exactly as the service stored them before the log
fields became one SQLModel family (hashes computed by that code, committed as constants). They
are inserted as they are and must verify; today's code must chain the same entries to the same
hashes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from api.access_log.models import GENESIS_HASH
from api.access_log.store import HEAD, LOG, LogEntry, _chain, record_hash, verify
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
    with engine.begin() as conn:
        conn.execute(LOG.insert(), rows)
        conn.execute(HEAD.insert().values(id=1, seq=rows[-1]["seq"], hash=rows[-1]["hash"]))
    return rows


def test_the_stored_hashes_are_recomputed_byte_for_byte() -> None:
    rows = stored_rows()
    assert [record_hash(row["prev_hash"], row) for row in rows] == [row["hash"] for row in rows]
    assert rows[0]["prev_hash"] == GENESIS_HASH


def test_todays_code_chains_the_same_entries_to_the_same_hashes() -> None:
    entries = [FULL, entry(2, decision="deny"), CITIZEN]
    chained = _chain(entries, RECORDED_AT, 0, GENESIS_HASH)
    assert [row["hash"] for row in chained] == [row["hash"] for row in stored_rows()]
    assert chained == stored_rows()


def test_a_chain_written_before_verifies(db_engine: Engine) -> None:
    insert_chain_v0(db_engine)
    result = verify(db_engine)
    assert result.ok and result.records == 3
