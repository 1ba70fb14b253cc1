"""Registry tables: organisations (consumers and sources), source grants and the GP list.

Only the registry lives here (rules R2, R3, R9); restrictions and the access log get their
own modules. Every period is half-open: active from `*_from`/`start` (inclusive) until
`*_to`/`end` (exclusive, the first day no longer active) or open when that is null.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
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
