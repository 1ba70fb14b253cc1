"""The access-log store (rules R21, R22): every decision, permit or deny, as an append-only,
hash-chained record in the same database as the other tables.

`append` writes a batch of `LogEntry` in one transaction and commits before it returns; the
caller answers only after that, and turns a `LogWriteError` into a deny. `write` does so for
several batches at once (`prepared` first, each on its own): the group commit of
`api.access_log.group_commit`, which the service's decisions go through. Each record carries the
previous record's hash (`prev_hash`; 64 zeros before the first) and its own `hash` =
sha256(`prev_hash` + canonical JSON of the fields its `chain_version` hashes (`HASHED`): sorted
keys, no spaces, UTC ISO times with microseconds, explicit nulls). Version 1 added `anonymised`
(R22) and the version itself; version-0 records verify as they were written. `seq` numbers
the chain 1, 2, 3 … without gaps.

Concurrency: appends serialise on the single head row (`access_log_head`). Each append first
inserts it if missing (INSERT … ON CONFLICT DO NOTHING, so creating it is race-free); on SQLite
that write takes the database's write lock before anything is read (the appends of one process
take turns first, `api.db.one_writer`; other writers wait up to the busy timeout), on
PostgreSQL `SELECT … FOR UPDATE` locks the row (under the default READ COMMITTED; a stricter
isolation level would make waiting appends fail, not fork the chain).

`verify` walks the chain in pages and reports the first broken link. It detects: an edited
record (its hash no longer matches), an edited record whose hash was recomputed (the next
record's `prev_hash` no longer matches: reported at the next record), a deleted record (a gap in
`seq`; at the tail: the head counts more records than there are), records written outside
`append` (not covered by the head) and an edited head. It cannot detect a rewrite of the tail
that recomputes every later hash and sets the head to match (including truncating the tail and
rewinding the head): only an external anchor catches that — the head's (seq, hash) published
regularly outside the database, and compared. Appends during a `verify` are no break.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Executable, Table, func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, col, select
from sqlmodel._compat import SQLModelConfig

from api.access_log.models import GENESIS_HASH, LogFields, LogHead, LogRecord
from api.db import one_writer

PAGE_SIZE = 1000
LOG: Table = SQLModel.metadata.tables[LogRecord.__tablename__]
HEAD: Table = SQLModel.metadata.tables[LogHead.__tablename__]
_LIMITS = {  # SQLModel's AutoString is a TypeDecorator with a `length`, not a String
    c.name: n for c in LOG.columns if isinstance(n := getattr(c.type, "length", None), int)
}


class LogWriteError(Exception):
    """The access log could not be written; nothing of the batch was (rolled back)."""


class LogEntry(LogFields):
    """One decision to record (R21): the log's fields (`LogFields`) but the chain fields (seq,
    hashes, recorded_at), with `rules` and `obligations` as ids, stored as JSON lists in that
    order. `requester_pid` (F/D-number) is for the data controller only, never for citizens
    (R22). Values are checked when appended (lengths, storable text, aware times), not here."""

    model_config = SQLModelConfig(frozen=True)

    rules: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()


# The fields each version of the chain hashes. A record names its version (`chain_version`; 0
# for records written before versions: the column's default). A field added to the log joins
# in a new version, so every record keeps verifying as it was written; a record's version is
# hashed from version 1 on, so no record can be passed off as an older version.
ADDED = {1: ("anonymised", "chain_version"), 2: ("claims",)}
_LATER = {name for names in ADDED.values() for name in names}
_V0 = ("seq", "recorded_at", *(n for n in LogEntry.model_fields if n not in _LATER))
HASHED: dict[int, tuple[str, ...]] = {
    0: _V0,
    1: (*_V0, *ADDED[1]),
    2: (*_V0, *ADDED[1], *ADDED[2]),  # where the requester's claims came from (verified or not)
}
CHAIN_VERSION = max(HASHED)  # the version `append` writes
HASHED_FIELDS = HASHED[CHAIN_VERSION]


@dataclass(frozen=True)
class VerifyResult:
    """What `verify` found: `records` is the number of intact records before `first_broken`
    (all of them when `ok`); `first_broken` is the seq of the first broken link."""

    ok: bool
    records: int
    first_broken: int | None = None
    reason: str | None = None


def record_hash(prev_hash: str, values: Mapping[str, Any]) -> str:
    """sha256 (hex) of `prev_hash` + the canonical JSON of the fields `values`' chain version
    hashes (`HASHED`; no `chain_version`: 0). An unknown version is a ValueError."""
    version = values.get("chain_version") or 0
    if version not in HASHED:
        raise ValueError(f"unknown chain version {version!r}")
    canonical = {name: _plain(values[name]) for name in HASHED[version]}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((prev_hash + text).encode()).hexdigest()


def _plain(value: object) -> object:
    if not isinstance(value, datetime):
        return value
    if value.utcoffset() is None:
        raise ValueError(f"a naive datetime cannot be logged: {value.isoformat()}")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def ensure_head(engine: Engine) -> None:
    """Create the head row if it is missing (race-free; `append` does it too). Call at start-up."""
    try:
        with engine.begin() as conn:
            conn.execute(_head_if_missing(conn.dialect.name))
    except Exception as exc:
        raise LogWriteError(f"access log head not created ({type(exc).__name__})") from exc


def append(engine: Engine, entries: Sequence[LogEntry], now: datetime) -> list[int]:
    """Append `entries` in order, recorded at `now`, in one committed transaction; their seqs.

    Raises `LogWriteError` when anything fails; nothing of the batch is written then.
    """
    if not entries:
        return []
    [seqs] = write(engine, [prepared(entries, now)])
    return seqs


def prepared(entries: Sequence[LogEntry], now: datetime) -> list[dict[str, Any]]:
    """The rows of `entries` recorded at `now`, checked (lengths, storable text, aware times)
    but not yet numbered nor chained; an entry's own fault is a `LogWriteError`."""
    try:
        return [_row(entry, now) for entry in entries]
    except ValueError as exc:  # the entries' own faults (no SQL text inside)
        raise LogWriteError(f"access log not written: {exc}") from exc


