"""The access log as its readers see it (R22): the patient's view and the data controller's.

The patient (or a valid representative) sees health personnel's permitted accesses, newest
first: when, who (by name, never F/D-number or HPR number), organisation, point of care,
department, purpose, access basis, what was done and on which path. On the hpl45 path an entry
is one document and names it; on the KJ path (`kjernejournalforskriften`) the permitted records
of one decision collapse into one entry that says documents were listed or read, not which. A
health worker's name is replaced only where the registry grants the organisation (the record's
legal entity, as registered now) `log_anonymised`. The data controller sees every record about
its documents, permits and denies, with every stored field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from api.access_log import LOG, for_source
from api.log_models import LogRecord
from api.models import Organisation
from api.schemas_base import check_orgnr
from engine import RequestError

KJ = "kjernejournalforskriften"
ANONYMOUS = "Anonymisert helsepersonell"
DEFAULT_LIMIT, MAX_LIMIT = 50, 200
_NUMBER = re.compile(r"[0-9]{1,12}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)
_DESCRIPTIONS = {
    (KJ, "list"): "Så dokumentlisten via kjernejournal",
    (KJ, "read"): "Dokumenter ble lest via kjernejournal",
    ("hpl45", "list"): "Så dokumentet i dokumentlisten",
    ("hpl45", "read"): "Åpnet dokumentet",
}


@dataclass(frozen=True)
class Page:
    """Which part of a list: at most `limit` items, skipping the first `offset`."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0


def paging(limit: str | None, offset: str | None) -> Page:
    """`limit` (1..200, default 50) and `offset` (0 or more) from the query; 400 naming either."""
    size = DEFAULT_LIMIT if limit is None else _number(limit)
    if size is None or not 1 <= size <= MAX_LIMIT:
        raise RequestError("limit", f"should be a whole number from 1 to {MAX_LIMIT}")
    skip = 0 if offset is None else _number(offset)
    if skip is None:
        raise RequestError("offset", "should be a whole number, 0 or more")
    return Page(size, skip)


def _number(text: str) -> int | None:
    return int(text) if _NUMBER.fullmatch(text) else None


def check_source(source: str | None) -> str:
    """The data controller's org.nr: 9 ASCII digits, required."""
    return check_orgnr(source, "source")


def moment(field: str, value: str | None) -> datetime | None:
    """An RFC 3339 date-time with an offset (or Z), in UTC; None when absent."""
    if value is None:
        return None
    try:
        if _DATE_TIME.fullmatch(value):
            return datetime.fromisoformat(value.upper()).astimezone(UTC)
    except (ValueError, OverflowError):
        pass  # well-formed but no real moment (2026-02-30, 24:00:00)
    raise RequestError(field, "should be an RFC 3339 date-time with an offset (…T10:00:00Z)")


def window(start: str | None, end: str | None) -> tuple[datetime | None, datetime | None]:
    """The half-open window `from` (inclusive) … `to` (exclusive); `to` must be after `from`."""
    first, last = moment("from", start), moment("to", end)
    if first is not None and last is not None and last <= first:
        raise RequestError("to", "should be after from (to is exclusive)")
    return first, last


def _next(page: Page, found: int) -> int | None:
    return page.offset + page.limit if found > page.limit else None


# --- the patient's view -----------------------------------------------------------------------


class PatientLogEntry(BaseModel):
    """One access as the patient sees it; `document` is null on the KJ path (and where unknown)."""

    time: datetime
    health_worker: str | None
    organisation: str | None
    point_of_care: str | None
    department: str | None
    purpose: str | None
    access_basis: str | None
    action: str
    description: str
    path: str | None
    document: str | None


class PatientLogPage(BaseModel):
    """A page of the patient's log, newest first; `next_offset` is null on the last page."""

    patient: str
    entries: list[PatientLogEntry]
    limit: int
    offset: int
    next_offset: int | None


def _worker_permits(
    c: ReadOnlyColumnCollection[str, Any], patient: str
) -> list[ColumnElement[bool]]:
    return [c.patient == patient, c.subject_kind == "helsepersonell", c.decision == "permit"]


