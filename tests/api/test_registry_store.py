"""The registry store (R2, R3, R9): validation, atomic replace, export and the facts per request."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, event, func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.models import GpListEntry, Organisation, SourceGrant
from api.registry.snapshot import load_snapshot, read_version
from api.registry.store import (
    CONSUMER_CATEGORIES,
    GpEntryIn,
    OrganisationIn,
    RegistryBody,
    export_registry,
    load_registry_file,
    replace_registry,
)
from engine.pjd import Consumer, Period, Person, RegistryFacts, Source
from tests.people import (
    AMK,
    BERGEN,
    BETANIEN,
    FAGERSTA,
    NORDLANDSSYKEHUSET,
    OSLO_KOMMUNE,
    OTHER_PATIENT,
    OUS,
    PATIENT,
    SRC_A,
)

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
BOTH = {"list": True, "read": True}


def registry_facts(
    session: Session, consumer: str | None, sources: Any, patient: str, at: datetime
) -> RegistryFacts:
    """The registry's facts for one request, from a snapshot loaded in the session."""
    conn = session.connection()
    return load_snapshot(conn, read_version(conn)).facts(consumer, sources, patient, at.date())


def consumer(
    active_from: str = "2024-01-01", active_to: str | None = None, log_anonymised: bool = False
) -> dict[str, Any]:
    return {
        "helsenett_member": True,
        "pjd_terms": True,
        "active_from": active_from,
        "active_to": active_to,
        "log_anonymised": log_anonymised,
    }


def source(grants: dict[str, dict[str, bool]], active_to: str | None = None) -> dict[str, Any]:
    return {"active_from": "2024-01-01", "active_to": active_to, "grants": grants}


def org(orgnr: str, category: str, **parts: dict[str, Any] | None) -> dict[str, Any]:
    return {"orgnr": orgnr, "name": f"Org {orgnr}", "category": category, **parts}


def gp(patient: str, hpr: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"patient": patient, "gp_hpr": hpr, "from": start, "to": end}


# A body in export order and shape (sorted orgnr; gp_list by patient, from; every key present).
SAMPLE: dict[str, Any] = {
    "organisations": [
        org(FAGERSTA, "fastlege", consumer=consumer("2023-05-01", "2030-01-01"), source=None),
        org(SRC_A, "avtalespesialist", consumer=None, source=source({"fastlege": BOTH})),
        org(BERGEN, "helseforetak", consumer=None, source=source({}, active_to="2031-01-01")),
        org(
            OUS,
            "helseforetak",
            consumer=consumer(),
            source=source(
                {
                    "fastlege": {"list": True, "read": False},
                    "innbygger": {"list": False, "read": True},
                    "legevakt": BOTH,
                    "sykehjem": {"list": False, "read": False},
                }
            ),
        ),
        org(OSLO_KOMMUNE, "sykehjem", consumer=consumer(log_anonymised=True), source=None),
    ],
    "gp_list": [
        gp(PATIENT, "9144897", "2020-01-01", "2024-06-01"),
        gp(PATIENT, "123456", "2024-06-01"),
        gp(PATIENT, "987654321", "2025-01-01", "2026-01-01"),
        gp(OTHER_PATIENT, "7777777", "2020-01-01"),
    ],
    "persons": [
        {"pid": PATIENT, "address_protection": "fortrolig", "deceased_on": None},
        {"pid": "12345678901", "address_protection": None, "deceased_on": "2026-10-01"},
    ],
}


def body(data: dict[str, Any] = SAMPLE) -> RegistryBody:
    return RegistryBody.model_validate(data)


def count(session: Session, model: type[Organisation | SourceGrant | GpListEntry]) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# --- store: replace and export -------------------------------------------------------------


def test_replace_then_export_round_trips(session: Session) -> None:
    replace_registry(session, body())
    exported = export_registry(session)
    assert exported == body()
    assert exported.model_dump(mode="json") == SAMPLE  # same JSON, `from`/`to` included
    assert (count(session, Organisation), count(session, SourceGrant)) == (5, 5)


def test_export_sorts_organisations_and_gp_list(session: Session) -> None:
    shuffled = mutate(lambda data: [data["organisations"].reverse(), data["gp_list"].reverse()])
    replace_registry(session, body(shuffled))
    assert export_registry(session).model_dump(mode="json") == SAMPLE