def write(engine: Engine, groups: Sequence[Sequence[Mapping[str, Any]]]) -> list[list[int]]:
    """Append each group of `prepared` rows, group after group, in one committed transaction
    (one lock of the head, one insert, one commit); each group's seqs. Raises `LogWriteError`
    when anything fails: nothing of any group is written then."""
    if not any(groups):
        return [[] for _ in groups]
    try:
        with one_writer(engine), engine.begin() as conn:
            seq, prev_hash = _lock_head(conn)
            rows = _linked([row for group in groups for row in group], seq, prev_hash)
            conn.execute(LOG.insert(), rows)
            conn.execute(HEAD.update().values(seq=rows[-1]["seq"], hash=rows[-1]["hash"]))
    except ValueError as exc:
        raise LogWriteError(f"access log not written: {exc}") from exc
    except Exception as exc:
        raise LogWriteError(f"access log not written ({type(exc).__name__})") from exc
    numbers = iter(row["seq"] for row in rows)
    return [[next(numbers) for _ in group] for group in groups]


def _lock_head(conn: Connection) -> tuple[int, str]:
    """Lock the head row for this transaction and return its (seq, hash)."""
    conn.execute(_head_if_missing(conn.dialect.name))  # on SQLite: takes the write lock
    head = conn.execute(HEAD.select().where(HEAD.c.id == 1).with_for_update()).one()
    return int(head.seq), str(head.hash)


def _head_if_missing(dialect: str) -> Executable:
    values = {"id": 1, "seq": 0, "hash": GENESIS_HASH}
    if dialect == "postgresql":
        return postgresql_insert(HEAD).values(values).on_conflict_do_nothing(index_elements=["id"])
    if dialect == "sqlite":
        return sqlite_insert(HEAD).values(values).on_conflict_do_nothing(index_elements=["id"])
    raise ValueError(f"the access log supports SQLite and PostgreSQL, not {dialect}")


def _chain(
    entries: Sequence[LogEntry], now: datetime, seq: int, prev_hash: str
) -> list[dict[str, Any]]:
    """The rows for `entries`, numbered after `seq` and chained from `prev_hash`."""
    return _linked([_row(entry, now) for entry in entries], seq, prev_hash)


def _row(entry: LogEntry, now: datetime) -> dict[str, Any]:
    """One entry's row, recorded at `now`, checked; without seq and hashes."""
    row: dict[str, Any] = {name: getattr(entry, name) for name in LogEntry.model_fields}
    row |= {"recorded_at": now, "chain_version": CHAIN_VERSION}
    row |= {
        "rules": json.dumps(list(entry.rules)),
        "obligations": json.dumps(list(entry.obligations)),
    }
    _check(row)
    return row


def _linked(rows: Sequence[Mapping[str, Any]], seq: int, prev_hash: str) -> list[dict[str, Any]]:
    """Copies of `rows` numbered after `seq`, each chained to the one before (from `prev_hash`)."""
    linked = []
    for number, given in enumerate(rows, start=seq + 1):
        row = {**given, "seq": number, "prev_hash": prev_hash}
        row["hash"] = prev_hash = record_hash(prev_hash, row)
        linked.append(row)
    return linked


