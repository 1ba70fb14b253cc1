"""The restriction store: reservations, blocks and objections (rules R10, R12–R14).

A restriction is registered (`register`), listed (`list_restrictions`, active or with history)
and withdrawn (`withdraw`: sets `withdrawn_at`, never deletes). The decision path reads the ones
in force at a moment with `restrictions_at`, in one indexed query. Every write commits before it
returns, so a decision that starts after the answer obeys it; nothing is cached. Validity is
half-open: from `valid_from` (inclusive, null = always) until `valid_to` (exclusive, null = open).
The store never reads the clock: the route reads it once per request and passes `now`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal, get_args
from uuid import uuid4

from pydantic import (
    BaseModel,
    ConfigDict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from sqlalchemy import Connection, Table, bindparam, or_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, select

from api.errors import Conflict, NotFound
from api.models import Restriction, UtcDateTime
from api.types import HprNumber, Moment, Orgnr, PersonId, Storable, check_person_id
from engine.pjd import PatientRestriction, Vocabulary

Kind = Literal["pjd_sperre", "kj_reservasjon", "kj_sperring", "kj_blokkering", "kilde_sperreregel"]
TargetType = Literal["hpr", "pid", "authorization", "orgnr"]
KINDS: tuple[str, ...] = get_args(Kind)
TARGET_TYPES: tuple[str, ...] = get_args(TargetType)
_TARGETED = {"kj_blokkering": ("hpr",), "kilde_sperreregel": TARGET_TYPES}  # others: nobody
_AT_SOURCE = ("kilde_sperreregel",)  # the kinds that take `source` and `document`

# An authorization code is judged against the pack's list (Volven 9060) by `check_codes`.
AuthorizationCode = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=16)]
DocumentId = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=256), Storable]
RegisteredBy = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=200),
    Storable,
]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TargetIn(_In):
    """Whom a restriction targets: exactly one of a health worker (HPR number or F/D-number),
    a group (HPR authorization code, e.g. LE, SP) or an organisation (org.nr)."""

    hpr: HprNumber | None = None
    pid: PersonId | None = None
    authorization: AuthorizationCode | None = None
    orgnr: Orgnr | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> TargetIn:
        if len(self.pairs()) != 1:
            message = "Target should have exactly one of hpr, pid, authorization, orgnr"
            raise PydanticCustomError("target_keys", message)
        return self

    def pairs(self) -> list[tuple[str, str]]:
        """The (type, value) pairs given; exactly one once validated."""
        return [(name, value) for name in TARGET_TYPES if (value := getattr(self, name))]


class RestrictionIn(_In):
    """The body of POST /v1/patients/{patient}/restrictions; fields the kind does not use are
    absent (null counts as absent). `valid_to` is exclusive and must be after `valid_from`."""

    kind: Kind
    target: TargetIn | None = None
    source: Orgnr | None = None
    document: DocumentId | None = None
    valid_from: Moment | None = None
    valid_to: Moment | None = None
    registered_by: RegisteredBy

    @field_validator("valid_to")
    @classmethod
    def _after_start(cls, end: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get("valid_from")
        if end is not None and isinstance(start, datetime) and end <= start:
            message = "Should be after valid_from {start} (valid_to is exclusive)"
            raise PydanticCustomError("period_order", message, {"start": start.isoformat()})
        return end

    @model_validator(mode="after")
    def _fits_kind(self) -> RestrictionIn:
        problem = _kind_problem(self)
        if problem is not None:
            loc, message = problem
            error = PydanticCustomError("kind_mismatch", message)
            details = InitErrorDetails(type=error, loc=loc, input=getattr(self, loc[0]))
            raise ValidationError.from_exception_data("RestrictionIn", [details])
        return self


def _kind_problem(body: RestrictionIn) -> tuple[tuple[str, ...], str] | None:
    """The first field that does not fit the kind, with what is wrong; None when all fit."""
    kind, targets = body.kind, _TARGETED.get(body.kind, ())
    unused = (() if targets else ("target",)) + (
        () if kind in _AT_SOURCE else ("source", "document")
    )
    for name in unused:
        if getattr(body, name) is not None:
            return (name,), f"Not used by kind {kind}; leave it out"
    if body.document is not None and body.source is None:
        return ("document",), "A document id needs the source that holds it (source is missing)"
    if kind in _AT_SOURCE and body.source is None:
        return ("source",), f"Required for kind {kind} (the org.nr where it is registered)"
    if targets and body.target is None:
        return ("target",), f"Required for kind {kind} (one of {', '.join(targets)})"
    for name, _ in body.target.pairs() if body.target else ():
        if name not in targets:
            return ("target", name), f"Kind {kind} targets only by {', '.join(targets)}"
    return None


class RestrictionOut(BaseModel):
    """A stored restriction as the API shows it; absent values are null."""

    id: str
    patient: str
    kind: str
    target: dict[str, str] | None
    source: str | None
    document: str | None
    valid_from: datetime | None
    valid_to: datetime | None
    registered_at: datetime
    registered_by: str
    withdrawn_at: datetime | None
    registered_client: str | None = None  # the authenticated client that registered it
    withdrawn_client: str | None = None  # … and the one that withdrew it

    @classmethod
    def of(cls, row: Restriction) -> RestrictionOut:
        """The API view of a stored row."""
        target = None
        if row.target_type is not None and row.target_value is not None:
            target = {row.target_type: row.target_value}
        return cls(**row.model_dump(exclude={"target_type", "target_value"}), target=target)


def check_codes(body: RestrictionIn, vocabulary: Callable[[], Vocabulary]) -> None:
    """A group objection names an authorization of the pack's list (Volven 9060), else 400;
    `vocabulary` is asked only then (a reservation needs no loaded pack to be registered)."""
    code = body.target.authorization if body.target is not None else None
    if code is not None:
        vocabulary().authorization.check_code(code, "target.authorization")


def check_patient(patient: str) -> str:
    """The patient's national id (F- or D-number) as 11 ASCII digits; no mod-11 check, as the
    specification's own example patient fails it. Raises `RequestError` naming `patient`."""
    return check_person_id(patient, "patient")