def test_empty_registry_exports_empty_body(session: Session) -> None:
    exported = export_registry(session).model_dump(mode="json")
    assert exported == {"organisations": [], "gp_list": [], "persons": []}


def test_replace_removes_what_is_no_longer_present(session: Session) -> None:
    replace_registry(session, body())
    second = {
        "organisations": [org(SRC_A, "legevakt", consumer=consumer(), source=None)],
        "gp_list": [gp(PATIENT, "555555", "2021-01-01")],
        "persons": [],
    }
    replace_registry(session, body(second))
    assert export_registry(session).model_dump(mode="json") == second
    assert (count(session, Organisation), count(session, SourceGrant)) == (1, 0)
    assert count(session, GpListEntry) == 1
    facts = registry_facts(session, OUS, [OUS, SRC_A], PATIENT, datetime(2024, 7, 1))
    assert facts.consumer is None
    assert facts.sources == {}
    assert facts.patient_gps == frozenset({"555555"})


def test_replace_is_atomic_when_an_insert_fails(db_engine: Engine, session: Session) -> None:
    replace_registry(session, body())
    first = OrganisationIn.model_validate(org(OUS, "helseforetak", consumer=consumer()))
    again = OrganisationIn.model_validate(org(OUS, "legevakt", source=source({"okd": BOTH})))
    # Bypasses validation, so the second organisation hits the primary key in the database.
    broken = RegistryBody.model_construct(organisations=[first, again], gp_list=[])
    with pytest.raises(IntegrityError):
        replace_registry(session, broken)
    assert export_registry(session) == body()  # the same session is usable and unchanged
    with Session(db_engine) as other:
        assert export_registry(other) == body()


def test_concurrent_replaces_do_not_mix(db_engine: Engine, session: Session) -> None:
    replace_registry(session, body())
    # The first body has rows in every table, so a second replace that started its deletes
    # before the first committed would miss them (a mixed registry, or a foreign key error).
    first = {
        "organisations": [org(OUS, "helseforetak", source=source({"legevakt": BOTH}))],
        "gp_list": [gp(PATIENT, "9144897", "2020-01-01")],
    }
    second_source = {"source": source({"okd": BOTH})}
    second = {
        "organisations": [org(BERGEN, "helseforetak", **second_source)],
        "gp_list": [gp(PATIENT, "123456", "2020-01-01")],
    }
    errors: list[BaseException] = []

    def replace_second() -> None:
        try:
            with Session(db_engine) as other:
                replace_registry(other, body(second))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=replace_second)

    def start_second_while_first_is_open(_: Session) -> None:
        worker.start()
        wait_until_blocked(db_engine, worker)

    event.listen(session, "before_commit", start_second_while_first_is_open, once=True)
    replace_registry(session, body(first))
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert errors == []
    with Session(db_engine) as fresh:
        assert export_registry(fresh).model_dump(mode="json") == {
            "organisations": [org(BERGEN, "helseforetak", consumer=None, **second_source)],
            "gp_list": second["gp_list"],
            "persons": [],
        }


def wait_until_blocked(engine: Engine, worker: threading.Thread) -> None:
    """Return once the worker waits for the first transaction (PostgreSQL: on a lock)."""
    if engine.dialect.name != "postgresql":
        time.sleep(0.5)  # SQLite: the worker waits in its busy handler; nothing to observe
        return
    query = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 10
    with engine.connect() as conn:
        while conn.execute(query).scalar_one() == 0:
            assert worker.is_alive(), "the second replace finished while the first was open"
            assert time.monotonic() < deadline, "the second replace never waited for the first"
            time.sleep(0.02)
            conn.rollback()


# --- validation: every error names its field -------------------------------------------------

Change = Callable[[dict[str, Any]], object]


def mutate(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(SAMPLE))  # no shared sub-dicts, unlike deepcopy
    change(data)
    return data


