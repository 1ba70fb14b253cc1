"""The access log as its readers see it (R22): the patient's view and the data controller's.

The patient (or a valid representative) sees health personnel's permitted accesses, newest
first: when, who (by name, never F/D-number or HPR number), organisation, point of care,
department, purpose, access basis, what was done and on which path. On the hpl45 path an entry
is one document and names it; on the KJ path (`kjernejournalforskriften`) the permitted records
of one decision collapse into one entry that says documents were listed or read, not which. A
health worker's name is replaced only where the registry granted the organisation (the
record's legal entity) `log_anonymised` at the time of the access: the record stores it
(`anonymised`, R22), and a later change of the registry changes no earlier entry. Records
written before it was stored (null) are read as the registry is now, the only fact there is.
An organisation (legal entity, point of care) the registry knows is shown by the registry's
name, not the one the caller asserted; every text is fit to show (`api.shown_text`). The data
controller sees every record about its documents, permits and denies, with every stored field.

Both views order (newest first) and filter on `recorded_at`, the service's clock at the access
(R26), never on the `at` decided for: no caller can date an access out of sight.
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
from sqlmodel._compat import SQLModelConfig
from sqlmodel.sql.expression import SelectOfScalar

from api.access_log.models import LogRecord, StoredFields
from api.access_log.shown_text import shown
from api.access_log.store import LOG, for_source
from api.models import Organisation
from api.types import check_orgnr
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
    """One access as the patient sees it; `document` is null on the KJ path (and where unknown).
    Every text is plain text fit to show (`api.shown_text`)."""

    time: datetime = Field(description="the real time of the access: the service's clock")
    decided_at: datetime = Field(
        description="the moment decided for: the service's clock (R26), or in a deployment "
        "that trusts request times (tests, replay) the `at` given"
    )
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
    order = (col(LogRecord.recorded_at).desc(), col(LogRecord.seq).desc())
    return select(LogRecord).where(*_worker_permits(LOG.c, patient), kept).order_by(*order)


@dataclass(frozen=True)
class _Registered:
    """What the registry says now of the organisations a page names."""

    names: dict[str, str]  # org.nr -> the registry's name
    anonymised: frozenset[str]  # the consumers granted `log_anonymised` (for older records)


def _registered(session: Session, records: list[LogRecord]) -> _Registered:
    """The registry's names of the legal entities and points of care among `records`, and
    which of them the registry grants anonymisation, as of now."""
    orgnrs = {o for r in records for o in (r.legal_entity, r.point_of_care) if o is not None}
    if not orgnrs:
        return _Registered({}, frozenset())
    columns = (Organisation.orgnr, Organisation.name, Organisation.is_consumer)
    query = select(*columns, Organisation.log_anonymised).where(
        col(Organisation.orgnr).in_(sorted(orgnrs))
    )
    rows = session.exec(query).all()
    anonymised = frozenset(orgnr for orgnr, _, consumer, flag in rows if consumer and flag)
    return _Registered({orgnr: name for orgnr, name, _, _ in rows}, anonymised)


OPENED_LOCKED = "Åpnet sperret kjernejournal"
EMERGENCY = "Nødtilgang"


def describe(
    path: str | None,
    action: str,
    purpose: str | None = None,
    obligations: str = "[]",
    locks_shown: bool = True,
) -> str:
    """What the health worker did, in Norwegian; a break-the-glass access (`BTG`) and a locked
    Kjernejournal opened on purpose (a permit on the KJ path logged separately, R32) are named
    as such, first. `locks_shown=False` (a parent's view of a child's log, R33) names no opened
    lock: the child's `kj_sperring` is not shown to the parent in any view."""
    done = _DESCRIPTIONS.get((path or "", action), f"Handling {action}")
    emergency = purpose == "BTG"  # BTG lays one `saerskilt_logg`, an opened lock another
    special = list(json.loads(obligations or "[]")).count("saerskilt_logg")
    named = [EMERGENCY] if emergency else []
    if path == KJ and special > int(emergency) and locks_shown:
        named.append(OPENED_LOCKED.lower() if emergency else OPENED_LOCKED)
    return f"{', '.join(named)}: {done}" if named else done


def _organisation(orgnr: str | None, asserted: str | None, registry: _Registered) -> str | None:
    """The registry's name of `orgnr` when it knows one, else the asserted name, else `orgnr`."""
    known = registry.names.get(orgnr) if orgnr is not None else None
    return shown(known) or shown(asserted) or orgnr


def _entry(r: LogRecord, registry: _Registered, locks_shown: bool) -> PatientLogEntry:
    stored = r.anonymised
    anonymous = r.legal_entity in registry.anonymised if stored is None else stored
    return PatientLogEntry(
        time=r.recorded_at,
        decided_at=r.at,
        health_worker=ANONYMOUS if anonymous else shown(r.requester_name),
        organisation=_organisation(r.legal_entity, r.legal_entity_name, registry),
        point_of_care=_organisation(r.point_of_care, r.point_of_care_name, registry),
        department=shown(r.department_name) or shown(r.department),
        purpose=shown(r.purpose),
        access_basis=r.access_basis,
        action=r.action,
        description=describe(r.path, r.action, r.purpose, r.obligations, locks_shown),
        path=r.path,
        document=None if r.path == KJ else shown(r.document),
    )


def patient_page(
    session: Session, patient: str, page: Page, locks_shown: bool = True
) -> PatientLogPage:
    """One page of the patient's log (R22), newest first; `locks_shown=False` for a parent
    reading a child's log (R33: no opened lock named)."""
    query = _patient_query(patient).limit(page.limit + 1).offset(page.offset)
    records = list(session.exec(query).all())
    page_records = records[: page.limit]
    registry = _registered(session, page_records)
    return PatientLogPage(
        patient=patient,
        entries=[_entry(r, registry, locks_shown) for r in page_records],
        limit=page.limit,
        offset=page.offset,
        next_offset=_next(page, len(records)),
    )


# --- the data controller's view ---------------------------------------------------------------


class ControllerRecord(StoredFields):
    """A stored record as the data controller sees it: every field, rules as lists."""

    # every field is in the answer (null where empty): the schema names them all as required
    model_config = SQLModelConfig(json_schema_serialization_defaults_required=True)

    rules: list[str]
    obligations: list[str]

    @classmethod
    def of(cls, row: LogRecord) -> ControllerRecord:
        lists = {"rules": json.loads(row.rules), "obligations": json.loads(row.obligations)}
        return cls.model_validate(row.model_dump() | lists)


class ControllerLogPage(BaseModel):
    """A page of the records about one source's documents, newest `recorded_at` first."""

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
    """One page of `source`'s records with `start <= recorded_at < end` (open where None)."""
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
