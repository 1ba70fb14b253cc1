"""The registry snapshot a decision reads (DESIGN principle 11): the GP list index, the cache of
snapshots per version, and `read_facts`, the one read transaction of a decision.

Loaders here are plain functions the tests control (a blocked load is a real thread waiting on
an event), and the database tests run on SQLite and on PostgreSQL (`db_engine`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from api import deadline
from api.db import read_transaction
from api.errors import DatabaseUnavailable
from api.registry.cache import RegistryCache
from api.registry.gp_index import GpIndex
from api.registry.snapshot import RegistrySnapshot, read_version
from api.registry.store import RegistryBody, replace_registry
from api.restrictions.store import RestrictionIn, register
from tests.api.pjd_requests import read_facts
from tests.builders import AT
from tests.people import OTHER_PATIENT, OUS, PATIENT, SRC_A

BOTH = {"list": True, "read": True}


# --- the GP list index ------------------------------------------------------------------------


def test_the_gp_index_finds_a_patients_gps_on_a_day_half_open() -> None:
    index = GpIndex(
        [
            (OTHER_PATIENT, "7777777", date(2020, 1, 1), None),
            (PATIENT, "9144897", date(2020, 1, 1), date(2024, 6, 1)),
            (PATIENT, "123456", date(2024, 6, 1), None),
            ("05076600325", "555555", date(2020, 1, 1), None),
        ]
    )
    assert len(index) == 4
    assert index.gps(PATIENT, date(2019, 12, 31)) == frozenset()
    assert index.gps(PATIENT, date(2020, 1, 1)) == {"9144897"}  # from: inclusive
    assert index.gps(PATIENT, date(2024, 6, 1)) == {"123456"}  # to: exclusive
    assert index.gps(OTHER_PATIENT, date(2030, 1, 1)) == {"7777777"}
    assert index.gps("99999999999", date(2030, 1, 1)) == frozenset()


def test_the_gp_index_keeps_leading_zeros_and_refuses_odd_patients() -> None:
    index = GpIndex([(PATIENT, "012345", date(2020, 1, 1), None)])
    assert index.gps(PATIENT, date(2021, 1, 1)) == {"012345"}
    for odd in ("5076600324", "005076600324", "0507660032x", "٠5076600324"):
        assert index.gps(odd, date(2021, 1, 1)) == frozenset(), odd


def test_the_gp_index_sorts_rows_that_come_unsorted() -> None:
    rows = [(f"{n:011d}", f"{100000 + n}", date(2020, 1, 1), None) for n in (9, 3, 7, 1, 3)]
    index = GpIndex(rows)
    assert index.gps(f"{3:011d}", date(2021, 1, 1)) == {"100003"}
    assert index.gps(f"{9:011d}", date(2021, 1, 1)) == {"100009"}


# --- the cache of snapshots -------------------------------------------------------------------


def snapshot(number: int) -> RegistrySnapshot:
    return RegistrySnapshot((number, f"token-{number}"))


def test_a_cached_version_is_not_loaded_again() -> None:
    cache, loads = RegistryCache(), []
    first = cache.snapshot((1, "a"), lambda: loads.append(1) or snapshot(1))
    again = cache.snapshot((1, "a"), lambda: loads.append(2) or snapshot(1))
    assert again is first and loads == [1]
    other = cache.snapshot((1, "b"), lambda: loads.append(3) or snapshot(1))
    assert other is not first and loads == [1, 3]  # same number, another token: another version


def test_the_two_most_recently_used_versions_are_kept() -> None:
    cache, loads = RegistryCache(), []

    def get(number: int) -> RegistrySnapshot:
        return cache.snapshot((number, "t"), lambda: loads.append(number) or snapshot(number))

    get(1), get(2), get(1), get(3)  # 2 is the least recently used now
    get(1), get(3)
    assert loads == [1, 2, 3]
    get(2)
    assert loads == [1, 2, 3, 2]


def test_decisions_that_see_a_version_being_loaded_wait_for_that_load() -> None:
    cache, started, release, loads = RegistryCache(), threading.Event(), threading.Event(), []

    def slow() -> RegistrySnapshot:
        loads.append("slow")
        started.set()
        assert release.wait(30)
        return snapshot(5)

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(cache.snapshot, (5, "t"), slow)
        assert started.wait(30)
        waiting = [pool.submit(cache.snapshot, (5, "t"), lambda: snapshot(99)) for _ in range(3)]
        time.sleep(0.2)
        assert not any(future.done() for future in waiting)  # nobody answers from another version
        release.set()
        assert {id(f.result(30)) for f in [first, *waiting]} == {id(first.result())}
    assert loads == ["slow"]


def test_a_wait_for_a_load_ends_at_the_deadline() -> None:
    cache, started, release = RegistryCache(), threading.Event(), threading.Event()

    def stuck() -> RegistrySnapshot:
        started.set()
        release.wait(30)
        return snapshot(6)

    with ThreadPoolExecutor(1) as pool:
        loading = pool.submit(cache.snapshot, (6, "t"), stuck)
        assert started.wait(30)
        begun = time.monotonic()
        with deadline.within(0.3), pytest.raises(DatabaseUnavailable, match="still loading"):
            cache.snapshot((6, "t"), lambda: snapshot(6))
        assert time.monotonic() - begun < 5  # bounded: it did not wait for the load
        release.set()
        loading.result(30)


def test_a_failed_load_fails_its_waiters_and_the_next_decision_loads_again() -> None:
    cache, started, release = RegistryCache(), threading.Event(), threading.Event()

    def failing() -> RegistrySnapshot:
        started.set()
        release.wait(30)
        raise OSError("the database went away")

    with ThreadPoolExecutor(2) as pool:
        loading = pool.submit(cache.snapshot, (7, "t"), failing)
        assert started.wait(30)
        waiter = pool.submit(cache.snapshot, (7, "t"), lambda: snapshot(99))
        time.sleep(0.1)
        release.set()
        with pytest.raises(OSError):
            loading.result(30)
        with pytest.raises(DatabaseUnavailable, match="did not load"):
            waiter.result(30)
    assert cache.snapshot((7, "t"), lambda: snapshot(7)).version == (7, "token-7")


# --- read_facts: one read transaction per decision --------------------------------------------


def registry(grants: dict[str, Any], gp: str) -> RegistryBody:
    consumer = {"helsenett_member": True, "pjd_terms": True, "active_from": "2024-01-01"}
    source = {"active_from": "2024-01-01", "grants": grants}
    return RegistryBody.model_validate(
        {
            "organisations": [
                {"orgnr": OUS, "name": "OUS", "category": "helseforetak", "consumer": consumer},
                {"orgnr": SRC_A, "name": "A", "category": "avtalespesialist", "source": source},
            ],
            "gp_list": [{"patient": PATIENT, "gp_hpr": gp, "from": "2020-01-01"}],
        }
    )


@pytest.fixture
def selects(db_engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(*args: Any) -> None:
        if str(args[2]).lstrip().upper().startswith("SELECT"):
            seen.append(args[2])

    event.listen(db_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db_engine, "before_cursor_execute", record)


def test_a_decision_on_a_cached_version_reads_the_version_and_the_restrictions(
    db_engine: Engine, session: Session, selects: list[str]
) -> None:
    replace_registry(session, registry({"helseforetak": BOTH}, "9144897"))
    cache = RegistryCache()
    first = read_facts(db_engine, cache, OUS, [SRC_A], PATIENT, AT)  # loads the snapshot
    assert first.consumer is not None and set(first.sources) == {SRC_A}
    assert first.patient_gps == {"9144897"}
    selects.clear()
    again = read_facts(db_engine, cache, OUS, [SRC_A], PATIENT, AT)
    assert again == first
    assert len(selects) == 2, selects  # the version and the patient's restrictions


def test_a_replace_binds_the_next_decision_and_a_restriction_too(
    db_engine: Engine, session: Session
) -> None:
    cache = RegistryCache()
    replace_registry(session, registry({"helseforetak": BOTH}, "9144897"))
    before = read_facts(db_engine, cache, OUS, [SRC_A], PATIENT, AT)
    replace_registry(session, registry({"fastlege": BOTH}, "123456"))
    body = RestrictionIn.model_validate({"kind": "pjd_sperre", "registered_by": "helsenorge"})
    register(session, PATIENT, body, AT)
    after = read_facts(db_engine, cache, OUS, [SRC_A], PATIENT, AT)
    assert before.sources[SRC_A].grants == frozenset(_both("helseforetak"))
    assert after.sources[SRC_A].grants == frozenset(_both("fastlege"))  # never the cached one
    assert (before.patient_gps, after.patient_gps) == ({"9144897"}, {"123456"})
    assert [r.kind for r in after.restrictions] == ["pjd_sperre"]


def _both(category: str) -> set[tuple[str, str]]:
    return {(category, "list"), (category, "read")}


def test_a_decision_past_its_deadline_reads_nothing(db_engine: Engine) -> None:
    with deadline.within(0), pytest.raises(DatabaseUnavailable, match="deadline passed"):
        read_facts(db_engine, RegistryCache(), OUS, [SRC_A], PATIENT, AT)


def test_the_background_refresh_loads_the_current_version(
    db_engine: Engine, session: Session
) -> None:
    cache = RegistryCache()
    replace_registry(session, registry({"helseforetak": BOTH}, "9144897"))
    cache.refresh(db_engine, check_seconds=5, load_seconds=30)
    with read_transaction(db_engine) as conn:
        version = read_version(conn)
    loads: list[int] = []

    def must_not_load() -> RegistrySnapshot:
        loads.append(1)
        return snapshot(0)

    found = cache.snapshot(version, must_not_load)  # what a decision of this version gets
    assert found.version == version and loads == []
    assert found.facts(OUS, [SRC_A], PATIENT, AT.date()).patient_gps == {"9144897"}