def unstorable(text: str) -> str | None:
    """Why `text` cannot be stored as text in SQLite or PostgreSQL, or None: a NUL character
    (PostgreSQL refuses it), a lone surrogate (not Unicode text: no UTF-8 for it)."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (not Unicode text)"
    return None


def _check(row: Mapping[str, Any]) -> None:
    """Reject what one database would store and the other not (too long, NUL characters) and
    what neither stores (lone surrogates)."""
    for name, value in row.items():
        if isinstance(value, datetime):
            _plain(value)  # a naive datetime is a ValueError
        if not isinstance(value, str):
            continue
        if name in _LIMITS and len(value) > _LIMITS[name]:
            raise ValueError(f"{name} is longer than {_LIMITS[name]} characters")
        problem = unstorable(value)
        if problem is not None:
            raise ValueError(f"{name} {problem}")


@dataclass
class _Walk:
    """The last intact record's seq and hash; the head's seq at the start and that record's hash."""

    mark: int
    seq: int = 0
    hash: str = GENESIS_HASH
    at_mark: str | None = None


def verify(engine: Engine, page_size: int = PAGE_SIZE) -> VerifyResult:
    """Walk the whole chain in seq order, `page_size` records at a time; the first broken link."""
    with engine.connect() as conn:
        start = _head(conn)
        walk = _Walk(mark=start[0], at_mark=GENESIS_HASH if start[0] == 0 else None)
        problem = _walk(conn, walk, page_size) or _check_head(conn, walk, start)
    if problem is None:
        return VerifyResult(ok=True, records=walk.seq)
    broken, reason = problem
    return VerifyResult(False, min(walk.seq, broken - 1), first_broken=broken, reason=reason)


def _head(conn: Connection) -> tuple[int, str]:
    head = conn.execute(HEAD.select().where(HEAD.c.id == 1)).one_or_none()
    return (0, GENESIS_HASH) if head is None else (int(head.seq), str(head.hash))


def _walk(conn: Connection, walk: _Walk, page_size: int) -> tuple[int, str] | None:
    while True:
        query = LOG.select().where(LOG.c.seq > walk.seq).order_by(LOG.c.seq).limit(page_size)
        page = conn.execute(query).mappings().all()
        for row in page:
            problem = _link(dict(row), walk)
            if problem is not None:
                return problem
        if len(page) < page_size:
            return None


def _link(row: Mapping[str, Any], walk: _Walk) -> tuple[int, str] | None:
    """Check one record against the walk so far and advance; the problem, if any."""
    expected = walk.seq + 1
    if row["seq"] != expected:
        return expected, f"record {expected} is missing (the next record is {row['seq']})"
    if row["prev_hash"] != walk.hash:
        before = f"record {walk.seq}'s hash" if walk.seq else "the genesis hash"
        return expected, f"record {expected}'s prev_hash is not {before} (changed or rehashed)"
    if row["chain_version"] not in HASHED:
        return expected, f"record {expected} names an unknown chain version"
    if record_hash(row["prev_hash"], row) != row["hash"]:
        return expected, f"record {expected} was changed: its hash does not match its contents"
    walk.seq, walk.hash = expected, row["hash"]
    if expected == walk.mark:
        walk.at_mark = walk.hash
    return None


def _check_head(conn: Connection, walk: _Walk, start: tuple[int, str]) -> tuple[int, str] | None:
    """Does the head agree with the chain? Read at the start (`start`) and, when records were
    appended meanwhile, again: every record must be covered by the head."""
    if walk.seq < walk.mark:
        return walk.seq + 1, f"record {walk.seq + 1} is missing (the head counts {walk.mark})"
    if walk.at_mark != start[1]:
        return walk.mark, f"the head's hash is not record {walk.mark}'s hash"
    end_seq, end_hash = _head(conn) if walk.seq > walk.mark else start
    if end_seq < walk.seq:
        return end_seq + 1, f"record {end_seq + 1} is not covered by the head (not appended)"
    if end_seq == walk.seq and end_hash != walk.hash:
        return walk.seq, f"the head's hash is not record {walk.seq}'s hash"
    return None


def for_patient(
    session: Session, patient: str, limit: int = 50, offset: int = 0
) -> list[LogRecord]:
    """The patient's records, newest (highest seq) first; `limit`/`offset` page them (R22)."""
    query = select(LogRecord).where(col(LogRecord.patient) == patient)
    query = query.order_by(col(LogRecord.seq).desc()).limit(limit).offset(offset)
    return list(session.exec(query).all())


def for_source(
    session: Session,
    source: str,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[LogRecord]:
    """Records about `source`'s documents with `start <= recorded_at < end` (open when None),
    newest `recorded_at` first (then highest seq), for the data controller's follow-up; paged.
    The service's `recorded_at`, not the caller's asserted `at`: no caller can date a record
    out of the controller's window."""
    query = select(LogRecord).where(col(LogRecord.source) == source)
    if start is not None:
        query = query.where(col(LogRecord.recorded_at) >= start)
    if end is not None:
        query = query.where(col(LogRecord.recorded_at) < end)
    query = query.order_by(col(LogRecord.recorded_at).desc(), col(LogRecord.seq).desc())
    return list(session.exec(query.limit(limit).offset(offset)).all())


def count(session: Session) -> int:
    """The number of records in the log."""
    return session.exec(select(func.count()).select_from(LogRecord)).one()
