"""The access-log tables (rules R21, R22): one append-only, hash-chained record per decision.

`access_log` holds the records in chain order (`seq` 1, 2, 3 … without gaps); `access_log_head`
is a single row (`id` = 1) with the last record's `seq` and `hash` (0 and 64 zeros before the
first record): every append locks it, which serialises the writers. Only `api.access_log`
writes here. Requester and care-relation fields are nullable (a deny may come before they are
known); `requester_pid` is for the data controller and never shown to citizens (R22).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Text
from sqlmodel import Field, SQLModel

from api.models import UtcDateTime

GENESIS_HASH = "0" * 64
SUBJECT_KINDS = ("helsepersonell", "innbygger")
DECISIONS = ("permit", "deny")
_ID = 256  # identifiers taken from the request: generous, so that a deny can still be logged
_NAME = 512  # free text taken from the request (names, code texts)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class LogRecord(SQLModel, table=True):
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

    seq: int = Field(
        sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    recorded_at: datetime = Field(sa_type=UtcDateTime)
    decision_id: str = Field(index=True, max_length=64)
    at: datetime = Field(sa_type=UtcDateTime)
    subject_kind: str = Field(max_length=16)
    requester_name: str | None = Field(default=None, max_length=_NAME)
    requester_pid: str | None = Field(default=None, max_length=_ID)
    requester_hpr: str | None = Field(default=None, max_length=_ID)
    legal_entity: str | None = Field(default=None, max_length=_ID)
    legal_entity_name: str | None = Field(default=None, max_length=_NAME)
    point_of_care: str | None = Field(default=None, max_length=_ID)
    point_of_care_name: str | None = Field(default=None, max_length=_NAME)
    department: str | None = Field(default=None, max_length=_ID)
    department_name: str | None = Field(default=None, max_length=_NAME)
    healthcare_service: str | None = Field(default=None, max_length=_ID)
    purpose: str | None = Field(default=None, max_length=_ID)
    purpose_details: str | None = Field(default=None, max_length=_ID)
    decision_ref: str | None = Field(default=None, max_length=_ID)
    user_selected: bool | None = None
    representation: str | None = Field(default=None, max_length=_NAME)
    access_basis: str | None = Field(default=None, max_length=64)
    path: str | None = Field(default=None, max_length=64)
    patient: str = Field(max_length=_ID)
    source: str | None = Field(default=None, max_length=_ID)
    document: str | None = Field(default=None, max_length=_ID)
    action: str = Field(max_length=64)
    decision: str = Field(max_length=8)
    rules: str = Field(sa_type=Text)
    obligations: str = Field(sa_type=Text)
    policy_revision: str | None = Field(default=None, max_length=128)
    engine: str | None = Field(default=None, max_length=32)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class LogHead(SQLModel, table=True):
    """The chain's head: the last record's `seq` and `hash`; exactly one row, `id` = 1."""

    __tablename__ = "access_log_head"
    __table_args__ = (CheckConstraint("id = 1", name="ck_access_log_head_single"),)

    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = Field(sa_type=BigInteger)
    hash: str = Field(max_length=64)