def register(
    session: Session, patient: str, body: RestrictionIn, now: datetime, client: str | None = None
) -> Restriction:
    """Store a new restriction registered at `now` by `client` and commit; the stored row."""
    target_type, target_value = body.target.pairs()[0] if body.target else (None, None)
    row = Restriction(
        id=str(uuid4()),
        patient=check_patient(patient),
        kind=body.kind,
        target_type=target_type,
        target_value=target_value,
        source=body.source,
        document=body.document,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        registered_at=now,
        registered_by=body.registered_by,
        registered_client=client,
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def list_restrictions(
    session: Session, patient: str, now: datetime, history: bool = False
) -> list[Restriction]:
    """The patient's active restrictions (not withdrawn, not expired at `now`; those starting
    later included), or with `history` all of them; by registration time, then id."""
    query = select(Restriction).where(col(Restriction.patient) == check_patient(patient))
    if not history:
        query = query.where(
            col(Restriction.withdrawn_at).is_(None),
            or_(col(Restriction.valid_to).is_(None), col(Restriction.valid_to) > now),
        )
    query = query.order_by(col(Restriction.registered_at), col(Restriction.id))
    return list(session.exec(query).all())


def withdraw(
    session: Session, patient: str, id: str, now: datetime, client: str | None = None
) -> Restriction:
    """Withdraw the patient's restriction `id` at `now` (by `client`) and commit; the row stays.

    Raises `NotFound` for an unknown id or another patient's, `Conflict` when it was already
    withdrawn (the record is then left as it was: the update only matches a live row).
    """
    if "\x00" in id:  # no id holds one, and PostgreSQL cannot compare text with it
        raise NotFound(f"patient {patient} has no restriction {id}")
    live = update(Restriction).where(
        col(Restriction.id) == id,
        col(Restriction.patient) == check_patient(patient),
        col(Restriction.withdrawn_at).is_(None),
    )
    changed = session.exec(live.values(withdrawn_at=now, withdrawn_client=client)).rowcount
    session.commit()
    row = session.get(Restriction, id)
    if row is None or row.patient != patient:
        raise NotFound(f"patient {patient} has no restriction {id}")
    if not changed:
        withdrawn = row.withdrawn_at.isoformat() if row.withdrawn_at else "?"
        raise Conflict(f"restriction {id} was already withdrawn at {withdrawn}")
    return row


_TABLE: Table = SQLModel.metadata.tables[Restriction.__tablename__]
_AT = bindparam("at", type_=UtcDateTime())
# Built once: a statement made anew per decision costs more CPU than the query itself.
_IN_FORCE = (
    core_select(
        _TABLE.c.kind,
        _TABLE.c.target_type,
        _TABLE.c.target_value,
        _TABLE.c.source,
        _TABLE.c.document,
    )
    .where(
        _TABLE.c.patient == bindparam("patient"),
        _TABLE.c.withdrawn_at.is_(None),
        or_(_TABLE.c.valid_from.is_(None), _TABLE.c.valid_from <= _AT),
        or_(_TABLE.c.valid_to.is_(None), _TABLE.c.valid_to > _AT),
    )
    .order_by(_TABLE.c.registered_at, _TABLE.c.id)
)


def restrictions_at(
    db: Connection | Session, patient: str, at: datetime
) -> tuple[PatientRestriction, ...]:
    """The patient's restrictions in force at `at`, in one query: not withdrawn (a withdrawal
    applies to every decision that starts after it returned), `valid_from <= at < valid_to`.
    On the caller's connection (the decision's read transaction) or session."""
    conn = db.connection() if isinstance(db, Session) else db
    rows = conn.execute(_IN_FORCE, {"patient": patient, "at": at})
    return tuple(
        PatientRestriction(kind, target_type, target_value, source, document)
        for kind, target_type, target_value, source, document in rows
    )
