"""The persons of the population register in the registry body (R34): address protection and
date of death, as `PUT /v1/registry` and `pjd registry import` take them and GET returns them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from sqlalchemy import Connection
from sqlmodel import Session, SQLModel, select

from api.models import PersonRecord
from api.types import Day, PersonId
from engine.pjd import Person

AddressProtectionIn = Literal["fortrolig", "strengt_fortrolig"]
_TABLE = SQLModel.metadata.tables[PersonRecord.__tablename__]


class PersonIn(BaseModel):
    """A person by person id (11 digits): `address_protection` null, `fortrolig` or
    `strengt_fortrolig`; `deceased_on` the date of death (YYYY-MM-DD) or null."""

    model_config = ConfigDict(extra="ignore")

    pid: PersonId
    address_protection: AddressProtectionIn | None = None
    deceased_on: Day | None = None


def check_unique(persons: Iterable[PersonIn]) -> None:
    """Refuse a person id listed twice, naming the second entry's `pid`."""
    seen: set[str] = set()
    for i, person in enumerate(persons):
        if person.pid in seen:
            error = PydanticCustomError("duplicate_pid", "Duplicate pid {pid}", {"pid": person.pid})
            details = InitErrorDetails(type=error, loc=("persons", i, "pid"), input=person.pid)
            raise ValidationError.from_exception_data("RegistryBody", [details])
        seen.add(person.pid)


def person_rows(persons: Iterable[PersonIn]) -> list[dict[str, object]]:
    """The `person` rows of the body's persons."""
    return [person.model_dump() for person in persons]


def export_persons(session: Session) -> list[dict[str, object]]:
    """The stored persons, sorted by person id, in the body's shape."""
    rows = sorted(session.exec(select(PersonRecord)).all(), key=lambda r: r.pid)
    return [
        {"pid": r.pid, "address_protection": r.address_protection, "deceased_on": r.deceased_on}
        for r in rows
    ]


def load_persons(conn: Connection) -> Mapping[str, Person]:
    """Every stored person as the engine's `Person`, by person id (one query)."""
    return {
        row["pid"]: Person(row["pid"], row["address_protection"], row["deceased_on"])
        for row in conn.execute(_TABLE.select()).mappings()
    }