def _set(path: tuple[str | int, ...], value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(key: str) -> Change:
    return lambda data: data.pop(key)


def _add_grant(category: str) -> Change:
    return _set(("organisations", 3, "source", "grants", category), BOTH)


INVALID = {
    "orgnr_8_digits": (
        _set(("organisations", 0, "orgnr"), "10010067"),
        ("organisations", 0, "orgnr"),
    ),
    "orgnr_10_digits": (
        _set(("organisations", 0, "orgnr"), "1001006730"),
        ("organisations", 0, "orgnr"),
    ),
    "orgnr_letter": (
        _set(("organisations", 0, "orgnr"), "10010067A"),
        ("organisations", 0, "orgnr"),
    ),
    "orgnr_number": (_set(("organisations", 0, "orgnr"), 100100673), ("organisations", 0, "orgnr")),
    "orgnr_non_ascii_digits": (
        _set(("organisations", 0, "orgnr"), "١٠٠١٠٠٦٧٣"),
        ("organisations", 0, "orgnr"),
    ),
    "category": (
        _set(("organisations", 1, "category"), "sykehus"),
        ("organisations", 1, "category"),
    ),
    "category_innbygger": (
        _set(("organisations", 1, "category"), "innbygger"),
        ("organisations", 1, "category"),
    ),
    "grant_key": (
        _add_grant("apotek"),
        ("organisations", 3, "source", "grants", "apotek", "[key]"),
    ),
    "grant_switch": (
        _set(("organisations", 3, "source", "grants", "legevakt", "list"), "yes"),
        ("organisations", 3, "source", "grants", "legevakt", "list"),
    ),
    "grant_switch_missing": (
        _set(("organisations", 3, "source", "grants", "legevakt"), {"list": True}),
        ("organisations", 3, "source", "grants", "legevakt", "read"),
    ),
    "consumer_flag_string": (
        _set(("organisations", 0, "consumer", "pjd_terms"), "true"),
        ("organisations", 0, "consumer", "pjd_terms"),
    ),
    "consumer_log_anonymised_string": (
        _set(("organisations", 0, "consumer", "log_anonymised"), "true"),
        ("organisations", 0, "consumer", "log_anonymised"),
    ),
    "consumer_log_anonymised_null": (
        _set(("organisations", 0, "consumer", "log_anonymised"), None),
        ("organisations", 0, "consumer", "log_anonymised"),
    ),
    "consumer_to_before_from": (
        _set(("organisations", 0, "consumer", "active_to"), "2023-04-30"),
        ("organisations", 0, "consumer", "active_to"),
    ),
    "source_to_before_from": (
        _set(("organisations", 2, "source", "active_to"), "2023-12-31"),
        ("organisations", 2, "source", "active_to"),
    ),
    "source_from_timestamp": (
        _set(("organisations", 2, "source", "active_from"), 1704067200),
        ("organisations", 2, "source", "active_from"),
    ),
    "gp_to_before_from": (_set(("gp_list", 0, "to"), "2019-12-31"), ("gp_list", 0, "to")),
    "gp_from_datetime": (
        _set(("gp_list", 1, "from"), "2024-06-01T00:00:00"),
        ("gp_list", 1, "from"),
    ),
    "gp_from_missing": (
        lambda data: data["gp_list"][1].pop("from"),
        ("gp_list", 1, "from"),
    ),
    "patient_10_digits": (_set(("gp_list", 2, "patient"), "0507660032"), ("gp_list", 2, "patient")),
    "patient_12_digits": (
        _set(("gp_list", 2, "patient"), "050766003241"),
        ("gp_list", 2, "patient"),
    ),
    "patient_letters": (_set(("gp_list", 2, "patient"), "0507660032X"), ("gp_list", 2, "patient")),
    "gp_hpr_5_digits": (_set(("gp_list", 3, "gp_hpr"), "12345"), ("gp_list", 3, "gp_hpr")),
    "gp_hpr_10_digits": (_set(("gp_list", 3, "gp_hpr"), "1234567890"), ("gp_list", 3, "gp_hpr")),
    "duplicate_orgnr": (
        lambda data: data["organisations"].append(org(BERGEN, "okd", consumer=consumer())),
        ("organisations", 5, "orgnr"),
    ),
    "missing_gp_list": (_delete("gp_list"), ("gp_list",)),
    "missing_organisations": (_delete("organisations"), ("organisations",)),
}


@pytest.mark.parametrize("mode", ["python", "json"])
@pytest.mark.parametrize(("change", "loc"), INVALID.values(), ids=INVALID.keys())
def test_invalid_body_names_the_field(
    change: Change, loc: tuple[str | int, ...], mode: str
) -> None:
    data = mutate(change)
    with pytest.raises(ValidationError) as caught:
        if mode == "json":
            RegistryBody.model_validate_json(json.dumps(data))
        else:
            RegistryBody.model_validate(data)
    assert [error["loc"] for error in caught.value.errors()] == [loc]


def test_duplicate_orgnr_error_says_so() -> None:
    data = mutate(lambda d: d["organisations"].append(org(OUS, "okd")))
    with pytest.raises(ValidationError) as caught:
        RegistryBody.model_validate(data)
    [error] = caught.value.errors()
    assert (error["type"], error["loc"], error["input"]) == (
        "duplicate_orgnr",
        ("organisations", 5, "orgnr"),
        OUS,
    )


VALID = {
    "patient_failing_mod11": _set(("gp_list", 0, "patient"), PATIENT),
    "gp_hpr_6_digits": _set(("gp_list", 0, "gp_hpr"), "123456"),
    "gp_hpr_9_digits": _set(("gp_list", 0, "gp_hpr"), "123456789"),
    "gp_to_equals_from": _set(("gp_list", 0, "to"), "2020-01-01"),
    "consumer_to_equals_from": _set(("organisations", 0, "consumer", "active_to"), "2023-05-01"),
    "grant_innbygger": _add_grant("innbygger"),
    "no_consumer_no_source": _set(
        ("organisations", 0), {"orgnr": "123456789", "name": "x", "category": "okd"}
    ),
    "extra_fields_ignored": _set(("organisations", 0, "note"), "ignored"),
    "consumer_log_anonymised_true": _set(("organisations", 0, "consumer", "log_anonymised"), True),
    "empty_lists": lambda data: data.update(organisations=[], gp_list=[]),
}


@pytest.mark.parametrize("change", VALID.values(), ids=VALID.keys())
def test_valid_edge_cases_are_accepted(change: Change) -> None:
    data = mutate(change)
    assert RegistryBody.model_validate_json(json.dumps(data)) == RegistryBody.model_validate(data)


def test_every_consumer_category_is_accepted() -> None:
    data = {
        "organisations": [
            org(f"{900000000 + i}", category) for i, category in enumerate(CONSUMER_CATEGORIES)
        ],
        "gp_list": [],
    }
    assert [o.category for o in body(data).organisations] == list(CONSUMER_CATEGORIES)
    assert len(CONSUMER_CATEGORIES) == 7


def test_gp_entry_uses_from_and_to_in_json() -> None:
    entry = GpEntryIn.model_validate(gp(PATIENT, "9144897", "2020-01-01", "2021-01-01"))
    assert (entry.start, entry.end) == (date(2020, 1, 1), date(2021, 1, 1))
    assert json.loads(entry.model_dump_json()) == gp(PATIENT, "9144897", "2020-01-01", "2021-01-01")


def test_log_anonymised_defaults_to_false_and_is_exported_explicitly(session: Session) -> None:
    without = mutate(lambda data: data["organisations"][0]["consumer"].pop("log_anonymised"))
    replace_registry(session, body(without))
    assert export_registry(session).model_dump(mode="json") == SAMPLE  # filled in as false
    stored = {o.orgnr: o.log_anonymised for o in session.exec(select(Organisation)).all()}
    assert (stored[FAGERSTA], stored[OSLO_KOMMUNE]) == (False, True)
    assert stored[SRC_A] is None  # a source only: no consumer fields


def test_a_null_log_anonymised_column_exports_as_false(session: Session) -> None:
    replace_registry(session, body())
    session.exec(update(Organisation).values(log_anonymised=None))  # as after ADD COLUMN
    session.commit()
    exported = export_registry(session).organisations
    flags = {o.orgnr: o.consumer.log_anonymised for o in exported if o.consumer is not None}
    assert flags == {FAGERSTA: False, OUS: False, OSLO_KOMMUNE: False}


# --- registry_facts --------------------------------------------------------------------------


@pytest.fixture
def loaded(session: Session) -> Session:
    replace_registry(session, body())
    return session


def test_facts_have_consumer_sources_and_switched_on_grants(loaded: Session) -> None:
    facts = registry_facts(loaded, OUS, [OUS, SRC_A, BERGEN], PATIENT, datetime(2024, 7, 1))
    assert facts.consumer == Consumer(OUS, "helseforetak", True, True, Period(date(2024, 1, 1)))
    assert facts.sources == {
        OUS: Source(
            OUS,
            Period(date(2024, 1, 1)),
            frozenset({("fastlege", "list"), ("innbygger", "read"), *_both("legevakt")}),
        ),
        SRC_A: Source(SRC_A, Period(date(2024, 1, 1)), frozenset(_both("fastlege"))),
        BERGEN: Source(BERGEN, Period(date(2024, 1, 1), date(2031, 1, 1)), frozenset()),
    }


def _both(category: str) -> set[tuple[str, str]]:
    return {(category, "list"), (category, "read")}


def test_facts_return_periods_without_deciding_activity(loaded: Session) -> None:
    long_after = datetime(2040, 1, 1)  # after every end; the policies judge the periods
    facts = registry_facts(loaded, FAGERSTA, [BERGEN], PATIENT, long_after)
    assert facts.consumer is not None
    assert facts.consumer.active == Period(date(2023, 5, 1), date(2030, 1, 1))
    assert facts.sources[BERGEN].active == Period(date(2024, 1, 1), date(2031, 1, 1))


def test_facts_leave_out_unknown_and_wrong_role_organisations(loaded: Session) -> None:
    facts = registry_facts(
        loaded, SRC_A, [OSLO_KOMMUNE, "999999999", FAGERSTA], PATIENT, datetime.now()
    )
    assert facts.consumer is None  # SRC_A is a source only
    assert facts.sources == {}  # consumers only, or unknown
    assert registry_facts(loaded, "999999999", [], PATIENT, datetime.now()).consumer is None
    assert registry_facts(loaded, None, [], PATIENT, datetime.now()).consumer is None


def test_facts_accept_any_iterable_of_sources(loaded: Session) -> None:
    sources = (orgnr for orgnr in [SRC_A, SRC_A, OUS])
    facts = registry_facts(loaded, OSLO_KOMMUNE, sources, PATIENT, datetime.now())
    assert facts.consumer is not None and facts.consumer.category == "sykehjem"
    assert set(facts.sources) == {SRC_A, OUS}


@pytest.mark.parametrize(
    ("at", "gps"),
    [
        (datetime(2019, 12, 31, 23, 59), set()),
        (datetime(2020, 1, 1, 0, 0), {"9144897"}),  # at == start: active
        (datetime(2024, 5, 31, 23, 59, 59), {"9144897"}),
        (datetime(2024, 6, 1, 0, 0), {"123456"}),  # at == end: no longer active
        (datetime(2025, 1, 1, 12, 0, tzinfo=UTC), {"123456", "987654321"}),
        (datetime(2026, 1, 1), {"123456"}),
    ],
)
def test_facts_have_only_the_gps_active_at(loaded: Session, at: datetime, gps: set[str]) -> None:
    assert registry_facts(loaded, None, [], PATIENT, at).patient_gps == frozenset(gps)


def test_facts_gps_are_per_patient(loaded: Session) -> None:
    at = datetime(2024, 7, 1)
    assert registry_facts(loaded, None, [], OTHER_PATIENT, at).patient_gps == {"7777777"}
    assert registry_facts(loaded, None, [], "99999999999", at).patient_gps == frozenset()


@pytest.fixture
def statements(db_engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db_engine, "before_cursor_execute", record)


def test_the_version_and_its_snapshot_take_five_queries_whatever_the_size(
    loaded: Session, statements: list[str]
) -> None:
    many = {f"{910000000 + i}" for i in range(40)}
    data = mutate(
        lambda d: d["organisations"].extend(
            org(orgnr, "avtalespesialist", source=source({"fastlege": BOTH}))
            for orgnr in sorted(many)
        )
    )
    replace_registry(loaded, body(data))
    export_registry(loaded)  # the session holds its connection from here on
    statements.clear()
    facts = registry_facts(loaded, FAGERSTA, [*many, OUS], PATIENT, datetime(2024, 7, 1))
    assert len(facts.sources) == 41
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5, statements  # the version, grants, organisations, GP list, persons


# --- the version ------------------------------------------------------------------------------


def version(session: Session) -> tuple[int, str]:
    return read_version(session.connection())


def test_every_replace_bumps_the_version_in_its_transaction(session: Session) -> None:
    assert version(session) == (0, "")  # never replaced
    replace_registry(session, body())
    first = version(session)
    replace_registry(session, body())  # the same content is still a new version
    second = version(session)
    assert (first[0], second[0]) == (1, 2)
    assert len({first[1], second[1]}) == 2 and all(
        len(token) == 36 for token in (first[1], second[1])
    )


def test_a_failed_replace_keeps_the_version(session: Session) -> None:
    replace_registry(session, body())
    before = version(session)
    first = OrganisationIn.model_validate(org(OUS, "helseforetak", consumer=consumer()))
    broken = RegistryBody.model_construct(organisations=[first, first], gp_list=[])
    with pytest.raises(IntegrityError):
        replace_registry(session, broken)
    assert version(session) == before


# --- the demo registry -----------------------------------------------------------------------


def test_demo_registry_loads_and_covers_the_examples() -> None:
    demo = load_registry_file(DEMO)
    roles = {
        o.orgnr: (o.category, o.consumer is not None, o.source is not None)
        for o in demo.organisations
    }
    assert roles == {
        OUS: ("helseforetak", True, True),
        FAGERSTA: ("fastlege", True, False),
        OSLO_KOMMUNE: ("sykehjem", True, False),
        BETANIEN: ("helseforetak", True, False),
        BERGEN: ("helseforetak", False, True),
        NORDLANDSSYKEHUSET: ("helseforetak", False, True),
        SRC_A: ("avtalespesialist", False, True),
        AMK: ("legevakt", True, False),
    }
    every_category = {category: {"list": True, "read": True} for category in CONSUMER_CATEGORIES}
    for o in demo.organisations:
        assert o.consumer is None or (o.consumer.helsenett_member and o.consumer.pjd_terms)
        if o.source is not None:
            assert {k: g.model_dump() for k, g in o.source.grants.items()} == every_category
    assert [(e.patient, e.gp_hpr, e.start, e.end) for e in demo.gp_list] == [
        (PATIENT, "9144897", date(2020, 1, 1), None)
    ]


def test_demo_registry_round_trips_and_answers(session: Session) -> None:
    replace_registry(session, load_registry_file(DEMO))
    assert export_registry(session).model_dump(mode="json") == json.loads(DEMO.read_text())
    facts = registry_facts(session, FAGERSTA, [SRC_A], PATIENT, datetime(2025, 3, 1, 12))
    assert facts.consumer is not None and facts.consumer.category == "fastlege"
    assert _both("fastlege") <= facts.sources[SRC_A].grants
    assert facts.patient_gps == {"9144897"}


def test_load_registry_file_rejects_malformed_json(tmp_path: Path) -> None:
    broken = tmp_path / "registry.json"
    broken.write_text('{"organisations": [], "gp_list": [],}')
    with pytest.raises(ValidationError) as caught:
        load_registry_file(broken)
    assert caught.value.errors()[0]["type"] == "json_invalid"


def test_persons_reach_the_facts_of_the_patient_and_the_named_persons(session: Session) -> None:
    """R34: the snapshot holds the population register's entries; a request sees the patient's
    and those it names (the citizen who asks), never another person's."""
    replace_registry(session, body())
    conn = session.connection()
    snapshot = load_snapshot(conn, read_version(conn))
    facts = snapshot.facts(OUS, [SRC_A], PATIENT, date(2026, 11, 26), ["12345678901"])
    assert facts.persons == {
        PATIENT: Person(PATIENT, "fortrolig", None),
        "12345678901": Person("12345678901", None, date(2026, 10, 1)),
    }
    assert snapshot.facts(OUS, [SRC_A], "13098012345", date(2026, 11, 26)).persons == {}
