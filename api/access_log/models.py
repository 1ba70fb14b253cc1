"""The access-log tables (rules R21, R22): one append-only, hash-chained record per decision.

`access_log` holds the records in chain order (`seq` 1, 2, 3 … without gaps); `access_log_head`
is a single row (`id` = 1) with the last record's `seq` and `hash` (0 and 64 zeros before the
first record): every append locks it, which serialises the writers. Only `api.access_log`
writes here. Requester and care-relation fields are nullable (a deny may come before they are
known); `requester_pid` is for the data controller and never shown to citizens (R22).

The fields are declared once, in `LogFields`; the entry to record, the stored record and the
data controller's view derive from it (SQLModel's models with inheritance), and the hash covers
the entry's fields and the chain's `seq` and `recorded_at` — as the record's `chain_version`
says (`api.access_log.store.HASHED`): a field added later is hashed from the version that
added it, so records written before it still verify.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel
from sqlmodel.sql.sqltypes import AutoString

from api.models import UtcDateTime

GENESIS_HASH = "0" * 64
SUBJECT_KINDS = ("helsepersonell", "innbygger")
DECISIONS = ("permit", "deny")
_ID = 256  # identifiers taken from the request: generous, so that a deny can still be logged
_NAME = 512  # free text taken from the request (names, code texts)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _chars(length: int) -> Any:
    """A text column of at most `length` characters: the column's limit, which `append` checks
    (and `api.log_entries` fits values to), not a validation of the models."""
    return AutoString(length=length)


class LogFields(SQLModel):
    """The fields of one decision as the access log records it (R21), declared once: the entry
    to record (`api.access_log.store.LogEntry`), the stored record (`LogRecord`) and the
    data controller's view (`api.access_log.views.ControllerRecord`) derive from it, each
    adding `rules` and `obligations` in its own form (ids; stored as JSON lists) and the stored
    ones the chain fields (`StoredFields`). Every field is hashed. `subject_kind` and
    `decision` are held to their values by the table's CHECK constraints."""

    decision_id: str = Field(index=True, sa_type=_chars(64))
    at: datetime = Field(
        sa_type=UtcDateTime,
        description="the moment decided for: the caller's `at`, unverified",
    )
    subject_kind: str = Field(sa_type=_chars(16))
    requester_name: str | None = Field(default=None, sa_type=_chars(_NAME))
    requester_pid: str | None = Field(default=None, sa_type=_chars(_ID))
    requester_hpr: str | None = Field(default=None, sa_type=_chars(_ID))
    legal_entity: str | None = Field(default=None, sa_type=_chars(_ID))
    legal_entity_name: str | None = Field(default=None, sa_type=_chars(_NAME))
    point_of_care: str | None = Field(default=None, sa_type=_chars(_ID))
    point_of_care_name: str | None = Field(default=None, sa_type=_chars(_NAME))
    department: str | None = Field(default=None, sa_type=_chars(_ID))
    department_name: str | None = Field(default=None, sa_type=_chars(_NAME))
    healthcare_service: str | None = Field(default=None, sa_type=_chars(_ID))
    purpose: str | None = Field(default=None, sa_type=_chars(_ID))
    purpose_details: str | None = Field(default=None, sa_type=_chars(_ID))
    decision_ref: str | None = Field(default=None, sa_type=_chars(_ID))
    user_selected: bool | None = None
    representation: str | None = Field(default=None, sa_type=_chars(_NAME))
    access_basis: str | None = Field(default=None, sa_type=_chars(64))
    path: str | None = Field(default=None, sa_type=_chars(64))
    patient: str = Field(sa_type=_chars(_ID))
    source: str | None = Field(default=None, sa_type=_chars(_ID))
    document: str | None = Field(default=None, sa_type=_chars(_ID))
    action: str = Field(sa_type=_chars(64))
    decision: str = Field(sa_type=_chars(8))
    policy_revision: str | None = Field(default=None, sa_type=_chars(128))
    engine: str | None = Field(default=None, sa_type=_chars(32))
    anonymised: bool | None = Field(
        default=None,
        description="R22: the registry granted the health worker's organisation anonymisation "
        "at the time of the access (null: a citizen, or a record written before chain version 1)",
    )
    claims: str | None = Field(
        default=None,
        sa_type=_chars(16),
        description="where the requester's claims came from: `helseid` (a HelseID access "
        "token), `saml` (an XUA assertion), `token` (the citizen's claims in the caller's "
        "token) or `unverified` (JSON nobody signed); null: a record before chain version 2",
    )


class StoredFields(LogFields):
    """A recorded decision: its place in the chain (`seq`, hashed), when the service wrote it
    (`recorded_at`, hashed) and the chain's hashes."""

    seq: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    recorded_at: datetime = Field(
        sa_type=UtcDateTime, description="when the service wrote the record (its clock)"
    )
    chain_version: int = Field(
        default=0,
        sa_column_kwargs={"server_default": "0"},
        description="which fields the hash covers (`api.access_log.store.HASHED`); 0: written "
        "before the log had versions",
    )
    prev_hash: str = Field(sa_type=_chars(64))
    hash: str = Field(sa_type=_chars(64))


class LogRecord(StoredFields, table=True):
    """One decision as recorded (R21); `hash` = sha256(`prev_hash` + canonical JSON of the
    other fields), see `api.access_log`. `rules`/`obligations` are JSON lists of ids.
    `recorded_at` is the service's clock when it wrote the record, `at` the moment the decision
    was made for (the caller's `at`, asserted, or the service's clock): the views order and
    filter on `recorded_at`, which no caller chooses."""

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_patient_seq", "patient", "seq"),
        Index("ix_access_log_patient_recorded_at", "patient", "recorded_at"),
        Index("ix_access_log_source_recorded_at", "source", "recorded_at"),
        CheckConstraint(_one_of("subject_kind", SUBJECT_KINDS), name="ck_access_log_subject"),
        CheckConstraint(_one_of("decision", DECISIONS), name="ck_access_log_decision"),
    )

    rules: str = Field(sa_type=Text)
    obligations: str = Field(sa_type=Text)


class LogHead(SQLModel, table=True):
    """The chain's head: the last record's `seq` and `hash`; exactly one row, `id` = 1."""

    __tablename__ = "access_log_head"
    __table_args__ = (CheckConstraint("id = 1", name="ck_access_log_head_single"),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = Field(sa_type=BigInteger)
    hash: str = Field(max_length=64)
