"""Group commit of the access log (R21, `api.access_log.group_commit`): the decisions that append
at the same moment share one transaction, each returns only once its own records are committed,
and the chain stays one gap-free sequence in arrival order — on SQLite and on PostgreSQL.

The first write is held at its start (the store's `write`, wrapped) until the others have
queued, so that what forms a group is decided by the test, not by the scheduler.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from api import deadline
from api.access_log import group_commit
from api.access_log.group_commit import GroupCommit
from api.access_log.store import LogEntry, LogWriteError, count, verify
from tests.api.test_access_log_store import NOW, entry
from tests.api.test_log_faults import _break_log, _repair_log

WAIT = 30.0  # at most, for a thread to queue or finish (never reached when all is well)


class HeldWrites:
    """The store's `write`, counted; the first call waits until `release`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.groups: list[int] = []  # decisions per write, in order
        self.started = threading.Event()
        self._release = threading.Event()
        real = group_commit.write

        def held(engine: Engine, groups: Sequence[Sequence[Any]]) -> list[list[int]]:
            self.groups.append(len(groups))
            if len(self.groups) == 1:
                self.started.set()
                assert self._release.wait(WAIT)
            return real(engine, groups)

        monkeypatch.setattr(group_commit, "write", held)

    def release(self) -> None:
        self._release.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> HeldWrites:
    return HeldWrites(monkeypatch)


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=16) as executor:
        yield executor


def _queued(log: GroupCommit, waiting: int) -> None:
    """Wait until `waiting` decisions queue behind the write that runs."""
    until = time.monotonic() + WAIT
    while len(log._queue) < waiting:
        assert time.monotonic() < until, f"{len(log._queue)} of {waiting} queued"
        time.sleep(0.005)


def _append(log: GroupCommit, entries: list[LogEntry]) -> Callable[[], list[int]]:
    return lambda: log.append(entries, NOW)


def _leader_and_followers(
    log: GroupCommit, held: HeldWrites, pool: ThreadPoolExecutor, batches: list[list[LogEntry]]
) -> tuple[Future[list[int]], list[Future[list[int]]]]:
    """One append leads (held at its write); `batches` queue behind it, one at a time, in order."""
    leader = pool.submit(_append(log, [entry(0)]))
    assert held.started.wait(WAIT)
    followers = []
    for number, entries in enumerate(batches, start=1):
        followers.append(pool.submit(_append(log, entries)))
        _queued(log, number)  # in this order
    return leader, followers


def test_appends_of_the_same_moment_share_one_transaction_in_arrival_order(
    db_engine: Engine, held: HeldWrites, pool: ThreadPoolExecutor
) -> None:
    log = GroupCommit(db_engine)
    batches = [[entry(n)] if n % 2 else [entry(n), entry(n)] for n in range(1, 9)]
    leader, followers = _leader_and_followers(log, held, pool, batches)
    assert not leader.done() and not any(f.done() for f in followers)  # none before its commit
    held.release()
    assert leader.result(WAIT) == [1]
    seqs = [f.result(WAIT) for f in followers]
    assert held.groups == [1, 8]  # the leader alone, then the eight that came meanwhile: one write
    assert seqs == [[2], [3, 4], [5], [6, 7], [8], [9, 10], [11], [12, 13]]
    assert _records(db_engine) == 13


def _records(engine: Engine) -> int:
    """The number of records; the chain must be intact."""
    result = verify(engine)
    assert result.ok, result
    with Session(engine) as session:
        return count(session)


def test_a_failed_write_fails_every_decision_it_carried_and_the_next_one_works(
    db_engine: Engine, held: HeldWrites, pool: ThreadPoolExecutor
) -> None:
    log = GroupCommit(db_engine)
    leader, followers = _leader_and_followers(log, held, pool, [[entry(n)] for n in range(1, 4)])
    _break_log(db_engine)  # the database itself refuses every insert into the log
    try:
        held.release()
        for future in [leader, *followers]:
            with pytest.raises(LogWriteError):
                future.result(WAIT)
        assert _records(db_engine) == 0
    finally:
        _repair_log(db_engine)
    assert log.append([entry(9)], NOW) == [1]  # the lead was handed back: no write is stuck
    assert _records(db_engine) == 1


def test_an_entry_that_cannot_be_stored_fails_alone_before_it_joins_a_write(
    db_engine: Engine, held: HeldWrites, pool: ThreadPoolExecutor
) -> None:
    log = GroupCommit(db_engine)
    leader, [follower] = _leader_and_followers(log, held, pool, [[entry(1)]])
    with pytest.raises(LogWriteError, match="NUL"):
        log.append([entry(2, requester_name="Lege\x00Legesen")], NOW)
    held.release()
    assert (leader.result(WAIT), follower.result(WAIT)) == ([1], [2])
    assert _records(db_engine) == 2


def _within(seconds: float, log: GroupCommit, entries: list[LogEntry]) -> list[int]:
    with deadline.within(seconds):
        return log.append(entries, NOW)


def test_a_decision_whose_deadline_passed_while_it_waited_fails_alone(
    db_engine: Engine, held: HeldWrites, pool: ThreadPoolExecutor
) -> None:
    log = GroupCommit(db_engine)
    leader, [patient] = _leader_and_followers(log, held, pool, [[entry(1)]])
    hasty = pool.submit(_within, 0.05, log, [entry(2)])
    _queued(log, 2)
    time.sleep(0.1)  # its deadline passes while the write before it runs
    held.release()
    with pytest.raises(LogWriteError, match="deadline"):
        hasty.result(WAIT)
    assert (leader.result(WAIT), patient.result(WAIT)) == ([1], [2])
    assert _records(db_engine) == 2


def test_a_full_write_leaves_the_rest_to_the_next_in_line(
    db_engine: Engine, held: HeldWrites, pool: ThreadPoolExecutor
) -> None:
    log = GroupCommit(db_engine, max_rows=2)
    leader, followers = _leader_and_followers(log, held, pool, [[entry(n)] for n in range(1, 6)])
    held.release()
    assert [f.result(WAIT) for f in [leader, *followers]] == [[n] for n in range(1, 7)]
    assert held.groups == [1, 2, 2, 1]
    assert _records(db_engine) == 6


def test_many_threads_appending_at_once_leave_one_intact_chain(db_engine: Engine) -> None:
    log = GroupCommit(db_engine)
    appends = [[entry(n)] * (1 + n % 2) for n in range(200)]
    with ThreadPoolExecutor(max_workers=16) as pool:
        seqs = list(pool.map(lambda entries: log.append(entries, NOW), appends))
    assert sorted(s for numbers in seqs for s in numbers) == list(range(1, 301))
    assert all(numbers == list(range(numbers[0], numbers[0] + len(numbers))) for numbers in seqs)
    assert _records(db_engine) == 300
