"""`set_grant`: one source's grant for one category set in place, in one transaction, on SQLite
and PostgreSQL. It changes that row and the version and nothing else, changes nothing when it
cannot be set, and a grant set while a replace is open neither undoes the replace nor is lost
(an export-then-replace would write back the registry it read before the replace committed)."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from api.errors import Conflict, NotFound
from api.registry.grants import NotACategory, set_grant
from api.registry.snapshot import read_version
from api.registry.store import GrantIn, export_registry, replace_registry
from tests.api.test_registry_store import SAMPLE, body, org, source, wait_until_blocked
from tests.people import BERGEN, FAGERSTA, OUS, SRC_A

Json = dict[str, Any]
READ_ONLY = GrantIn(list=False, read=True)


def exported(db_engine: Engine) -> Json:
    with Session(db_engine) as fresh:
        data: Json = export_registry(fresh).model_dump(mode="json", by_alias=True)
        return data


def version(db_engine: Engine) -> object:
    with db_engine.connect() as conn:
        return read_version(conn)


def grants_of(data: Json, orgnr: str) -> Json:
    found: Json = next(o for o in data["organisations"] if o["orgnr"] == orgnr)["source"]["grants"]
    return found


def test_a_grant_changes_its_row_and_the_version_and_nothing_else(
    db_engine: Engine, session: Session
) -> None:
    replace_registry(session, body())
    before, old = exported(db_engine), version(db_engine)
    set_grant(session, SRC_A, "innbygger", READ_ONLY, changed_by="test-client")
    set_grant(session, OUS, "fastlege", GrantIn(list=False, read=False))
    after = exported(db_engine)
    assert grants_of(after, SRC_A).pop("innbygger") == {"list": False, "read": True}
    assert grants_of(after, OUS).pop("fastlege") == {"list": False, "read": False}
    grants_of(before, OUS).pop("fastlege")
    assert after == before
    assert version(db_engine) != old


@pytest.mark.parametrize(
    ("orgnr", "category", "error", "message"),
    [
        ("999999999", "innbygger", NotFound, "999999999 is not in the registry"),
        (FAGERSTA, "innbygger", Conflict, f"{FAGERSTA} (Org {FAGERSTA}) is not a source"),
        (BERGEN, "innbyger", NotACategory, "'innbyger' is not a category"),
    ],
)
def test_a_grant_that_cannot_be_set_changes_nothing(
    db_engine: Engine, session: Session, orgnr: str, category: str, error: type, message: str
) -> None:
    replace_registry(session, body())
    before, old = exported(db_engine), version(db_engine)
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        set_grant(session, orgnr, category, READ_ONLY)
    assert (exported(db_engine), version(db_engine)) == (before, old)


def test_a_grant_set_while_a_replace_is_open_keeps_both(
    db_engine: Engine, session: Session
) -> None:
    replace_registry(session, body())
    replaced = {
        **SAMPLE,
        "organisations": [
            org(
                BERGEN,
                "helseforetak",
                consumer=None,
                source=source({"okd": {"list": True, "read": True}}),
            )
        ],
    }
    errors: list[BaseException] = []

    def grant() -> None:
        try:
            with Session(db_engine) as other:
                set_grant(other, BERGEN, "innbygger", READ_ONLY)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=grant)

    def grant_while_the_replace_is_open(_: Session) -> None:
        worker.start()
        wait_until_blocked(db_engine, worker)

    event.listen(session, "before_commit", grant_while_the_replace_is_open, once=True)
    replace_registry(session, body(replaced))
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert errors == []
    after = exported(db_engine)
    assert [o["orgnr"] for o in after["organisations"]] == [BERGEN]  # the replace holds
    assert grants_of(after, BERGEN) == {
        "okd": {"list": True, "read": True},
        "innbygger": {"list": False, "read": True},  # and so does the grant
    }
