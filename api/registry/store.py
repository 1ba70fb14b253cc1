"""The registry store: organisations, source grants and the GP list (rules R2, R3, R9).

The registry travels as one JSON body (`RegistryBody`), replaced as a whole and exported in the
same shape. Every replace bumps the registry's version in its own transaction; decisions read the
registry from the in-memory snapshot of the version they see (`api.registry.snapshot`). Every
period is half-open: `active_from`/`from` is the first day active and `active_to`/`to`
(exclusive) the first day no longer active, or null when open.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from uuid import uuid4

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from sqlalchemy import delete, insert, text, update
from sqlmodel import Session, SQLModel, col, select

from api.models import GpListEntry, Organisation, PersonRecord, RegistryVersion, SourceGrant
from api.registry.persons import PersonIn, check_unique, export_persons, person_rows
from api.types import Day, HprNumber, Orgnr, PersonId, Storable, at_most

ConsumerCategory = Literal[
    "helseforetak", "avtalespesialist", "legevakt", "sykehjem", "okd", "fastlege", "kommune_annet"
]
GrantCategory = Literal[ConsumerCategory, "innbygger"]
CONSUMER_CATEGORIES: tuple[str, ...] = get_args(ConsumerCategory)

_CONSUMER_COLUMNS = {  # ConsumerIn field -> Organisation column
    "helsenett_member": "helsenett_member",
    "pjd_terms": "pjd_terms",
    "active_from": "consumer_active_from",
    "active_to": "consumer_active_to",
    "log_anonymised": "log_anonymised",
}
_SOURCE_COLUMNS = {"active_from": "source_active_from", "active_to": "source_active_to"}
CLI = "pjd-cli"  # who changes the registry from the `pjd` command (`registry_version.changed_by`)
MAX_GP_LIST = 10_000  # GP list entries in one PUT /v1/registry; more is a 413 naming `gp_list`
MAX_PERSONS = 10_000  # persons in one PUT /v1/registry; more is a 413 naming `persons`
_LOCK = "LOCK TABLE organisation, source_grant, gp_list_entry, person IN EXCLUSIVE MODE"


Name = Annotated[
    str,
    StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=200),
    Storable,
]


def _not_before(end: date | None, start: object) -> date | None:
    """Reject an (exclusive) end date before the period's start."""
    if end is not None and isinstance(start, date) and end < start:
        message = "End date (exclusive) must not be before the start date {start}"
        raise PydanticCustomError("period_order", message, {"start": start.isoformat()})
    return end


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _PeriodIn(_In):
    """A half-open period: `active_to` is exclusive, the first day no longer active."""

    @field_validator("active_to", check_fields=False)
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        return _not_before(end, info.data.get("active_from"))


class ConsumerIn(_PeriodIn):
    """Consumer onboarding (R2); `active_to` is exclusive: the first day no longer active.
    `log_anonymised`: the patient's access log hides its health workers' names (R22, e.g. AMK)."""

    helsenett_member: StrictBool
    pjd_terms: StrictBool
    active_from: Day
    active_to: Day | None = None
    log_anonymised: StrictBool = False


class GrantIn(_In):
    """A source's two switches for one category: may list, may read (R3)."""

    list: StrictBool
    read: StrictBool


class SourceIn(_PeriodIn):
    """A source and its grants per category (R3); `active_to` is exclusive."""

    active_from: Day
    active_to: Day | None = None
    grants: dict[GrantCategory, GrantIn] = Field(default_factory=dict)


class OrganisationIn(_In):
    """An organisation by org.nr; `consumer` and `source` are absent when it is not one."""

    orgnr: Orgnr
    name: Name
    category: ConsumerCategory
    consumer: ConsumerIn | None = None
    source: SourceIn | None = None


class GpEntryIn(_In):
    """A patient's GP from `from` (inclusive) to `to` (exclusive, the first day not the GP)."""

    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    patient: PersonId
    gp_hpr: HprNumber
    start: Day = Field(alias="from")
    end: Day | None = Field(default=None, alias="to")

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        return _not_before(end, info.data.get("start"))