def _patient_query(patient: str) -> SelectOfScalar[LogRecord]:
    """Health personnel's permitted records about `patient`; on the KJ path only the last of
    each decision, which stands for the whole decision."""
    same = LOG.alias("same_decision")
    last_of_decision = (
        sa_select(func.max(same.c.seq))
        .where(same.c.decision_id == col(LogRecord.decision_id), *_worker_permits(same.c, patient))
        .scalar_subquery()
    )
    path = col(LogRecord.path)
    kept = or_(path.is_(None), path != KJ, col(LogRecord.seq) == last_of_decision)
    order = (col(LogRecord.at).desc(), col(LogRecord.seq).desc())
    return select(LogRecord).where(*_worker_permits(LOG.c, patient), kept).order_by(*order)


def _anonymised(session: Session, records: list[LogRecord]) -> set[str]:
    """The legal entities among `records` that the registry grants anonymisation, as of now."""
    orgnrs = sorted({r.legal_entity for r in records if r.legal_entity is not None})
    if not orgnrs:
        return set()
    query = select(Organisation.orgnr).where(
        col(Organisation.orgnr).in_(orgnrs),
        col(Organisation.is_consumer).is_(True),
        col(Organisation.log_anonymised).is_(True),
    )
    return set(session.exec(query).all())


def describe(path: str | None, action: str) -> str:
    """What the health worker did, in Norwegian."""
    return _DESCRIPTIONS.get((path or "", action), f"Handling {action}")


def _entry(r: LogRecord, anonymised: set[str]) -> PatientLogEntry:
    return PatientLogEntry(
        time=r.at,
        health_worker=ANONYMOUS if r.legal_entity in anonymised else r.requester_name,
        organisation=r.legal_entity_name or r.legal_entity,
        point_of_care=r.point_of_care_name or r.point_of_care,
        department=r.department_name or r.department,
        purpose=r.purpose,
        access_basis=r.access_basis,
        action=r.action,
        description=describe(r.path, r.action),
        path=r.path,
        document=None if r.path == KJ else r.document,
    )


def patient_page(session: Session, patient: str, page: Page) -> PatientLogPage:
    """One page of the patient's log (R22), newest first."""
    query = _patient_query(patient).limit(page.limit + 1).offset(page.offset)
    records = list(session.exec(query).all())
    shown = records[: page.limit]
    anonymised = _anonymised(session, shown)
    return PatientLogPage(
        patient=patient,
        entries=[_entry(r, anonymised) for r in shown],
        limit=page.limit,
        offset=page.offset,
        next_offset=_next(page, len(records)),
    )


# --- the data controller's view ---------------------------------------------------------------


class ControllerRecord(BaseModel):
    """A stored record as the data controller sees it: every field, rules as lists."""

    seq: int
    recorded_at: datetime
    decision_id: str
    at: datetime
    subject_kind: str
    requester_name: str | None
    requester_pid: str | None
    requester_hpr: str | None
    legal_entity: str | None
    legal_entity_name: str | None
    point_of_care: str | None
    point_of_care_name: str | None
    department: str | None
    department_name: str | None
    healthcare_service: str | None
    purpose: str | None
    purpose_details: str | None
    decision_ref: str | None
    user_selected: bool | None
    representation: str | None
    access_basis: str | None
    path: str | None
    patient: str
    source: str | None
    document: str | None
    action: str
    decision: str
    rules: list[str]
    obligations: list[str]
    policy_revision: str | None
    engine: str | None
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, row: LogRecord) -> ControllerRecord:
        lists = {"rules": json.loads(row.rules), "obligations": json.loads(row.obligations)}
        return cls.model_validate(row.model_dump() | lists)


class ControllerLogPage(BaseModel):
    """A page of the records about one source's documents, newest `at` first."""

    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    source: str
    start: datetime | None = Field(alias="from")
    end: datetime | None = Field(alias="to")
    records: list[ControllerRecord]
    limit: int
    offset: int
    next_offset: int | None


def controller_page(
    session: Session, source: str, start: datetime | None, end: datetime | None, page: Page
) -> ControllerLogPage:
    """One page of `source`'s records with `start <= at < end` (open where None)."""
    rows = for_source(session, source, start, end, page.limit + 1, page.offset)
    return ControllerLogPage(
        source=source,
        start=start,
        end=end,
        records=[ControllerRecord.of(row) for row in rows[: page.limit]],
        limit=page.limit,
        offset=page.offset,
        next_offset=_next(page, len(rows)),
    )
