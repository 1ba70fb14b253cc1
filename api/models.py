"""The registry and restriction tables.

Registry (rules R2, R3, R9, R34): organisations (consumers and sources), source grants, the GP
list, the persons of the population register, and the registry's version (bumped by every
replace, in the same transaction).
Restrictions (rules R10, R12–R14): the patients' reservations, blocks and objections, with
their history (withdrawal never deletes). The access log gets its own module. Every period is
half-open: active from `*_from`/`start` (inclusive) until `*_to`/`end` (exclusive, the first
day or moment no longer active) or open when that is null.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Dialect, Index, TypeDecorator
from sqlmodel import Field, SQLModel


class Organisation(SQLModel, table=True):
    """An organisation by org.nr; a consumer (R2), a source (R3), or both."""

    __tablename__ = "organisation"
    __table_args__ = (
        CheckConstraint(
            "NOT is_consumer OR (helsenett_member IS NOT NULL AND pjd_terms IS NOT NULL"
            " AND consumer_active_from IS NOT NULL)",
            name="ck_organisation_consumer_fields",
        ),
        CheckConstraint(
            "NOT is_source OR source_active_from IS NOT NULL",
            name="ck_organisation_source_fields",
        ),
    )

    orgnr: str = Field(primary_key=True, max_length=9)
    name: str
    category: str
    is_consumer: bool = False
    helsenett_member: bool | None = None
    pjd_terms: bool | None = None
    consumer_active_from: date | None = None
    consumer_active_to: date | None = None
    log_anonymised: bool | None = None  # R22: the log names no health worker of this consumer
    is_source: bool = False
    source_active_from: date | None = None
    source_active_to: date | None = None


class SourceGrant(SQLModel, table=True):
    """A source's two switches (`list`, `read`) for one consumer category (R3)."""

    __tablename__ = "source_grant"

    orgnr: str = Field(foreign_key="organisation.orgnr", primary_key=True, max_length=9)
    category: str = Field(primary_key=True)
    list: bool
    read: bool


class GpListEntry(SQLModel, table=True):
    """A patient's GP (by HPR number) for a period (R9); JSON names `from`/`to`."""

    __tablename__ = "gp_list_entry"

    id: int | None = Field(default=None, primary_key=True)
    patient: str = Field(index=True, max_length=11)
    gp_hpr: str = Field(max_length=9)
    start: date
    end: date | None = None


class RegistryVersion(SQLModel, table=True):
    """The registry's version: one row (`id` 1); each replace bumps `version` and draws a new
    `token` in its own transaction, so (version, token) names one registry content for good."""

    __tablename__ = "registry_version"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(sa_type=BigInteger)
    token: str = Field(max_length=36)
    changed_by: str | None = Field(default=None, max_length=200)  # the client of this version


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


ADDRESS_PROTECTIONS = ("fortrolig", "strengt_fortrolig")


class PersonRecord(SQLModel, table=True):
    """What the population register says of a person (R34): address protection (null: none)
    and the date of death (null: alive)."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(
            "address_protection IS NULL OR " + _one_of("address_protection", ADDRESS_PROTECTIONS),
            name="ck_person_address_protection",
        ),
    )

    pid: str = Field(primary_key=True, max_length=11)
    address_protection: str | None = Field(default=None, max_length=20)
    deceased_on: date | None = None


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC; read back UTC-aware (SQLite drops the tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError(f"a naive datetime cannot be stored as UTC: {value.isoformat()}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


RESTRICTION_KINDS = (
    "pjd_sperre",
    "kj_reservasjon",
    "kj_sperring",
    "kj_blokkering",
    "kilde_sperreregel",
)
TARGET_TYPES = ("hpr", "pid", "authorization", "orgnr")


class Restriction(SQLModel, table=True):
    """A patient's reservation, block or objection (R10, R12–R14); withdrawn, never deleted.

    `valid_from` null is from always, `valid_to` (exclusive) null is open; `target_type` is one
    of hpr | pid | authorization | orgnr, or null with `target_value` when nobody is targeted.
    """

    __tablename__ = "restriction"
    __table_args__ = (
        Index("ix_restriction_patient_withdrawn_at", "patient", "withdrawn_at"),
        CheckConstraint(_one_of("kind", RESTRICTION_KINDS), name="ck_restriction_kind"),
        CheckConstraint(
            f"target_type IS NULL OR {_one_of('target_type', TARGET_TYPES)}",
            name="ck_restriction_target_type",
        ),
        CheckConstraint(
            "(target_type IS NULL) = (target_value IS NULL)", name="ck_restriction_target_pair"
        ),
        CheckConstraint("document IS NULL OR source IS NOT NULL", name="ck_restriction_document"),
        CheckConstraint(
            "valid_from IS NULL OR valid_to IS NULL OR valid_to > valid_from",
            name="ck_restriction_period",
        ),
    )

    id: str = Field(default_factory=lambda: str(uuid4()), primary_key=True, max_length=36)
    patient: str = Field(max_length=11)
    kind: str = Field(max_length=32)
    target_type: str | None = Field(default=None, max_length=16)
    target_value: str | None = Field(default=None, max_length=11)
    source: str | None = Field(default=None, max_length=9)
    document: str | None = Field(default=None, max_length=256)
    valid_from: datetime | None = Field(default=None, sa_type=UtcDateTime)
    valid_to: datetime | None = Field(default=None, sa_type=UtcDateTime)
    registered_at: datetime = Field(sa_type=UtcDateTime)
    registered_by: str = Field(max_length=200)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # the `client_id` of the authenticated caller that registered / withdrew it
    registered_client: str | None = Field(default=None, max_length=200)
    withdrawn_client: str | None = Field(default=None, max_length=200)