class RegistryBody(_In):
    """The whole registry; both lists are required (an empty body must not wipe it by mistake).
    `persons` (optional, R34): the population register's address protection and death."""

    organisations: list[OrganisationIn]
    gp_list: list[GpEntryIn]
    persons: list[PersonIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_orgnr(self) -> RegistryBody:
        seen: set[str] = set()
        for i, org in enumerate(self.organisations):
            if org.orgnr in seen:
                error = PydanticCustomError(
                    "duplicate_orgnr", "Duplicate orgnr {orgnr}", {"orgnr": org.orgnr}
                )
                details = InitErrorDetails(
                    type=error, loc=("organisations", i, "orgnr"), input=org.orgnr
                )
                raise ValidationError.from_exception_data("RegistryBody", [details])
            seen.add(org.orgnr)
        check_unique(self.persons)
        return self


class RegistryPut(RegistryBody):
    """The body of PUT /v1/registry: the registry, its GP list at most `MAX_GP_LIST` entries and
    its persons at most `MAX_PERSONS` (national lists are imported with `pjd registry import`,
    which takes any number)."""

    gp_list: Annotated[list[GpEntryIn], BeforeValidator(at_most(MAX_GP_LIST, "gp_list"))]
    persons: Annotated[list[PersonIn], BeforeValidator(at_most(MAX_PERSONS, "persons"))] = Field(
        default_factory=list
    )


def load_registry_file(path: str | Path) -> RegistryBody:
    """Read a registry JSON file and validate it."""
    return RegistryBody.model_validate_json(Path(path).read_bytes())


def replace_registry(session: Session, body: RegistryBody, changed_by: str = CLI) -> None:
    """Replace the whole registry with `body` in one transaction; on any error nothing changes.
    `changed_by` (the client, or the `pjd` CLI) is recorded with the new version."""
    try:
        lock_registry(session)
        for table in (SourceGrant, GpListEntry, Organisation, PersonRecord):
            session.exec(delete(table))
        _insert(session, Organisation, [_organisation_row(org) for org in body.organisations])
        _insert(
            session, SourceGrant, [row for org in body.organisations for row in _grant_rows(org)]
        )
        _insert(session, GpListEntry, [entry.model_dump(by_alias=False) for entry in body.gp_list])
        _insert(session, PersonRecord, person_rows(body.persons))
        bump_version(session, changed_by)
        session.commit()
    except BaseException:
        session.rollback()
        raise


def lock_registry(session: Session) -> None:
    """Serialise the session's change of the registry with every other (PostgreSQL: the
    registry's tables locked; SQLite serialises writers itself, from the first write)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().execute(text(_LOCK))


def bump_version(session: Session, changed_by: str | None = None) -> None:
    """Give the registry a new version in the session's transaction: call it in every
    transaction that changes a registry table, so that the version always names its content."""
    token = str(uuid4())
    bumped = update(RegistryVersion).where(col(RegistryVersion.id) == 1)
    values = {"token": token, "changed_by": changed_by}
    if not session.exec(bumped.values(version=RegistryVersion.version + 1, **values)).rowcount:
        session.exec(insert(RegistryVersion).values(id=1, version=1, **values))


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.exec(insert(model), params=rows)


def _organisation_row(org: OrganisationIn) -> dict[str, Any]:
    row: dict[str, Any] = {"orgnr": org.orgnr, "name": org.name, "category": org.category}
    row |= {"is_consumer": org.consumer is not None, "is_source": org.source is not None}
    for part, columns in ((org.consumer, _CONSUMER_COLUMNS), (org.source, _SOURCE_COLUMNS)):
        row |= {column: getattr(part, field, None) for field, column in columns.items()}
    return row


def _grant_rows(org: OrganisationIn) -> list[dict[str, Any]]:
    grants = org.source.grants if org.source else {}
    return [
        {"orgnr": org.orgnr, "category": category, "list": grant.list, "read": grant.read}
        for category, grant in grants.items()
    ]


def export_registry(session: Session) -> RegistryBody:
    """The registry as a `RegistryBody`, sorted by orgnr and by (patient, from), to round-trip."""
    grants: dict[str, dict[str, GrantIn]] = {}
    for grant in session.exec(select(SourceGrant)).all():
        grants.setdefault(grant.orgnr, {})[grant.category] = GrantIn(
            list=grant.list, read=grant.read
        )
    organisations = sorted(session.exec(select(Organisation)).all(), key=lambda org: org.orgnr)
    entries = sorted(session.exec(select(GpListEntry)).all(), key=_gp_sort_key)
    return RegistryBody.model_validate(
        {
            "organisations": [
                _organisation_out(org, grants.get(org.orgnr, {})) for org in organisations
            ],
            "gp_list": [
                {"patient": e.patient, "gp_hpr": e.gp_hpr, "from": e.start, "to": e.end}
                for e in entries
            ],
            "persons": export_persons(session),
        }
    )


def _gp_sort_key(entry: GpListEntry) -> tuple[str, date, str, date]:
    return (entry.patient, entry.start, entry.gp_hpr, entry.end or date.max)


def _organisation_out(org: Organisation, grants: dict[str, GrantIn]) -> dict[str, Any]:
    consumer = {field: getattr(org, column) for field, column in _CONSUMER_COLUMNS.items()}
    consumer["log_anonymised"] = bool(org.log_anonymised)  # null in a column added later
    source = {field: getattr(org, column) for field, column in _SOURCE_COLUMNS.items()}
    return {
        "orgnr": org.orgnr,
        "name": org.name,
        "category": org.category,
        "consumer": consumer if org.is_consumer else None,
        "source": source | {"grants": dict(sorted(grants.items()))} if org.is_source else None,
    }
