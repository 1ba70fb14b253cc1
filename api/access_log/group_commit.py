"""Group commit of the access log (R21): the decisions a process answers at the same moment
share one transaction of the log.

A decision hands its records to `GroupCommit.append` and waits until they are committed. The
first to arrive while no write runs leads: it writes every record waiting then — its own and
those that came meanwhile — in one transaction (`store.write`: one lock of the chain's head, one
insert, one commit). Records arriving during that write wait for the next one, which the first
of them leads. So each decision still answers only after its own records are committed, a
failed write fails every decision it carried (each answers `logg_ikke_skrevet`), and the chain
stays one sequence, numbered in the order the decisions arrived; under load, many decisions cost
the database one round of locking and committing instead of one each.

Bounded time: a write runs within the earliest deadline of the decisions it carries
(`api.deadline`), so no record is committed after its decision's deadline; a decision whose
deadline passed while it waited fails alone, and one whose entries cannot be stored (too long,
NUL characters) fails before it joins a write. A decision waits for at most the write before its
own and its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from api import deadline
from api.access_log.store import LogEntry, LogWriteError, prepared, write

MAX_ROWS = 1000  # records per transaction at most: a write stays short, the head's lock too


@dataclass(eq=False)
class _Waiting:
    """One decision's records, waiting to be written: its rows, its deadline, the outcome."""

    rows: list[dict[str, Any]]
    due: float | None
    ready: threading.Event = field(default_factory=threading.Event)
    seqs: list[int] | None = None
    error: LogWriteError | None = None

    @property
    def settled(self) -> bool:
        return self.seqs is not None or self.error is not None


class GroupCommit:
    """The access log of one database, written in groups by the decisions of this process."""

    def __init__(self, engine: Engine, max_rows: int = MAX_ROWS) -> None:
        self._engine, self._max_rows = engine, max_rows
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []  # in arrival order; a leader is always its first
        self._writing = False

    def append(self, entries: Sequence[LogEntry], now: datetime) -> list[int]:
        """Append `entries`, recorded at `now`, and return their seqs once committed (as
        `store.append`, with the decisions that append at the same moment)."""
        if not entries:
            return []
        mine = _Waiting(prepared(entries, now), deadline.current())
        with self._lock:
            self._queue.append(mine)
            leads, self._writing = not self._writing, True
        if not leads:
            mine.ready.wait()  # written (or failed) by a leader, or handed the lead
        if not mine.settled:
            self._lead()
        if mine.error is not None:
            raise mine.error
        assert mine.seqs is not None
        return mine.seqs

    def _lead(self) -> None:
        """Write the records waiting now, settle each, hand the lead to the next in line."""
        batch = self._take()
        try:
            if batch:
                self._write(batch)
        finally:
            for waiting in batch:
                if not waiting.settled:  # an exception beyond LogWriteError (e.g. interrupt)
                    waiting.error = LogWriteError("access log not written (interrupted)")
            self._hand_over()
            for waiting in batch:
                waiting.ready.set()

    def _take(self) -> list[_Waiting]:
        """The next write's records from the head of the queue (at most `max_rows`, at least
        one decision's); a decision whose deadline has passed fails here, alone."""
        now, rows = time.monotonic(), 0
        batch: list[_Waiting] = []
        with self._lock:
            while self._queue:
                waiting = self._queue[0]
                if batch and rows + len(waiting.rows) > self._max_rows:
                    break
                self._queue.pop(0)
                if waiting.due is not None and waiting.due <= now:
                    waiting.error = LogWriteError("access log not written: the deadline passed")
                    waiting.ready.set()
                    continue
                batch.append(waiting)
                rows += len(waiting.rows)
        return batch

    def _write(self, batch: list[_Waiting]) -> None:
        dues = [w.due for w in batch if w.due is not None]
        with ExitStack() as scope:
            if dues:  # within the earliest deadline of the batch (and the leader's own)
                scope.enter_context(deadline.within(max(0.0, min(dues) - time.monotonic())))
            try:
                seqs = write(self._engine, [w.rows for w in batch])
            except LogWriteError as exc:
                for waiting in batch:
                    waiting.error = exc
                return
        for waiting, numbers in zip(batch, seqs, strict=True):
            waiting.seqs = numbers

    def _hand_over(self) -> None:
        """The first decision still waiting leads the next write; none: no write runs."""
        with self._lock:
            if self._queue:
                self._queue[0].ready.set()
            else:
                self._writing = False
